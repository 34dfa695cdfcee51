// Aggregation (INDICATORS.md): indicator → pillar → agency → national.
// Null means "not assessed" and is left out of sums, never counted as 0.
import type { Model } from '../../rules/catalog.ts';
import { effectiveWeight } from '../../rules/catalog.ts';
import type { Outcome, PillarId } from './define-rule.ts';

export interface ScoredIndicator {
  ruleId: string;
  outcome: Outcome;
  score: number | null;
}

export interface AgencyScore {
  /** 0–100, or null when nothing was assessed. */
  score: number | null;
  pillars: Record<PillarId, number | null>;
  /** Assessed effective weight ÷ effective weight of the applicable model. */
  coverage: number;
  lowCoverage: boolean;
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Indicators judged not applicable leave the denominator of coverage too. */
function applicable(model: Model, findings: Map<string, ScoredIndicator>) {
  return model.indicators.filter((spec) => findings.get(spec.id)?.outcome !== 'not-applicable');
}

export function scoreAgency(model: Model, results: readonly ScoredIndicator[]): AgencyScore {
  const byId = new Map(results.map((r) => [r.ruleId, r]));
  const specs = applicable(model, byId);
  const pillars = {} as Record<PillarId, number | null>;
  let total = 0;
  let assessed = 0;
  for (const pillar of model.pillars) {
    let num = 0;
    let den = 0;
    for (const spec of specs.filter((s) => s.pillar === pillar.id)) {
      const e = effectiveWeight(spec);
      total += e;
      const s = byId.get(spec.id)?.score;
      if (s === null || s === undefined) continue;
      num += e * s;
      den += e;
    }
    assessed += den;
    pillars[pillar.id] = den > 0 ? round((100 * num) / den) : null;
  }
  const coverage = total > 0 ? round(assessed / total, 4) : 0;
  return { score: agencyFromPillars(model, pillars), pillars, coverage, lowCoverage: coverage < model.minCoverage };
}

/** Σ pillar weight × pillar score, renormalised over the pillars that were assessed. */
export function agencyFromPillars(model: Model, pillars: Record<PillarId, number | null>): number | null {
  let num = 0;
  let den = 0;
  for (const p of model.pillars) {
    const s = pillars[p.id];
    if (s === null || s === undefined) continue;
    num += p.weight * s;
    den += p.weight;
  }
  return den > 0 ? round(num / den) : null;
}

/** Mean of the agency scores that exist. */
export function nationalScore(agencyScores: readonly (number | null)[]): number | null {
  const scored = agencyScores.filter((s): s is number => s !== null);
  return scored.length ? round(scored.reduce((a, b) => a + b, 0) / scored.length) : null;
}

export function emptyPillars(model: Model): Record<PillarId, number | null> {
  return Object.fromEntries(model.pillars.map((p) => [p.id, null])) as Record<PillarId, number | null>;
}
