// Sets a declarations round against a stored run: every agency of the run
// that declared something gets its verdicts, scores and service catalog check.
// Read-only; verdicts are computed, never stored.
import type { Model } from '../../rules/catalog.ts';
import type { Outcome } from '../engine/define-rule.ts';
import { UserError } from '../errors.ts';
import { td } from '../i18n/declarations.ts';
import type { Lang } from '../i18n/messages.ts';
import type { Db } from '../store/db.ts';
import { findRound, listRounds, roundAgencies, roundDeclarations, type Round } from '../store/declarations.ts';
import { agencyFindingData, agencyPageStatuses, storedPageHtml } from '../store/reads.ts';
import { storedAgencyIds } from '../store/runs.ts';
import { claimOf, compareClaims, observedScores, type AgencyComparison, type Claim, type ServiceScores } from './compare.ts';
import { COUNT_INDICATOR } from './declared-value.ts';
import { catalogLinks, checkServiceCatalog, urlKey, type PageStatus, type ServiceCatalogCheck } from './service-check.ts';

export interface AgencyVerification extends AgencyComparison {
  serviceCatalog: ServiceCatalogCheck;
}

export interface RunVerification {
  round: Round;
  agencies: Map<string, AgencyVerification>;
  /** Agencies that declared something but are not in this run. */
  notInRun: string[];
}

interface FindingRow { indicator_id: string; outcome: Outcome; score: number | null; data_json: string }
interface Citation { pageUrl: string; selector: string | null }

/** The round asked for, or the latest; null when nothing was ever imported. */
export function chooseRound(db: Db, name: string | undefined, lang: Lang = 'en'): Round | null {
  const round = findRound(db, name);
  if (round || name === undefined) return round;
  const names = listRounds(db).map((r) => r.name);
  const known = names.length ? td(lang, 'export.rounds', { names: names.join(', ') }) : td(lang, 'export.noRounds');
  throw new UserError(td(lang, 'export.round', { name, known }));
}

function pageHtml(db: Db, runId: number, agencyId: string, url: string): string | null {
  const bytes = storedPageHtml(db, runId, agencyId, url);
  return bytes ? bytes.toString('utf8') : null;
}

/** What the service-catalog finding recorded: its count and the list it cited. */
function observedCatalog(db: Db, runId: number, agencyId: string, finding: FindingRow | undefined) {
  if (!finding) return { count: null, url: null, links: [] as string[] };
  const data = JSON.parse(finding.data_json) as { count?: unknown; url?: unknown; citations?: Citation[] };
  const count = typeof data.count === 'number' ? data.count : null;
  const cited = data.citations?.find((c) => c.selector);
  const html = cited ? pageHtml(db, runId, agencyId, cited.pageUrl) : null;
  return {
    count,
    url: cited?.pageUrl ?? (typeof data.url === 'string' ? data.url : null),
    links: cited && html ? catalogLinks(html, cited.pageUrl, cited.selector!) : [],
  };
}

/** What per-service rules recorded for each sampled service (findings data `services`). */
function serviceScores(findings: FindingRow[]): ServiceScores {
  const out = new Map<string, Map<string, number | null>>();
  for (const f of findings) {
    const { services } = JSON.parse(f.data_json) as { services?: Array<{ url: string; score: number | null }> };
    if (Array.isArray(services)) out.set(f.indicator_id, new Map(services.map((s) => [urlKey(s.url), s.score ?? null])));
  }
  return out;
}

/** Claims judged per step: an agency may declare a hundred thousand services. */
const CLAIMS_PER_STEP = 10_000;

function* verifyAgency(db: Db, model: Model, runId: number, agencyId: string, roundId: number): Generator<void, AgencyVerification> {
  const declarations = roundDeclarations(db, roundId, agencyId);
  const findings = agencyFindingData<FindingRow>(db, runId, agencyId);
  const scored = findings.map((f) => ({ ruleId: f.indicator_id, outcome: f.outcome, score: f.score }));
  const observed = observedScores(scored);
  const services = serviceScores(findings);
  const claims: Claim[] = [];
  for (let i = 0; i < declarations.length; i += CLAIMS_PER_STEP) {
    yield;
    for (const d of declarations.slice(i, i + CLAIMS_PER_STEP)) claims.push(claimOf(d, observed, services));
  }
  yield;
  const comparison = compareClaims(model, scored, claims);
  const catalog = observedCatalog(db, runId, agencyId, findings.find((f) => f.indicator_id === COUNT_INDICATOR));
  const pages: PageStatus[] = agencyPageStatuses(db, runId, agencyId);
  const serviceCatalog = checkServiceCatalog({
    declaredCount: declarations.find((d) => d.indicatorId === COUNT_INDICATOR && d.serviceUrl === null)?.count ?? null,
    observedCount: catalog.count,
    catalogUrl: catalog.url,
    catalogLinks: catalog.links,
    declaredUrls: declarations.flatMap((d) => (d.serviceUrl ? [d.serviceUrl] : [])),
    pages,
  });
  return { ...comparison, serviceCatalog };
}

/**
 * The verification, in steps of one agency or 10,000 claims: a caller that must
 * stay responsive (the review UI) runs other work between steps; `verifyRun`
 * runs them at once. Each agency's claims are read on their own.
 */
export function* verifyRunSteps(db: Db, model: Model, runId: number, roundName?: string, lang: Lang = 'en'): Generator<void, RunVerification | null> {
  const round = chooseRound(db, roundName, lang);
  if (!round) return null;
  const declaring = roundAgencies(db, round.id);
  const inRun = new Set(storedAgencyIds(db, runId));
  const agencies = new Map<string, AgencyVerification>();
  for (const agencyId of declaring) {
    if (!inRun.has(agencyId)) continue;
    yield;
    agencies.set(agencyId, yield* verifyAgency(db, model, runId, agencyId, round.id));
  }
  return { round, agencies, notInRun: declaring.filter((id) => !inRun.has(id)) };
}

export function verifyRun(db: Db, model: Model, runId: number, roundName?: string, lang: Lang = 'en'): RunVerification | null {
  const steps = verifyRunSteps(db, model, runId, roundName, lang);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
