// Writes runs and, agency by agency in one transaction each, what was found.
import type { BlockedFacts, PageArtifact } from '../../crawlers/artifacts.ts';
import type { Finding } from '../engine/run-rules.ts';
import type { AgencyScore } from '../engine/scoring.ts';
import type { EvidenceItem } from '../evidence/capture.ts';
import { sha256 } from '../evidence/hash.ts';
import type { Agency } from '../registry/registry.ts';
import type { Db } from './db.ts';
import { computeManifest, findingDigest, previousManifest, type EvidenceRowForDigest, type FindingRowForDigest } from './integrity.ts';

export interface NewRun {
  asOf: string;
  modelVersion: string;
  modelHash: string;
  /** The national-systems file the rules judged with (null: not recorded). */
  nationalSystems?: { version: string; sha256: string } | null;
  options: Record<string, unknown>;
}

export function createRun(db: Db, run: NewRun): number {
  const info = db.prepare(`INSERT INTO runs (started_at, status, as_of, model_version, model_hash, options_json, national_systems_version, national_systems_sha256)
    VALUES (?, 'running', ?, ?, ?, ?, ?, ?)`).run(new Date().toISOString(), run.asOf, run.modelVersion, run.modelHash, JSON.stringify(run.options),
    run.nationalSystems?.version ?? null, run.nationalSystems?.sha256 ?? null);
  return Number(info.lastInsertRowid);
}

export interface AgencyResult {
  agency: Agency;
  error: string | null;
  /** Set when the portal refused the crawler: nothing was assessed. */
  blocked?: BlockedFacts | null;
  scores: AgencyScore;
  pages: PageArtifact[];
  findings: Finding[];
  /** One list per finding, same order. */
  evidence: EvidenceItem[][];
  startedAt: string;
  /** Each sub-check's own status (robots, home page, capture). */
  checks: Record<string, unknown>;
}

function putBlob(db: Db, bytes: Buffer, mime: string): string {
  const hash = sha256(bytes);
  db.prepare('INSERT OR IGNORE INTO blobs (sha256, mime, size, bytes) VALUES (?, ?, ?, ?)').run(hash, mime, bytes.length, bytes);
  return hash;
}

function savePages(db: Db, runId: number, agencyId: string, pages: PageArtifact[]): void {
  const insert = db.prepare(`INSERT INTO pages (run_id, agency_id, url, final_url, status, depth, fetched_by, title, content_type,
    headers_json, html_sha256, error, started_at, duration_ms, retries, attempts_json, render_reason, encoding) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const p of pages) {
    const html = p.html ? putBlob(db, Buffer.from(p.html, 'utf8'), 'text/html; charset=utf-8') : null;
    insert.run(runId, agencyId, p.url, p.finalUrl, p.status, p.depth, p.fetchedBy, p.title, p.contentType,
      JSON.stringify(p.headers), html, p.error, p.timing.startedAt, Math.round(p.timing.durationMs), p.retries, JSON.stringify(p.attempts), p.renderReason, p.encoding);
  }
}

function saveFindings(db: Db, runId: number, agencyId: string, findings: Finding[], evidence: EvidenceItem[][]): void {
  const insertFinding = db.prepare(`INSERT INTO findings (run_id, agency_id, indicator_id, pillar, outcome, score, message_key, data_json)
    VALUES (@run_id, @agency_id, @indicator_id, @pillar, @outcome, @score, @message_key, @data_json)`);
  const insertEvidence = db.prepare(`INSERT INTO evidence (finding_id, kind, url, selector, snippet, sha256, mime, captured_at, selector_found, service_url, box_json)
    VALUES (@finding_id, @kind, @url, @selector, @snippet, @sha256, @mime, @captured_at, @selector_found, @service_url, @box_json)`);
  const seal = db.prepare('UPDATE findings SET sha256 = ? WHERE id = ?');
  findings.forEach((f, i) => {
    const row: FindingRowForDigest = {
      run_id: runId, agency_id: agencyId, indicator_id: f.ruleId, pillar: f.pillar, outcome: f.outcome, score: f.score,
      message_key: f.messageKey ?? null,
      data_json: JSON.stringify({ ...f.data, citations: f.evidence, ...(f.services ? { services: f.services } : {}) }),
    };
    const id = Number(insertFinding.run(row).lastInsertRowid);
    const rows: EvidenceRowForDigest[] = (evidence[i] ?? []).map((e) => {
      putBlob(db, e.bytes, e.mime);
      return { kind: e.kind, url: e.url, selector: e.selector, snippet: e.snippet, sha256: e.sha256, mime: e.mime, captured_at: e.capturedAt,
        selector_found: e.selectorFound === null ? null : Number(e.selectorFound), service_url: e.serviceUrl, box_json: e.box ? JSON.stringify(e.box) : null };
    });
    for (const r of rows) insertEvidence.run({ ...r, finding_id: id });
    seal.run(findingDigest(row, rows), id);
  });
}

/** Everything about one agency, committed at once: a crash loses at most the agency in progress. */
export function saveAgencyResult(db: Db, runId: number, r: AgencyResult): void {
  db.transaction(() => {
    db.prepare(`INSERT INTO run_agencies (run_id, agency_id, name_fa, name_en, homepage, hosts_json, status, error, score,
      coverage, pillars_json, pages_crawled, started_at, finished_at, checks_json, retries, blocked_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(runId, r.agency.id, r.agency.name.fa, r.agency.name.en, r.agency.homepage, JSON.stringify(r.agency.hosts),
        r.error ? 'failed' : 'done', r.error, r.scores.score, r.scores.coverage, JSON.stringify(r.scores.pillars),
        r.pages.length, r.startedAt, new Date().toISOString(), JSON.stringify(r.checks), r.pages.reduce((n, p) => n + p.retries, 0),
        r.blocked ? JSON.stringify({ kind: r.blocked.kind, detail: r.blocked.detail, url: r.blocked.url, status: r.blocked.status }) : null);
    savePages(db, runId, r.agency.id, r.pages);
    saveFindings(db, runId, r.agency.id, r.findings, r.evidence);
  })();
}

