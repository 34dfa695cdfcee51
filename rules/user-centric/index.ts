// The user-centric pillar's rules, in catalog order. Every rule file of this folder is listed here.
import type { RuleDefinition } from '../../src/engine/define-rule.ts';
import serviceCatalog from './service-catalog.ts';

export const RULES: readonly RuleDefinition[] = [
  serviceCatalog,
];
