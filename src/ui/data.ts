// What the pages read from the store. The run, agency and indicator figures
// come from the JSON export (verdicts, claims and reviewed scores included),
// cached per run: verdicts until a declarations import, the rest until a review.
import type { Model } from '../../rules/catalog.ts';
import type { Outcome } from '../engine/define-rule.ts';
import { reviewedAgencyScore } from '../engine/reviewed.ts';
import { verifyRunSteps, type RunVerification } from '../declarations/verify-run.ts';
import { buildExport, type ExportDoc } from '../report/json.ts';
import type { Db } from '../store/db.ts';
import { findRound } from '../store/declarations.ts';
import { latestReviews, reviewsVersion } from '../store/reviews.ts';

export interface RunSummary {
  id: number; startedAt: string; finishedAt: string | null; status: string; asOf: string; model: string;
  national: number | null; agencies: number;
}

interface RunListRow {
  id: number; started_at: string; finished_at: string | null; status: string; as_of: string; model_version: string;
  national_score: number | null; agencies: number;
}

export function listRuns(db: Db): RunSummary[] {
  return (db.prepare(`SELECT r.id, r.started_at, r.finished_at, r.status, r.as_of, r.model_version, r.national_score,
      (SELECT COUNT(*) FROM run_agencies a WHERE a.run_id = r.id) AS agencies
    FROM runs r ORDER BY r.id DESC`).all() as RunListRow[]).map((r) => ({
    id: r.id, startedAt: r.started_at, finishedAt: r.finished_at, status: r.status, asOf: r.as_of, model: r.model_version,
    national: r.national_score, agencies: r.agencies,
  }));
}

export function runExists(db: Db, runId: number): boolean {
  return db.prepare('SELECT 1 FROM runs WHERE id = ?').get(runId) !== undefined;
}

/** The next turn of the event loop: other requests are answered in between. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Export documents by run. The verdicts (a run against the latest declarations
 * round: the costly part, up to hundreds of thousands of claims) are computed
 * once per run and round, an agency or 10,000 claims per turn of the event loop, so a page
 * being built never holds up another request; a review only rebuilds the
 * cheap rest of the document.
 */
export class ExportCache {
  readonly #verifications = new Map<string, Promise<RunVerification | null>>();
  readonly #docs = new Map<string, ExportDoc>();
  /** Reviewed national scores by run, for the reviews as they were at #reviewedVersion. */
  readonly #reviewed = new Map<number, number | null>();
  #reviewedVersion = -1;
  readonly #db: Db;
  readonly #model: Model;

  constructor(db: Db, model: Model) {
    this.#db = db;
    this.#model = model;
  }

  /** What the verdicts depend on: the run (a run still being audited grows agency by agency) and the latest round. */
  #verificationKey(runId: number): string {
    const round = findRound(this.#db, undefined);
    const progress = this.#db.prepare(`SELECT status || (SELECT COUNT(*) FROM run_agencies WHERE run_id = runs.id) FROM runs WHERE id = ?`).pluck().get(runId);
    return `${runId}|${progress}|${round ? `${round.id}@${round.importedAt}` : '-'}`;
  }