/** Whether the run already holds this agency (each agency is stored once per run). */
export function agencyStored(db: Db, runId: number, agencyId: string): boolean {
  return db.prepare('SELECT 1 FROM run_agencies WHERE run_id = ? AND agency_id = ?').get(runId, agencyId) !== undefined;
}

export function finishRun(db: Db, runId: number, nationalScore: number | null, modelHash: string): void {
  db.transaction(() => {
    const prev = previousManifest(db, runId);
    const run = db.prepare('SELECT as_of, national_systems_sha256 FROM runs WHERE id = ?').get(runId) as { as_of: string; national_systems_sha256: string | null };
    const manifest = computeManifest(db, { id: runId, as_of: run.as_of, model_hash: modelHash, national_systems_sha256: run.national_systems_sha256 }, prev);
    db.prepare(`UPDATE runs SET status = 'completed', finished_at = ?, national_score = ?, prev_manifest_sha256 = ?, manifest_sha256 = ?
      WHERE id = ?`).run(new Date().toISOString(), nationalScore, prev, manifest, runId);
  })();
}

export function failRun(db: Db, runId: number): void {
  db.prepare(`UPDATE runs SET status = 'failed', finished_at = ? WHERE id = ?`).run(new Date().toISOString(), runId);
}

/** The newest run left unfinished (crashed, stopped or interrupted), if any. */
export function unfinishedRun(db: Db): { id: number; as_of: string; options_json: string; national_systems_sha256: string | null } | undefined {
  return db.prepare(`SELECT id, as_of, options_json, national_systems_sha256 FROM runs WHERE status = 'running' ORDER BY id DESC LIMIT 1`).get() as
    { id: number; as_of: string; options_json: string; national_systems_sha256: string | null } | undefined;
}

/** The agencies a run holds. */
export function storedAgencyIds(db: Db, runId: number): string[] {
  return db.prepare('SELECT agency_id FROM run_agencies WHERE run_id = ?').pluck().all(runId) as string[];
}

/** The scores of a run's stored agencies (null: not assessed). */
export function storedScores(db: Db, runId: number): Array<number | null> {
  return db.prepare('SELECT score FROM run_agencies WHERE run_id = ?').pluck().all(runId) as Array<number | null>;
}
