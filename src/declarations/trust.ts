// Detectors whose accuracy has been measured on real portals. An over-claim
// on any other indicator may be the detector's miss rather than the agency's,
// so it is flagged `suspected` and an evaluator looks at it first.
//
// Empty on purpose: the seven rules built so far pass their fixtures and the
// sample portals, but none has been measured against real portals yet. Add an
// id here once its precision and recall are measured (issue 3).
export const TRUSTED_DETECTORS: ReadonlySet<string> = new Set<string>([]);

export function isSuspected(verdict: string, indicatorId: string, trusted: ReadonlySet<string> = TRUSTED_DETECTORS): boolean {
  return verdict === 'over-claimed' && !trusted.has(indicatorId);
}
