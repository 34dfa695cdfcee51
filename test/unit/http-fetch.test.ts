// The HTTP fetcher and the HTTP-first crawl against loopback servers.
import { afterAll, describe, expect, it } from 'vitest';
import { decodeHtml, fetchHttp, HttpClient } from '../../crawlers/http.ts';
import { crawlPortal, DEFAULT_CRAWL_OPTIONS, HostLimiter } from '../../crawlers/portal.ts';
import { html, serve, type TestServer } from '../support/servers.ts';

const client = new HttpClient(2_000);
const servers: TestServer[] = [];
const opts = { ...DEFAULT_CRAWL_OPTIONS, navigationTimeoutMs: 2_000, sameHostDelayMs: 0, retry: { ...DEFAULT_CRAWL_OPTIONS.retry, maxRetries: 0 } };

afterAll(async () => {
  await client.close();
  await Promise.all(servers.map((s) => s.close()));
});

const bytes1256 = Buffer.from([0xc7, 0xd1, 0xca, 0xc8, 0xc7, 0xd8]); // «ارتباط» in Windows-1256

describe('decodeHtml', () => {
  it('follows the charset in the header, then the meta tag', () => {
    expect(decodeHtml(Buffer.from('<p>سلام</p>'), 'text/html; charset=utf-8')).toEqual({ text: '<p>سلام</p>', encoding: 'utf-8' });
    const meta = Buffer.concat([Buffer.from('<meta charset="windows-1256"><p>'), bytes1256]);
    expect(decodeHtml(meta, 'text/html')).toEqual({ text: '<meta charset="windows-1256"><p>ارتباط', encoding: 'windows-1256' });
    const httpEquiv = Buffer.concat([Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=windows-1256"><p>'), bytes1256]);
    expect(decodeHtml(httpEquiv, '').encoding).toBe('windows-1256');
  });

  it('reads undeclared UTF-8 as UTF-8 and undeclared non-UTF-8 bytes as Windows-1256', () => {
    expect(decodeHtml(Buffer.from('<p>سلام</p>'), 'text/html').encoding).toBe('utf-8');
    expect(decodeHtml(Buffer.concat([Buffer.from('<p>'), bytes1256]), 'text/html')).toEqual({ text: '<p>ارتباط', encoding: 'windows-1256' });
  });
});

describe('fetchHttp', () => {
  it('follows redirects to the final URL and records it', async () => {
    const s = await serve((req, res) => (req.url === '/old' ? res.writeHead(301, { location: '/new?b=2&a=1' }).end() : html(res)));
    servers.push(s);
    const page = await fetchHttp(client, `${s.origin}/old`, 0, opts);
    expect(page).toMatchObject({ status: 200, finalUrl: `${s.origin}/new?a=1&b=2`, error: null, fetchedBy: 'http', encoding: 'utf-8' });
  });

  it('refuses a response that is not a page, without reading it', async () => {
    const s = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.alloc(1000)));
    servers.push(s);
    expect((await fetchHttp(client, `${s.origin}/x`, 0, opts)).error).toBe('not an HTML page (application/pdf)');
  });

  it('keeps the status of an error page and reads no body', async () => {
    const s = await serve((_req, res) => res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '3' }).end('busy'));
    servers.push(s);
    const page = await fetchHttp(client, `${s.origin}/`, 0, opts);
    expect(page).toMatchObject({ status: 503, html: '', error: null });
    expect(page.headers['retry-after']).toBe('3');
  });

  it('keeps the portal\'s cookies: a cookie check that redirects to the page again is followed, and later requests carry the cookie', async () => {
    const s = await serve((req, res) => {
      if (!/visitor=ok/.test(req.headers.cookie ?? '')) return void res.writeHead(302, { location: req.url, 'set-cookie': 'visitor=ok; Path=/; HttpOnly' }).end();
      html(res, '<p>صفحه پس از بررسی کوکی</p>');
    });
    servers.push(s);
    const jarred = new HttpClient(2_000);
    try {
      const page = await fetchHttp(jarred, `${s.origin}/news`, 0, opts);
      expect(page).toMatchObject({ status: 200, finalUrl: `${s.origin}/news`, error: null });
      expect(page.html).toContain('صفحه پس از بررسی کوکی');
      expect((await fetchHttp(jarred, `${s.origin}/about`, 0, opts)).status).toBe(200);
    } finally {
      await jarred.close();
    }
  });

  it('still names a redirect loop that sets no cookie', async () => {
    const s = await serve((req, res) => void res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end());
    servers.push(s);
    expect((await fetchHttp(client, `${s.origin}/a`, 0, opts)).error).toBe(`net::ERR_TOO_MANY_REDIRECTS (redirect loop back to ${s.origin}/a)`);
  });

  it('names a refused connection as Chromium would', async () => {
    const s = await serve((_req, res) => html(res));
    const origin = s.origin;
    await s.close();
    expect((await fetchHttp(client, `${origin}/`, 0, opts)).error).toMatch(/^net::ERR_CONNECTION_REFUSED/);
  });
});

