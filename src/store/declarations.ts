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

export function roundDeclarations(db: Db, roundId: number): StoredDeclaration[] {
  const rows = db.prepare('SELECT * FROM declarations WHERE round_id = ? ORDER BY source_row').all(roundId) as Array<{
    agency_id: string; indicator_id: string; service_url: string; declared_raw: string; declared: number; declared_count: number | null; note: string; source_row: number;
  }>;
  return rows.map((r) => ({
    agencyId: r.agency_id, indicatorId: r.indicator_id, serviceUrl: r.service_url || null, declaredRaw: r.declared_raw,
    share: r.declared, count: r.declared_count, note: r.note, sourceRow: r.source_row,
  }));
}
