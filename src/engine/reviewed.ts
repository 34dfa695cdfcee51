// Reviewed scoring: the observed findings with each evaluator override in
// place of what was observed. The observed side is never changed; both are
// shown side by side.
import type { Model } from '../../rules/catalog.ts';
import type { Outcome } from './define-rule.ts';
import { scoreAgency, type AgencyScore, type ScoredIndicator } from './scoring.ts';

export interface Override {
  outcome: Outcome;
  score: number | null;
}

/** Outcomes an evaluator may override to, and the score each implies (partial takes the evaluator's own). */
export const OVERRIDE_OUTCOMES = ['pass', 'partial', 'fail', 'not-applicable'] as const;
export type OverrideOutcome = (typeof OVERRIDE_OUTCOMES)[number];

export function overrideScore(outcome: OverrideOutcome, partialScore: number | null): number | null {
  if (outcome === 'pass') return 1;
  if (outcome === 'fail') return 0;
  if (outcome === 'not-applicable') return null;
  return partialScore;
}

export function applyOverrides(observed: readonly ScoredIndicator[], overrides: ReadonlyMap<string, Override>): ScoredIndicator[] {
  return observed.map((o) => {
    const r = overrides.get(o.ruleId);
    return r ? { ruleId: o.ruleId, outcome: r.outcome, score: r.score } : o;
  });
}

/**
 * The agency's reviewed score. With no override it is the stored observed
 * score itself, so a model changed since the run cannot make the two differ.
 */
export function reviewedAgencyScore(model: Model, observed: readonly ScoredIndicator[], overrides: ReadonlyMap<string, Override>, stored: AgencyScore): AgencyScore {
  if (overrides.size === 0) return stored;
  return scoreAgency(model, applyOverrides(observed, overrides));
}
