// The JSON export, schema portal-audit/export@1 (CONTRACT.md). Built from the
// store alone, so it shows what was recorded, whatever the code does today.
import type { BlockedFacts } from '../../crawlers/artifacts.ts';
import type { Model } from '../../rules/catalog.ts';
import type { Claim } from '../declarations/compare.ts';
import type { Outcome, PillarId } from '../engine/define-rule.ts';
import { reviewedAgencyScore, type Override } from '../engine/reviewed.ts';
import { nationalScore, type AgencyScore } from '../engine/scoring.ts';
import type { ServiceCatalogCheck } from '../declarations/service-check.ts';
import { verifyRun, type AgencyVerification, type RunVerification } from '../declarations/verify-run.ts';
import { em, UserError } from '../errors.ts';
import type { Lang } from '../i18n/messages.ts';
import { runSignature } from '../store/anchors.ts';
import type { Db } from '../store/db.ts';
import { latestReviews, type Review } from '../store/reviews.ts';
import { agencyFindingRows, evidenceRows, runAgencyRows, runRow } from '../store/reads.ts';

export const EXPORT_SCHEMA = 'portal-audit/export@1';

interface RunRow {
  id: number; started_at: string; finished_at: string | null; status: string; model_version: string; model_hash: string; as_of: string; national_score: number | null; manifest_sha256: string | null;
  national_systems_version: string | null; national_systems_sha256: string | null;
}
interface AgencyRow { agency_id: string; name_fa: string; name_en: string; homepage: string; error: string | null; score: number | null; coverage: number; pillars_json: string; pages_crawled: number; blocked_json: string | null }
interface FindingRow { id: number; agency_id: string; indicator_id: string; pillar: string; outcome: string; score: number | null; message_key: string | null; data_json: string }
interface EvidenceRow { finding_id: number; kind: string; url: string; selector: string | null; snippet: string; sha256: string; captured_at: string; selector_found: number | null; service_url: string | null; box_json: string | null }

/** `box`: where the cited element is in the screenshot (pixels), for drawing the highlight; absent when not located. */
export interface ExportEvidence { url: string; kind: string; sha256: string; selector: string | null; snippet: string; capturedAt: string; selectorFound?: boolean; box?: { x: number; y: number; width: number; height: number } }
/** A sampled service of a per-service indicator, with its own result and evidence. */
export interface ExportService { url: string; outcome: string; score: number | null; messageKey: string | null; data: Record<string, unknown>; evidence: ExportEvidence[] }
/** An evaluator's latest review of the finding; the observed outcome and score above are never changed by it. */
export interface ExportReview {
  action: 'confirm' | 'override'; outcome: string; score: number | null; reason: string; by: string; role: string; at: string; sha256: string;
}
export interface ExportIndicator {
  id: string; pillar: string; outcome: string; score: number | null; messageKey: string | null; data: Record<string, unknown>;
  evidence: ExportEvidence[];
  /** Per-service indicators only. */
  services?: ExportService[];
  declared: number | null; verdict: string | null;
  /** An over-claim on an indicator whose detector is not yet trusted: an evaluator should look first. */
  suspected: boolean; review: ExportReview | null;
}
/** One row of the declarations file, with its verdict. */
export interface ExportClaim {
  indicator: string; serviceUrl: string | null; declared: number; declaredRaw: string; count: number | null; note: string;
  row: number; observed: number | null; verdict: string; suspected: boolean;
}
export interface ExportAgency {
  id: string; name: { fa: string; en: string }; homepage: string; rank: number | null; score: number | null;
  /** The score with the evaluators' overrides in place of the observed outcomes; equal to score when nothing was overridden. */
  reviewedScore: number | null; coverage: number;
  lowCoverage: boolean; pillars: Record<string, number | null>; declaredScore: number | null; gap: number | null;
  verificationRate: number | null;
  error: string | null;
  /** Set when the portal refused the crawler (403/429, a bot or WAF challenge, a geo-block): nothing was assessed and the scores are null. */
  blocked: ExportBlocked | null;
  pagesCrawled: number; indicators: ExportIndicator[];
  /** Every claim of the round about this agency (empty when it declared nothing). */
  claims: ExportClaim[];
  serviceCatalog: ServiceCatalogCheck | null;
}
export type ExportBlocked = Pick<BlockedFacts, 'kind' | 'detail'>;

