import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CRAWL_OPTIONS, type FetchMode } from '../../crawlers/portal.ts';
import { DEFAULT_LIGHTHOUSE_OPTIONS } from '../../crawlers/lighthouse.ts';
import { redisOptions } from '../audit/agency-queue.ts';
import { QueueCoordinator, REDIS_LOST_AFTER_MS } from '../audit/queue-coordinator.ts';
import { runAudit, startBrowser, type AuditOptions, type AuditReporter, type AuditSummary, type ResumeTarget } from '../audit/run-audit.ts';
import { em, UserError } from '../errors.ts';
import { signingKeyFrom, type SigningKey } from '../evidence/signing.ts';
import { signRun } from '../store/anchors.ts';
import { NOTIFY_FLAGS, NOTIFY_USAGE, notifyAfterRun, notifyOptions } from './alerts.ts';
import type { Db } from '../store/db.ts';
import { acquireAuditLock } from '../store/lock.ts';
import { DEFAULT_PROBE_OPTIONS } from '../../crawlers/probe.ts';
import { ruleConfigFor } from '../engine/run-rules.ts';
import { DEFAULT_NATIONAL_SYSTEMS_FILE, loadNationalSystems } from '../registry/national-systems.ts';
import { t } from '../i18n/messages.ts';
import { loadRegistry, selectAgencies, type Agency } from '../registry/registry.ts';
import { checkpoint, openStore } from '../store/db.ts';
import { storedAgencyIds, unfinishedRun } from '../store/runs.ts';
import { type Command, type Io, DEFAULT_AGENCIES, dbPath, isoDate, nonNegativeInt, parse, positiveInt, reporter, summaryTable, todayIso } from './common.ts';

export const AUDIT_FLAGS = {
  db: { type: 'string' },
  'as-of': { type: 'string' },
  'max-pages': { type: 'string' },
  concurrency: { type: 'string' },
  'host-delay-ms': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'agency-timeout-ms': { type: 'string' },
  'max-retries': { type: 'string' },
  fetch: { type: 'string' },
  'user-agent': { type: 'string' },
  'no-lighthouse': { type: 'boolean' },
  'max-probes': { type: 'string' },
  'no-external-probes': { type: 'boolean' },
  'national-systems': { type: 'string' },
  'signing-key': { type: 'string' },
} as const;

type AuditValues = { [K in keyof typeof AUDIT_FLAGS]?: (typeof AUDIT_FLAGS)[K]['type'] extends 'boolean' ? boolean : string };

function fetchMode(value: string | undefined): FetchMode {
  if (value === undefined) return DEFAULT_CRAWL_OPTIONS.fetchMode;
  if (value === 'http-first' || value === 'browser') return value;
  throw new UserError(em('audit.fetch', { value }));
}

function userAgent(value: string | undefined): string {
  if (value === undefined) return DEFAULT_CRAWL_OPTIONS.userAgent;
  // Site owners read the user agent to find out who is crawling and whom to ask.
  if (!/portal-audit/i.test(value) || !/https?:\/\/|@/.test(value)) {
    throw new UserError(em('audit.userAgent', { value: JSON.stringify(value) }));
  }
  return value;
}

/**
 * Agencies audited at once. Each agency's audit waits much of its time on the
 * portal (latency, the per-host pause) and runs its steps one after another,
 * so four keep two cores busy; more only add contention.
 */
export const DEFAULT_AGENCY_CONCURRENCY = 4;

/**
 * One agency's whole audit. The crawl stops scheduling pages at 5 minutes and
 * Lighthouse may take up to 2 minutes on each of 3 pages, so a slow but honest
 * portal needs more than 10 minutes; 15 leave room for the evidence.
 */
export const DEFAULT_AGENCY_TIMEOUT_MS = 15 * 60_000;