describe('the HTTP-first crawl', () => {
  it('honours robots.txt: Disallow, and Crawl-delay one request at a time, noted in the crawl notes', async () => {
    const seen: Array<{ path: string; at: number }> = [];
    const page = '<a href="/a">الف</a><a href="/b">ب</a><a href="/private/c">ج</a><p>' + 'متن صفحه '.repeat(40) + '</p>';
    const s = await serve((req, res) => {
      if (req.url === '/robots.txt') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\nCrawl-delay: 1\n');
      seen.push({ path: req.url ?? '', at: Date.now() });
      html(res, page);
    });
    servers.push(s);
    const site = await crawlPortal({ id: 'x', homepage: `${s.origin}/`, hosts: [] }, {
      browserContext: null as never, http: client, limiter: new HostLimiter(2, 0), options: opts, ignoreCertificateErrors: false,
    });
    expect(site.pages.map((p) => new URL(p.url).pathname)).toEqual(['/', '/a', '/b']);
    expect(seen.map((r) => r.path)).not.toContain('/private/c');
    const gaps = seen.slice(1).map((r, i) => r.at - seen[i].at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(950);
    expect(site.crawlNotes).toContain(`robots.txt Crawl-delay 1 s honoured on ${new URL(s.origin).host}`);
    expect(site.pages.every((p) => p.fetchedBy === 'http' && p.renderReason === null)).toBe(true);
  });

  it('asks for every page and sitemap in a request slot, which Lighthouse\'s performance run does not wait for', async () => {
    const page = '<a href="/a">الف</a><a href="/b">ب</a><p>' + 'متن صفحه '.repeat(40) + '</p>';
    const s = await serve((req, res) => {
      if (req.url === '/sitemap.xml') return void res.writeHead(200, { 'content-type': 'application/xml' }).end(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://${req.headers.host}/c</loc></url></urlset>`);
      html(res, page);
    });
    servers.push(s);
    const slots: string[] = [];
    class Recording extends HostLimiter {
      override run<T>(url: string, task: () => Promise<T>): Promise<T> {
        slots.push(`run ${new URL(url).pathname}`);
        return super.run(url, task);
      }
      override request<T>(url: string, task: () => Promise<T>): Promise<T> {
        slots.push(`request ${new URL(url).pathname}`);
        return super.run(url, task);
      }
    }
    const site = await crawlPortal({ id: 'x', homepage: `${s.origin}/`, hosts: [] }, {
      browserContext: null as never, http: client, limiter: new Recording(2, 0), options: opts, ignoreCertificateErrors: false,
    });
    expect(site.pages.map((p) => new URL(p.url).pathname).sort()).toEqual(['/', '/a', '/b', '/c']);
    expect(slots.filter((x) => x.startsWith('run'))).toEqual([]);
    expect(slots).toEqual(expect.arrayContaining(['request /', 'request /a', 'request /b', 'request /sitemap.xml', 'request /c']));
  });
});
