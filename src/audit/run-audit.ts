// Run orchestration: one job per agency (crawl → rules → capture → store),
// a failing portal becomes a finding, never a crash of the run.
import PQueue from 'p-queue';
import type { Browser } from 'playwright';
import { closePage, findChromium, launchBrowser, newAgencyContext } from '../../crawlers/browser.ts';
import type { BrowserContext, Page } from 'playwright';
import { HttpClient } from '../../crawlers/http.ts';
import { crawlPortal, fetchedRenderer, homeFailure, HostLimiter, robotsFor, type CrawlOptions, type HostSlots, type RobotsCache } from '../../crawlers/portal.ts';
import { probeSite, type ProbeContext, type ProbeOptions } from '../../crawlers/probe.ts';
import { probeSearchBox, scriptSearchBox } from '../../crawlers/search-probe.ts';
import { blockedNavigations, siteHosts } from '../../crawlers/scope.ts';
import { probeHttp } from '../../crawlers/transport.ts';
import { unscoredBy, type LighthouseOptions, type Measurer } from '../../crawlers/lighthouse.ts';
import { checkMobile, pageBehind, type MobileCheck } from '../../crawlers/mobile.ts';
import type { ProbeRecord, SiteArtifacts } from '../../crawlers/artifacts.ts';
import { MODEL, modelHash, type Model } from '../../rules/catalog.ts';
import { RULES } from '../../rules/index.ts';
import { discoverServices } from '../../rules/lib/services.ts';
import type { RuleConfig, RuleContext, RuleDefinition } from '../engine/define-rule.ts';
import { createRuleContext, runRule, type Finding } from '../engine/run-rules.ts';
import { emptyPillars, nationalScore, scoreAgency } from '../engine/scoring.ts';
import { captureEvidence, type CaptureOptions, type EvidenceItem, type ShotBook } from '../evidence/capture.ts';
import { em, UserError } from '../errors.ts';
import type { Agency } from '../registry/registry.ts';
import { systemHosts } from '../registry/national-systems.ts';
import type { Db } from '../store/db.ts';
import { agencyStored, createRun, failRun, finishRun, saveAgencyResult, storedAgencyIds, storedScores, type AgencyResult } from '../store/runs.ts';
import { latestDeclaredServiceUrls } from '../store/declarations.ts';
import { AgencyWorkers, type WorkOutcome } from './agency-workers.ts';
import { BrowserHost } from './browser-host.ts';

export interface AuditOptions {
  asOf: string;
  lighthouse: LighthouseOptions;
  /** Agencies audited at the same time. */
  concurrency: number;
  /** Wall-clock limit on one agency's whole audit, enforced from outside its thread; past it the agency is failed and the run goes on. */
  agencyTimeoutMs: number;
  crawl: CrawlOptions;
  capture: CaptureOptions;
  /** The probe step: its budget, and whether hosts outside the agencies' own may be asked. */
  probe: ProbeOptions;
  /** Carries the national-systems list the run judges with (its version and SHA-256 are stored with the run). */
  rules: RuleConfig;
}

export interface AuditReporter {
  runStarted(runId: number, resumed: boolean, remaining: number, total: number): void;
  agencyStarted(agency: Agency): void;
  agencyFinished(result: AgencyResult, done: number, total: number): void;
  warn(message: string): void;
}

export interface AuditSummary {
  runId: number;
  national: number | null;
  /** The agencies audited by this invocation (a resumed run skips those already stored), without their pages and evidence. */
  results: AgencyOutcome[];
  /** Agencies of the run stored by an earlier, interrupted invocation. */
  resumedAgencies: number;
  durationMs: number;
}

/** What the summary needs of an agency once it is stored; the pages and evidence are dropped so memory does not grow with the run. */
export interface AgencyOutcome extends Pick<AgencyResult, 'agency' | 'error' | 'blocked' | 'scores' | 'startedAt'> {
  pagesFetched: number;
  pagesRendered: number;
  pagesRetried: number;
}

function outcomeOf(r: AgencyResult): AgencyOutcome {
  return {
    agency: r.agency, error: r.error, blocked: r.blocked ?? null, scores: r.scores, startedAt: r.startedAt, pagesFetched: r.pages.length,
    pagesRendered: r.pages.filter((p) => p.fetchedBy === 'browser').length, pagesRetried: r.pages.filter((p) => p.retries > 0).length,
  };
}

