// The technical pillar's rules, in catalog order. Every rule file of this folder is listed here.
import type { RuleDefinition } from '../../src/engine/define-rule.ts';
import https from './https.ts';
import hsts from './hsts.ts';
import securityHeaders from './security-headers.ts';
import mixedContent from './mixed-content.ts';
import linkHealth from './link-health.ts';

export const RULES: readonly RuleDefinition[] = [
  https,
  hsts,
  securityHeaders,
  mixedContent,
  linkHealth,
];