export interface ExportDeclarations {
  round: string; file: string; sha256: string; format: string; encoding: string; rows: number; importedAt: string;
  /** Agencies that declared something but were not audited in this run. */
  notInRun: string[];
}
export interface ExportDoc {
  schema: string;
  run: {
    id: number; startedAt: string; finishedAt: string | null; status: string; model: string; modelHash: string; asOf: string; manifestSha256: string | null;
    /** The operator's Ed25519 signature (base64) over "portal-audit/run@1 run=ID manifest=SHA256", and its public key (SPKI DER, base64); null when the run was not signed. */
    signature: string | null; publicKey: string | null;
    /** The national-systems file the run judged with (null for runs made before it was recorded). */
    nationalSystems: { version: string; sha256: string } | null;
  };
  national: { score: number | null; reviewedScore: number | null; agencies: number; scored: number };
  /** The declarations round the verdicts were computed against, or null when none was imported. */
  declarations: ExportDeclarations | null;
  agencies: ExportAgency[];
}

export function resolveRun(db: Db, run: string): RunRow {
  const row = run === 'latest' ? runRow<RunRow>(db, 'latest') : /^\d+$/.test(run) ? runRow<RunRow>(db, Number(run)) : undefined;
  if (!row) throw new UserError(run === 'latest' ? em('run.none') : em('run.unknown', { run }));
  return row as RunRow;
}

function evidenceOf(rows: EvidenceRow[]): ExportEvidence[] {
  return rows.map((e) => ({
    url: e.url, kind: e.kind, sha256: e.sha256, selector: e.selector, snippet: e.snippet, capturedAt: e.captured_at,
    ...(e.selector_found === null ? {} : { selectorFound: e.selector_found === 1 }),
    ...(e.box_json ? { box: JSON.parse(e.box_json) } : {}),
  }));
}

interface StoredService { url: string; outcome: string; score: number | null; messageKey?: string; data?: Record<string, unknown> }

function servicesOf(services: StoredService[], rows: EvidenceRow[]): ExportService[] {
  return services.map((svc) => ({
    url: svc.url, outcome: svc.outcome, score: svc.score, messageKey: svc.messageKey ?? null, data: svc.data ?? {},
    evidence: evidenceOf(rows.filter((r) => r.service_url === svc.url)),
  }));
}

function reviewOf(r: Review | undefined): ExportReview | null {
  return r ? { action: r.action, outcome: r.outcome, score: r.score, reason: r.reason, by: r.username, role: r.role, at: r.createdAt, sha256: r.sha256 } : null;
}

function indicatorsOf(db: Db, runId: number, agencyId: string, verified: AgencyVerification | undefined, reviews: Map<number, Review>): ExportIndicator[] {
  const findings = agencyFindingRows<FindingRow>(db, runId, agencyId);
  const evidence = evidenceRows<EvidenceRow>(db);
  return findings.map((f) => {
    const { citations: _citations, services, ...data } = JSON.parse(f.data_json) as Record<string, unknown> & { services?: StoredService[] };
    const claim = verified?.indicators.get(f.indicator_id);
    const rows = evidence(f.id);
    return {
      id: f.indicator_id, pillar: f.pillar, outcome: f.outcome, score: f.score, messageKey: f.message_key, data,
      evidence: evidenceOf(rows.filter((r) => !r.service_url)),
      ...(services ? { services: servicesOf(services, rows) } : {}),
      declared: claim?.declared ?? null, verdict: claim?.verdict ?? null, suspected: claim?.suspected ?? false,
      review: reviewOf(reviews.get(f.id)),
    };
  });
}

/** Agencies ranked by score, unscored last; ties share a rank. */
function rank(agencies: ExportAgency[]): ExportAgency[] {
  agencies.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.id.localeCompare(b.id));
  let prev: number | null = null;
  let prevRank = 0;
  agencies.forEach((a, i) => {
    if (a.score === null) return;
    prevRank = a.score === prev ? prevRank : i + 1;
    prev = a.score;
    a.rank = prevRank;
  });
  return agencies;
}

function claimOf(c: Claim): ExportClaim {
  return {
    indicator: c.indicatorId, serviceUrl: c.serviceUrl, declared: c.declared, declaredRaw: c.declaredRaw, count: c.count, note: c.note,
    row: c.row, observed: c.observed, verdict: c.verdict, suspected: c.suspected,
  };
}

