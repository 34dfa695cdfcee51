// Runs every rule over one site's artifacts. A rule that throws, or whose
// artifacts are missing, yields an `error` finding; the others still run.
import type { CheerioAPI } from 'cheerio';
import type { PageArtifact, SiteArtifacts } from '../../crawlers/artifacts.ts';
import { loadDom } from '../../crawlers/dom.ts';
import type { ArtifactNeed, RuleConfig, RuleContext, RuleDefinition, RuleResult } from './define-rule.ts';

export interface Finding extends RuleResult {
  ruleId: string;
  pillar: RuleDefinition['pillar'];
}

export const DEFAULT_RULE_CONFIG: RuleConfig = {
  nationalWindowHosts: ['my.gov.ir'],
  ssoHosts: ['sso.my.gov.ir'],
  openDataHosts: ['data.gov.ir'],
};

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
  if (res.outcome === 'pass' && res.score !== 1) return 'pass with a score other than 1';
  return null;
}

export function runRule(rule: RuleDefinition, site: SiteArtifacts, ctx: RuleContext): Finding {
  const missing = missingNeed(site, rule.needs);
  if (missing) return errorFinding(rule, 'missing-artifact', missing);
  try {
    const res = rule.evaluate(site, ctx);
    const problem = validate(res);
    if (problem) return errorFinding(rule, 'invalid-result', problem);
    return { ...res, ruleId: rule.id, pillar: rule.pillar };
  } catch (err) {
    return errorFinding(rule, 'rule-threw', err instanceof Error ? err.message : String(err));
  }
}

export function runRules(rules: readonly RuleDefinition[], site: SiteArtifacts, ctx: RuleContext): Finding[] {
  return rules.map((rule) => runRule(rule, site, ctx));
}
