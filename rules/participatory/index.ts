// The participatory pillar's rules, in catalog order. Every rule file of this folder is listed here.
import type { RuleDefinition } from '../../src/engine/define-rule.ts';
import complaintsChannel from './complaints-channel.ts';

export const RULES: readonly RuleDefinition[] = [
  complaintsChannel,
];