  async #verify(runId: number): Promise<RunVerification | null> {
    for (;;) {
      const key = this.#verificationKey(runId);
      const steps = verifyRunSteps(this.#db, this.#model, runId);
      let step = steps.next();
      while (!step.done) {
        await nextTurn();
        step = steps.next();
      }
      // A round imported (or an agency stored) meanwhile: the agencies read so far may be of the old one.
      if (this.#verificationKey(runId) === key) return step.value;
    }
  }

  #verification(runId: number, key: string): Promise<RunVerification | null> {
    let pending = this.#verifications.get(key);
    if (!pending) {
      pending = this.#verify(runId);
      evict(this.#verifications, `${runId}|`);
      this.#verifications.set(key, pending);
      pending.catch(() => this.#verifications.delete(key));
    }
    return pending;
  }

  async get(runId: number): Promise<ExportDoc> {
    const vkey = this.#verificationKey(runId);
    const verification = await this.#verification(runId, vkey);
    const key = `${vkey}|${reviewsVersion(this.#db)}`;
    let doc = this.#docs.get(key);
    if (!doc) {
      doc = buildExport(this.#db, String(runId), { model: this.#model, verification });
      evict(this.#docs, `${runId}|`);
      this.#docs.set(key, doc);
    }
    return doc;
  }

  /**
   * The run's national score with the evaluators' overrides in place. Verdicts
   * play no part in it, so none are computed: the runs page asks this of every run.
   */
  reviewedNational(runId: number): number | null {
    const version = reviewsVersion(this.#db);
    if (this.#reviewedVersion !== version) this.#reviewed.clear();
    this.#reviewedVersion = version;
    let score = this.#reviewed.get(runId);
    if (score === undefined) {
      score = buildExport(this.#db, String(runId), { model: this.#model, verification: null }).national.reviewedScore;
      this.#reviewed.set(runId, score);
    }
    return score;
  }

  /** Starts computing a run's document before anyone asks (the newest run, when the UI starts). */
  warm(runId: number): void {
    this.get(runId).catch(() => {});
  }
}

/** Drops a run's older entries, and the oldest entry once 8 are kept. */
function evict<T>(cache: Map<string, T>, runPrefix: string): void {
  for (const k of [...cache.keys()].filter((k) => k.startsWith(runPrefix))) cache.delete(k);
  if (cache.size >= 8) cache.delete(cache.keys().next().value!);
}

export interface FindingRef { id: number; runId: number; agencyId: string; indicatorId: string }

export function findingRef(db: Db, id: number): FindingRef | null {
  const row = db.prepare('SELECT id, run_id, agency_id, indicator_id FROM findings WHERE id = ?').get(id) as
    { id: number; run_id: number; agency_id: string; indicator_id: string } | undefined;
  return row ? { id: row.id, runId: row.run_id, agencyId: row.agency_id, indicatorId: row.indicator_id } : null;
}

/** Finding ids of a run by agency and indicator ("agency\nindicator"). */
export function findingIds(db: Db, runId: number, agencyId?: string): Map<string, number> {
  const rows = db.prepare('SELECT id, agency_id, indicator_id FROM findings WHERE run_id = ? AND (? IS NULL OR agency_id = ?)')
    .all(runId, agencyId ?? null, agencyId ?? null) as Array<{ id: number; agency_id: string; indicator_id: string }>;
  return new Map(rows.map((r) => [`${r.agency_id}\n${r.indicator_id}`, r.id]));
}

export interface TrendPoint { runId: number; asOf: string; observed: number | null; reviewed: number | null }

/** The agency's observed and reviewed score in every completed run that audited it, oldest first. */
export function agencyTrend(db: Db, model: Model, agencyId: string): TrendPoint[] {
  const runs = db.prepare(`SELECT r.id, r.as_of, a.score, a.coverage, a.pillars_json FROM runs r JOIN run_agencies a ON a.run_id = r.id
    WHERE a.agency_id = ? AND r.status = 'completed' ORDER BY r.id`).all(agencyId) as Array<{ id: number; as_of: string; score: number | null; coverage: number; pillars_json: string }>;
  const findings = db.prepare('SELECT id, indicator_id, outcome, score FROM findings WHERE run_id = ? AND agency_id = ?');
  return runs.map((r) => {
    const reviews = latestReviews(db, r.id, agencyId);
    const rows = findings.all(r.id, agencyId) as Array<{ id: number; indicator_id: string; outcome: Outcome; score: number | null }>;
    const overrides = new Map(rows.flatMap((f) => {
      const review = reviews.get(f.id);
      return review?.action === 'override' ? [[f.indicator_id, { outcome: review.outcome, score: review.score }] as const] : [];
    }));
    const stored = { score: r.score, pillars: JSON.parse(r.pillars_json), coverage: r.coverage, lowCoverage: r.coverage < model.minCoverage };
    const observed = rows.map((f) => ({ ruleId: f.indicator_id, outcome: f.outcome, score: f.score }));
    return { runId: r.id, asOf: r.as_of, observed: r.score, reviewed: reviewedAgencyScore(model, observed, overrides, stored).score };
  });
}

/** Titles of the pages the run crawled for an agency, by URL and final URL. */
export function pageTitles(db: Db, runId: number, agencyId: string): Map<string, string> {
  const rows = db.prepare('SELECT url, final_url, title FROM pages WHERE run_id = ? AND agency_id = ?').all(runId, agencyId) as Array<{ url: string; final_url: string; title: string }>;
  const titles = new Map<string, string>();
  for (const r of rows) {
    titles.set(r.url, r.title);
    titles.set(r.final_url, r.title);
  }
  return titles;
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

export interface BlobInfo {
  mime: string;
  size: number;
  pruned: boolean;
  /** A PNG's size in pixels (from its header), so a highlight can be drawn in the image's own coordinates. */
  image: { width: number; height: number } | null;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk that follows a PNG's signature. */
export function pngSize(head: Buffer | null): { width: number; height: number } | null {
  if (!head || head.length < 24 || !head.subarray(0, 8).equals(PNG_SIGNATURE) || head.toString('ascii', 12, 16) !== 'IHDR') return null;
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

export function blobInfo(db: Db, shas: readonly string[]): Map<string, BlobInfo> {
  // Only the first bytes are read: enough for a PNG header, not the whole image.
  const get = db.prepare('SELECT mime, size, bytes IS NULL AS pruned, substr(bytes, 1, 24) AS head FROM blobs WHERE sha256 = ?');
  const out = new Map<string, BlobInfo>();
  for (const sha of new Set(shas)) {
    const row = get.get(sha) as { mime: string; size: number; pruned: number; head: Buffer | null } | undefined;
    if (row) out.set(sha, { mime: row.mime, size: row.size, pruned: row.pruned === 1, image: row.mime === 'image/png' ? pngSize(row.head) : null });
  }
  return out;
}