/** Continue this unfinished run instead of creating one. */
export interface ResumeTarget {
  runId: number;
  /** Agencies already stored for it: not crawled again. */
  done: Set<string>;
}

/** What one agency's audit needs; built in the agency's worker thread (agency-worker.ts). */
export interface AuditContext {
  browser: Browser;
  /** Connection pools for the HTTP-first crawl, shared by the agencies of one thread. */
  http: HttpClient;
  /** Null when Lighthouse is switched off. */
  lighthouse: Measurer | null;
  /** Service URLs each agency declared (latest declarations round): crawled and sampled. */
  declaredServices: Map<string, string[]>;
  limiter: HostSlots;
  options: AuditOptions;
  model: Model;
  rules: readonly RuleDefinition[];
  reporter: Pick<AuditReporter, 'warn'>;
}

/** Every indicator not assessed: the portal could not be reached, or it refused the crawler (`portal-blocked`). */
function errorFindings(rules: readonly RuleDefinition[], detail: string, messageKey = 'portal-unreachable'): Finding[] {
  return rules.map((r) => ({ ruleId: r.id, pillar: r.pillar, outcome: 'error', score: null, evidence: [], messageKey, data: { detail } }));
}

interface Judged { site: SiteArtifacts; findings: Finding[]; evidence: EvidenceItem[][]; error: string | null; captureErrors: string[] }

const CERTIFICATE_ERROR = /ERR_CERT_|ERR_SSL_|ERR_BAD_SSL/;

/** The agency's own browser context: its renders, phone check and evidence screenshots share its cache; closed when the agency is done. */
function openAgencyBrowser(ctx: AuditContext, agency: Agency, ignoreCertificateErrors: boolean): Promise<BrowserContext> {
  return newAgencyContext(ctx.browser, { userAgent: ctx.options.crawl.userAgent, ignoreCertificateErrors, scope: siteHosts(agency.homepage, agency.hosts) });
}

async function closeAgencyBrowser(context: BrowserContext): Promise<void> {
  await context.close().catch(() => {});
}

async function crawl(agency: Agency, ctx: AuditContext, browserContext: BrowserContext, ignoreCertificateErrors: boolean, robots: RobotsCache): Promise<SiteArtifacts> {
  const seeds = ctx.declaredServices.get(agency.id) ?? [];
  const crawlContext = { browserContext, http: ctx.http, limiter: ctx.limiter, options: ctx.options.crawl, ignoreCertificateErrors, robots };
  return { ...(await crawlPortal(agency, crawlContext, seeds)), declaredServices: seeds };
}

/** The agency's context, and the tab that checked the home page as a phone and goes on to take the evidence screenshots (null when that check failed). */
interface AgencyBrowser { context: BrowserContext; evidenceTab: Page | null }

/** What the crawl leaves for the steps after it: the artifacts, the agency's browser, robots.txt as read, and whether certificates were ignored. */
interface Crawled { site: SiteArtifacts; browser: AgencyBrowser; robots: RobotsCache; ignoreCertificateErrors: boolean }

/**
 * Crawl; a certificate error on the home page is recorded (the https
 * indicator fails on it) and the portal is read anyway, as a citizen who
 * clicks through the warning would, so the other indicators are still judged.
 */
async function crawlWithTransport(agency: Agency, ctx: AuditContext): Promise<Crawled> {
  let context = await openAgencyBrowser(ctx, agency, false);
  // The phone-width check waits on the network as the crawl does: run it beside the crawl.
  let phone = phoneCheck(agency.homepage, ctx, context);
  let robots: RobotsCache = new Map();
  let site = await crawl(agency, ctx, context, false, robots);
  const first = site.attempts[0];
  const tlsError = !site.home && first?.error && CERTIFICATE_ERROR.test(first.error) ? first.error : null;
  if (tlsError) {
    await phone;
    await closeAgencyBrowser(context);
    context = await openAgencyBrowser(ctx, agency, true);
    phone = phoneCheck(agency.homepage, ctx, context);
    robots = new Map();
    site = await crawl(agency, ctx, context, true, robots);
  }
  const httpProbe = await probeHttp(agency.homepage, ctx.options.crawl.userAgent, ctx.options.crawl.navigationTimeoutMs);
  const { check, tab } = await phone;
  return { site: { ...site, transport: { tlsError, httpProbe }, mobile: check }, browser: { context, evidenceTab: tab }, robots, ignoreCertificateErrors: !!tlsError };
}