export function auditOptions(values: AuditValues, defaults: { asOf: () => string; hostDelayMs?: number }): AuditOptions {
  const navigationTimeoutMs = positiveInt(values['timeout-ms'], '--timeout-ms', DEFAULT_CRAWL_OPTIONS.navigationTimeoutMs);
  return {
    asOf: isoDate(values['as-of'], '--as-of', defaults.asOf),
    lighthouse: { ...DEFAULT_LIGHTHOUSE_OPTIONS, enabled: !values['no-lighthouse'] },
    concurrency: positiveInt(values.concurrency, '--concurrency', DEFAULT_AGENCY_CONCURRENCY),
    agencyTimeoutMs: positiveInt(values['agency-timeout-ms'], '--agency-timeout-ms', DEFAULT_AGENCY_TIMEOUT_MS),
    crawl: {
      ...DEFAULT_CRAWL_OPTIONS,
      navigationTimeoutMs,
      maxPagesPerPortal: positiveInt(values['max-pages'], '--max-pages', DEFAULT_CRAWL_OPTIONS.maxPagesPerPortal),
      sameHostDelayMs: nonNegativeInt(values['host-delay-ms'], '--host-delay-ms', defaults.hostDelayMs ?? DEFAULT_CRAWL_OPTIONS.sameHostDelayMs),
      fetchMode: fetchMode(values.fetch),
      userAgent: userAgent(values['user-agent']),
      retry: { ...DEFAULT_CRAWL_OPTIONS.retry, maxRetries: nonNegativeInt(values['max-retries'], '--max-retries', DEFAULT_CRAWL_OPTIONS.retry.maxRetries) },
    },
    capture: { navigationTimeoutMs, settleMs: DEFAULT_CRAWL_OPTIONS.settleMs, maxCitationsPerFinding: 3, maxScreenshotHeightPx: 4000, tabs: 1 },
    probe: {
      ...DEFAULT_PROBE_OPTIONS,
      maxProbesPerPortal: nonNegativeInt(values['max-probes'], '--max-probes', DEFAULT_PROBE_OPTIONS.maxProbesPerPortal),
      externalProbes: !values['no-external-probes'],
    },
    // A bad file stops here, before the store is opened: nothing is written.
    rules: ruleConfigFor(loadNationalSystems(values['national-systems'] ?? DEFAULT_NATIONAL_SYSTEMS_FILE)),
  };
}

function storeBytes(db: string): number {
  return ['', '-wal'].reduce((n, suffix) => n + (existsSync(db + suffix) ? statSync(db + suffix).size : 0), 0);
}

interface Plan { agencies: Agency[]; options: AuditOptions; resume?: ResumeTarget }

/** Continue the interrupted run when asked to; otherwise say that there is one, and start afresh. */
function planRun(store: Db, agencies: Agency[], options: AuditOptions, resume: boolean, io: Io): Plan {
  const unfinished = unfinishedRun(store);
  if (!unfinished) return { agencies, options };
  const ids = (JSON.parse(unfinished.options_json) as { agencies?: string[] }).agencies ?? [];
  const done = new Set(storedAgencyIds(store, unfinished.id));
  if (!resume) {
    io.err(t(io.lang, 'audit.interrupted', { runId: unfinished.id, done: done.size, total: ids.length }) + '\n');
    return { agencies, options };
  }
  const missing = ids.filter((id) => !agencies.some((a) => a.id === id));
  if (missing.length) throw new UserError(em('audit.resumeMissing', { runId: unfinished.id, missing: missing.join(', ') }));
  const systems = options.rules.nationalSystems;
  if (unfinished.national_systems_sha256 && unfinished.national_systems_sha256 !== systems.sha256) {
    throw new UserError(em('audit.resumeSystems', { runId: unfinished.id, sha256: unfinished.national_systems_sha256, source: systems.source }));
  }
  io.err(t(io.lang, 'audit.resuming', { runId: unfinished.id, done: done.size, total: ids.length }) + '\n');
  return {
    agencies: ids.map((id) => agencies.find((a) => a.id === id)!),
    options: { ...options, asOf: unfinished.as_of },
    resume: { runId: unfinished.id, done },
  };
}

