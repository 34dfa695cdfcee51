// The coordinator's side of the agency queue (`audit --redis`): one job per
// agency of the run, each awaited and handed to the run, which stores it.
// Jobs are named by run and agency, so a resumed coordinator finds the jobs
// (and results) its killed predecessor left, and no agency is run twice for
// one run by the queue. BullMQ's stalled-job check gives a dead worker's job
// to another worker.
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { em } from '../errors.ts';
import type { Agency } from '../registry/registry.ts';
import { AGENCY_QUEUE, agencyJobId, connectRedis, decodeResult, encodeOptions, redisOptions, safeUrl, type AgencyJobData, type AgencyJobResult } from './agency-queue.ts';
import type { WorkOutcome } from './agency-workers.ts';
import { LIGHTHOUSE_QUEUE } from './lighthouse-queue.ts';
import { AuditInterrupted, type AgencyRunner, type AuditOptions, type RemoteAgencies } from './run-audit.ts';

/** How long the coordinator waits for a lost Redis to come back before it stops the run (resumable). */
export const REDIS_LOST_AFTER_MS = 30_000;
const CLOSE_MS = 5_000;

export class QueueCoordinator implements RemoteAgencies {
  private readonly url: string;
  private readonly client: Redis;

  private constructor(url: string, client: Redis) {
    this.url = url;
    this.client = client;
  }

  /** Reach Redis before anything is written: unreachable is a one-line error. */
  static async connect(url: string, lostAfterMs = REDIS_LOST_AFTER_MS): Promise<QueueCoordinator> {
    return new QueueCoordinator(url, await connectRedis(url, lostAfterMs));
  }

  open(runId: number, options: AuditOptions, warn: (message: string) => void): AgencyRunner {
    if (options.lighthouse.enabled) void warnWithoutLighthouse(this.url, warn);
    return new QueuedRun(this.url, this.client, runId, encodeOptions(options));
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}

/** Lighthouse jobs only go to workers started with --lighthouse: say so at once when none is connected. */
async function warnWithoutLighthouse(url: string, warn: (message: string) => void): Promise<void> {
  const queue = new Queue(LIGHTHOUSE_QUEUE, { connection: redisOptions(url) });
  queue.on('error', () => {});
  try {
    if (await queue.getWorkersCount() === 0) warn(`no worker started with --lighthouse is connected to ${safeUrl(url)}: the agencies' Lighthouse measurements wait until one starts (or until their time limit); start one with \`portal-audit worker --redis URL --lighthouse\`, or audit with --no-lighthouse`);
  } catch {
    // Redis trouble is the run's to report.
  } finally {
    await queue.close().catch(() => {});
  }
}

class QueuedRun implements AgencyRunner {
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly client: Redis;
  private readonly runId: number;
  private readonly options: string;
  /** Settles when Redis is lost for good or the run is stopped: every agency still waiting ends with it. */
  private readonly ended: Promise<WorkOutcome>;
  private endWith!: (o: WorkOutcome | Error) => void;
  private readonly ready: Promise<unknown>;

  constructor(url: string, client: Redis, runId: number, options: string) {
    this.client = client;
    this.runId = runId;
    this.options = options;
    const connection = redisOptions(url);
    this.queue = new Queue(AGENCY_QUEUE, { connection });
    this.events = new QueueEvents(AGENCY_QUEUE, { connection });
    // Waiting on thousands of jobs at once: one listener each.
    this.events.setMaxListeners(0);
    this.queue.on('error', () => {});
    this.events.on('error', () => {});
    this.ended = new Promise((resolve, reject) => {
      this.endWith = (o) => (o instanceof Error ? reject(o) : resolve(o));
    });
    this.ended.catch(() => {});
    client.once('end', () => this.endWith(new AuditInterrupted(em('redis.lost', { url: safeUrl(url), runId }))));
    this.ready = this.events.waitUntilReady();
  }

  async run(agency: Agency, seeds: string[]): Promise<WorkOutcome & { startedAt?: string }> {
    await Promise.race([this.ready, this.ended]);
    const data: AgencyJobData = { runId: this.runId, agency, seeds, options: this.options };
    const added = this.queue.add('agency', data, { jobId: agencyJobId(this.runId, agency.id), attempts: 1, removeOnComplete: false, removeOnFail: false });
    const job = await Promise.race([added, this.ended.then(() => null)]);
    if (!job) return this.ended;
    const finished = job.waitUntilFinished(this.events).then(
      (r: AgencyJobResult) => this.outcome(r),
      (err: Error) => ({ ok: false, error: `audit of this portal failed: ${err.message.split('\n')[0]}` }) satisfies WorkOutcome,
    );
    return Promise.race([finished, this.ended]);
  }

  private async outcome(r: AgencyJobResult): Promise<WorkOutcome & { startedAt?: string }> {
    if (!r.ok) return r;
    const bytes = await this.client.getBuffer(r.key);
    if (!bytes) return { ok: false, error: `audit of this portal failed: its result (${r.key}) expired in Redis before it was stored`, startedAt: r.startedAt };
    return { ok: true, result: await decodeResult(bytes), startedAt: r.startedAt };
  }

  /** Stored: the job and its result leave Redis. */
  async stored(agency: Agency): Promise<void> {
    const id = agencyJobId(this.runId, agency.id);
    const job = await this.queue.getJob(id);
    const r = job?.returnvalue as AgencyJobResult | undefined;
    if (r?.ok) await this.client.del(r.key);
    await job?.remove().catch(() => {});
  }

  /** The coordinator stops (a signal): the jobs stay queued, and the workers' results wait for `audit --resume --redis`. */
  async stop(): Promise<void> {
    this.endWith({ ok: false, error: 'the audit was stopped' });
    await this.close();
  }

  /** Closing waits for Redis at most a few seconds: a lost Redis does not hold the coordinator. */
  async close(): Promise<void> {
    const closed = Promise.allSettled([this.events.close(), this.queue.close()]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise((resolve) => { timer = setTimeout(resolve, CLOSE_MS); })]);
    clearTimeout(timer);
    if (this.client.status === 'end') await Promise.allSettled([this.events.disconnect(), this.queue.disconnect()]);
  }
}
