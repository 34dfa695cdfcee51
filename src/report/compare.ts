// History: what changed per agency between two runs, regressions first.
import { em, UserError } from '../errors.ts';
import type { Db } from '../store/db.ts';
import { previousCompletedRunId, runAgencyRows, runOutcomeRows } from '../store/reads.ts';
import { resolveRun } from './json.ts';

export const COMPARE_SCHEMA = 'portal-audit/compare@1';

export type Direction = 'regression' | 'improvement' | 'changed' | 'newly-assessed' | 'no-longer-assessed' | 'added' | 'removed';

export interface IndicatorChange {
  id: string;
  pillar: string;
  direction: Direction;
  before: { outcome: string; score: number | null } | null;
  after: { outcome: string; score: number | null } | null;
}

export interface AgencyChanges {
  id: string;
  name: { fa: string; en: string };
  scoreBefore: number | null;
  scoreAfter: number | null;
  delta: number | null;
  regressions: number;
  changes: IndicatorChange[];
}

export interface CompareDoc {
  schema: string;
  from: { id: number; asOf: string; finishedAt: string | null };
  to: { id: number; asOf: string; finishedAt: string | null };
  agencies: AgencyChanges[];
}

interface Row { agency_id: string; indicator_id: string; pillar: string; outcome: string; score: number | null }
interface AgencyRow { agency_id: string; name_fa: string; name_en: string; score: number | null }

const ORDER: Direction[] = ['regression', 'no-longer-assessed', 'removed', 'changed', 'added', 'newly-assessed', 'improvement'];

function direction(before: Row | undefined, after: Row | undefined): Direction | null {
  if (!before) return 'added';
  if (!after) return 'removed';
  if (before.outcome === after.outcome && before.score === after.score) return null;
  if (before.score === null && after.score !== null) return 'newly-assessed';
  if (before.score !== null && after.score === null) return 'no-longer-assessed';
  if (before.score !== null && after.score !== null && after.score !== before.score) return after.score < before.score ? 'regression' : 'improvement';
  return 'changed';
}

function findings(db: Db, runId: number): Map<string, Row> {
  const rows = runOutcomeRows(db, runId) as Row[];
  return new Map(rows.map((r) => [`${r.agency_id}\n${r.indicator_id}`, r]));
}

function agencyChanges(a: AgencyRow, before: AgencyRow | undefined, old: Map<string, Row>, now: Map<string, Row>): AgencyChanges {
  const keys = new Set([...old.keys(), ...now.keys()].filter((k) => k.startsWith(`${a.agency_id}\n`)));
  const changes: IndicatorChange[] = [];
  for (const key of keys) {
    const [b, n] = [old.get(key), now.get(key)];
    const dir = direction(b, n);
    if (!dir) continue;
    const pick = (r: Row | undefined) => (r ? { outcome: r.outcome, score: r.score } : null);
    changes.push({ id: (n ?? b)!.indicator_id, pillar: (n ?? b)!.pillar, direction: dir, before: pick(b), after: pick(n) });
  }
  changes.sort((x, y) => ORDER.indexOf(x.direction) - ORDER.indexOf(y.direction) || x.id.localeCompare(y.id));
  const scoreBefore = before?.score ?? null;
  const delta = scoreBefore !== null && a.score !== null ? Math.round((a.score - scoreBefore) * 100) / 100 : null;
  return { id: a.agency_id, name: { fa: a.name_fa, en: a.name_en }, scoreBefore, scoreAfter: a.score, delta, regressions: changes.filter((c) => c.direction === 'regression').length, changes };
}

/** Changes from run `prev` to run `run`; `prev` may be "previous" (the completed run before it). */
export function buildComparison(db: Db, run: string, prev: string): CompareDoc {
  const to = resolveRun(db, run);
  const fromId = prev === 'previous'
    ? previousCompletedRunId(db, to.id)
    : (/^\d+$/.test(prev) ? Number(prev) : undefined);
  if (fromId === undefined) throw new UserError(prev === 'previous' ? em('compare.noEarlier', { runId: to.id }) : em('compare.prev', { prev }));
  const from = resolveRun(db, String(fromId));
  const agencies = (id: number) => runAgencyRows<AgencyRow>(db, id);
  const before = new Map(agencies(from.id).map((a) => [a.agency_id, a]));
  const [old, now] = [findings(db, from.id), findings(db, to.id)];
  const result = agencies(to.id).map((a) => agencyChanges(a, before.get(a.agency_id), old, now)).filter((a) => a.changes.length > 0 || (a.delta ?? 0) !== 0);
  result.sort((x, y) => y.regressions - x.regressions || (x.delta ?? 0) - (y.delta ?? 0) || x.id.localeCompare(y.id));
  return {
    schema: COMPARE_SCHEMA,
    from: { id: from.id, asOf: from.as_of, finishedAt: from.finished_at },
    to: { id: to.id, asOf: to.as_of, finishedAt: to.finished_at },
    agencies: result,
  };
}
