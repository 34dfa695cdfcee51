// The transparent pillar's rules, in catalog order. Every rule file of this folder is listed here.
import type { RuleDefinition } from '../../src/engine/define-rule.ts';
import statusTracking from './status-tracking.ts';
import satisfactionResults from './satisfaction-results.ts';
import orgChart from './org-chart.ts';

export const RULES: readonly RuleDefinition[] = [
  statusTracking,
  satisfactionResults,
  orgChart,
];
