// A queue worker (`portal-audit worker`): takes agency jobs from Redis and runs
// each exactly as the single-process audit does, in its pool of threads under
// the agency deadline, with the options the job brings (the run's, not this
// worker's flags). The result goes back gzipped in a Redis key with a TTL;
// the worker never opens the database. A worker killed mid-job loses its lock:
// BullMQ's stalled-job check gives the job to another worker.
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { HostLimiter } from '../../crawlers/portal.ts';
import { AGENCY_QUEUE, connectRedis, decodeOptions, encodeResult, redisOptions, resultKey, RESULT_TTL_S, type AgencyJobData, type AgencyJobResult } from './agency-queue.ts';
import { AgencyWorkers } from './agency-workers.ts';
import type { BrowserHost } from './browser-host.ts';

export interface QueueWorkerOptions {
  url: string;
  /** Agencies this worker audits at once. */
  concurrency: number;
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
  warn(message: string): void;
}

/** One run's thread pool: the threads carry the run's options. */
interface RunPool { workers: AgencyWorkers; active: number }

/** Jobs taken from the queue, each audited by its run's pool; pools of runs no longer seen are closed. */
class Pools {
  private readonly pools = new Map<number, RunPool>();
  private readonly o: QueueWorkerOptions;
  private latest = 0;

  constructor(o: QueueWorkerOptions) {
    this.o = o;
  }

  take(data: AgencyJobData): RunPool {
    this.latest = Math.max(this.latest, data.runId);
    let pool = this.pools.get(data.runId);
    if (!pool) {
      const options = decodeOptions(data.options);
      const workers = new AgencyWorkers({
        host: this.o.host.forRun(options.lighthouse.enabled), options, warn: (m) => this.o.events.warn(m),
        limiter: new HostLimiter(options.crawl.perHostConcurrency, options.crawl.sameHostDelayMs),
      });
      pool = { workers, active: 0 };
      this.pools.set(data.runId, pool);
    }
    pool.active++;
    return pool;
  }

  /** A job is over: the pools of older runs close once idle. */
  async give(pool: RunPool): Promise<void> {
    pool.active--;
    for (const [runId, p] of this.pools) {
      if (runId === this.latest || p.active > 0) continue;
      this.pools.delete(runId);
      await p.workers.close();
    }
  }

  async close(): Promise<void> {
    const all = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(all.map((p) => p.workers.close()));
  }
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

/** Take jobs until `stop` aborts; then finish the jobs in hand and close. Redis unreachable at start is a one-line error. */
export async function runQueueWorker(o: QueueWorkerOptions, stop: AbortSignal): Promise<void> {
  // A worker waits for a lost Redis as long as it takes: its results are written once Redis is back.
  const client = await connectRedis(o.url, Number.POSITIVE_INFINITY);
  const pools = new Pools(o);
  const worker = new Worker<AgencyJobData, AgencyJobResult>(AGENCY_QUEUE, (job) => audit(job, pools, client, o.events), {
    connection: redisOptions(o.url), concurrency: o.concurrency, lockDuration: o.stallMs, stalledInterval: o.stallMs, maxStalledCount: 1,
  });
  worker.on('error', (err) => o.events.warn(`queue: ${err.message.split('\n')[0]}`));
  await worker.waitUntilReady();
  o.events.ready(AGENCY_QUEUE, o.concurrency);
  await new Promise<void>((resolve) => {
    if (stop.aborted) resolve();
    stop.addEventListener('abort', () => resolve(), { once: true });
  });
  await worker.close();
  await pools.close();
  client.disconnect();
}
