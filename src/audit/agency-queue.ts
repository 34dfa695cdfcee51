// The run's agencies on a BullMQ queue (Redis ≥ 6.2): the coordinator
// (`audit --redis`) enqueues one job per agency and stores what comes back;
// workers (`portal-audit worker`) take the jobs and run each in their thread
// pool. A job carries the run's options, so every worker audits with the
// run's user agent, budgets, as-of date and national-systems list. The
// agency's result (pages, findings, evidence bytes) is too big for a job's
// return value (it is copied into the events stream): it is kept, gzipped, in
// a Redis key with a TTL, and the job returns the key.
import { serialize, deserialize } from 'node:v8';
import { promisify } from 'node:util';
import { gzip, gunzip } from 'node:zlib';
import { Redis } from 'ioredis';
import { em, UserError } from '../errors.ts';
import type { Agency } from '../registry/registry.ts';
import type { AuditOptions } from './run-audit.ts';
import type { AgencyWork } from './worker-protocol.ts';

export const AGENCY_QUEUE = 'portal-audit-agencies';
/** A result waits this long for its coordinator (a killed coordinator resumes within a week). */
export const RESULT_TTL_S = 7 * 24 * 3600;
const CONNECT_TIMEOUT_MS = 5_000;

/** What travels in a job: the agency, its declared services, and the run's options (v8-serialized, base64, as a thread receives them). */
export interface AgencyJobData {
  runId: number;
  agency: Agency;
  seeds: string[];
  options: string;
}

/** What a job returns: where the result waits, or why there is none; and when the worker took the agency. */
export type AgencyJobResult = ({ ok: true; key: string; bytes: number } | { ok: false; error: string }) & { startedAt?: string };

/** One job per run and agency: enqueueing it again (a resumed coordinator) finds the same job. */
export function agencyJobId(runId: number, agencyId: string): string {
  return `run-${runId}-${agencyId}`;
}

export function resultKey(runId: number, agencyId: string): string {
  return `portal-audit:result:${runId}:${agencyId}`;
}

export function encodeOptions(options: AuditOptions): string {
  return serialize(options).toString('base64');
}

export function decodeOptions(data: string): AuditOptions {
  return deserialize(Buffer.from(data, 'base64')) as AuditOptions;
}

export async function encodeResult(work: AgencyWork): Promise<Buffer> {
  return promisify(gzip)(serialize(work));
}

/** The result as the store wants it: evidence bytes as Buffers. */
export async function decodeResult(bytes: Buffer): Promise<AgencyWork> {
  const work = deserialize(await promisify(gunzip)(bytes)) as AgencyWork;
  for (const items of work.evidence) for (const item of items) item.bytes = Buffer.from(item.bytes.buffer, item.bytes.byteOffset, item.bytes.byteLength);
  return work;
}

/** The connection options BullMQ and our own clients use; a bad URL is a one-line error. */
export function redisOptions(url: string) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(em('redis.url', { url }));
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new UserError(em('redis.url', { url }));
  return {
    host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || 6379),
    username: decodeURIComponent(parsed.username) || undefined, password: decodeURIComponent(parsed.password) || undefined,
    db: Number(parsed.pathname.slice(1) || 0), tls: parsed.protocol === 'rediss:' ? {} : undefined,
    // BullMQ's blocking connections wait on Redis for as long as it takes.
    maxRetriesPerRequest: null as number | null,
  };
}

/** A URL for messages, without its password. */
export function safeUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/**
 * Connect and check the server before anything is written: unreachable, or
 * older than 6.2, is a one-line error. The connection is returned for our own
 * keys; once lost, it tries again for `lostAfterMs`, then gives up and emits 'end'.
 */
export async function connectRedis(url: string, lostAfterMs: number): Promise<Redis> {
  const lost = { since: 0 };
  let lastError = '';
  const client = new Redis({
    // A client that never gives up queues its commands until Redis is back.
    ...redisOptions(url), lazyConnect: true, connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: Number.isFinite(lostAfterMs) ? 1 : null,
    retryStrategy: () => {
      lost.since ||= Date.now();
      return Date.now() - lost.since > lostAfterMs ? null : 500;
    },
  });
  client.on('ready', () => { lost.since = 0; });
  client.on('error', (err: Error) => { lastError = err.message; });
  try {
    await client.connect();
    const info = await client.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '0';
    const [major = 0, minor = 0] = version.split('.').map(Number);
    if (major < 6 || (major === 6 && minor < 2)) throw new UserError(em('redis.version', { url: safeUrl(url), version }));
    return client;
  } catch (err) {
    client.disconnect();
    if (err instanceof UserError) throw err;
    throw new UserError(em('redis.unreachable', { url: safeUrl(url), detail: (lastError || (err as Error).message).split('\n')[0] }));
  }
}
