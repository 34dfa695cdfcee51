// Read-only queries of the review UI, the reports, the declarations check and
// the scripts' benchmarks: rows as SQLite gives them; the callers shape them.
import type { Outcome } from '../engine/define-rule.ts';
import type { Db } from './db.ts';

export interface RunListRow {
  id: number; started_at: string; finished_at: string | null; status: string; as_of: string; model_version: string;
  national_score: number | null; agencies: number;
}

/** Every run, newest first, with how many agencies it holds. */
export function runListRows(db: Db): RunListRow[] {
  return db.prepare(`SELECT r.id, r.started_at, r.finished_at, r.status, r.as_of, r.model_version, r.national_score,
      (SELECT COUNT(*) FROM run_agencies a WHERE a.run_id = r.id) AS agencies
    FROM runs r ORDER BY r.id DESC`).all() as RunListRow[];
}

export function runExists(db: Db, runId: number): boolean {
  return db.prepare('SELECT 1 FROM runs WHERE id = ?').get(runId) !== undefined;
}

/** A run's status and stored agency count in one value: it changes while the run grows. */
export function runProgress(db: Db, runId: number): unknown {
  return db.prepare(`SELECT status || (SELECT COUNT(*) FROM run_agencies WHERE run_id = runs.id) FROM runs WHERE id = ?`).pluck().get(runId);
}

export function findingRefRow(db: Db, id: number): { id: number; run_id: number; agency_id: string; indicator_id: string } | undefined {
  return db.prepare('SELECT id, run_id, agency_id, indicator_id FROM findings WHERE id = ?').get(id) as
    { id: number; run_id: number; agency_id: string; indicator_id: string } | undefined;
}

/** A run's finding ids by agency and indicator (one agency's when given). */
export function findingIdRows(db: Db, runId: number, agencyId?: string): Array<{ id: number; agency_id: string; indicator_id: string }> {
  return db.prepare('SELECT id, agency_id, indicator_id FROM findings WHERE run_id = ? AND (? IS NULL OR agency_id = ?)')
    .all(runId, agencyId ?? null, agencyId ?? null) as Array<{ id: number; agency_id: string; indicator_id: string }>;
}

/** The completed runs that audited an agency, oldest first, with its stored score. */
export function agencyRunRows(db: Db, agencyId: string): Array<{ id: number; as_of: string; score: number | null; coverage: number; pillars_json: string }> {
  return db.prepare(`SELECT r.id, r.as_of, a.score, a.coverage, a.pillars_json FROM runs r JOIN run_agencies a ON a.run_id = r.id
    WHERE a.agency_id = ? AND r.status = 'completed' ORDER BY r.id`).all(agencyId) as Array<{ id: number; as_of: string; score: number | null; coverage: number; pillars_json: string }>;
}

export type OutcomeRow = { id: number; indicator_id: string; outcome: Outcome; score: number | null };

/** One agency's findings in one run, statement prepared once for many runs. */
export function agencyOutcomes(db: Db): (runId: number, agencyId: string) => OutcomeRow[] {
  const findings = db.prepare('SELECT id, indicator_id, outcome, score FROM findings WHERE run_id = ? AND agency_id = ?');
  return (runId, agencyId) => findings.all(runId, agencyId) as OutcomeRow[];
}

export function pageTitleRows(db: Db, runId: number, agencyId: string): Array<{ url: string; final_url: string; title: string }> {
  return db.prepare('SELECT url, final_url, title FROM pages WHERE run_id = ? AND agency_id = ?').all(runId, agencyId) as Array<{ url: string; final_url: string; title: string }>;
}

export interface StoredBlob { sha256: string; mime: string; size: number; bytes: Buffer | null }

export function readBlob(db: Db, sha: string): StoredBlob | null {
  if (!/^[0-9a-f]{64}$/.test(sha)) return null;
  return (db.prepare('SELECT sha256, mime, size, bytes FROM blobs WHERE sha256 = ?').get(sha) as StoredBlob | undefined) ?? null;
}

/** Where a blob was captured (for the snapshot page's heading). */
export function blobSource(db: Db, sha: string): string | null {
  return (db.prepare('SELECT url FROM evidence WHERE sha256 = ? ORDER BY id LIMIT 1').pluck().get(sha) as string | undefined) ?? null;
}

export type BlobHead = { mime: string; size: number; pruned: number; head: Buffer | null };

/** Each blob's type, size, whether pruned, and only its first 24 bytes: enough for a PNG header, not the whole image. */
export function blobHeads(db: Db, shas: Iterable<string>): Map<string, BlobHead> {
  const get = db.prepare('SELECT mime, size, bytes IS NULL AS pruned, substr(bytes, 1, 24) AS head FROM blobs WHERE sha256 = ?');
  const out = new Map<string, BlobHead>();
  for (const sha of shas) {
    const row = get.get(sha) as BlobHead | undefined;
    if (row) out.set(sha, row);
  }
  return out;
}

/** A run's row: the newest (completed first) for 'latest', else by id. Typed by the caller. */
export function runRow<T>(db: Db, run: 'latest' | number): T | undefined {
  return (run === 'latest'
    ? db.prepare(`SELECT * FROM runs ORDER BY (status = 'completed') DESC, id DESC LIMIT 1`).get()
    : db.prepare('SELECT * FROM runs WHERE id = ?').get(run)) as T | undefined;
}

