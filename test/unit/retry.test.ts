import { describe, expect, it } from 'vitest';
import type { RawPage } from '../../crawlers/artifacts.ts';
import { classify, retryAfterMs, withRetries } from '../../crawlers/retry.ts';

const page = (over: Partial<RawPage>): RawPage => ({
  url: 'http://a/', finalUrl: 'http://a/', status: 200, headers: {}, html: '<p>x</p>', depth: 0, fetchedBy: 'browser',
  timing: { startedAt: '2026-01-01T00:00:00Z', durationMs: 1 }, ...over,
});

describe('failure classes', () => {
  it('retries timeouts, resets, 5xx and 429', () => {
    expect(classify(page({ status: 503 }))).toBe('transient');
    expect(classify(page({ status: 429 }))).toBe('transient');
    expect(classify(page({ status: null, error: 'Timeout 20000ms exceeded.' }))).toBe('transient');
    expect(classify(page({ status: null, error: 'net::ERR_CONNECTION_RESET at http://a/' }))).toBe('transient');
  });

  it('does not retry DNS, TLS, redirect loops or a 404', () => {
    expect(classify(page({ status: null, error: 'net::ERR_NAME_NOT_RESOLVED at http://a/' }))).toBe('permanent');
    expect(classify(page({ status: null, error: 'net::ERR_CERT_AUTHORITY_INVALID at https://a/' }))).toBe('permanent');
    expect(classify(page({ status: null, error: 'net::ERR_TOO_MANY_REDIRECTS at http://a/' }))).toBe('permanent');
    expect(classify(page({ status: 404 }))).toBe('ok');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs({ 'retry-after': '7' })).toBe(7000);
    expect(retryAfterMs({ 'retry-after': 'Wed, 21 Oct 2015 07:28:10 GMT' }, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMs({})).toBeNull();
  });
});

describe('withRetries', () => {
  const opts = { maxRetries: 2, backoffMs: 100, maxRetryAfterMs: 5_000 };

  it('retries a transient failure with doubling backoff and records each attempt', async () => {
    const answers = [page({ status: 503 }), page({ status: 503 }), page({ status: 200 })];
    const waits: number[] = [];
    const res = await withRetries(async () => answers.shift()!, opts, async (ms) => { waits.push(ms); });
    expect(res.status).toBe(200);
    expect(res.retries).toBe(2);
    expect(res.attempts.map((a) => a.status)).toEqual([503, 503]);
    expect(waits).toEqual([100, 200]);
  });

  it('gives up after maxRetries and keeps the last answer', async () => {
    let calls = 0;
    const res = await withRetries(async () => { calls++; return page({ status: 500 }); }, opts, async () => {});
    expect(calls).toBe(3);
    expect(res.status).toBe(500);
  });

  it('does not retry a permanent failure', async () => {
    let calls = 0;
    const res = await withRetries(async () => { calls++; return page({ status: null, error: 'net::ERR_CERT_DATE_INVALID' }); }, opts, async () => {});
    expect(calls).toBe(1);
    expect(res.retries).toBe(0);
  });

  it('waits for Retry-After, and fails rather than wait too long', async () => {
    const waits: number[] = [];
    const answers = [page({ status: 429, headers: { 'retry-after': '2' } }), page({ status: 200 })];
    await withRetries(async () => answers.shift()!, opts, async (ms) => { waits.push(ms); });
    expect(waits).toEqual([2000]);
    const res = await withRetries(async () => page({ status: 429, headers: { 'retry-after': '3600' } }), opts, async () => { throw new Error('must not wait'); });
    expect(res.error).toMatch(/Retry-After 3600 s is longer than 5 s/);
  });
});
