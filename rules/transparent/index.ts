// The transparent pillar's rules, in catalog order. Every rule file of this folder is listed here.
import type { RuleDefinition } from '../../src/engine/define-rule.ts';
import serviceProcess from './service-process.ts';
import serviceDuration from './service-duration.ts';
import statusTracking from './status-tracking.ts';
import satisfactionResults from './satisfaction-results.ts';
import orgChart from './org-chart.ts';
import accountableManagers from './accountable-managers.ts';
import dutiesAndLaws from './duties-and-laws.ts';
import accessToInformation from './access-to-information.ts';
import financialReports from './financial-reports.ts';
import privacyPolicy from './privacy-policy.ts';
import contentFreshness from './content-freshness.ts';

export const RULES: readonly RuleDefinition[] = [
  serviceProcess,
  serviceDuration,
  statusTracking,
  satisfactionResults,
  orgChart,
  accountableManagers,
  dutiesAndLaws,
  accessToInformation,
  financialReports,
  privacyPolicy,
  contentFreshness,
];
