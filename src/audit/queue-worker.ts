// A queue worker (`portal-audit worker`): takes agency jobs from Redis and runs
// each exactly as the single-process audit does, in its pool of threads under
// the agency deadline, with the options the job brings (the run's, not this
// worker's flags). The result goes back gzipped in a Redis key with a TTL;
// the worker never opens the database. A worker killed mid-job loses its lock:
// BullMQ's stalled-job check gives the job to another worker. Its agencies'
// Lighthouse requests go on the Lighthouse queue; a worker started with
// `--lighthouse` also takes those, one at a time, and its performance runs
// hold this process's crawls back (one such worker per machine).
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { HostLimiter } from '../../crawlers/portal.ts';
import { AGENCY_QUEUE, connectRedis, decodeOptions, encodeResult, redisOptions, resultKey, RESULT_TTL_S, type AgencyJobData, type AgencyJobResult } from './agency-queue.ts';
import { AgencyWorkers } from './agency-workers.ts';
import type { BrowserHost } from './browser-host.ts';
import { ExclusiveGate } from './exclusive-gate.ts';
import type { AuditOptions } from './run-audit.ts';
import { keepMeasurement, LIGHTHOUSE_QUEUE, LighthouseQueue, type LighthouseJobData, type LighthouseJobResult } from './lighthouse-queue.ts';
import { LighthouseThread } from './lighthouse-thread.ts';

export interface QueueWorkerOptions {
  url: string;
  /** Agencies this worker audits at once. */
  concurrency: number;
  /** Also take Lighthouse jobs, one at a time. */
  lighthouse: boolean;
  /** A job's lock lasts this long and is renewed at half of it; a dead worker's job goes to another after about this long. */
  stallMs: number;
  host: BrowserHost;
  /** What the operator is told. */
  events: WorkerEvents;
}

/** The worker's news, put into words (en/fa) by the command. */
export interface WorkerEvents {
  ready(queue: string, concurrency: number): void;
  taken(runId: number, agencyId: string): void;
  done(runId: number, agencyId: string, key: string, bytes: number): void;
  lighthouseReady(queue: string): void;
  measuring(runId: number, agencyId: string, pages: number): void;
  measured(runId: number, agencyId: string, key: string): void;
  warn(message: string): void;
}

/** One run's thread pool: the threads carry the run's options; its Lighthouse thread starts with its first Lighthouse job here. */
interface RunPool { workers: AgencyWorkers; options: AuditOptions; lighthouse: LighthouseThread | null; active: number }

/** Jobs taken from the queues, each done by its run's pool; pools of runs no longer seen are closed. */
class Pools {
  private readonly pools = new Map<number, RunPool>();
  private readonly o: QueueWorkerOptions;
  /** One for the process: a performance run here holds back the crawls of every run here. */
  private readonly gate = new ExclusiveGate();
  private readonly measurer: LighthouseQueue;
  private latest = 0;

  constructor(o: QueueWorkerOptions, measurer: LighthouseQueue) {
    this.o = o;
    this.measurer = measurer;
  }

  take(data: { runId: number; options: string }): RunPool {
    this.latest = Math.max(this.latest, data.runId);
    let pool = this.pools.get(data.runId);
    if (!pool) {
      const options = decodeOptions(data.options);
      const workers = new AgencyWorkers({
        host: this.o.host.forRun(options.lighthouse.enabled), options, warn: (m) => this.o.events.warn(m), gate: this.gate,
        limiter: new HostLimiter(options.crawl.perHostConcurrency, options.crawl.sameHostDelayMs),
        lighthouse: (agencyId, urls) => this.measurer.measure(data.runId, data.options, agencyId, urls),
      });
      pool = { workers, options, lighthouse: null, active: 0 };
      this.pools.set(data.runId, pool);
    }
    pool.active++;
    return pool;
  }