/** The completed run's manifest signed with the operator's key, or the summary says it is not. */
function signAndSay(store: Db, runId: number, key: SigningKey | null, io: Io): void {
  if (key) signRun(store, runId, key);
  io.out(t(io.lang, key ? 'summary.signed' : 'summary.unsigned', { runId, fingerprint: key?.publicKey.fingerprint ?? '' }) + '\n');
}

/** Validate everything, then open the store and take the lock, then run: bad input writes nothing. */
/** The flags that hand a run to queue workers (audit and schedule). */
export const REDIS_FLAGS = { redis: { type: 'string' }, 'redis-wait-ms': { type: 'string' } } as const;

/** Where the run's agencies go: queue workers behind `--redis`, or (undefined) this process's threads. A bad URL is refused now. */
export function redisTarget(values: { redis?: string; concurrency?: string; 'redis-wait-ms'?: string }): { url: string; waitMs: number } | undefined {
  if (values.redis && values.concurrency) throw new UserError(em('redis.concurrency'));
  if (!values.redis && values['redis-wait-ms']) throw new UserError(em('redis.needed', { flag: '--redis-wait-ms' }));
  if (!values.redis) return undefined;
  redisOptions(values.redis);
  return { url: values.redis, waitMs: positiveInt(values['redis-wait-ms'], '--redis-wait-ms', REDIS_LOST_AFTER_MS) };
}

export async function executeAudit(agencies: Agency[], db: string, options: AuditOptions, io: Io, exec: { resume?: boolean; signingKey?: SigningKey | null; stop?: AbortSignal; redis?: { url: string; waitMs: number } } = {}): Promise<AuditSummary> {
  // With --redis the agencies run on queue workers (Redis reached first); otherwise in this process's threads (Chromium checked first).
  const browser = exec.redis ? await QueueCoordinator.connect(exec.redis.url, exec.redis.waitMs) : await startBrowser(io.env, options.lighthouse.enabled);
  try {
    const store = openStore(db);
    const beforeBytes = storeBytes(db);
    try {
      const lock = acquireAuditLock(store);
      try {
        const plan = planRun(store, agencies, options, exec.resume ?? false, io);
        const base = reporter(io);
        const report: AuditReporter = { ...base, runStarted: (runId, ...rest) => { lock.setRun(runId); base.runStarted(runId, ...rest); } };
        const summary = await runAudit(store, plan.agencies, plan.options, report, browser, plan.resume, exec.stop);
        checkpoint(store);
        io.out(summaryTable(summary, plan.options.asOf, io, { beforeBytes, afterBytes: storeBytes(db) }));
        io.out(t(io.lang, 'summary.database', { path: resolve(io.cwd, db) }) + '\n');
        signAndSay(store, summary.runId, exec.signingKey ?? null, io);
        return summary;
      } finally {
        lock.release();
      }
    } finally {
      store.close();
    }
  } finally {
    await browser.close();
  }
}

