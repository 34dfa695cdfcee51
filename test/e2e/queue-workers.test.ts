// The audit on BullMQ: a coordinator (`audit --redis`) and two workers
// (`portal-audit worker`) on a real redis-server on loopback audit three
// sample portals and store the same findings as the single-process audit;
// a worker SIGKILLed mid-job loses its agency to the other worker, and the
// run completes with every agency stored once and `verify` green.
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePortals, serveSamplePortals, type ServedPortal } from '../../src/demo/sample-portals.ts';
import { portalAgencies, SAMPLE_AS_OF } from '../../src/commands/demo.ts';
import type { ExportDoc } from '../../src/report/json.ts';
import { freePort } from '../../crawlers/ports.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT, runCli, startCli, type LongRunning } from '../support/cli.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';

const AGENCIES = 3;
let portals: ServedPortal[] = [];
let dir: string;
let registry: string;
let redis: TestRedis;
const workers: LongRunning[] = [];

const auditArgs = (db: string) => ['audit', '--no-external-probes', '--no-lighthouse', '--agencies', registry, '--db', db, '--as-of', SAMPLE_AS_OF, '--host-delay-ms', '50'];

async function startWorker(extra: string[] = [], ready = /worker ready/): Promise<LongRunning> {
  const w = await startCli(['worker', '--redis', redis.url, '--concurrency', '1', ...extra], ready);
  workers.push(w);
  return w;
}

async function exportRun(db: string): Promise<ExportDoc> {
  const res = await runCli(['export', '--db', db, '--run', 'latest']);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as ExportDoc;
}

/** What must agree between the two audits: each indicator's outcome, score and evidence, without timestamps. */
function findingsOf(doc: ExportDoc): unknown {
  return doc.agencies.map((a) => ({
    id: a.id, score: a.score,
    indicators: a.indicators.map((i) => ({ id: i.id, outcome: i.outcome, score: i.score, evidence: i.evidence.map((e) => ({ kind: e.kind, url: e.url, selector: e.selector })) })),
  }));
}

function storedAgencies(db: string): string[] {
  if (!existsSync(db)) return [];
  const store = new Database(db, { readonly: true });
  try {
    return store.prepare('SELECT agency_id FROM run_agencies ORDER BY agency_id').pluck().all() as string[];
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  portals = (await serveSamplePortals()).slice(0, AGENCIES);
  dir = mkdtempSync(join(tmpdir(), 'e2e-queue-'));
  registry = join(dir, 'agencies.json');
  writeFileSync(registry, JSON.stringify({ agencies: portalAgencies(portals) }));
  redis = await startRedis();
}, 60_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await redis?.stop();
  await closePortals(portals);
});

describe('audit --redis with two workers', () => {
  it('stores the same findings as the single-process audit', async () => {
    const local = join(dir, 'local.sqlite');
    const queued = join(dir, 'queued.sqlite');
    const one = await runCli(auditArgs(local));
    expect(one.code, one.stderr).toBe(0);
    const pair = [await startWorker(), await startWorker()];
    const res = await runCli([...auditArgs(queued), '--redis', redis.url]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/National score: \d/);
    expect(findingsOf(await exportRun(queued))).toEqual(findingsOf(await exportRun(local)));
    // Both workers took agencies, and neither opened the database.
    const taken = pair.map((w) => (w.stdout().match(/ taken/g) ?? []).length);
    expect(taken.reduce((a, b) => a + b)).toBe(AGENCIES);
    for (const n of taken) expect(n).toBeGreaterThan(0);
    const verify = await runCli(['verify', '--db', queued]);
    expect(verify.code, verify.stdout).toBe(0);
    await Promise.all(pair.map((w) => w.stop()));
  }, 300_000);

  it('gives a SIGKILLed worker\'s agency to the other worker, and stores each agency once', async () => {
    const db = join(dir, 'killed.sqlite');
    // A slow host pause keeps the first agency in its worker long enough to be killed mid-job.
    const victim = await startWorker(['--stall-ms', '2000']);
    const coordinator = runCli([...auditArgs(db), '--redis', redis.url, '--host-delay-ms', '400']);
    await until(() => / taken/.test(victim.stdout()), 60_000);
    const [agency] = /run \d+: (\S+) taken/.exec(victim.stdout())!.slice(1);
    victim.child.kill('SIGKILL');
    const survivor = await startWorker(['--stall-ms', '2000']);
    const res = await coordinator;
    expect(res.code, res.stderr).toBe(0);
    expect(victim.stdout()).not.toMatch(new RegExp(`${agency} done`));
    expect(survivor.stdout()).toMatch(new RegExp(`${agency} done`));
    expect(storedAgencies(db)).toEqual(portals.map((p) => p.config.id).sort());
    const verify = await runCli(['verify', '--db', db]);
    expect(verify.code, verify.stdout).toBe(0);
    await survivor.stop();
  }, 300_000);
});

