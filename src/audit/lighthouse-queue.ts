// Lighthouse on its own BullMQ queue (`audit --redis` with Lighthouse on): an
// agency job's worker puts the agency's sampled pages on it and waits; workers
// started with `--lighthouse` take these jobs one at a time each (one such
// worker per machine keeps Lighthouse alone there) and measure them in their
// Lighthouse thread. Jobs are named by run and agency, so an agency job taken
// again after a worker died finds the measurement already made. Results (the
// reports are large) wait gzipped in a Redis key with a TTL, as agency results do.
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { LighthouseResult } from '../../crawlers/lighthouse.ts';
import { redisOptions, RESULT_TTL_S } from './agency-queue.ts';

export const LIGHTHOUSE_QUEUE = 'portal-audit-lighthouse';

/** One agency's pages, and the run's options (encoded as agency jobs carry them). */
export interface LighthouseJobData {
  runId: number;
  agencyId: string;
  urls: string[];
  options: string;
}

export interface LighthouseJobResult { key: string }

export function lighthouseJobId(runId: number, agencyId: string): string {
  return `lighthouse-${runId}-${agencyId}`;
}

export function lighthouseKey(runId: number, agencyId: string): string {
  return `portal-audit:lighthouse:${runId}:${agencyId}`;
}

/** Keep a measurement in Redis for the agency's worker; the job returns where. */
export async function keepMeasurement(client: Redis, data: LighthouseJobData, results: LighthouseResult[]): Promise<LighthouseJobResult> {
  const key = lighthouseKey(data.runId, data.agencyId);
  await client.set(key, await promisify(gzip)(JSON.stringify(results)), 'EX', RESULT_TTL_S);
  return { key };
}

/** The agency worker's side: put the pages on the queue and wait for the measurement. */
export class LighthouseQueue {
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly client: Redis;
  private readonly ready: Promise<unknown>;

  constructor(url: string, client: Redis) {
    const connection = redisOptions(url);
    this.client = client;
    this.queue = new Queue(LIGHTHOUSE_QUEUE, { connection });
    this.events = new QueueEvents(LIGHTHOUSE_QUEUE, { connection });
    this.events.setMaxListeners(0);
    this.queue.on('error', () => {});
    this.events.on('error', () => {});
    this.ready = this.events.waitUntilReady();
  }

  async measure(runId: number, options: string, agencyId: string, urls: string[]): Promise<LighthouseResult[]> {
    await this.ready;
    const data: LighthouseJobData = { runId, agencyId, urls, options };
    const job = await this.queue.add('lighthouse', data, { jobId: lighthouseJobId(runId, agencyId), attempts: 1, removeOnComplete: false, removeOnFail: false });
    const { key } = (await job.waitUntilFinished(this.events)) as LighthouseJobResult;
    const bytes = await this.client.getBuffer(key);
    if (!bytes) throw new Error(`its measurement (${key}) expired in Redis before it was read`);
    const results = JSON.parse((await promisify(gunzip)(bytes)).toString('utf8')) as LighthouseResult[];
    // Read: the job and its key leave Redis (an agency taken again would measure again).
    await this.client.del(key);
    await job.remove().catch(() => {});
    return results;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.events.close(), this.queue.close()]);
  }
}