/** The completed run before `runId`, if any. */
export function previousCompletedRunId(db: Db, runId: number): number | undefined {
  return db.prepare(`SELECT id FROM runs WHERE status = 'completed' AND id < ? ORDER BY id DESC LIMIT 1`).pluck().get(runId) as number | undefined;
}

/** A run's agency rows, whole. Typed by the caller. */
export function runAgencyRows<T>(db: Db, runId: number): T[] {
  return db.prepare('SELECT * FROM run_agencies WHERE run_id = ?').all(runId) as T[];
}

/** One agency's finding rows in a run, in order, whole. Typed by the caller. */
export function agencyFindingRows<T>(db: Db, runId: number, agencyId: string): T[] {
  return db.prepare('SELECT * FROM findings WHERE run_id = ? AND agency_id = ? ORDER BY id').all(runId, agencyId) as T[];
}

/** A finding's evidence rows, statement prepared once for many findings. Typed by the caller. */
export function evidenceRows<T>(db: Db): (findingId: number) => T[] {
  const evidence = db.prepare('SELECT * FROM evidence WHERE finding_id = ? ORDER BY id');
  return (findingId) => evidence.all(findingId) as T[];
}

/** A run's findings, each agency's outcome and score per indicator. */
export function runOutcomeRows(db: Db, runId: number): Array<{ agency_id: string; indicator_id: string; pillar: string; outcome: string; score: number | null }> {
  return db.prepare('SELECT agency_id, indicator_id, pillar, outcome, score FROM findings WHERE run_id = ?').all(runId) as
    Array<{ agency_id: string; indicator_id: string; pillar: string; outcome: string; score: number | null }>;
}

/** A blob's type and bytes (null bytes: pruned), statement prepared once for many blobs. */
export function blobBytes(db: Db): (sha: string) => { mime: string; bytes: Buffer | null } | undefined {
  const blob = db.prepare('SELECT mime, bytes FROM blobs WHERE sha256 = ?');
  return (sha) => blob.get(sha) as { mime: string; bytes: Buffer | null } | undefined;
}

/** The manifest a run's manifest chains to. */
export function prevManifestOf(db: Db, runId: number): string | null {
  return (db.prepare('SELECT prev_manifest_sha256 FROM runs WHERE id = ?').get(runId) as { prev_manifest_sha256: string | null } | undefined)?.prev_manifest_sha256 ?? null;
}

/** The HTML the run kept for a page of an agency (by URL or final URL). */
export function storedPageHtml(db: Db, runId: number, agencyId: string, url: string): Buffer | undefined {
  return db.prepare(`SELECT b.bytes FROM pages p JOIN blobs b ON b.sha256 = p.html_sha256
    WHERE p.run_id = ? AND p.agency_id = ? AND (p.final_url = ? OR p.url = ?) ORDER BY p.id LIMIT 1`).pluck().get(runId, agencyId, url, url) as Buffer | undefined;
}

/** One agency's findings in a run with their data. Typed by the caller. */
export function agencyFindingData<T>(db: Db, runId: number, agencyId: string): T[] {
  return db.prepare('SELECT indicator_id, outcome, score, data_json FROM findings WHERE run_id = ? AND agency_id = ?').all(runId, agencyId) as T[];
}

/** Each page the run asked for an agency: URL, final URL, status, error, in order. */
export function agencyPageStatuses(db: Db, runId: number, agencyId: string): Array<{ url: string; finalUrl: string; status: number | null; error: string | null }> {
  return db.prepare('SELECT url, final_url AS finalUrl, status, error FROM pages WHERE run_id = ? AND agency_id = ? ORDER BY id').all(runId, agencyId) as
    Array<{ url: string; finalUrl: string; status: number | null; error: string | null }>;
}

export interface RunVolume {
  pagesByFetch: Record<string, number>;
  /** Pages that loaded (no error, status < 400). */
  pagesOkByAgency: Record<string, number>;
  failedAgencies: number;
  /** Page and element screenshots. */
  screenshots: number;
}

/** What a run stored, counted for the benchmark (npm run bench). */
export function runVolume(db: Db, runId: number): RunVolume {
  const counts = (sql: string) => Object.fromEntries(db.prepare(sql).raw().all(runId) as Array<[string, number]>);
  return {
    pagesByFetch: counts('SELECT fetched_by, COUNT(*) FROM pages WHERE run_id = ? GROUP BY fetched_by'),
    pagesOkByAgency: counts('SELECT agency_id, COUNT(*) FROM pages WHERE run_id = ? AND error IS NULL AND status < 400 GROUP BY agency_id'),
    failedAgencies: db.prepare(`SELECT COUNT(*) FROM run_agencies WHERE run_id = ? AND status = 'failed'`).pluck().get(runId) as number,
    screenshots: db.prepare(`SELECT COUNT(*) FROM evidence e JOIN findings f ON f.id = e.finding_id
      WHERE f.run_id = ? AND e.kind IN ('screenshot', 'element')`).pluck().get(runId) as number,
  };
}
