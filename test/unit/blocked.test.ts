import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPageArtifact } from '../../crawlers/artifacts.ts';
import { detectBlocked } from '../../crawlers/blocked.ts';
import { fetchHttp, HttpClient } from '../../crawlers/http.ts';
import { closedPort } from '../../src/commands/demo.ts';
import { serve, type TestServer } from '../support/servers.ts';

const DIR = join(import.meta.dirname, '../fixtures/blocked');

function home(html: string, status = 200, headers: Record<string, string> = {}, finalUrl = 'https://portal.example.ir/') {
  return buildPageArtifact({
    url: 'https://portal.example.ir/', finalUrl, status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers }, html,
    depth: 0, fetchedBy: 'http', timing: { startedAt: '2025-12-22T00:00:00Z', durationMs: 1 },
  });
}

// Each fixture is named by what it must be read as: challenge-…, geo-…, ok-… (not blocked).
describe('detectBlocked on saved pages', () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.html'))) {
    const expected = file.startsWith('ok-') ? null : file.startsWith('challenge-') ? 'challenge' : 'geo-block';
    it(`${file} → ${expected ?? 'not blocked'}`, () => {
      const found = detectBlocked(home(readFileSync(join(DIR, file), 'utf8')));
      expect(found?.kind ?? null).toBe(expected);
      if (found) expect(found.detail).toMatch(/home page/);
    });
  }
});

describe('detectBlocked on statuses and redirects', () => {
  it('403 and 429 refuse the crawler; a 403 Cloudflare challenge says so', () => {
    expect(detectBlocked(home('', 403))).toMatchObject({ kind: 'status-403', status: 403 });
    expect(detectBlocked(home('', 429))).toMatchObject({ kind: 'status-429', status: 429 });
    expect(detectBlocked(home('', 403, { 'cf-mitigated': 'challenge' }))?.kind).toBe('challenge');
    expect(detectBlocked(home('', 503, { 'cf-mitigated': 'challenge' }))?.kind).toBe('challenge');
  });

  it('a redirect to the filtering page or a 451 is a geo-block', () => {
    expect(detectBlocked(home('<p>x</p>', 200, {}, 'https://peyvandha.ir/index.htm'))?.kind).toBe('geo-block');
    expect(detectBlocked(home('<p>x</p>', 200, {}, 'http://10.10.34.35/'))?.kind).toBe('geo-block');
    expect(detectBlocked(home('', 451))?.kind).toBe('geo-block');
  });

  it('a redirect to the filtering page that cannot be reached (from abroad) is still a geo-block', () => {
    const failed = { ...home(''), status: null, finalUrl: 'http://10.10.34.34/?type=Invalid%20Site', error: 'net::ERR_CONNECTION_TIMED_OUT' };
    expect(detectBlocked(failed)?.kind).toBe('geo-block');
  });

  it('other failures are not blocks: 404, 500, an unreachable home, no home', () => {
    expect(detectBlocked(home('', 404))).toBeNull();
    expect(detectBlocked(home('', 500))).toBeNull();
    expect(detectBlocked({ ...home(''), status: null, error: 'net::ERR_CONNECTION_REFUSED' })).toBeNull();
    expect(detectBlocked(undefined)).toBeNull();
  });

  it('a long real page titled like a notice is not a challenge unless its title is one', () => {
    const long = `<title>خانه</title><main>${'<p>خدمات سازمان و اخبار روز</p>'.repeat(100)} checking your browser</main>`;
    expect(detectBlocked(home(long))).toBeNull();
  });
});

describe('a fetch that fails after a redirect', () => {
  const servers: TestServer[] = [];
  const client = new HttpClient(5_000);
  afterAll(async () => {
    await client.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('records where the redirect led as its final URL', async () => {
    const port = await closedPort();
    const s = await serve((_, res) => res.writeHead(302, { location: `http://127.0.0.1:${port}/blocked` }).end());
    servers.push(s);
    const page = await fetchHttp(client, `${s.origin}/`, 0, { userAgent: 'test', navigationTimeoutMs: 5_000, maxPageBytes: 1_000_000, maxRedirects: 5 });
    expect(page.error).toMatch(/ERR_CONNECTION_REFUSED/);
    expect(page.finalUrl).toBe(`http://127.0.0.1:${port}/blocked`);
  });
});