/** `url` checked as a phone in `tab`, which is kept for the evidence screenshots unless the check failed (it may be stuck: closed). */
async function asPhone(tab: Page, url: string, ctx: AuditContext): Promise<{ check: MobileCheck; tab: Page | null }> {
  const check = await ctx.limiter.busy(() => checkMobile(tab, url, { userAgent: ctx.options.crawl.userAgent, timeoutMs: ctx.options.crawl.navigationTimeoutMs }));
  if (!check.error) return { check, tab };
  await closePage(tab);
  return { check, tab: null };
}

/** The phone check in a tab of its own. */
async function phoneCheck(url: string, ctx: AuditContext, context: BrowserContext): Promise<{ check: MobileCheck; tab: Page | null }> {
  return asPhone(await context.newPage(), url, ctx);
}

/**
 * The page behind the home page as a phone, in the evidence tab (made a
 * desktop again after); a tab the check left stuck is closed, and the
 * screenshots get a new one.
 */
async function phoneCheckBehind(site: SiteArtifacts, ctx: AuditContext, browser: AgencyBrowser): Promise<MobileCheck | undefined> {
  const url = pageBehind(site);
  if (!url || !browser.evidenceTab) return undefined;
  const { check, tab } = await asPhone(browser.evidenceTab, url, ctx);
  browser.evidenceTab = tab;
  return check;
}

/** A search box only a browser can submit, tried once in the agency's context (the probe step's last target). */
async function tryScriptSearch(site: SiteArtifacts, context: BrowserContext, ctx: ProbeContext): Promise<ProbeRecord[]> {
  const box = scriptSearchBox(site);
  if (!box) return [];
  const allowed = async (url: string) => (await robotsFor(ctx.robots, url, { ...ctx, options: ctx.crawl }, ctx.notes)).isAllowed(url);
  return [await probeSearchBox(box, { context, limiter: ctx.limiter, crawl: ctx.crawl, query: ctx.probe.searchQuery, allowed })];
}

/** The pages Lighthouse measures: accessibility on the home page and the first sampled services, performance on the home page. */
function lighthouseSample(site: SiteArtifacts, ctx: AuditContext): string[] {
  const home = site.home!.finalUrl;
  return [...new Set([home, ...(site.services ?? []).slice(0, ctx.options.lighthouse.maxServicePages).map((p) => p.finalUrl)])];
}

/** The run's judgement of one agency: findings in the rules' order, their evidence, and what could not be captured. */
interface Verdict { findings: Finding[]; evidence: EvidenceItem[][]; errors: string[] }

/**
 * Judge `rules` and capture their evidence. Each rule and each page's shots
 * load the machine, so each waits while a Lighthouse performance run measures
 * it; held one by one, they never keep that run waiting long.
 */
async function judge(rules: readonly RuleDefinition[], site: SiteArtifacts, ruleContext: RuleContext, ctx: AuditContext, capture: (findings: Finding[]) => Promise<{ items: EvidenceItem[][]; errors: string[] }>): Promise<Verdict> {
  const findings: Finding[] = [];
  for (const rule of rules) findings.push(await ctx.limiter.busy(async () => runRule(rule, site, ruleContext)));
  const captured = await capture(findings);
  return { findings, evidence: captured.items, errors: captured.errors };
}

/**
 * While Lighthouse measures (in the run's Lighthouse thread, or a queue
 * worker's), the rules that do not read it are judged and their evidence taken,
 * with screenshots of the pages Lighthouse will cite; then the Lighthouse rules.
 */
