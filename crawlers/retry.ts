// Which failures are worth another try (Crawlee's retryable vs non-retryable,
// GSA's transient vs permanent), and a bounded retry loop with backoff that
// honours Retry-After.
import type { AttemptRecord, RawPage } from './artifacts.ts';

export type FailureClass = 'ok' | 'transient' | 'permanent';

export interface RetryOptions {
  maxRetries: number;
  /** First backoff; doubles on each retry. */
  backoffMs: number;
  /** A Retry-After longer than this is not waited for: the page fails. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = { maxRetries: 2, backoffMs: 1_000, maxRetryAfterMs: 30_000 };

// DNS and TLS failures will not heal within a night; nor will a refused redirect loop.
const PERMANENT_ERRORS = /ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED|ERR_CERT_|ERR_SSL_|ERR_BAD_SSL|ERR_TOO_MANY_REDIRECTS|ERR_UNSAFE_|ERR_INVALID_URL|ERR_BLOCKED|ERR_ABORTED|not an HTML page/;

export function classify(page: RawPage): FailureClass {
  if (page.error) return PERMANENT_ERRORS.test(page.error) ? 'permanent' : 'transient';
  if (page.status === null) return 'transient';
  if (page.status === 429 || page.status >= 500) return 'transient';
  return 'ok';
}

/** Retry-After as milliseconds (seconds or an HTTP date), or null. */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | null {
  const value = headers['retry-after'] ?? headers['Retry-After'];
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The same policy, retrying at most once: for side requests (probes, sitemaps) that must not hold a portal's crawl. */
export function atMostOneRetry(opts: RetryOptions): RetryOptions {
  return { ...opts, maxRetries: Math.min(1, opts.maxRetries) };
}

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Fetch with bounded retries; the result records every earlier attempt. */
export async function withRetries<P extends RawPage>(fetchOnce: () => Promise<P>, opts: RetryOptions, sleep: Sleep = realSleep): Promise<P & { retries: number; attempts: AttemptRecord[] }> {
  const attempts: AttemptRecord[] = [];
  for (let attempt = 0; ; attempt++) {
    const page = await fetchOnce();
    if (classify(page) !== 'transient' || attempt >= opts.maxRetries) return { ...page, retries: attempt, attempts };
    const asked = retryAfterMs(page.headers);
    if (asked !== null && asked > opts.maxRetryAfterMs) {
      return { ...page, retries: attempt, attempts, error: page.error ?? `HTTP ${page.status}: Retry-After ${Math.round(asked / 1000)} s is longer than ${opts.maxRetryAfterMs / 1000} s` };
    }
    const wait = asked ?? opts.backoffMs * 2 ** attempt;
    attempts.push({ status: page.status, error: page.error ?? null, waitedMs: wait });
    await sleep(wait);
  }
}
