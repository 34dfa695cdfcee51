// The user-centric pillar's rules, in catalog order. Every rule file of this folder is listed here.
import type { RuleDefinition } from '../../src/engine/define-rule.ts';
import serviceCatalog from './service-catalog.ts';
import serviceCard from './service-card.ts';
import onlineService from './online-service.ts';
import helpFaq from './help-faq.ts';
import contactDetails from './contact-details.ts';
import siteSearch from './site-search.ts';
import mobileFriendly from './mobile-friendly.ts';
import accessibility from './accessibility.ts';
import performance from './performance.ts';

export const RULES: readonly RuleDefinition[] = [
  serviceCatalog,
  serviceCard,
  onlineService,
  helpFaq,
  contactDetails,
  siteSearch,
  mobileFriendly,
  accessibility,
  performance,
];