async function judgeAll(site: SiteArtifacts, ruleContext: RuleContext, ctx: AuditContext, browser: AgencyBrowser): Promise<Verdict> {
  const sample = ctx.lighthouse ? lighthouseSample(site, ctx) : [];
  // Awaited only after the first judging: a failure meanwhile leaves the pages unscored, with the reason.
  const measured = ctx.lighthouse ? ctx.lighthouse.measure(sample).catch((err: unknown) => unscoredBy(sample, err)) : Promise.resolve(undefined);
  const later = ctx.rules.filter((r) => r.needs.includes('lighthouse'));
  const now = ctx.rules.filter((r) => !later.includes(r));
  const book: ShotBook = new Map();
  const ahead = { ruleId: later.map((r) => r.id).join('/'), citations: sample.map((pageUrl) => ({ pageUrl, selector: null, snippet: '', attachment: 'lighthouse' as const })) };
  const scope = { context: browser.context, opts: ctx.options.capture, book, busy: <T>(task: () => Promise<T>) => ctx.limiter.busy(task) };
  const first = await judge(now, site, ruleContext, ctx, (f) => captureEvidence(f, site, { ...scope, tab: browser.evidenceTab, ahead }));
  site.lighthouse = await measured;
  const second = await judge(later, site, ruleContext, ctx, (f) => captureEvidence(f, site, scope));
  return inRuleOrder(ctx.rules, [first, second]);
}

/** Verdicts judged apart, as one, findings in the order of `rules`. */
function inRuleOrder(rules: readonly RuleDefinition[], parts: Verdict[]): Verdict {
  const order = new Map(rules.map((r, i) => [r.id, i]));
  const pairs = parts.flatMap((v) => v.findings.map((finding, i) => ({ finding, evidence: v.evidence[i] })))
    .sort((a, b) => order.get(a.finding.ruleId)! - order.get(b.finding.ruleId)!);
  return { findings: pairs.map((p) => p.finding), evidence: pairs.map((p) => p.evidence), errors: parts.flatMap((v) => v.errors) };
}

async function crawlAndJudge(agency: Agency, ctx: AuditContext): Promise<Judged> {
  const { options } = ctx;
  const { site, browser, robots, ignoreCertificateErrors } = await crawlWithTransport(agency, ctx);
  try {
    const failure = homeFailure(site);
    if (failure) return { site, findings: errorFindings(ctx.rules, failure, site.blocked ? 'portal-blocked' : undefined), evidence: [], error: failure, captureErrors: [] };
    const ruleContext = createRuleContext(options.asOf, options.rules);
    const notes: string[] = [];
    const probing = { http: ctx.http, limiter: ctx.limiter, crawl: options.crawl, probe: options.probe, ignoreCertificateErrors, robots, nationalHosts: systemHosts(options.rules.nationalSystems), notes, deadline: Date.now() + options.crawl.portalTimeoutMs };
    const renderer = fetchedRenderer(browser.context, options.crawl);
    try {
      site.probes = [...await probeSite(site, { ...probing, render: renderer.render }), ...await tryScriptSearch(site, browser.context, probing)];
    } finally {
      await renderer.close();
    }
    site.crawlNotes = [...(site.crawlNotes ?? []), ...notes];
    site.services = discoverServices(site, ruleContext);
    site.mobileBehind = await phoneCheckBehind(site, ctx, browser);
    const verdict = await judgeAll(site, ruleContext, ctx, browser);
    for (const e of verdict.errors) ctx.reporter.warn(`${agency.id}: evidence capture failed: ${e}`);
    return { site, findings: verdict.findings, evidence: verdict.evidence, error: null, captureErrors: verdict.errors };
  } finally {
    site.crawlNotes = [...(site.crawlNotes ?? []), ...blockedNavigations(browser.context)];
    await closeAgencyBrowser(browser.context);
  }
}

/** How many pages came with each Content-Encoding (gzip, deflate, br), decoded before reading. */
function countBy(values: Array<string | null | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) if (v) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** How the pages were obtained: over HTTP, or rendered, and why. */
function fetchStats(site: SiteArtifacts): Record<string, unknown> {
  const rendered = site.attempts.filter((p) => p.renderReason);
  return {
    http: site.attempts.filter((p) => p.fetchedBy === 'http').length,
    browser: site.attempts.filter((p) => p.fetchedBy === 'browser').length,
    renderReasons: Object.fromEntries(rendered.map((p) => [p.finalUrl, p.renderReason])),
    encodings: [...new Set(site.attempts.map((p) => p.encoding).filter(Boolean))],
    contentEncodings: countBy(site.attempts.map((p) => p.contentEncoding)),
  };
}