/** SIGINT or SIGTERM stops the run at once (resumable, lock released) while `work` runs; a second one exits without waiting. */
async function stoppedBySignals<T>(work: (stop: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Crawl the registry\'s portals, judge the indicators, keep the evidence, score.',
  usage: `Usage: portal-audit audit [options]

Crawls every agency portal in the registry, judges the indicators, captures
screenshot evidence, stores everything in SQLite and prints a ranked summary.
Exit 0 when the run completed, even if some portals failed (a failed portal
is a finding); non-zero only when the run could not proceed.

Options:
  --agencies FILE      agency registry, JSON or CSV (default ${DEFAULT_AGENCIES})
  --db FILE            SQLite database (default $PORTAL_AUDIT_DB or data/audit.sqlite)
  --agency ID          audit only this agency; repeat for more
  --redis URL          hand the agencies to queue workers (\`portal-audit worker\`) through Redis ≥ 6.2
                       (redis://[user:password@]host:port[/db]); this process alone writes the database
                       and needs no Chromium. The run's options travel with each job; --concurrency is
                       each worker's own
  --redis-wait-ms N    how long a lost Redis may take to come back before the run stops, resumable
                       (default ${REDIS_LOST_AFTER_MS})
  --resume             finish the interrupted run instead of starting a new one: agencies it
                       already stored are not crawled again (same --as-of as that run)
  --as-of YYYY-MM-DD   audit date that freshness is measured from (default today)
  --max-pages N        page budget per portal (default ${DEFAULT_CRAWL_OPTIONS.maxPagesPerPortal})
  --concurrency N      agencies audited at once (default ${DEFAULT_AGENCY_CONCURRENCY})
  --host-delay-ms N    pause after each request to one host (default ${DEFAULT_CRAWL_OPTIONS.sameHostDelayMs})
  --timeout-ms N       timeout for one page load (default ${DEFAULT_CRAWL_OPTIONS.navigationTimeoutMs})
  --agency-timeout-ms N  wall-clock limit on one agency's whole audit (default ${DEFAULT_AGENCY_TIMEOUT_MS}); past it
                       the agency is failed with the reason, its browser context closed, and the run goes on
  --max-retries N      tries again after a timeout, a 5xx or a 429 (default ${DEFAULT_CRAWL_OPTIONS.retry.maxRetries}); Retry-After is honoured
  --fetch MODE         http-first (default): fetch over HTTP, render in Chromium only pages that
                       need scripts; browser: render every page in Chromium
  --user-agent UA      the crawler's user agent; must name portal-audit and a contact URL or e-mail
                       (default "${DEFAULT_CRAWL_OPTIONS.userAgent}")
  --no-lighthouse      skip Lighthouse: accessibility and performance are not assessed (null, never 0);
                       mobile-friendly still uses its own phone-width check
  --max-probes N       targets the probe step asks per portal after the crawl: linked documents,
                       search forms, systems on other hosts (default ${DEFAULT_PROBE_OPTIONS.maxProbesPerPortal}; the rest are recorded
                       as not probed)
  --no-external-probes contact no host outside the agencies' own: links into other systems are
                       recorded as not probed
  --national-systems FILE  the national systems (window, SSO, complaint lines, FOI, open data) the
                       rules know (default data/national-systems.json); its version and SHA-256 are
                       stored with the run
  --signing-key FILE   sign the completed run's manifest with this Ed25519 key (\`keys generate\`);
                       default $PORTAL_AUDIT_SIGNING_KEY; without either the run stays unsigned, and says so
${NOTIFY_USAGE}
  -h, --help           show this help

Environment: PORTAL_AUDIT_DB, PORTAL_AUDIT_CHROMIUM (path to Chromium), PORTAL_AUDIT_LANG (en|fa),
PORTAL_AUDIT_SIGNING_KEY (the signing key file).`,
  async run(argv, io) {
    const { values } = parse(argv, { ...AUDIT_FLAGS, ...NOTIFY_FLAGS, ...REDIS_FLAGS, agencies: { type: 'string' }, agency: { type: 'string', multiple: true }, resume: { type: 'boolean' } }, 'audit');
    if (values.help) {
      io.out(this.usage + '\n');
      return 0;
    }
    const file = values.agencies ?? DEFAULT_AGENCIES;
    const options = auditOptions(values, { asOf: todayIso });
    const notify = notifyOptions(values);
    const agencies = selectAgencies(loadRegistry(file), values.agency ?? [], file);
    if (values.resume && values.agency?.length) throw new UserError(em('audit.resumeAgency'));
    const redis = redisTarget(values);
    const signingKey = signingKeyFrom(values['signing-key'], io.env);
    const db = dbPath(values.db, io.env);
    const summary = await stoppedBySignals((stop) => executeAudit(agencies, db, options, io, { resume: values.resume, signingKey, stop, redis }));
    if (notify) await notifyAfterRun(db, summary.runId, notify, io);
    return 0;
  },
};
