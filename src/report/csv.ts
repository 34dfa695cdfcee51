// The council's tables as CSV, one table per file (`export --format csv
// --table NAME`). UTF-8 with a BOM so that Excel shows Persian names; column
// names are stable English ids for scripts.
import type { Model } from '../../rules/catalog.ts';
import type { ExportDoc } from './json.ts';
import { councilTables, declaredOnlineShare, observedOnlineShare, type CouncilTables } from './tables.ts';

export const CSV_TABLES = ['ranking', 'pillars', 'buckets', 'gaps', 'claims', 'national'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

type Cell = string | number | boolean | null;

/**
 * Quote when needed; text that a spreadsheet would run as a formula
 * (=, +, -, @ first) gets a leading apostrophe, since names come from outside.
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function toCsv(header: string[], rows: Cell[][]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const ids = (list: Array<{ id: string }> | null): string | null => (list === null ? null : list.map((a) => a.id).join(';'));

function ranking(t: CouncilTables, model: Model): string {
  const pillars = model.pillars.map((p) => p.id);
  return toCsv(
    ['rank', 'agency_id', 'name_fa', 'name_en', 'score', 'coverage', 'low_coverage', ...pillars, 'declared_score', 'gap', 'verification_rate', 'online_declared', 'online_observed', 'error', 'blocked'],
    t.ranking.map((a) => [a.rank, a.id, a.name.fa, a.name.en, a.score, a.coverage, a.lowCoverage, ...pillars.map((p) => a.pillars[p] ?? null),
      a.declaredScore, a.gap, a.verificationRate, declaredOnlineShare(a), observedOnlineShare(a), a.error, a.blocked?.kind ?? null]),
  );
}

const TABLES: Record<CsvTable, (doc: ExportDoc, t: CouncilTables, model: Model) => string> = {
  ranking: (_doc, t, model) => ranking(t, model),
  pillars: (_doc, t) => toCsv(['pillar', 'best_score', 'agency_ids'], t.pillarWinners.map((w) => [w.pillar, w.score, ids(w.agencies)])),
  buckets: (_doc, t) => toCsv(['bucket', 'declared_count', 'declared_agency_ids', 'observed_count', 'observed_agency_ids'],
    [...t.buckets.map((b) => [b.bucket, b.declared.length, ids(b.declared), b.observed?.length ?? null, ids(b.observed)]),
      ['undeclared', t.undeclared.length, ids(t.undeclared), null, null]]),
  gaps: (_doc, t) => toCsv(['agency_id', 'declared_score', 'observed_score', 'gap', 'verification_rate', 'over_claimed', 'suspected'],
    t.gaps.map((g) => [g.agency.id, g.declaredScore, g.observedScore, g.gap, g.verificationRate,
      g.overClaimed.map((o) => o.indicator).join(';'), g.overClaimed.filter((o) => o.suspected).map((o) => o.indicator).join(';')])),
  claims: (doc) => toCsv(['agency_id', 'indicator_id', 'service_url', 'declared_raw', 'declared', 'observed', 'verdict', 'suspected', 'source_row', 'note'],
    doc.agencies.flatMap((a) => a.claims.map((c) => [a.id, c.indicator, c.serviceUrl, c.declaredRaw, c.declared, c.observed, c.verdict, c.suspected, c.row, c.note]))),
  national: (doc, t) => toCsv(['run_id', 'as_of', 'model', 'score', 'agencies', 'scored', 'declarations_round'],
    [[doc.run.id, doc.run.asOf, doc.run.model, t.national.score, t.national.agencies, t.national.scored, doc.declarations?.round ?? null]]),
};

export function renderCsv(doc: ExportDoc, model: Model, table: CsvTable): string {
  return TABLES[table](doc, councilTables(doc, model), model);
}
