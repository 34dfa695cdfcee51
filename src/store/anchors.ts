// Anchors outside the database. The chains of runs and of reviews show what
// was changed inside them, but not what was cut off their newest end: a run
// or a review deleted or replaced, the chain recomputed. Two anchors catch it:
// - the operator's signature over each completed run's manifest (a key the
//   database never holds), checked against the published public key;
// - the head: the newest completed run's manifest and the newest review's hash
//   in one token, published each night; `verify --head` checks the database
//   still holds that run and that review, unchanged.
import { sha256 } from '../evidence/hash.ts';
import { runStatement, signatureValid, signText, type PublicKey, type SigningKey } from '../evidence/signing.ts';
import type { Db } from './db.ts';
import { hasReviewTables } from './reviews.ts';

export interface RunSignature { runId: number; manifestSha256: string; publicKey: string; signature: string; signedAt: string }

interface SignatureRow { run_id: number; manifest_sha256: string; public_key: string; signature: string; signed_at: string }

function hasSignatureTable(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'run_signatures'`).get() !== undefined;
}

const toSignature = (r: SignatureRow): RunSignature => ({ runId: r.run_id, manifestSha256: r.manifest_sha256, publicKey: r.public_key, signature: r.signature, signedAt: r.signed_at });

/** Signs a completed run's manifest with the operator's key and keeps the signature beside it. */
export function signRun(db: Db, runId: number, key: SigningKey, now: Date = new Date()): RunSignature {
  const manifest = db.prepare(`SELECT manifest_sha256 FROM runs WHERE id = ? AND status = 'completed'`).pluck().get(runId) as string | null | undefined;
  if (!manifest) throw new Error(`run ${runId} is not completed: there is no manifest to sign`);
  const row: SignatureRow = { run_id: runId, manifest_sha256: manifest, public_key: key.publicKey.base64, signature: signText(key, runStatement(runId, manifest)), signed_at: now.toISOString() };
  db.prepare(`INSERT OR REPLACE INTO run_signatures (run_id, manifest_sha256, public_key, signature, signed_at)
    VALUES (@run_id, @manifest_sha256, @public_key, @signature, @signed_at)`).run(row);
  return toSignature(row);
}

export function runSignature(db: Db, runId: number): RunSignature | null {
  if (!hasSignatureTable(db)) return null;
  const row = db.prepare('SELECT * FROM run_signatures WHERE run_id = ?').get(runId) as SignatureRow | undefined;
  return row ? toSignature(row) : null;
}

export interface AnchorCheck { problems: string[]; notes: string[]; signed: number }

/**
 * Every stored signature must be valid over its run's current manifest. With
 * the operator's public key, every signature must be by that key, and every
 * completed run from the first one it signed onwards must be signed.
 */
export function verifySignatures(db: Db, trusted: PublicKey | null): AnchorCheck {
  const check: AnchorCheck = { problems: [], notes: [], signed: 0 };
  const runs = db.prepare(`SELECT id, manifest_sha256 FROM runs WHERE status = 'completed' ORDER BY id`).all() as Array<{ id: number; manifest_sha256: string }>;
  const signatures = new Map((hasSignatureTable(db) ? db.prepare('SELECT * FROM run_signatures').all() as SignatureRow[] : []).map((r) => [r.run_id, toSignature(r)]));
  let signingBegan = false;
  for (const run of runs) {
    const s = signatures.get(run.id);
    signatures.delete(run.id);
    if (!s) {
      if (trusted && signingBegan) check.problems.push(`run ${run.id}: not signed, though runs before it were signed by the operator's key: a run was replaced, or its signature removed`);
      continue;
    }
    check.signed++;
    const byTrusted = trusted !== null && s.publicKey === trusted.base64;
    signingBegan ||= byTrusted;
    if (s.manifestSha256 !== run.manifest_sha256 || !signatureValid(s.publicKey, runStatement(run.id, run.manifest_sha256), s.signature)) {
      check.problems.push(`run ${run.id}: its signature does not match its manifest: the run was changed after it was signed`);
    } else if (trusted && !byTrusted) {
      check.problems.push(`run ${run.id}: signed by another key than the operator's (given with --public-key)`);
    }
  }
  for (const s of signatures.values()) check.problems.push(`run ${s.runId}: signed, but no longer a completed run in the database: it was hidden or deleted`);
  if (trusted && !signingBegan && runs.length) check.notes.push('no run is signed by the key given with --public-key');
  return check;
}

export interface Head { runId: number; manifestSha256: string | null; reviewId: number; reviewSha256: string | null; token: string }

function headHash(manifest: string | null, reviewSha: string | null): string {
  return sha256(`portal-audit/head@1 manifest=${manifest ?? 'none'} review=${reviewSha ?? 'none'}`);
}

/** `RUN.REVIEW.SHA256`: where the chains end now, and a hash binding the two ends. */
export function formatHead(runId: number, reviewId: number, hash: string): string {
  return `${runId}.${reviewId}.${hash}`;
}

/** The newest completed run and the newest review, as a head token. */
export function currentHead(db: Db): Head {
  const run = db.prepare(`SELECT id, manifest_sha256 FROM runs WHERE status = 'completed' ORDER BY id DESC LIMIT 1`).get() as { id: number; manifest_sha256: string } | undefined;
  const review = hasReviewTables(db) ? db.prepare('SELECT id, sha256 FROM reviews ORDER BY id DESC LIMIT 1').get() as { id: number; sha256: string } | undefined : undefined;
  const head = { runId: run?.id ?? 0, manifestSha256: run?.manifest_sha256 ?? null, reviewId: review?.id ?? 0, reviewSha256: review?.sha256 ?? null };
  return { ...head, token: formatHead(head.runId, head.reviewId, headHash(head.manifestSha256, head.reviewSha256)) };
}

export const HEAD_PATTERN = /^(\d+)\.(\d+)\.([0-9a-f]{64})$/;

/**
 * Problems when the database no longer holds the state a published head
 * describes: its run (completed, with the same manifest) and its review (the
 * same hash). Later runs and reviews are fine; the chains from the head
 * onwards are checked by `verifyStore`.
 */
export function checkHead(db: Db, token: string): string[] {
  const m = HEAD_PATTERN.exec(token);
  if (!m) return [`head ${token}: not a head (RUN.REVIEW.SHA256, as \`portal-audit head\` prints it)`];
  const [runId, reviewId, hash] = [Number(m[1]), Number(m[2]), m[3]];
  const problems: string[] = [];
  const run = runId === 0 ? null : db.prepare('SELECT status, manifest_sha256 FROM runs WHERE id = ?').get(runId) as { status: string; manifest_sha256: string | null } | undefined;
  if (run === undefined) problems.push(`head ${token}: run ${runId}, the newest completed run when the head was taken, is gone from the database`);
  else if (run !== null && run.status !== 'completed') problems.push(`head ${token}: run ${runId} was completed when the head was taken, and is now ${run.status}: it was hidden`);
  const review = reviewId === 0 ? null : hasReviewTables(db) ? db.prepare('SELECT sha256 FROM reviews WHERE id = ?').pluck().get(reviewId) as string | undefined : undefined;
  if (review === undefined) problems.push(`head ${token}: review #${reviewId}, the newest when the head was taken, is gone from the database`);
  if (problems.length === 0 && headHash(run?.manifest_sha256 ?? null, review ?? null) !== hash) {
    problems.push(`head ${token}: run ${runId} or review #${reviewId} is not what it was when the head was taken: it was replaced`);
  }
  return problems;
}
