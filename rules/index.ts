// The rules this build implements, pillar by pillar. Ids must match
// rules/catalog.ts; an indicator of the model without a rule is not assessed.
import type { RuleDefinition } from '../src/engine/define-rule.ts';
import { RULES as userCentric } from './user-centric/index.ts';
import { RULES as transparent } from './transparent/index.ts';
import { RULES as integrated } from './integrated/index.ts';
import { RULES as participatory } from './participatory/index.ts';
import { RULES as technical } from './technical/index.ts';

export const RULES: readonly RuleDefinition[] = [...userCentric, ...transparent, ...integrated, ...participatory, ...technical];
