// The council's tables as typed rows, one definition for every format: CSV
// writes the column ids and the values as text, XLSX typed cells under the
// columns' labels. Shares (0–1) are kept as shares; a format shows them as %.
import type { Model } from '../../rules/catalog.ts';
import type { ExportDoc } from './json.ts';
import { councilTables, declaredOnlineShare, observedOnlineShare, type CouncilTables } from './tables.ts';

export const COUNCIL_TABLES = ['ranking', 'pillars', 'buckets', 'gaps', 'claims', 'national'] as const;
export type CouncilTable = (typeof COUNCIL_TABLES)[number];

export type Cell = string | number | boolean | null;
/** text; number (a score); integer (ranks, counts, ids of runs and rows); share (0–1, shown as a percentage); boolean. */
export type ColumnKind = 'text' | 'number' | 'integer' | 'share' | 'boolean';
export interface Column { id: string; kind: ColumnKind }
export interface TableData { columns: Column[]; rows: Cell[][] }

/** Column ids with their kinds, written compactly: `id:kind`, text when no kind is given. */
function columns(...specs: string[]): Column[] {
  return specs.map((s) => {
    const [id, kind] = s.split(':');
    return { id, kind: (kind ?? 'text') as ColumnKind };
  });
}

const ids = (list: Array<{ id: string }> | null): string | null => (list === null ? null : list.map((a) => a.id).join(';'));

function ranking(t: CouncilTables, model: Model): TableData {
  const pillars = model.pillars.map((p) => p.id);
  return {
    columns: columns('rank:integer', 'agency_id', 'name_fa', 'name_en', 'score:number', 'coverage:share', 'low_coverage:boolean',
      ...pillars.map((p) => `${p}:number`), 'declared_score:number', 'gap:number', 'verification_rate:share', 'online_declared:share', 'online_observed:share', 'error', 'blocked'),
    rows: t.ranking.map((a) => [a.rank, a.id, a.name.fa, a.name.en, a.score, a.coverage, a.lowCoverage, ...pillars.map((p) => a.pillars[p] ?? null),
      a.declaredScore, a.gap, a.verificationRate, declaredOnlineShare(a), observedOnlineShare(a), a.error, a.blocked?.kind ?? null]),
  };
}

const TABLES: Record<CouncilTable, (doc: ExportDoc, t: CouncilTables, model: Model) => TableData> = {
  ranking: (_doc, t, model) => ranking(t, model),
  pillars: (_doc, t) => ({
    columns: columns('pillar', 'best_score:number', 'agency_ids'),
    rows: t.pillarWinners.map((w) => [w.pillar, w.score, ids(w.agencies)]),
  }),
  buckets: (_doc, t) => ({
    columns: columns('bucket', 'declared_count:integer', 'declared_agency_ids', 'observed_count:integer', 'observed_agency_ids'),
    rows: [...t.buckets.map((b) => [b.bucket, b.declared.length, ids(b.declared), b.observed?.length ?? null, ids(b.observed)]),
      ['undeclared', t.undeclared.length, ids(t.undeclared), null, null]],
  }),
  gaps: (_doc, t) => ({
    columns: columns('agency_id', 'declared_score:number', 'observed_score:number', 'gap:number', 'verification_rate:share', 'over_claimed', 'suspected'),
    rows: t.gaps.map((g) => [g.agency.id, g.declaredScore, g.observedScore, g.gap, g.verificationRate,
      g.overClaimed.map((o) => o.indicator).join(';'), g.overClaimed.filter((o) => o.suspected).map((o) => o.indicator).join(';')]),
  }),
  claims: (doc) => ({
    columns: columns('agency_id', 'indicator_id', 'service_url', 'declared_raw', 'declared:share', 'observed:share', 'verdict', 'suspected:boolean', 'source_row:integer', 'note'),
    rows: doc.agencies.flatMap((a) => a.claims.map((c) => [a.id, c.indicator, c.serviceUrl, c.declaredRaw, c.declared, c.observed, c.verdict, c.suspected, c.row, c.note])),
  }),
  national: (doc, t) => ({
    columns: columns('run_id:integer', 'as_of', 'model', 'score:number', 'agencies:integer', 'scored:integer', 'declarations_round'),
    rows: [[doc.run.id, doc.run.asOf, doc.run.model, t.national.score, t.national.agencies, t.national.scored, doc.declarations?.round ?? null]],
  }),
};

export function tableData(doc: ExportDoc, model: Model, table: CouncilTable, t: CouncilTables = councilTables(doc, model)): TableData {
  return TABLES[table](doc, t, model);
}

/** Text a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe: names come from outside. */
export function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
