// Writes runs and, agency by agency in one transaction each, what was found.
import type { PageArtifact } from '../../crawlers/artifacts.ts';
import type { Finding } from '../engine/run-rules.ts';
import type { AgencyScore } from '../engine/scoring.ts';
import type { EvidenceItem } from '../evidence/capture.ts';
import { sha256 } from '../evidence/hash.ts';
import type { Agency } from '../registry/registry.ts';
import type { Db } from './db.ts';

export interface NewRun {
  asOf: string;
  modelVersion: string;
  modelHash: string;
  options: Record<string, unknown>;
}

export function createRun(db: Db, run: NewRun): number {
  const info = db.prepare(`INSERT INTO runs (started_at, status, as_of, model_version, model_hash, options_json)
    VALUES (?, 'running', ?, ?, ?, ?)`).run(new Date().toISOString(), run.asOf, run.modelVersion, run.modelHash, JSON.stringify(run.options));
  return Number(info.lastInsertRowid);
}

export interface AgencyResult {
  agency: Agency;
  error: string | null;
  scores: AgencyScore;
  pages: PageArtifact[];
  findings: Finding[];
  /** One list per finding, same order. */
  evidence: EvidenceItem[][];
  startedAt: string;
}

function putBlob(db: Db, bytes: Buffer, mime: string): string {
  const hash = sha256(bytes);
  db.prepare('INSERT OR IGNORE INTO blobs (sha256, mime, size, bytes) VALUES (?, ?, ?, ?)').run(hash, mime, bytes.length, bytes);
  return hash;
}

function savePages(db: Db, runId: number, agencyId: string, pages: PageArtifact[]): void {
  const insert = db.prepare(`INSERT INTO pages (run_id, agency_id, url, final_url, status, depth, fetched_by, title, content_type,
    headers_json, html_sha256, error, started_at, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const p of pages) {
    const html = p.html ? putBlob(db, Buffer.from(p.html, 'utf8'), 'text/html; charset=utf-8') : null;
    insert.run(runId, agencyId, p.url, p.finalUrl, p.status, p.depth, p.fetchedBy, p.title, p.contentType,
      JSON.stringify(p.headers), html, p.error, p.timing.startedAt, Math.round(p.timing.durationMs));
  }
}

function saveFindings(db: Db, runId: number, agencyId: string, findings: Finding[], evidence: EvidenceItem[][]): void {
  const insertFinding = db.prepare(`INSERT INTO findings (run_id, agency_id, indicator_id, pillar, outcome, score, message_key, data_json)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertEvidence = db.prepare(`INSERT INTO evidence (finding_id, kind, url, selector, snippet, sha256, mime, captured_at, selector_found)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  findings.forEach((f, i) => {
    const id = Number(insertFinding.run(runId, agencyId, f.ruleId, f.pillar, f.outcome, f.score, f.messageKey ?? null,
      JSON.stringify({ ...f.data, citations: f.evidence })).lastInsertRowid);
    for (const e of evidence[i] ?? []) {
      putBlob(db, e.bytes, e.mime);
      insertEvidence.run(id, e.kind, e.url, e.selector, e.snippet, e.sha256, e.mime, e.capturedAt,
        e.selectorFound === null ? null : Number(e.selectorFound));
    }
  });
}

/** Everything about one agency, committed at once: a crash loses at most the agency in progress. */
export function saveAgencyResult(db: Db, runId: number, r: AgencyResult): void {
  db.transaction(() => {
    db.prepare(`INSERT INTO run_agencies (run_id, agency_id, name_fa, name_en, homepage, hosts_json, status, error, score,
      coverage, pillars_json, pages_crawled, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(runId, r.agency.id, r.agency.name.fa, r.agency.name.en, r.agency.homepage, JSON.stringify(r.agency.hosts),
        r.error ? 'failed' : 'done', r.error, r.scores.score, r.scores.coverage, JSON.stringify(r.scores.pillars),
        r.pages.length, r.startedAt, new Date().toISOString());
    savePages(db, runId, r.agency.id, r.pages);
    saveFindings(db, runId, r.agency.id, r.findings, r.evidence);
  })();
}

/** The manifest hash chains this run to the previous completed one. */
export function computeManifest(db: Db, runId: number, prev: string | null, modelHash: string): string {
  const rows = db.prepare(`SELECT f.agency_id, f.indicator_id, f.outcome, f.score, f.message_key,
      (SELECT group_concat(e.kind || ':' || e.sha256, ',') FROM (SELECT kind, sha256 FROM evidence WHERE finding_id = f.id ORDER BY id) e) AS evidence
    FROM findings f WHERE f.run_id = ? ORDER BY f.agency_id, f.indicator_id`).all(runId);
  return sha256(JSON.stringify({ runId, prev, modelHash, findings: rows }));
}

export function finishRun(db: Db, runId: number, nationalScore: number | null, modelHash: string): void {
  db.transaction(() => {
    const prev = (db.prepare(`SELECT manifest_sha256 FROM runs WHERE status = 'completed' AND id < ? ORDER BY id DESC LIMIT 1`)
      .pluck().get(runId) as string | undefined) ?? null;
    const manifest = computeManifest(db, runId, prev, modelHash);
    db.prepare(`UPDATE runs SET status = 'completed', finished_at = ?, national_score = ?, prev_manifest_sha256 = ?, manifest_sha256 = ?
      WHERE id = ?`).run(new Date().toISOString(), nationalScore, prev, manifest, runId);
  })();
}

export function failRun(db: Db, runId: number): void {
  db.prepare(`UPDATE runs SET status = 'failed', finished_at = ? WHERE id = ?`).run(new Date().toISOString(), runId);
}
