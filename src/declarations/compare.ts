// One agency's claims set against one run's findings: a verdict per claim,
// a declared value and verdict per indicator, and the agency's declared
// score, gap and verification rate.
import type { Model } from '../../rules/catalog.ts';
import type { ScoredIndicator } from '../engine/scoring.ts';
import { compare, verdict, type Comparison, type Verdict } from '../engine/verdicts.ts';
import type { StoredDeclaration } from '../store/declarations.ts';
import { urlKey } from './service-check.ts';
import { isSuspected, TRUSTED_DETECTORS } from './trust.ts';

/** Per indicator, the score of each sampled service (keyed by urlKey), as per-service rules record them. */
export type ServiceScores = ReadonlyMap<string, ReadonlyMap<string, number | null>>;

export interface Claim {
  indicatorId: string;
  serviceUrl: string | null;
  declared: number;
  declaredRaw: string;
  count: number | null;
  note: string;
  /** Row in the imported file. */
  row: number;
  observed: number | null;
  verdict: Verdict;
  suspected: boolean;
}

export interface IndicatorClaim {
  declared: number;
  observed: number | null;
  verdict: Verdict;
  suspected: boolean;
}

export interface AgencyComparison extends Comparison {
  claims: Claim[];
  /** Per indicator: the agency-level claim, or the mean of its service claims. */
  indicators: Map<string, IndicatorClaim>;
}

/**
 * The agency-level d of each declared indicator: its own row if there is one,
 * else the share its service rows declare (3 of 4 services "yes" → 0.75).
 */
export function declaredShares(claims: ReadonlyArray<Pick<Claim, 'indicatorId' | 'serviceUrl' | 'declared'>>): Map<string, number> {
  const agencyLevel = new Map<string, number>();
  // A running sum and count: an agency may declare thousands of services for one indicator.
  const services = new Map<string, { sum: number; n: number }>();
  for (const c of claims) {
    if (c.serviceUrl === null) {
      agencyLevel.set(c.indicatorId, c.declared);
      continue;
    }
    const acc = services.get(c.indicatorId);
    if (acc) {
      acc.sum += c.declared;
      acc.n++;
    } else services.set(c.indicatorId, { sum: c.declared, n: 1 });
  }
  for (const [id, { sum, n }] of services) {
    if (!agencyLevel.has(id)) agencyLevel.set(id, sum / n);
  }
  return agencyLevel;
}

/** Each observed indicator's score, by indicator id. */
export function observedScores(findings: readonly ScoredIndicator[]): Map<string, number | null> {
  return new Map(findings.map((f) => [f.ruleId, f.score]));
}

/**
 * A service claim is checked against that one service's observation: only a
 * per-service rule that sampled the service gives one; otherwise the claim is
 * unverifiable.
 */
export function claimOf(d: StoredDeclaration, observed: ReadonlyMap<string, number | null>, services: ServiceScores, trusted: ReadonlySet<string> = TRUSTED_DETECTORS): Claim {
  const o = d.serviceUrl === null
    ? observed.get(d.indicatorId) ?? null
    : services.get(d.indicatorId)?.get(urlKey(d.serviceUrl)) ?? null;
  const v = verdict(d.share, o);
  return {
    indicatorId: d.indicatorId, serviceUrl: d.serviceUrl, declared: d.share, declaredRaw: d.declaredRaw, count: d.count, note: d.note,
    row: d.sourceRow, observed: o, verdict: v, suspected: isSuspected(v, d.indicatorId, trusted),
  };
}

/** The agency's claims, each with its verdict already (claimOf), set against its findings. */
export function compareClaims(model: Model, findings: readonly ScoredIndicator[], claims: Claim[], trusted: ReadonlySet<string> = TRUSTED_DETECTORS): AgencyComparison {
  const observed = observedScores(findings);
  const shares = declaredShares(claims);
  const indicators = new Map<string, IndicatorClaim>();
  for (const [id, d] of shares) {
    const o = observed.get(id) ?? null;
    const v = verdict(d, o);
    indicators.set(id, { declared: d, observed: o, verdict: v, suspected: isSuspected(v, id, trusted) });
  }
  return { ...compare(model, findings, shares), claims, indicators };
}

export function compareAgency(model: Model, findings: readonly ScoredIndicator[], declarations: readonly StoredDeclaration[],
  services: ServiceScores = new Map(), trusted: ReadonlySet<string> = TRUSTED_DETECTORS): AgencyComparison {
  const observed = observedScores(findings);
  return compareClaims(model, findings, declarations.map((d) => claimOf(d, observed, services, trusted)), trusted);
}