  /** The run's Lighthouse thread on this machine, under the pool's host slots and the process's gate. */
  lighthouseOf(pool: RunPool): LighthouseThread {
    pool.lighthouse ??= new LighthouseThread(pool.workers, pool.options, this.o.host.forRun(true));
    return pool.lighthouse;
  }

  /** A job is over: the pools of older runs close once idle. */
  async give(pool: RunPool): Promise<void> {
    pool.active--;
    for (const [runId, p] of this.pools) {
      if (runId === this.latest || p.active > 0) continue;
      this.pools.delete(runId);
      await closePool(p);
    }
  }

  async close(): Promise<void> {
    const all = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(all.map(closePool));
  }
}

async function closePool(p: RunPool): Promise<void> {
  await Promise.all([p.workers.close(), p.lighthouse?.close()]);
}

async function audit(job: Job<AgencyJobData>, pools: Pools, client: Redis, events: WorkerEvents): Promise<AgencyJobResult> {
  const { runId, agency, seeds } = job.data;
  const startedAt = new Date().toISOString();
  events.taken(runId, agency.id);
  const pool = pools.take(job.data);
  try {
    const outcome = await pool.workers.run(agency, seeds);
    if (!outcome.ok) return { ...outcome, startedAt };
    const bytes = await encodeResult(outcome.result);
    const key = resultKey(runId, agency.id);
    await client.set(key, bytes, 'EX', RESULT_TTL_S);
    events.done(runId, agency.id, key, bytes.length);
    return { ok: true, key, bytes: bytes.length, startedAt };
  } finally {
    await pools.give(pool);
  }
}

/** One agency's pages measured by this machine's Lighthouse thread for the run; the measurement waits in Redis. */
async function measure(job: Job<LighthouseJobData>, pools: Pools, client: Redis, events: WorkerEvents): Promise<LighthouseJobResult> {
  const { runId, agencyId, urls } = job.data;
  events.measuring(runId, agencyId, urls.length);
  const pool = pools.take(job.data);
  try {
    const kept = await keepMeasurement(client, job.data, await pools.lighthouseOf(pool).measure(urls));
    events.measured(runId, agencyId, kept.key);
    return kept;
  } finally {
    await pools.give(pool);
  }
}

/** Take jobs until `stop` aborts; then finish the jobs in hand and close. Redis unreachable at start is a one-line error. */
export async function runQueueWorker(o: QueueWorkerOptions, stop: AbortSignal): Promise<void> {
  // A worker waits for a lost Redis as long as it takes: its results are written once Redis is back.
  const client = await connectRedis(o.url, Number.POSITIVE_INFINITY);
  const measurer = new LighthouseQueue(o.url, client);
  const pools = new Pools(o, measurer);
  const settings = { connection: redisOptions(o.url), lockDuration: o.stallMs, stalledInterval: o.stallMs, maxStalledCount: 1 };
  const workers = [new Worker<AgencyJobData, AgencyJobResult>(AGENCY_QUEUE, (job) => audit(job, pools, client, o.events), { ...settings, concurrency: o.concurrency })];
  // One Lighthouse job at a time: Lighthouse's guidance, and the performance run's exclusive slot.
  if (o.lighthouse) workers.push(new Worker<LighthouseJobData, LighthouseJobResult>(LIGHTHOUSE_QUEUE, (job) => measure(job, pools, client, o.events), { ...settings, concurrency: 1 }) as never);
  for (const w of workers) w.on('error', (err) => o.events.warn(`queue: ${err.message.split('\n')[0]}`));
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  o.events.ready(AGENCY_QUEUE, o.concurrency);
  if (o.lighthouse) o.events.lighthouseReady(LIGHTHOUSE_QUEUE);
  await new Promise<void>((resolve) => {
    if (stop.aborted) resolve();
    stop.addEventListener('abort', () => resolve(), { once: true });
  });
  await Promise.all(workers.map((w) => w.close()));
  await pools.close();
  await measurer.close();
  client.disconnect();
}
