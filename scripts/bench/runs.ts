// The two measured runs over one served nation: the full audit through the
// CLI, and the bare Playwright baseline. Both are child processes.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLOSED_NETWORK_FLAGS } from '../../crawlers/browser.ts';
import { DEFAULT_CRAWL_OPTIONS } from '../../crawlers/portal.ts';
import { openStoreReadOnly } from '../../src/store/db.ts';
import { runRow, runVolume } from '../../src/store/reads.ts';
import type { BaselineJob, BaselineResult } from './baseline-loop.ts';
import { measure, tail, type Measurement } from './measure.ts';
import type { ServedNation } from './serve-nation.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The date the synthetic nation's "recent" dates count back from (1404/10/01). */
export const AS_OF = '2025-12-22';
/** Pages the baseline renders at a time within one portal: the crawler's default per-host limit, so both runs overlap the same way. */
export const PAGES_PER_PORTAL_AT_ONCE = DEFAULT_CRAWL_OPTIONS.perHostConcurrency;
const VIEWPORT = { width: 1280, height: 900 };

export interface RunSettings {
  pages: number;
  concurrency: number;
  hostDelayMs: number;
  /** The audit's --fetch, when given. */
  fetch: string | null;
  chromium: string;
  /** Temporary directory for the registry, database, job file and logs. */
  dir: string;
}

export interface RunFigures {
  wallS: number;
  pages: number;
  pagesPerS: number;
  cpu: Measurement['cpu'] & { perPageS: number };
  memory: Measurement['memory'];
  sampler: Measurement['sampler'];
  benchCpuS: number;
  /** HTTP requests the nation's servers answered during the run. */
  requests: number;
}

export interface AuditFigures extends RunFigures {
  expectedPages: number;
  /** Stored pages that loaded (no error, status < 400). */
  pagesOk: number;
  pagesByFetch: Record<string, number>;
  scriptRenderedPortals: { pages: number; expected: number };
  failedAgencies: number;
  screenshots: number;
  dbBytes: number;
  dbBytesPerPage: number;
}

export interface BaselineFigures extends RunFigures {
  screenshots: number;
  screenshotBytes: number;
  errors: string[];
  chromiumVersion: string;
}

export class RunFailed extends Error {}

function figures(m: Measurement, pages: number, requests: number): RunFigures {
  return {
    wallS: m.wallS, pages, pagesPerS: pages / m.wallS, cpu: { ...m.cpu, perPageS: pages ? m.cpu.totalS / pages : NaN },
    memory: m.memory, sampler: m.sampler, benchCpuS: m.benchCpuS, requests,
  };
}

function failure(what: string, m: Measurement): RunFailed {
  const how = m.timedOut ? 'timed out' : m.signal ? `was stopped by ${m.signal}` : `exited ${m.code}`;
  return new RunFailed(`${what} ${how}; last lines of ${m.stderrFile}:\n${tail(m.stderrFile)}`);
}

function fileBytes(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/** With `redis`, the audit is the coordinator (`audit --redis`) and queue workers do the agencies; its CPU and memory figures are then the coordinator's alone. */
export async function runAudit(nation: ServedNation, s: RunSettings, label = 'audit', redis?: string): Promise<AuditFigures> {
  const registry = join(s.dir, `${label}-agencies.json`);
  const db = join(s.dir, `${label}.sqlite`);
  writeFileSync(registry, JSON.stringify({
    agencies: nation.portals.map((p) => ({ id: p.spec.id, name: p.spec.name, homepage: `${p.origin}/`, hosts: [] })),
  }));
  const expectedPages = nation.portals.reduce((n, p) => n + p.spec.pages.length, 0);
  const requestsBefore = nation.requests();
  const m = await measure(process.execPath, [
    'src/cli.ts', 'audit', '--no-external-probes', '--agencies', registry, '--db', db, '--no-lighthouse', '--max-pages', String(s.pages), '--as-of', AS_OF,
    ...(redis ? ['--redis', redis] : ['--concurrency', String(s.concurrency)]), '--host-delay-ms', String(s.hostDelayMs), ...(s.fetch ? ['--fetch', s.fetch] : []),
  ], {
    cwd: ROOT, env: { ...process.env, PORTAL_AUDIT_LANG: 'en', PORTAL_AUDIT_CHROMIUM: s.chromium },
    timeoutMs: 120_000 + 6_000 * expectedPages, stderrFile: join(s.dir, `${label}.stderr.log`),
  });
  if (m.code !== 0) throw failure('the audit', m);
  const requests = nation.requests() - requestsBefore;
  const store = openStoreReadOnly(db);
  try {
    const v = runVolume(store, runRow<{ id: number }>(store, 'latest')!.id);
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((n, c) => n + c, 0);
    const pages = sum(v.pagesByFetch);
    const scriptIds = nation.portals.filter((p) => p.spec.scriptRendered).map((p) => p.spec.id);
    const dbBytes = fileBytes(db) + fileBytes(`${db}-wal`);
    return {
      ...figures(m, pages, requests), expectedPages,
      pagesOk: sum(v.pagesOkByAgency),
      pagesByFetch: v.pagesByFetch,
      scriptRenderedPortals: {
        pages: scriptIds.reduce((n, id) => n + (v.pagesOkByAgency[id] ?? 0), 0),
        expected: nation.portals.filter((p) => p.spec.scriptRendered).reduce((n, p) => n + p.spec.pages.length, 0),
      },
      failedAgencies: v.failedAgencies,
      screenshots: v.screenshots,
      dbBytes, dbBytesPerPage: pages ? dbBytes / pages : NaN,
    };
  } finally {
    store.close();
  }
}

export async function runBaseline(nation: ServedNation, s: RunSettings): Promise<BaselineFigures> {
  const job: BaselineJob = {
    executablePath: s.chromium, args: CLOSED_NETWORK_FLAGS, portalConcurrency: s.concurrency, pageConcurrency: PAGES_PER_PORTAL_AT_ONCE,
    navigationTimeoutMs: DEFAULT_CRAWL_OPTIONS.navigationTimeoutMs, viewport: VIEWPORT,
    portals: nation.portals.map((p) => p.spec.pages.map((page) => p.origin + page.path)),
  };
  const jobFile = join(s.dir, 'baseline-job.json');
  writeFileSync(jobFile, JSON.stringify(job));
  const total = job.portals.reduce((n, urls) => n + urls.length, 0);
  const requestsBefore = nation.requests();
  const m = await measure(process.execPath, ['scripts/bench/baseline-loop.ts', jobFile], {
    cwd: ROOT, env: process.env, timeoutMs: 120_000 + 3_000 * total, stderrFile: join(s.dir, 'baseline.stderr.log'),
  });
  if (m.code !== 0) throw failure('the baseline', m);
  const result = JSON.parse(m.stdout.trim().split('\n').pop() ?? '{}') as BaselineResult;
  return {
    ...figures(m, result.pages, nation.requests() - requestsBefore),
    screenshots: result.screenshots, screenshotBytes: result.screenshotBytes, errors: result.errors, chromiumVersion: result.chromiumVersion,
  };
}
