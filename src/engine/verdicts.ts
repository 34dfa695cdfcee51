// Declared against observed (INDICATORS.md). d is the declared share (yes = 1,
// no = 0, a percentage as a share), o the observed indicator score or null.
import type { Model } from '../../rules/catalog.ts';
import { effectiveWeight, indicatorSpec } from '../../rules/catalog.ts';
import { scoreAgency, type ScoredIndicator } from './scoring.ts';

export type Verdict = 'confirmed' | 'over-claimed' | 'under-claimed' | 'confirmed-absent' | 'unverifiable';
export const VERDICTS: readonly Verdict[] = ['confirmed', 'over-claimed', 'under-claimed', 'confirmed-absent', 'unverifiable'];

/** A share at or above this counts as "yes", for declarations and observations alike. */
export const YES_AT = 0.5;

export function verdict(d: number, o: number | null): Verdict {
  if (o === null) return 'unverifiable';
  const saysYes = d >= YES_AT;
  const seen = o >= YES_AT;
  if (saysYes) return seen ? 'confirmed' : 'over-claimed';
  return seen ? 'under-claimed' : 'confirmed-absent';
}

export interface Comparison {
  /** The observed scoring with every checkable declared indicator's score replaced by d; null when no claim could be checked. */
  declaredScore: number | null;
  observedScore: number | null;
  /** declared − observed, on the 0–100 scale. */
  gap: number | null;
  /** Σ e·min(d,o) / Σ e·d over the checkable claims; null when nothing checkable was claimed. */
  verificationRate: number | null;
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Only claims whose indicator was observed (o not null) enter either side, so
 * the gap is caused by checked claims alone: a claim nobody can check moves
 * neither score.
 */
export function compare(model: Model, observed: readonly ScoredIndicator[], declared: ReadonlyMap<string, number>): Comparison {
  const observedScore = scoreAgency(model, observed).score;
  const byId = new Map(observed.map((o) => [o.ruleId, o]));
  const checkable = [...declared].filter(([id]) => byId.get(id)?.score != null && indicatorSpec(model, id));
  if (checkable.length === 0 || observedScore === null) return { declaredScore: null, observedScore, gap: null, verificationRate: null };
  const substituted = observed.map((o) => (declared.has(o.ruleId) && o.score !== null ? { ...o, score: declared.get(o.ruleId)! } : o));
  const declaredScore = scoreAgency(model, substituted).score;
  let num = 0;
  let den = 0;
  for (const [id, d] of checkable) {
    const e = effectiveWeight(indicatorSpec(model, id)!);
    num += e * Math.min(d, byId.get(id)!.score!);
    den += e * d;
  }
  return {
    declaredScore, observedScore,
    gap: declaredScore === null ? null : round(declaredScore - observedScore),
    verificationRate: den > 0 ? round(num / den, 4) : null,
  };
}
