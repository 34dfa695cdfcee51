// Declaration rounds and their rows. A round is replaced whole, in one
// transaction, so a reader never sees half of an import.
import type { Db } from './db.ts';

/** One validated claim, as src/declarations hands it over. */
export interface NewDeclaration {
  row: number;
  agencyId: string;
  indicatorId: string;
  serviceUrl: string | null;
  declaredRaw: string;
  share: number;
  count: number | null;
  note: string;
}

export interface RoundSource {
  name: string;
  file: string;
  sha256: string;
  format: 'csv' | 'xlsx' | 'json';
  encoding: string;
}

export interface Round extends RoundSource {
  id: number;
  rowCount: number;
  importedAt: string;
}

export interface StoredDeclaration {
  agencyId: string;
  indicatorId: string;
  serviceUrl: string | null;
  declaredRaw: string;
  share: number;
  count: number | null;
  note: string;
  sourceRow: number;
}

interface RoundRow { id: number; name: string; source_file: string; source_sha256: string; format: RoundSource['format']; encoding: string; row_count: number; imported_at: string }

const toRound = (r: RoundRow): Round => ({
  id: r.id, name: r.name, file: r.source_file, sha256: r.source_sha256, format: r.format, encoding: r.encoding, rowCount: r.row_count, importedAt: r.imported_at,
});

/** Replace (or create) a round with these rows; returns how many earlier rows were replaced. */
export function replaceRound(db: Db, source: RoundSource, rows: readonly NewDeclaration[]): { round: Round; replaced: number } {
  return db.transaction(() => {
    const now = new Date().toISOString();
    const existing = db.prepare('SELECT id FROM declaration_rounds WHERE name = ?').pluck().get(source.name) as number | undefined;
    let replaced = 0;
    if (existing !== undefined) {
      replaced = db.prepare('DELETE FROM declarations WHERE round_id = ?').run(existing).changes;
      db.prepare('DELETE FROM declaration_rounds WHERE id = ?').run(existing);
    }
    const id = Number(db.prepare(`INSERT INTO declaration_rounds (name, source_file, source_sha256, format, encoding, row_count, imported_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`).run(source.name, source.file, source.sha256, source.format, source.encoding, rows.length, now).lastInsertRowid);
    const insert = db.prepare(`INSERT INTO declarations (round_id, source_row, agency_id, indicator_id, service_url, declared_raw, declared, declared_count, note)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const d of rows) insert.run(id, d.row, d.agencyId, d.indicatorId, d.serviceUrl ?? '', d.declaredRaw, d.share, d.count, d.note);
    return { round: { ...source, id, rowCount: rows.length, importedAt: now }, replaced };
  })();
}

function hasDeclarationTables(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'declaration_rounds'`).get() !== undefined;
}

/** A round by name, or the most recently imported one; null when there is none (or the store predates declarations). */
export function findRound(db: Db, name?: string): Round | null {
  if (!hasDeclarationTables(db)) return null;
  const row = name === undefined
    ? db.prepare('SELECT * FROM declaration_rounds ORDER BY imported_at DESC, id DESC LIMIT 1').get()
    : db.prepare('SELECT * FROM declaration_rounds WHERE name = ?').get(name);
  return row ? toRound(row as RoundRow) : null;
}

export function listRounds(db: Db): Round[] {
  if (!hasDeclarationTables(db)) return [];
  return (db.prepare('SELECT * FROM declaration_rounds ORDER BY imported_at DESC, id DESC').all() as RoundRow[]).map(toRound);
}

/** The agencies that declared something in a round, sorted by id. */
export function roundAgencies(db: Db, roundId: number): string[] {
  return db.prepare('SELECT DISTINCT agency_id FROM declarations WHERE round_id = ? ORDER BY agency_id').pluck().all(roundId) as string[];
}

/** A round's rows in file order, all of them or one agency's (through the index on round and agency). */
export function roundDeclarations(db: Db, roundId: number, agencyId?: string): StoredDeclaration[] {
  const rows = (agencyId === undefined
    ? db.prepare(`SELECT ${DECLARATION_COLUMNS} FROM declarations WHERE round_id = ? ORDER BY source_row`).raw().all(roundId)
    : db.prepare(`SELECT ${DECLARATION_COLUMNS} FROM declarations WHERE round_id = ? AND agency_id = ? ORDER BY source_row`).raw().all(roundId, agencyId)) as DeclarationRow[];
  return rows.map(([agency, indicator, url, raw, share, count, note, row]) => ({
    agencyId: agency, indicatorId: indicator, serviceUrl: url || null, declaredRaw: raw, share, count, note, sourceRow: row,
  }));
}

// Read as arrays (raw): a round can hold hundreds of thousands of rows.
const DECLARATION_COLUMNS = 'agency_id, indicator_id, service_url, declared_raw, declared, declared_count, note, source_row';
type DeclarationRow = [string, string, string, string, number, number | null, string, number];

/** Declared service URLs of the latest declarations round, per agency (crawled and sampled by the audit). */
export function latestDeclaredServiceUrls(db: Db): Map<string, string[]> {
  const rows = db.prepare(`SELECT DISTINCT agency_id, service_url FROM declarations
    WHERE service_url != '' AND round_id = (SELECT id FROM declaration_rounds ORDER BY imported_at DESC, id DESC LIMIT 1)
    ORDER BY agency_id, service_url`).all() as Array<{ agency_id: string; service_url: string }>;
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.agency_id, [...(out.get(r.agency_id) ?? []), r.service_url]);
  return out;
}
