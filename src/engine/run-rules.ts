// Runs every rule over one site's artifacts. A rule that throws, or whose
// artifacts are missing, yields an `error` finding; the others still run.
import type { CheerioAPI } from 'cheerio';
import type { PageArtifact, SiteArtifacts } from '../../crawlers/artifacts.ts';
import { loadDom } from '../../crawlers/dom.ts';
import { loadNationalSystems, systemHosts, type NationalSystems } from '../registry/national-systems.ts';
import type { ArtifactNeed, RuleConfig, RuleContext, RuleDefinition, RuleResult } from './define-rule.ts';

/** One sampled service page's own result, for a per-service indicator. */
export interface ServiceResult extends RuleResult {
  url: string;
}

export interface Finding extends RuleResult {
  ruleId: string;
  pillar: RuleDefinition['pillar'];
  /** Per-service indicators: every sampled service with its own score and evidence. */
  services?: ServiceResult[];
}

/** The rule configuration for a national-systems list: the host lists rules read are derived from it. */
export function ruleConfigFor(nationalSystems: NationalSystems, maxServicesPerAgency = 20): RuleConfig {
  return {
    nationalWindowHosts: systemHosts(nationalSystems, 'national-window'),
    ssoHosts: systemHosts(nationalSystems, 'sso'),
    openDataHosts: systemHosts(nationalSystems, 'open-data'),
    nationalSystems,
    maxServicesPerAgency,
  };
}

/** The default configuration, with the bundled data/national-systems.json. */
export const DEFAULT_RULE_CONFIG: RuleConfig = ruleConfigFor(loadNationalSystems());

export function createRuleContext(asOf: string, config: RuleConfig = DEFAULT_RULE_CONFIG): RuleContext {
  const doms = new WeakMap<PageArtifact, CheerioAPI>();
  return {
    asOf,
    config,
    dom(page) {
      let $ = doms.get(page);
      if (!$) doms.set(page, ($ = loadDom(page.html)));
      return $;
    },
  };
}

function missingNeed(site: SiteArtifacts, needs: ArtifactNeed[]): ArtifactNeed | null {
  for (const need of needs) {
    if (need === 'home' && !site.home) return need;
    if (need === 'pages' && site.pages.length === 0) return need;
  }
  return null;
}

function errorFinding(rule: RuleDefinition, messageKey: string, detail: string): Finding {
  return { ruleId: rule.id, pillar: rule.pillar, outcome: 'error', score: null, evidence: [], messageKey, data: { detail } };
}

/** Checks a result against the contract, so a buggy rule cannot store nonsense. */
function validate(res: RuleResult): string | null {
  if (res.score !== null && !(res.score >= 0 && res.score <= 1)) return `score ${res.score} is outside [0,1]`;
  if ((res.outcome === 'pass' || res.outcome === 'partial') && res.evidence.length === 0) return `${res.outcome} without evidence`;
  // A continuous measure (a Lighthouse score) passes from 0.9, Lighthouse's own "good".
  if (res.outcome === 'pass' && (res.score === null || res.score < 0.9)) return 'pass with a score below 0.9';
  return null;
}

/** Run one evaluation, turning a throw or a malformed result into an error result. */
function guarded(evaluate: () => RuleResult): RuleResult & { problem?: string } {
  try {
    const res = evaluate();
    const problem = validate(res);
    return problem ? { outcome: 'error', score: null, evidence: [], messageKey: 'invalid-result', data: { detail: problem }, problem } : res;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { outcome: 'error', score: null, evidence: [], messageKey: 'rule-threw', data: { detail }, problem: detail };
  }
}

const MAX_AGGREGATE_CITATIONS = 3;

/** The indicator over the sample: the mean of the services' scores (a share, for pass/fail judgements). */
function aggregateServices(rule: RuleDefinition, services: ServiceResult[]): Finding {
  const base = { ruleId: rule.id, pillar: rule.pillar, services };
  const scored = services.filter((s) => s.score !== null);
  const data = { sampled: services.length, assessed: scored.length, passed: services.filter((s) => s.outcome === 'pass').length };
  if (scored.length === 0) return { ...base, outcome: 'needs-review', score: null, evidence: [], messageKey: services.length ? 'services-not-assessed' : 'no-services', data };
  const score = Math.round((scored.reduce((a, s) => a + s.score!, 0) / scored.length) * 1000) / 1000;
  const evidence = scored.filter((s) => s.score! > 0 && s.evidence.length).slice(0, MAX_AGGREGATE_CITATIONS).map((s) => s.evidence[0]);
  const cited = evidence.length ? evidence : scored.flatMap((s) => s.evidence.slice(0, 1)).slice(0, MAX_AGGREGATE_CITATIONS);
  const outcome = score === 1 ? 'pass' : score === 0 ? 'fail' : 'partial';
  return { ...base, outcome, score, evidence: cited, messageKey: 'service-share', data };
}

export function runRule(rule: RuleDefinition, site: SiteArtifacts, ctx: RuleContext): Finding {
  const missing = missingNeed(site, rule.needs);
  if (missing) return errorFinding(rule, 'missing-artifact', missing);
  if (rule.evaluateService) {
    const services = (site.services ?? []).map((page) => ({ url: page.finalUrl, ...guarded(() => rule.evaluateService!(page, site, ctx)) }));
    return aggregateServices(rule, services.map(({ problem: _problem, ...s }) => s));
  }
  if (!rule.evaluate) return errorFinding(rule, 'invalid-rule', 'the rule has neither evaluate nor evaluateService');
  const res = guarded(() => rule.evaluate!(site, ctx));
  if (res.problem) return errorFinding(rule, res.messageKey!, res.problem);
  return { ...res, ruleId: rule.id, pillar: rule.pillar };
}

export function runRules(rules: readonly RuleDefinition[], site: SiteArtifacts, ctx: RuleContext): Finding[] {
  return rules.map((rule) => runRule(rule, site, ctx));
}
