// Tamper evidence (WACZ-style): every finding has a digest over its row and
// its evidence rows; a run's manifest covers the previous run's manifest, the
// model hash, every agency row and every finding digest. `verify` recomputes
// all of it and names what no longer matches.
import { sha256 } from '../evidence/hash.ts';
import type { Db } from './db.ts';
import { verifyReviews } from './reviews.ts';

export interface FindingRowForDigest {
  run_id: number; agency_id: string; indicator_id: string; pillar: string; outcome: string;
  score: number | null; message_key: string | null; data_json: string;
}
export interface EvidenceRowForDigest {
  kind: string; url: string; selector: string | null; snippet: string; sha256: string; mime: string;
  captured_at: string; selector_found: number | null; service_url: string | null;
  /** Added later: left out of the digest when null, so older findings keep their digests. */
  box_json?: string | null;
}

export function findingDigest(f: FindingRowForDigest, evidence: EvidenceRowForDigest[]): string {
  return sha256(JSON.stringify([
    f.run_id, f.agency_id, f.indicator_id, f.pillar, f.outcome, f.score, f.message_key, f.data_json,
    evidence.map((e) => [e.kind, e.url, e.selector, e.snippet, e.sha256, e.mime, e.captured_at, e.selector_found, e.service_url, ...(e.box_json ? [e.box_json] : [])]),
  ]));
}

interface RunRow { id: number; status: string; as_of: string; model_hash: string; prev_manifest_sha256: string | null; manifest_sha256: string | null; national_systems_sha256?: string | null }

/** Added later (blocked_json): appended only when set, so older runs keep their manifests. */
function agencyRows(db: Db, runId: number): unknown[] {
  const rows = db.prepare(`SELECT agency_id, status, error, score, coverage, pillars_json, blocked_json FROM run_agencies WHERE run_id = ? ORDER BY agency_id`)
    .raw().all(runId) as unknown[][];
  return rows.map((r) => (r[6] === null ? r.slice(0, 6) : r));
}

/** Digests recomputed from the rows as they stand now, keyed by finding id. */
function recomputedDigests(db: Db, runId: number): Array<{ id: number; agency_id: string; indicator_id: string; stored: string | null; now: string }> {
  const findings = db.prepare(`SELECT * FROM findings WHERE run_id = ? ORDER BY agency_id, indicator_id`).all(runId) as Array<FindingRowForDigest & { id: number; sha256: string | null }>;
  const evidence = db.prepare(`SELECT kind, url, selector, snippet, sha256, mime, captured_at, selector_found, service_url, box_json FROM evidence WHERE finding_id = ? ORDER BY id`);
  return findings.map((f) => ({ id: f.id, agency_id: f.agency_id, indicator_id: f.indicator_id, stored: f.sha256, now: findingDigest(f, evidence.all(f.id) as EvidenceRowForDigest[]) }));
}

/** The national-systems hash is covered when the run recorded one (runs made before it keep their manifests). */
export function computeManifest(db: Db, run: Pick<RunRow, 'id' | 'as_of' | 'model_hash' | 'national_systems_sha256'>, prev: string | null, digests = recomputedDigests(db, run.id)): string {
  return sha256(JSON.stringify({
    version: 2, runId: run.id, prev, modelHash: run.model_hash, asOf: run.as_of,
    ...(run.national_systems_sha256 ? { nationalSystemsSha256: run.national_systems_sha256 } : {}),
    agencies: agencyRows(db, run.id), findings: digests.map((d) => [d.agency_id, d.indicator_id, d.now]),
  }));
}

export function previousManifest(db: Db, runId: number): string | null {
  return (db.prepare(`SELECT manifest_sha256 FROM runs WHERE status = 'completed' AND id < ? ORDER BY id DESC LIMIT 1`).pluck().get(runId) as string | null | undefined) ?? null;
}

export interface VerifyReport {
  runs: number;
  findings: number;
  /** Evaluators' reviews: each one's hash and its link to the one before. */
  reviews: number;
  blobs: number;
  prunedBlobs: number;
  problems: string[];
  notes: string[];
}

function verifyBlobs(db: Db, report: VerifyReport): void {
  const users = db.prepare(`SELECT f.run_id, f.agency_id, f.indicator_id, e.kind FROM evidence e JOIN findings f ON f.id = e.finding_id WHERE e.sha256 = ? LIMIT 3`);
  for (const b of db.prepare('SELECT sha256, bytes FROM blobs').iterate() as Iterable<{ sha256: string; bytes: Buffer | null }>) {
    if (b.bytes === null) {
      report.prunedBlobs++;
      continue;
    }
    report.blobs++;
    if (sha256(b.bytes) !== b.sha256) {
      const used = (users.all(b.sha256) as Array<{ run_id: number; agency_id: string; indicator_id: string; kind: string }>)
        .map((u) => `run ${u.run_id} ${u.agency_id}/${u.indicator_id} (${u.kind})`).join(', ');
      report.problems.push(`altered blob ${b.sha256}: its bytes no longer hash to its name${used ? `; cited by ${used}` : ''}`);
    }
  }
  const missing = db.prepare(`SELECT e.id, e.sha256, f.run_id, f.agency_id, f.indicator_id FROM evidence e JOIN findings f ON f.id = e.finding_id
    LEFT JOIN blobs b ON b.sha256 = e.sha256 WHERE b.sha256 IS NULL`).all() as Array<{ id: number; sha256: string; run_id: number; agency_id: string; indicator_id: string }>;
  for (const m of missing) report.problems.push(`missing blob ${m.sha256} for evidence #${m.id} of run ${m.run_id} ${m.agency_id}/${m.indicator_id}`);
}

function verifyRun(db: Db, run: RunRow, expectedPrev: string | null, report: VerifyReport): void {
  const digests = recomputedDigests(db, run.id);
  report.findings += digests.length;
  for (const d of digests) {
    if (d.stored !== d.now) report.problems.push(`run ${run.id}: altered finding ${d.agency_id}/${d.indicator_id} (#${d.id}): its row or its evidence rows changed since capture`);
  }
  if (run.status !== 'completed') {
    report.notes.push(`run ${run.id} is ${run.status === 'running' ? 'unfinished' : run.status}: it has no manifest yet`);
    return;
  }
  if (run.prev_manifest_sha256 !== expectedPrev) {
    report.problems.push(`run ${run.id}: broken chain: it records previous manifest ${run.prev_manifest_sha256 ?? 'none'}, but the previous completed run's manifest is ${expectedPrev ?? 'none'}`);
  }
  if (computeManifest(db, run, run.prev_manifest_sha256, digests) !== run.manifest_sha256) {
    report.problems.push(`run ${run.id}: manifest mismatch: a finding, an agency result or the run's own record was added, removed or changed`);
  }
}

/** Recompute every blob hash, finding digest, manifest and chain link. */
export function verifyStore(db: Db, onlyRun?: number): VerifyReport {
  const report: VerifyReport = { runs: 0, findings: 0, reviews: 0, blobs: 0, prunedBlobs: 0, problems: [], notes: [] };
  verifyBlobs(db, report);
  const reviews = verifyReviews(db);
  report.reviews = reviews.reviews;
  report.problems.push(...reviews.problems);
  let prev: string | null = null;
  for (const run of db.prepare('SELECT * FROM runs ORDER BY id').all() as RunRow[]) {
    if (onlyRun === undefined || onlyRun === run.id) {
      report.runs++;
      verifyRun(db, run, prev, report);
    }
    if (run.status === 'completed') prev = run.manifest_sha256;
  }
  return report;
}
