// npm run bench: serves a synthetic nation of portals on loopback and times the
// full audit (the CLI in a child process, without Lighthouse) against a bare
// Playwright loop that renders and screenshots every page once, in the same
// run on the same machine. With --scaling it runs the audit alone at several
// portal counts and prints how peak memory grows. A report, not a test: it
// exits 0 when the runs completed, whatever the figures.
// Helpers: scripts/bench/ (nation.ts, serve-nation.ts, proc.ts, measure.ts,
// baseline-loop.ts, runs.ts, report.ts, args.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium } from '../crawlers/browser.ts';
import { BenchArgError, parseBenchArgs, USAGE, type BenchArgs } from './bench/args.ts';
import { Interrupted, stopActive } from './bench/measure.ts';
import { generateNation } from './bench/nation.ts';
import { comparisonReport, machine, machineLine, METHOD, scalingReport, type Machine, type ScalingRow } from './bench/report.ts';
import { startRedis } from '../test/support/redis.ts';
import { AS_OF, PAGES_PER_PORTAL_AT_ONCE, ROOT, RunFailed, runAudit, runBaseline, type AuditFigures, type BaselineFigures, type RunSettings } from './bench/runs.ts';
import { serveNation } from './bench/serve-nation.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

function workloadLine(args: BenchArgs, portals: number[]): string {
  const size = portals.length === 1
    ? `${portals[0]} portals × ${args.pages} pages = ${portals[0] * args.pages} pages (${Math.ceil(portals[0] / 5)} portals script-rendered)`
    : `${portals.join(', ')} portals × ${args.pages} pages (one portal in five script-rendered)`;
  return `workload: ${size} on loopback, ${args.latencyMs} ms added to every response; `
    + `audit with --max-pages ${args.pages} --as-of ${AS_OF} --no-lighthouse --host-delay-ms ${args.hostDelayMs}${args.fetch ? ` --fetch ${args.fetch}` : ''}`;
}

function parallelismLine(args: BenchArgs, who: string): string {
  return `parallelism: ${who} ${args.concurrency} portals at a time (--concurrency ${args.concurrency}, the audit's agency concurrency) `
    + `and up to ${PAGES_PER_PORTAL_AT_ONCE} pages at a time within a portal (the crawler's default per-host limit); one context per portal (the baseline in one Chromium; the audit in one Chromium per agency thread)`;
}

async function withNation<T>(portals: number, args: BenchArgs, work: (nation: Awaited<ReturnType<typeof serveNation>>) => Promise<T>): Promise<T> {
  const nation = await serveNation(generateNation({ portals, pages: args.pages }), args.latencyMs);
  try {
    return await work(nation);
  } finally {
    await nation.close();
  }
}

async function compare(args: BenchArgs, settings: RunSettings, host: Machine): Promise<object> {
  return withNation(args.portals, args, async (nation) => {
    log(`auditing ${args.portals} portals through the CLI…`);
    const audit = await runAudit(nation, settings);
    log(`audit: ${audit.wallS.toFixed(1)} s, ${audit.pages} pages`);
    let baseline: BaselineFigures | null = null;
    if (!args.skipBaseline) {
      log('rendering and screenshotting every page with a bare Playwright loop…');
      baseline = await runBaseline(nation, settings);
      log(`baseline: ${baseline.wallS.toFixed(1)} s, ${baseline.pages} pages`);
    }
    console.log([
      'portal-audit benchmark', machineLine(host), workloadLine(args, [args.portals]), parallelismLine(args, baseline ? 'both runs take' : 'the audit takes'),
      baseline ? 'order: the audit first, then the baseline, against the same servers' : 'baseline skipped (--skip-baseline)', '',
      comparisonReport(audit, baseline), '', METHOD,
    ].join('\n'));
    return { audit, baseline, ratio: baseline ? audit.wallS / baseline.wallS : null };
  });
}

async function scaling(args: BenchArgs, settings: RunSettings, host: Machine): Promise<object> {
  const rows: ScalingRow[] = [];
  for (const portals of args.scaling!) {
    log(`auditing ${portals} portals through the CLI…`);
    const figures: AuditFigures = await withNation(portals, args, (nation) => runAudit(nation, settings, `audit-${portals}`));
    log(`${portals} portals: ${figures.wallS.toFixed(1)} s, tool ${Math.round(figures.memory.toolPeakBytes / 2 ** 20)} MiB, Chromium ${Math.round(figures.memory.browserPeakBytes / 2 ** 20)} MiB`);
    rows.push({ portals, figures });
  }
  console.log([
    'portal-audit benchmark: memory scaling (the audit alone)', machineLine(host),
    workloadLine(args, args.scaling!), parallelismLine(args, 'the audit takes'), '',
    scalingReport(rows), '', METHOD,
  ].join('\n'));
  return { scaling: rows };
}