/** The coordinator as a child process that the test may kill. */
function startCoordinator(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, PORTAL_AUDIT_LANG: 'en' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  return { child, output: () => out, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

function runStatus(db: string): string | null {
  if (!existsSync(db)) return null;
  const store = new Database(db, { readonly: true });
  try {
    return (store.prepare('SELECT status FROM runs ORDER BY id DESC LIMIT 1').pluck().get() as string | undefined) ?? null;
  } catch {
    return null;
  } finally {
    store.close();
  }
}

describe('Lighthouse on its own queue', () => {
  it('goes only to a worker started with --lighthouse; the coordinator says at once when there is none', async () => {
    const db = join(dir, 'lighthouse.sqlite');
    const one = join(dir, 'one.json');
    writeFileSync(one, JSON.stringify({ agencies: portalAgencies(portals.slice(0, 1)) }));
    const crawler = await startWorker();
    const coordinator = startCoordinator(['audit', '--no-external-probes', '--agencies', one, '--db', db, '--as-of', SAMPLE_AS_OF, '--host-delay-ms', '0', '--redis', redis.url]);
    await until(() => /no worker started with --lighthouse is connected/.test(coordinator.output()), 60_000);
    const measurer = await startWorker(['--lighthouse'], /Lighthouse ready: queue portal-audit-lighthouse, one agency at a time/);
    expect(await coordinator.exited, coordinator.output()).toBe(0);
    const agency = portals[0].config.id;
    expect(crawler.stdout()).toMatch(new RegExp(`${agency} taken`));
    expect(crawler.stdout()).not.toMatch(/Lighthouse/);
    expect(measurer.stdout()).toMatch(new RegExp(`${agency}: Lighthouse done`));
    const [doc] = (await exportRun(db)).agencies;
    for (const id of ['accessibility', 'performance']) expect(doc.indicators.find((i) => i.id === id)!.score, id).not.toBeNull();
    const verify = await runCli(['verify', '--db', db]);
    expect(verify.code, verify.stdout).toBe(0);
    await Promise.all([crawler.stop(), measurer.stop()]);
  }, 300_000);
});

describe('schedule --redis', () => {
  it('hands each night\'s agencies to the queue workers, and stops on SIGTERM', async () => {
    const db = join(dir, 'scheduled.sqlite');
    const worker = await startWorker();
    const schedule = startCoordinator(['schedule', '--cron', '*/2 * * * * *', '--no-external-probes', '--no-lighthouse', '--agencies', registry, '--db', db, '--host-delay-ms', '0', '--redis', redis.url]);
    await until(() => runStatus(db) === 'completed', 120_000);
    // A signal during a later night's run lets that run finish first.
    schedule.child.kill('SIGTERM');
    expect(await schedule.exited, schedule.output()).toBe(0);
    expect(worker.stdout()).toMatch(/^run 1: \S+ done/m);
    const first = new Database(db, { readonly: true });
    const stored = first.prepare('SELECT agency_id FROM run_agencies WHERE run_id = 1 ORDER BY agency_id').pluck().all();
    first.close();
    expect(stored).toEqual(portals.map((p) => p.config.id).sort());
    await worker.stop();
  }, 300_000);
});

describe('recovery', () => {
  it('a killed coordinator is picked up by `audit --resume --redis`, which takes the results the workers kept', async () => {
    const db = join(dir, 'coordinator.sqlite');
    const worker = await startWorker();
    const first = startCoordinator([...auditArgs(db), '--redis', redis.url, '--host-delay-ms', '300']);
    // The database may be there before its tables: poll until an agency is stored.
    await until(() => { try { return storedAgencies(db).length >= 1; } catch { return false; } }, 120_000);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(runStatus(db)).toBe('running');
    const res = await runCli([...auditArgs(db), '--redis', redis.url, '--resume']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/resuming run \d+/);
    expect(storedAgencies(db)).toEqual(portals.map((p) => p.config.id).sort());
    // No agency was audited twice: the jobs the first coordinator enqueued were found again, with their results.
    expect((worker.stdout().match(/ taken/g) ?? []).length).toBe(AGENCIES);
    const verify = await runCli(['verify', '--db', db]);
    expect(verify.code, verify.stdout).toBe(0);
    await worker.stop();
  }, 300_000);

  it('Redis lost mid-run stops the run with a clear message, resumable once Redis is back', async () => {
    const db = join(dir, 'lost.sqlite');
    // No worker yet: the agencies wait in the queue when Redis goes away.
    const coordinator = startCoordinator([...auditArgs(db), '--redis', redis.url, '--redis-wait-ms', '1000']);
    await until(() => runStatus(db) === 'running', 60_000);
    await new Promise((r) => setTimeout(r, 1_000));
    await redis.stop();
    expect(await coordinator.exited).toBe(2);
    expect(coordinator.output()).toMatch(/error: lost Redis at redis:\/\/127\.0\.0\.1:\d+: run \d+ is left unfinished/);
    expect(runStatus(db)).toBe('running');
    redis = await startRedis(redis.port);
    const worker = await startWorker();
    const res = await runCli([...auditArgs(db), '--redis', redis.url, '--resume']);
    expect(res.code, res.stderr).toBe(0);
    expect(storedAgencies(db)).toEqual(portals.map((p) => p.config.id).sort());
    const verify = await runCli(['verify', '--db', db]);
    expect(verify.code, verify.stdout).toBe(0);
    await worker.stop();
  }, 300_000);
});

describe('Redis unreachable', () => {
  it('is a one-line error before anything is written, for the coordinator and for a worker', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const db = join(dir, 'never.sqlite');
    const audit = await runCli([...auditArgs(db), '--redis', url]);
    expect(audit.code).toBe(2);
    expect(audit.stderr.trim().split('\n')).toHaveLength(1);
    expect(audit.stderr).toMatch(/Redis is not reachable/);
    expect(existsSync(db)).toBe(false);
    const worker = await runCli(['worker', '--redis', url]);
    expect(worker.code).toBe(2);
    expect(worker.stderr).toMatch(/^error: --redis redis:\/\/127\.0\.0\.1:\d+: Redis is not reachable \(.+\)/);
  }, 60_000);
});

describe('queue flags', () => {
  it('refuse what does not apply, in one line each', async () => {
    const db = join(dir, 'flags.sqlite');
    const cases: Array<[string[], RegExp]> = [
      [['worker'], /^error: worker needs --redis URL \(or PORTAL_AUDIT_REDIS\)/],
      [['worker', '--redis', 'http://127.0.0.1:6379'], /^error: --redis http:\/\/127\.0\.0\.1:6379: expected a Redis URL/],
      [[...auditArgs(db), '--redis', redis.url, '--concurrency', '2'], /^error: --concurrency does not apply with --redis/],
      [[...auditArgs(db), '--redis-wait-ms', '1000'], /^error: --redis-wait-ms applies to a run on queue workers: add --redis URL\./],
    ];
    for (const [args, message] of cases) {
      const res = await runCli(args, { PORTAL_AUDIT_REDIS: '' });
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr).toMatch(message);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(existsSync(db)).toBe(false);
  }, 120_000);
});

async function until(test: () => boolean, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  while (!test()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}
