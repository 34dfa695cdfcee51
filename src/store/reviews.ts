// Evaluators' reviews of findings: confirm, or override the outcome with a
// reason. Append-only and hash-chained; the finding itself is never touched.
import type { Outcome } from '../engine/define-rule.ts';
import { sha256 } from '../evidence/hash.ts';
import type { Db } from './db.ts';

export type ReviewAction = 'confirm' | 'override';

export interface NewReview {
  findingId: number;
  action: ReviewAction;
  outcome: Outcome;
  score: number | null;
  reason: string;
  username: string;
  role: string;
}

export interface Review extends NewReview {
  id: number;
  createdAt: string;
  sha256: string;
}

interface ReviewRow {
  id: number; finding_id: number; action: ReviewAction; outcome: Outcome; score: number | null; reason: string;
  username: string; role: string; created_at: string; prev_sha256: string | null; sha256: string;
}

/** A database written before the review UI existed has no reviews table; readers treat it as empty. */
export function hasReviewTables(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reviews'`).get() !== undefined;
}

/** The row's hash binds it to the finding's own digest and to the review before it. */
function reviewDigest(r: Omit<ReviewRow, 'id' | 'sha256'>, findingSha256: string | null): string {
  return sha256(JSON.stringify([r.prev_sha256, r.finding_id, findingSha256, r.action, r.outcome, r.score, r.reason, r.username, r.role, r.created_at]));
}

function toReview(r: ReviewRow): Review {
  return {
    id: r.id, findingId: r.finding_id, action: r.action, outcome: r.outcome, score: r.score, reason: r.reason,
    username: r.username, role: r.role, createdAt: r.created_at, sha256: r.sha256,
  };
}

export function addReview(db: Db, review: NewReview, now: Date = new Date()): Review {
  return db.transaction(() => {
    const findingSha = db.prepare('SELECT sha256 FROM findings WHERE id = ?').pluck().get(review.findingId) as string | null | undefined;
    if (findingSha === undefined) throw new Error(`no finding ${review.findingId}`);
    const prev = (db.prepare('SELECT sha256 FROM reviews ORDER BY id DESC LIMIT 1').pluck().get() as string | undefined) ?? null;
    const row = {
      finding_id: review.findingId, action: review.action, outcome: review.outcome, score: review.score, reason: review.reason,
      username: review.username, role: review.role, created_at: now.toISOString(), prev_sha256: prev,
    };
    const hash = reviewDigest(row, findingSha);
    const id = Number(db.prepare(`INSERT INTO reviews (finding_id, action, outcome, score, reason, username, role, created_at, prev_sha256, sha256)
      VALUES (@finding_id, @action, @outcome, @score, @reason, @username, @role, @created_at, @prev_sha256, @sha256)`).run({ ...row, sha256: hash }).lastInsertRowid);
    return toReview({ ...row, id, sha256: hash });
  })();
}

/** Every review of a finding, oldest first. */
export function reviewHistory(db: Db, findingId: number): Review[] {
  if (!hasReviewTables(db)) return [];
  return (db.prepare('SELECT * FROM reviews WHERE finding_id = ? ORDER BY id').all(findingId) as ReviewRow[]).map(toReview);
}

/** The latest review of each reviewed finding of a run (optionally one agency), keyed by finding id. */
export function latestReviews(db: Db, runId: number, agencyId?: string): Map<number, Review> {
  if (!hasReviewTables(db)) return new Map();
  const rows = db.prepare(`SELECT r.* FROM reviews r JOIN findings f ON f.id = r.finding_id
    WHERE f.run_id = ? AND (? IS NULL OR f.agency_id = ?) AND r.id = (SELECT MAX(id) FROM reviews WHERE finding_id = r.finding_id)`)
    .all(runId, agencyId ?? null, agencyId ?? null) as ReviewRow[];
  return new Map(rows.map((r) => [r.finding_id, toReview(r)]));
}

/** Changes whenever a review is added: a cache key for anything computed from reviews. */
export function reviewsVersion(db: Db): number {
  if (!hasReviewTables(db)) return 0;
  return (db.prepare('SELECT MAX(id) FROM reviews').pluck().get() as number | null) ?? 0;
}

export interface ReviewCheck { reviews: number; problems: string[] }

/** Recompute every review's hash and its link to the one before. */
export function verifyReviews(db: Db): ReviewCheck {
  const check: ReviewCheck = { reviews: 0, problems: [] };
  if (!hasReviewTables(db)) return check;
  const findingSha = db.prepare('SELECT sha256 FROM findings WHERE id = ?').pluck();
  let prev: string | null = null;
  for (const r of db.prepare('SELECT * FROM reviews ORDER BY id').iterate() as Iterable<ReviewRow>) {
    check.reviews++;
    if (r.prev_sha256 !== prev) check.problems.push(`review #${r.id}: broken chain: the review before it was changed or deleted`);
    if (reviewDigest(r, (findingSha.get(r.finding_id) as string | null | undefined) ?? null) !== r.sha256) {
      check.problems.push(`altered review #${r.id} of finding #${r.finding_id}: its row or the finding it reviewed changed since it was recorded`);
    }
    prev = r.sha256;
  }
  return check;
}
