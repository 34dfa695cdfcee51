// Content-Encoding decoded with a cap, and redirects kept inside the agency's
// hosts, against loopback servers.
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeBody } from '../../crawlers/content-encoding.ts';
import { fetchHttp, HttpClient } from '../../crawlers/http.ts';
import { crawlPortal, DEFAULT_CRAWL_OPTIONS, HostLimiter } from '../../crawlers/portal.ts';
import { inScope, siteHosts } from '../../crawlers/scope.ts';
import { html, PAGE, serve, type TestServer } from '../support/servers.ts';

const client = new HttpClient(5_000);
const servers: TestServer[] = [];
const opts = { ...DEFAULT_CRAWL_OPTIONS, navigationTimeoutMs: 5_000, sameHostDelayMs: 0, retry: { ...DEFAULT_CRAWL_OPTIONS.retry, maxRetries: 0 } };
const MB = 1024 * 1024;

afterAll(async () => {
  await client.close();
  await Promise.all(servers.map((s) => s.close()));
});

async function served(handler: Parameters<typeof serve>[0]): Promise<TestServer> {
  const s = await serve(handler);
  servers.push(s);
  return s;
}

const encoders: Record<string, (b: Buffer) => Buffer> = { gzip: gzipSync, br: brotliCompressSync, deflate: deflateSync };

describe('content encodings', () => {
  for (const [coding, encode] of Object.entries(encoders)) {
    it(`a ${coding} page reads as its plain twin, and the coding is recorded`, async () => {
      const s = await served((req, res) => {
        if (req.url === '/plain') return void html(res);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': coding }).end(encode(Buffer.from(PAGE)));
      });
      const [encoded, plain] = await Promise.all([fetchHttp(client, `${s.origin}/`, 0, opts), fetchHttp(client, `${s.origin}/plain`, 0, opts)]);
      expect(encoded).toMatchObject({ error: null, status: 200, html: PAGE, contentEncoding: coding });
      expect(plain).toMatchObject({ error: null, html: PAGE });
      expect(plain.contentEncoding ?? null).toBeNull();
    });
  }

  it('asks for gzip, deflate and br, as a browser does', async () => {
    let asked = '';
    const s = await served((req, res) => { asked = String(req.headers['accept-encoding']); html(res); });
    await fetchHttp(client, `${s.origin}/`, 0, opts);
    expect(asked).toBe('gzip, deflate, br');
  });

  it('raw deflate (what some servers send as "deflate") is read too', () => {
    expect(decodeBody(deflateRawSync(Buffer.from(PAGE)), 'deflate', 5 * MB)).toMatchObject({ error: null, coding: 'deflate' });
  });

  it('a decompression bomb (1 MB that inflates to 1 GiB) fails that page only, at the cap, with the reason', async () => {
    // 1 GiB of zeros: gzip it in 64 MiB pieces (concatenated members are one valid gzip stream).
    const piece = gzipSync(Buffer.alloc(64 * MB), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 16 }, () => piece));
    expect(bomb.length).toBeLessThan(2 * MB);
    const s = await served((req, res) => {
      if (req.url === '/bomb') return void res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(bomb);
      html(res);
    });
    const rss = process.memoryUsage().rss;
    const page = await fetchHttp(client, `${s.origin}/bomb`, 0, opts);
    expect(page).toMatchObject({ status: 200, html: '', contentEncoding: 'gzip' });
    expect(page.error).toBe(`page larger than 5 MB once decoded (gzip, ${bomb.length} bytes sent); decoding stopped there`);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * MB);
    expect((await fetchHttp(client, `${s.origin}/`, 0, opts)).error).toBeNull();
  });

  it('a body that is not what its coding says, or an unknown coding, fails with the reason', async () => {
    const s = await served((req, res) => {
      const coding = req.url === '/zstd' ? 'zstd' : 'gzip';
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': coding }).end(req.url === '/cut' ? gzipSync(Buffer.from(PAGE)).subarray(0, 40) : Buffer.from(PAGE));
    });
    expect((await fetchHttp(client, `${s.origin}/cut`, 0, opts)).error).toMatch(/^the gzip body could not be decoded \(unexpected end of file\)/i);
    expect((await fetchHttp(client, `${s.origin}/plain-but-says-gzip`, 0, opts)).error).toMatch(/^the gzip body could not be decoded/);
    expect((await fetchHttp(client, `${s.origin}/zstd`, 0, opts)).error).toBe('content encoded as zstd, which the crawler does not decode');
  });
});

describe('scope on every hop', () => {
  it('the home host with or without www and the registry hosts are in scope, nothing else', () => {
    const hosts = siteHosts('https://agency.gov.ir/', ['e.agency.gov.ir']);
    expect(['https://www.agency.gov.ir/a', 'http://agency.gov.ir/', 'https://e.agency.gov.ir/x'].every((u) => inScope(u, hosts))).toBe(true);
    expect(['https://evil.example/', 'https://agency.gov.ir.evil.example/', 'ftp://agency.gov.ir/'].some((u) => inScope(u, hosts))).toBe(false);
  });

  it('a redirect to another origin is neither fetched nor stored: the page records why, and the crawl goes on', async () => {
    const outside = await served((_req, res) => html(res, '<p>صفحهٔ بیرونی</p>'));
    const s = await served((req, res) => {
      if (req.url === '/robots.txt') return void res.writeHead(404).end();
      if (req.url === '/away') return void res.writeHead(302, { location: `${outside.origin}/landing` }).end();
      html(res, '<html><body><a href="/away">بیرون</a><a href="/contact">تماس</a><p>' + 'متن صفحه '.repeat(40) + '</p></body></html>');
    });
    const site = await crawlPortal({ id: 'x', homepage: `${s.origin}/`, hosts: [] }, {
      browserContext: null as never, http: client, limiter: new HostLimiter(2, 0), options: opts, ignoreCertificateErrors: false,
    });
    expect(outside.hits()).toBe(0);
    const away = site.attempts.find((p) => p.url === `${s.origin}/away`)!;
    expect(away).toMatchObject({ status: null, html: '', retries: 0 });
    expect(away.error).toBe(`net::ERR_BLOCKED_BY_CLIENT (redirect to ${outside.origin}/landing leaves the agency's sites; not followed: add its host to the registry's hosts if it belongs to the agency)`);
    expect(site.pages.map((p) => new URL(p.finalUrl).pathname)).toEqual(['/', '/contact']);
  });

  it('a redirect to a host the registry lists is followed', async () => {
    const other = await served((_req, res) => html(res));
    const s = await served((_req, res) => res.writeHead(301, { location: `${other.origin}/` }).end());
    const page = await fetchHttp(client, `${s.origin}/`, 0, opts, false, (u) => inScope(u, siteHosts(`${s.origin}/`, [new URL(other.origin).host])));
    expect(page).toMatchObject({ status: 200, finalUrl: `${other.origin}/`, error: null });
  });
});