function declarationsOf(v: RunVerification | null): ExportDeclarations | null {
  if (!v) return null;
  const r = v.round;
  return { round: r.name, file: r.file, sha256: r.sha256, format: r.format, encoding: r.encoding, rows: r.rowCount, importedAt: r.importedAt, notInRun: v.notInRun };
}

/** Overrides keyed by indicator id, from the indicators' latest reviews. */
export function overridesOf(indicators: readonly ExportIndicator[]): Map<string, Override> {
  return new Map(indicators.filter((i) => i.review?.action === 'override').map((i) => [i.id, { outcome: i.review!.outcome as Outcome, score: i.review!.score }]));
}

/** An agency's scores (agency, pillars, coverage) with its evaluators' overrides applied. */
export function reviewedScores(model: Model, a: Pick<ExportAgency, 'score' | 'pillars' | 'coverage' | 'lowCoverage' | 'indicators'>): AgencyScore {
  const observed = a.indicators.map((i) => ({ ruleId: i.id, outcome: i.outcome as Outcome, score: i.score }));
  const stored: AgencyScore = { score: a.score, pillars: a.pillars as Record<PillarId, number | null>, coverage: a.coverage, lowCoverage: a.lowCoverage };
  return reviewedAgencyScore(model, observed, overridesOf(a.indicators), stored);
}

function blockedOf(json: string | null): ExportBlocked | null {
  if (!json) return null;
  const b = JSON.parse(json) as ExportBlocked;
  return { kind: b.kind, detail: b.detail };
}

export interface ExportOptions {
  /** The model that scores declared values (the one the run was scored with). */
  model: Model;
  /** Declarations round to verify against; default the latest imported. */
  round?: string;
  /** Language of an error about the round. */
  lang?: Lang;
  /** The verdicts of this run against the round, when already computed (the review UI computes them off the request path). */
  verification?: RunVerification | null;
}

export function buildExport(db: Db, run: string, options: ExportOptions): ExportDoc {
  const r = resolveRun(db, run);
  const verification = options.verification !== undefined ? options.verification : verifyRun(db, options.model, r.id, options.round, options.lang);
  const rows = runAgencyRows<AgencyRow>(db, r.id);
  const reviews = latestReviews(db, r.id);
  const signature = runSignature(db, r.id);
  const agencies = rows.map((a): ExportAgency => {
    const v = verification?.agencies.get(a.agency_id);
    const indicators = indicatorsOf(db, r.id, a.agency_id, v, reviews);
    const pillars = JSON.parse(a.pillars_json) as Record<string, number | null>;
    const lowCoverage = a.coverage < options.model.minCoverage;
    return {
      id: a.agency_id, name: { fa: a.name_fa, en: a.name_en }, homepage: a.homepage, rank: null, score: a.score,
      reviewedScore: reviewedScores(options.model, { score: a.score, pillars, coverage: a.coverage, lowCoverage, indicators }).score,
      coverage: a.coverage, lowCoverage, pillars,
      declaredScore: v?.declaredScore ?? null, gap: v?.gap ?? null, verificationRate: v?.verificationRate ?? null,
      error: a.error, blocked: blockedOf(a.blocked_json), pagesCrawled: a.pages_crawled,
      indicators,
      claims: v?.claims.map(claimOf) ?? [], serviceCatalog: v?.serviceCatalog ?? null,
    };
  });
  return {
    schema: EXPORT_SCHEMA,
    run: {
      id: r.id, startedAt: r.started_at, finishedAt: r.finished_at, status: r.status, model: r.model_version, modelHash: r.model_hash, asOf: r.as_of, manifestSha256: r.manifest_sha256,
      signature: signature?.signature ?? null, publicKey: signature?.publicKey ?? null,
      nationalSystems: r.national_systems_sha256 ? { version: r.national_systems_version ?? '', sha256: r.national_systems_sha256 } : null,
    },
    national: {
      score: r.national_score,
      reviewedScore: [...reviews.values()].some((x) => x.action === 'override') ? nationalScore(agencies.map((a) => a.reviewedScore)) : r.national_score,
      agencies: agencies.length, scored: agencies.filter((a) => a.score !== null).length,
    },
    declarations: declarationsOf(verification),
    agencies: rank(agencies),
  };
}
