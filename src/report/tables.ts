// The tables the council publishes, derived from one export document: the
// ranking with pillar scores, the best agency per pillar, the electronic-
// service buckets, the largest declared − observed gaps and the national score.
import type { Model } from '../../rules/catalog.ts';
import { declaredShares } from '../declarations/compare.ts';
import type { PillarId } from '../engine/define-rule.ts';
import type { ExportAgency, ExportDoc } from './json.ts';

export const ONLINE_SERVICE = 'online-service';
export type BucketId = 'b100' | 'b80' | 'b50' | 'b0';
export const BUCKETS: readonly BucketId[] = ['b100', 'b80', 'b50', 'b0'];
export const GAP_ROWS = 10;

export interface AgencyRef { id: string; name: { fa: string; en: string } }

export interface PillarWinner { pillar: PillarId; score: number | null; agencies: AgencyRef[] }

export interface BucketRow {
  bucket: BucketId;
  declared: AgencyRef[];
  /** null when no agency's online-service share was observed in this run. */
  observed: AgencyRef[] | null;
}

export interface GapRow {
  agency: AgencyRef;
  declaredScore: number;
  observedScore: number;
  gap: number;
  verificationRate: number | null;
  overClaimed: Array<{ indicator: string; suspected: boolean }>;
}

export interface CouncilTables {
  national: ExportDoc['national'];
  ranking: ExportAgency[];
  pillarWinners: PillarWinner[];
  buckets: BucketRow[];
  undeclared: AgencyRef[];
  gaps: GapRow[];
}

const ref = (a: ExportAgency): AgencyRef => ({ id: a.id, name: a.name });

/** 100% exactly; then [80%, 100%), [50%, 80%), under 50%. */
export function bucketOf(share: number): BucketId {
  if (share >= 1 - 1e-9) return 'b100';
  if (share >= 0.8 - 1e-9) return 'b80';
  if (share >= 0.5 - 1e-9) return 'b50';
  return 'b0';
}

/** The agency's declared online-service share, from its claims. */
export function declaredOnlineShare(a: ExportAgency): number | null {
  const shares = declaredShares(a.claims.map((c) => ({ indicatorId: c.indicator, serviceUrl: c.serviceUrl, declared: c.declared })));
  return shares.get(ONLINE_SERVICE) ?? null;
}

export function observedOnlineShare(a: ExportAgency): number | null {
  return a.indicators.find((i) => i.id === ONLINE_SERVICE)?.score ?? null;
}

function pillarWinners(model: Model, agencies: ExportAgency[]): PillarWinner[] {
  return model.pillars.map((p) => {
    const scored = agencies.filter((a) => a.pillars[p.id] !== null && a.pillars[p.id] !== undefined);
    const best = scored.length ? Math.max(...scored.map((a) => a.pillars[p.id]!)) : null;
    return { pillar: p.id, score: best, agencies: scored.filter((a) => a.pillars[p.id] === best).map(ref) };
  });
}

function buckets(agencies: ExportAgency[]): { rows: BucketRow[]; undeclared: AgencyRef[] } {
  const anyObserved = agencies.some((a) => observedOnlineShare(a) !== null);
  const rows = BUCKETS.map((bucket) => ({
    bucket,
    declared: agencies.filter((a) => { const s = declaredOnlineShare(a); return s !== null && bucketOf(s) === bucket; }).map(ref),
    observed: anyObserved ? agencies.filter((a) => { const s = observedOnlineShare(a); return s !== null && bucketOf(s) === bucket; }).map(ref) : null,
  }));
  return { rows, undeclared: agencies.filter((a) => a.error === null && declaredOnlineShare(a) === null).map(ref) };
}

function gaps(agencies: ExportAgency[]): GapRow[] {
  return agencies
    .filter((a) => a.gap !== null && a.declaredScore !== null && a.score !== null)
    .map((a) => ({
      agency: ref(a), declaredScore: a.declaredScore!, observedScore: a.score!, gap: a.gap!, verificationRate: a.verificationRate,
      overClaimed: a.indicators.filter((i) => i.verdict === 'over-claimed').map((i) => ({ indicator: i.id, suspected: i.suspected })),
    }))
    .sort((x, y) => y.gap - x.gap || x.agency.id.localeCompare(y.agency.id))
    .slice(0, GAP_ROWS);
}

export function councilTables(doc: ExportDoc, model: Model): CouncilTables {
  const b = buckets(doc.agencies);
  return {
    national: doc.national,
    ranking: doc.agencies,
    pillarWinners: pillarWinners(model, doc.agencies),
    buckets: b.rows,
    undeclared: b.undeclared,
    gaps: gaps(doc.agencies),
  };
}