/** Each sub-check's own status, kept with the agency's result. */
function checksOf(j: Judged): Record<string, unknown> {
  const home = j.site.attempts[0];
  return {
    robots: j.site.robots ?? 'unreachable',
    tls: j.site.transport?.tlsError ?? 'ok',
    httpProbe: j.site.transport?.httpProbe ?? null,
    home: home ? { status: home.status, error: home.error, retries: home.retries } : { status: null, error: 'not fetched', retries: 0 },
    pages: { attempted: j.site.attempts.length, usable: j.site.pages.length, failed: j.site.attempts.filter((p) => p.error || (p.status ?? 0) >= 400).length },
    fetch: fetchStats(j.site),
    crawlNotes: j.site.crawlNotes ?? [],
    capture: { errors: j.captureErrors },
    blocked: j.site.blocked ?? null,
    sitemap: j.site.sitemap ? { urls: j.site.sitemap.urls, entries: j.site.sitemap.entries.length, withLastmod: j.site.sitemap.entries.filter((e) => e.lastmod).length } : null,
    probes: (j.site.probes ?? []).map((p) => ({ kind: p.kind, url: p.url, state: p.state, status: p.status, contentType: p.contentType, bytes: p.bytes, note: p.note })),
  };
}

export function failedResult(agency: Agency, ctx: Pick<AuditContext, 'model' | 'rules'>, message: string): Omit<AgencyResult, 'startedAt'> {
  return { agency, error: message, scores: { score: null, pillars: emptyPillars(ctx.model), coverage: 0, lowCoverage: true }, pages: [], findings: errorFindings(ctx.rules, message), evidence: [], checks: { audit: message } };
}

