// The rules this build implements. Ids must match rules/catalog.ts; indicators
// of the model without a rule here are reported as not assessed.
import type { RuleDefinition } from '../src/engine/define-rule.ts';
import serviceCatalog from './user-centric/service-catalog.ts';
import statusTracking from './transparent/status-tracking.ts';
import satisfactionResults from './transparent/satisfaction-results.ts';
import orgChart from './transparent/org-chart.ts';
import nationalWindow from './integrated/national-window.ts';
import complaintsChannel from './participatory/complaints-channel.ts';
import securityHeaders from './technical/security-headers.ts';

export const RULES: readonly RuleDefinition[] = [
  serviceCatalog,
  statusTracking,
  satisfactionResults,
  orgChart,
  nationalWindow,
  complaintsChannel,
  securityHeaders,
];
