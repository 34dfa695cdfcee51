// What the pages read from the store. The run, agency and indicator figures
// come from the JSON export (verdicts, claims and reviewed scores included),
// cached per run: verdicts until a declarations import, the rest until a review.
import type { Model } from '../../rules/catalog.ts';
import { reviewedAgencyScore } from '../engine/reviewed.ts';
import { verifyRunSteps, type RunVerification } from '../declarations/verify-run.ts';
import { buildExport, type ExportDoc } from '../report/json.ts';
import type { Db } from '../store/db.ts';
import { findRound } from '../store/declarations.ts';
import { latestReviews, reviewsVersion } from '../store/reviews.ts';
import { agencyOutcomes, agencyRunRows, blobHeads, blobSource, findingIdRows, findingRefRow, pageTitleRows, readBlob, runExists, runListRows, runProgress, type StoredBlob } from '../store/reads.ts';

export interface RunSummary {
  id: number; startedAt: string; finishedAt: string | null; status: string; asOf: string; model: string;
  national: number | null; agencies: number;
}

export function listRuns(db: Db): RunSummary[] {
  return runListRows(db).map((r) => ({
    id: r.id, startedAt: r.started_at, finishedAt: r.finished_at, status: r.status, asOf: r.as_of, model: r.model_version,
    national: r.national_score, agencies: r.agencies,
  }));
}

export { runExists, readBlob, blobSource, type StoredBlob };

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
    const progress = runProgress(this.#db, runId);
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
  const row = findingRefRow(db, id);
  return row ? { id: row.id, runId: row.run_id, agencyId: row.agency_id, indicatorId: row.indicator_id } : null;
}

/** Finding ids of a run by agency and indicator ("agency\nindicator"). */
export function findingIds(db: Db, runId: number, agencyId?: string): Map<string, number> {
  const rows = findingIdRows(db, runId, agencyId);
  return new Map(rows.map((r) => [`${r.agency_id}\n${r.indicator_id}`, r.id]));
}

export interface TrendPoint { runId: number; asOf: string; observed: number | null; reviewed: number | null }

/** The agency's observed and reviewed score in every completed run that audited it, oldest first. */
export function agencyTrend(db: Db, model: Model, agencyId: string): TrendPoint[] {
  const runs = agencyRunRows(db, agencyId);
  const findings = agencyOutcomes(db);
  return runs.map((r) => {
    const reviews = latestReviews(db, r.id, agencyId);
    const rows = findings(r.id, agencyId);
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
  const rows = pageTitleRows(db, runId, agencyId);
  const titles = new Map<string, string>();
  for (const r of rows) {
    titles.set(r.url, r.title);
    titles.set(r.final_url, r.title);
  }
  return titles;
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
  const out = new Map<string, BlobInfo>();
  for (const [sha, row] of blobHeads(db, new Set(shas))) {
    out.set(sha, { mime: row.mime, size: row.size, pruned: row.pruned === 1, image: row.mime === 'image/png' ? pngSize(row.head) : null });
  }
  return out;
}