export async function auditAgency(agency: Agency, ctx: AuditContext): Promise<Omit<AgencyResult, 'startedAt'>> {
  try {
    const judged = await crawlAndJudge(agency, ctx);
    const scores = judged.error ? failedResult(agency, ctx, judged.error).scores : scoreAgency(ctx.model, judged.findings);
    return { agency, error: judged.error, blocked: judged.site.blocked ?? null, scores, pages: judged.site.attempts, findings: judged.findings, evidence: judged.evidence, checks: checksOf(judged) };
  } catch (err) {
    return failedResult(agency, ctx, `audit of this portal failed: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** The Chromium binary to use, or a one-line error saying how to get one. */
function chromiumPath(env: NodeJS.ProcessEnv): string {
  const path = findChromium(env);
  if (!path && env.PORTAL_AUDIT_CHROMIUM) throw new UserError(em('chromium.notExecutable', { path: env.PORTAL_AUDIT_CHROMIUM }));
  if (!path) throw new UserError(em('chromium.missing'));
  return path;
}

async function launching<T>(path: string, launch: () => Promise<T>): Promise<T> {
  try {
    return await launch();
  } catch (err) {
    throw new UserError(em('chromium.start', { path, detail: (err as Error).message.split('\n')[0] }));
  }
}

/** Checks what the run needs before anything is written: a browser that starts. */
export async function startBrowser(env: NodeJS.ProcessEnv, lighthouse: boolean): Promise<BrowserHost> {
  const path = chromiumPath(env);
  return launching(path, () => BrowserHost.launch(path, lighthouse));
}

/** One Chromium in this thread, for work outside the audit (printing the report as PDF). */
export async function startLocalBrowser(env: NodeJS.ProcessEnv): Promise<Browser> {
  const path = chromiumPath(env);
  return launching(path, () => launchBrowser(path));
}

/** The run was stopped by a signal: the agencies stored so far stay, and `audit --resume` finishes it. */
export class AuditInterrupted extends UserError {}

// --- Where the agencies run (issue 14): threads of this process, or workers behind a queue. ---
/** Runs agencies' audits for one run; `stored` is told once an agency is in the database. */
export interface AgencyRunner {
  /** `startedAt`: when a queue worker took the agency (not when it was enqueued). */
  run(agency: Agency, seeds: string[]): Promise<WorkOutcome & { startedAt?: string }>;
  stored?(agency: Agency): Promise<void>;
  /** A signal: end now, agencies in progress end without a result. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

/** Workers on other processes or machines (`audit --redis`): every agency of the run is handed to them at once. */
export interface RemoteAgencies {
  open(runId: number, options: AuditOptions, warn: (message: string) => void): AgencyRunner;
}

function agencyRunner(engine: BrowserHost | RemoteAgencies, runId: number, options: AuditOptions, reporter: AuditReporter): AgencyRunner {
  if ('open' in engine) return engine.open(runId, options, (m) => reporter.warn(m));
  return new AgencyWorkers({
    host: engine, options, warn: (m) => reporter.warn(m),
    limiter: new HostLimiter(options.crawl.perHostConcurrency, options.crawl.sameHostDelayMs),
  });
}
// --- end of where the agencies run ---

export async function runAudit(db: Db, agencies: Agency[], options: AuditOptions, reporter: AuditReporter, browser: BrowserHost | RemoteAgencies, resume?: ResumeTarget, stop?: AbortSignal): Promise<AuditSummary> {
  const t0 = Date.now();
  if (stop?.aborted) throw new AuditInterrupted(em('audit.stoppedBeforeStart', { signal: String(stop.reason ?? 'a signal') }));
  const model = MODEL;
  const hash = modelHash(model);
  const systems = options.rules.nationalSystems;
  const runId = resume?.runId ?? createRun(db, {
    asOf: options.asOf, modelVersion: model.version, modelHash: hash, nationalSystems: { version: systems.version, sha256: systems.sha256 },
    // The national-systems list is recorded by its version and hash, not copied in full.
    options: { ...options, rules: { ...options.rules, nationalSystems: { version: systems.version, sha256: systems.sha256, source: systems.source } }, agencies: agencies.map((a) => a.id) },
  });
  const todo = agencies.filter((a) => !resume?.done.has(a.id));
  reporter.runStarted(runId, !!resume, todo.length, agencies.length);
  const declaredServices = latestDeclaredServiceUrls(db);
  // Each agency runs in a worker thread under its deadline (here or on a queue's worker); this thread only grants slots, stores and reports.
  const workers = agencyRunner(browser, runId, options, reporter);
  const results: AgencyOutcome[] = [];
  const queue = new PQueue({ concurrency: 'open' in browser ? Infinity : options.concurrency });
  const onStop = () => {
    queue.clear();
    void workers.stop();
  };
  stop?.addEventListener('abort', onStop, { once: true });
  const tasks = todo.map((agency) => queue.add(async () => {
    const startedAt = new Date().toISOString();
    reporter.agencyStarted(agency);
    const outcome = await workers.run(agency, declaredServices.get(agency.id) ?? []);
    if (stop?.aborted) return;
    const result: AgencyResult = { ...(outcome.ok ? outcome.result : failedResult(agency, { model, rules: RULES }, outcome.error)), startedAt: outcome.startedAt ?? startedAt };
    // Idempotent by run and agency: an agency already stored is not stored again.
    if (agencyStored(db, runId, agency.id)) return;
    saveAgencyResult(db, runId, result);
    await workers.stored?.(agency);
    results.push(outcomeOf(result));
    reporter.agencyFinished(result, results.length, todo.length);
  }));
  try {
    await Promise.all(tasks);
  } catch (err) {
    // The store failed (a full disk): start no other agency, and let the running ones end
    // before the browser closes under them, so the first error is the one reported.
    queue.clear();
    await Promise.allSettled(tasks);
    // Interrupted (Redis lost): the run stays resumable.
    if (!(err instanceof AuditInterrupted)) failRun(db, runId);
    throw err;
  } finally {
    stop?.removeEventListener('abort', onStop);
    await (stop?.aborted ? workers.stop() : workers.close());
  }
  if (stop?.aborted) {
    const stored = storedAgencyIds(db, runId).length;
    throw new AuditInterrupted(em('audit.stopped', { signal: String(stop.reason ?? 'a signal'), runId, stored, total: agencies.length }));
  }
  const national = nationalScore(storedScores(db, runId));
  finishRun(db, runId, national, hash);
  const order = new Map(agencies.map((a, i) => [a.id, i]));
  results.sort((a, b) => order.get(a.agency.id)! - order.get(b.agency.id)!);
  return { runId, national, results, resumedAgencies: agencies.length - todo.length, durationMs: Date.now() - t0 };
}