/** `n` queue workers on `url`, each at the run's concurrency, ready to take jobs. */
async function startWorkers(n: number, url: string, settings: RunSettings): Promise<ChildProcess[]> {
  return Promise.all(Array.from({ length: n }, () => new Promise<ChildProcess>((resolve, reject) => {
    const child = spawn(process.execPath, ['src/cli.ts', 'worker', '--redis', url, '--concurrency', String(settings.concurrency)], {
      cwd: ROOT, env: { ...process.env, PORTAL_AUDIT_LANG: 'en', PORTAL_AUDIT_CHROMIUM: settings.chromium }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('worker ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new RunFailed(`a worker exited (${code}) before it was ready:\n${out}`)));
  })));
}

async function stopWorkers(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map((c) => new Promise<void>((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
  })));
}

async function queueWorkers(args: BenchArgs, settings: RunSettings, host: Machine): Promise<object> {
  // The single-process audit first, in the same run: the queue's rows are read against it.
  log(`auditing ${args.portals} portals in one process (no Redis)…`);
  const single = await withNation(args.portals, args, (nation) => runAudit(nation, settings, 'single'));
  log(`one process: ${single.wallS.toFixed(1)} s, ${single.pages} pages`);
  const rows: Array<{ workers: number; figures: AuditFigures }> = [];
  for (const workers of args.workers!) {
    const redis = await startRedis();
    let children: ChildProcess[] = [];
    try {
      children = await startWorkers(workers, redis.url, settings);
      log(`auditing ${args.portals} portals with ${workers} worker(s)…`);
      const figures = await withNation(args.portals, args, (nation) => runAudit(nation, settings, `workers-${workers}`, redis.url));
      log(`${workers} worker(s): ${figures.wallS.toFixed(1)} s, ${figures.pages} pages, ${figures.failedAgencies} failed agencies`);
      rows.push({ workers, figures });
    } finally {
      await stopWorkers(children);
      await redis.stop();
    }
  }
  const base = single.wallS;
  const row = (who: string, f: AuditFigures) => `| ${who} | ${f.wallS.toFixed(1)} s | ${f.pages} | ${f.pagesPerS.toFixed(2)} | ${(base / f.wallS).toFixed(2)}× | ${f.failedAgencies} |`;
  console.log([
    'portal-audit benchmark: coordinator and queue workers on one machine (audit --redis, a local redis-server)', machineLine(host),
    workloadLine(args, [args.portals]), `each worker takes ${settings.concurrency} agencies at a time (worker --concurrency ${settings.concurrency}); all workers share this machine's ${cpus().length} cores, which bound the gain`, '',
    '| workers | wall time | pages | pages per second | speed-up over one process | failed agencies |', '| --- | --- | --- | --- | --- | --- |',
    row(`none: one process, --concurrency ${settings.concurrency}`, single),
    ...rows.map((r) => row(String(r.workers), r.figures)),
    '', 'Wall time is the coordinator\'s, from enqueueing the first agency to the last one stored and the run signed off; the workers were started and ready before.',
  ].join('\n'));
  return { single, workers: rows };
}

async function main(argv: string[]): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(argv);
  } catch (err) {
    if (!(err instanceof BenchArgError)) throw err;
    log(`bench: ${err.message}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const chromium = findChromium();
  if (!chromium) {
    log('bench: no Chromium found: install it (apt-get install -y chromium) or set PORTAL_AUDIT_CHROMIUM to its path.');
    return 1;
  }
  const host = machine(chromium);
  const dir = mkdtempSync(join(tmpdir(), 'portal-audit-bench-'));
  const onSignal = () => {
    log('bench: interrupted; stopping the running child and cleaning up…');
    stopActive();
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  let keepLogs = false;
  try {
    const settings: RunSettings = { pages: args.pages, concurrency: args.concurrency, hostDelayMs: args.hostDelayMs, fetch: args.fetch, chromium, dir };
    const results = args.workers ? await queueWorkers(args, settings, host) : args.scaling ? await scaling(args, settings, host) : await compare(args, settings, host);
    if (args.json) {
      writeFileSync(args.json, JSON.stringify({ schema: 'portal-audit/bench@1', date: new Date().toISOString(), machine: host, args, ...results }, null, 2) + '\n');
      log(`results written to ${args.json}`);
    }
    return 0;
  } catch (err) {
    if (err instanceof Interrupted) return 130;
    if (!(err instanceof RunFailed)) throw err;
    keepLogs = true;
    log(`bench: ${err.message}`);
    return 1;
  } finally {
    cleanUp(dir, keepLogs);
  }
}

/** Removes the temporary directory; after a failed run, keeps its logs (and says where). */
function cleanUp(dir: string, keepLogs: boolean): void {
  if (!keepLogs) {
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  for (const name of readdirSync(dir)) if (!name.endsWith('.log')) rmSync(join(dir, name), { recursive: true, force: true });
  log(`bench: the child processes' logs are kept in ${dir}`);
}

process.exit(await main(process.argv.slice(2)));
