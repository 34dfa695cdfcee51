// The integrated pillar's rules, in catalog order. Every rule file of this folder is listed here.
import type { RuleDefinition } from '../../src/engine/define-rule.ts';
import nationalWindow from './national-window.ts';

export const RULES: readonly RuleDefinition[] = [
  nationalWindow,
];
