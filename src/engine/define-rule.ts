// The contract between the engine and an indicator rule. A rule is a pure
// function of the site's artifacts; it cites selectors, it never drives a browser.
import type { CheerioAPI } from 'cheerio';
import type { PageArtifact, SiteArtifacts } from '../../crawlers/artifacts.ts';
import type { NationalSystems } from '../registry/national-systems-types.ts';

export type Outcome = 'pass' | 'partial' | 'fail' | 'needs-review' | 'not-applicable' | 'error';

export type PillarId = 'user-centric' | 'transparent' | 'integrated' | 'participatory' | 'technical';

export interface Localized {
  fa: string;
  en: string;
}

/** What a rule points at; the capture step turns it into screenshots. */
export interface Citation {
  pageUrl: string;
  /** CSS selector of the matched element, or null for page-level facts (headers). */
  selector: string | null;
  snippet: string;
  /** Evidence the crawl already holds for this page: the Lighthouse report, or the phone-width screenshot. */
  attachment?: 'lighthouse' | 'lighthouse-performance' | 'mobile';
}

export interface RuleResult {
  outcome: Outcome;
  /** In [0,1], or null when not assessed (needs-review, not-applicable, error). */
  score: number | null;
  evidence: Citation[];
  messageKey?: string;
  /** Message parameters and facts worth keeping (counts, dates, hosts). */
  data?: Record<string, unknown>;
}

/**
 * What a rule reads. `lighthouse`: Lighthouse's results, which arrive after the
 * crawl; the run judges the other rules (and takes their evidence) while it
 * measures. A rule that needs it says itself when it is missing (switched off).
 */
export type ArtifactNeed = 'home' | 'pages' | 'lighthouse';

export interface RuleConfig {
  /** Hosts of the national services window (my.gov.ir). */
  nationalWindowHosts: string[];
  /** Hosts of the national single sign-on (sso.my.gov.ir). */
  ssoHosts: string[];
  /** Hosts of the national open-data portal (data.gov.ir). */
  openDataHosts: string[];
  /** The national systems (services window, SSO, complaint lines, FOI, open data): hosts, former hosts, names, hotlines. */
  nationalSystems: NationalSystems;
  /** At most this many service pages are sampled per agency for per-service indicators. */
  maxServicesPerAgency: number;
}

export interface RuleContext {
  /** The audit date (YYYY-MM-DD) that freshness is measured from. */
  asOf: string;
  config: RuleConfig;
  /** Parsed DOM of a page, cached per page by the engine. */
  dom(page: PageArtifact): CheerioAPI;
}

export interface RuleDefinition {
  id: string;
  pillar: PillarId;
  title: Localized;
  /** Keyed messages a result may refer to by messageKey; values may hold {placeholders}. */
  messages: Record<string, Localized>;
  needs: ArtifactNeed[];
  /** Site-level rules judge the whole portal. */
  evaluate?(site: SiteArtifacts, ctx: RuleContext): RuleResult;
  /**
   * Per-service rules judge one sampled service page (site.services); the
   * engine scores the indicator as the mean over the sample.
   */
  evaluateService?(service: PageArtifact, site: SiteArtifacts, ctx: RuleContext): RuleResult;
}

export function defineRule(def: RuleDefinition): RuleDefinition {
  return def;
}

// Small constructors keep rules free of score bookkeeping.
export const result = {
  pass: (evidence: Citation[], messageKey?: string, data?: Record<string, unknown>): RuleResult =>
    ({ outcome: 'pass', score: 1, evidence, messageKey, data }),
  partial: (score: number, evidence: Citation[], messageKey?: string, data?: Record<string, unknown>): RuleResult =>
    ({ outcome: 'partial', score, evidence, messageKey, data }),
  fail: (messageKey?: string, data?: Record<string, unknown>, evidence: Citation[] = []): RuleResult =>
    ({ outcome: 'fail', score: 0, evidence, messageKey, data }),
  needsReview: (evidence: Citation[], messageKey?: string, data?: Record<string, unknown>): RuleResult =>
    ({ outcome: 'needs-review', score: null, evidence, messageKey, data }),
  notApplicable: (messageKey?: string, data?: Record<string, unknown>): RuleResult =>
    ({ outcome: 'not-applicable', score: null, evidence: [], messageKey, data }),
};
