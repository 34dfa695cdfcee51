// What Chromium asks a portal for, and how often. A plain portal and one
// whose every page is built by a script are audited once; their servers log
// every request. A page's document is fetched once (renders and evidence use
// the copy), styles come from the agency's cache instead of once per page,
// and the phone check's emulation stays on its own tab. The tab pool's reuse
// and its closing of failed tabs are checked directly against Chromium.
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchBrowser, newAgencyContext, renderPage, TabPool } from '../../crawlers/browser.ts';
import { DEFAULT_CRAWL_OPTIONS } from '../../crawlers/portal.ts';
import { SAMPLE_AS_OF } from '../../src/commands/demo.ts';
import { runCli, type CliResult } from '../support/cli.ts';
import { isPhoneCheck, serve, type TestServer } from '../support/servers.ts';

const PATHS = ['/', '/services', '/complaints', '/help', '/contact', '/open-data', '/tracking', '/about'];
const TITLES = ['خانه', 'فهرست خدمات', 'ثبت شکایت', 'راهنما', 'تماس با ما', 'داده باز', 'پیگیری درخواست', 'درباره ما'];

/** Who asked: the crawl's HTTP client, the plain-HTTP probe of the transport check, Chromium, or Chromium as a phone. */
type Asker = 'http' | 'probe' | 'chromium' | 'phone';
interface Logged { path: string; asker: Asker }

function askerOf(req: IncomingMessage): Asker {
  if (isPhoneCheck(req)) return 'phone';
  // Chromium sends the request's destination (Fetch Metadata); undici's fetch, which the probe uses, sends only its mode.
  if (req.headers['sec-fetch-dest']) return 'chromium';
  return req.headers['sec-fetch-mode'] ? 'probe' : 'http';
}

function body(i: number): string {
  const nav = PATHS.map((p, j) => `<li><a href="${p}">${TITLES[j]}</a></li>`).join('');
  return `<header><img src="/logo.svg" alt="نشان" width="40" height="40"><nav><ul>${nav}</ul></nav></header>
<main><h1>${TITLES[i]}</h1><p>${'این صفحه‌ای از درگاه آزمایشی است که شهروند آن را می‌بیند. '.repeat(12)}</p></main>`;
}

/** A page as served: written out, or built by a script from an empty app root. */
function page(i: number, scripted: boolean): string {
  const head = `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${TITLES[i]}</title><link rel="stylesheet" href="/style.css"></head>`;
  if (!scripted) return `${head}<body>${body(i)}</body></html>`;
  return `${head}<body><div id="app"></div><script>document.getElementById('app').innerHTML = ${JSON.stringify(body(i))};</script></body></html>`;
}

const STYLE = 'body{font-family:sans-serif;margin:0 auto;max-width:960px}header{display:flex;gap:12px}nav ul{display:flex;gap:8px;list-style:none}';
const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="18" fill="#174"/></svg>';

function portal(scripted: boolean, log: Logged[]): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    log.push({ path, asker: askerOf(req) });
    const i = PATHS.indexOf(path);
    if (i >= 0) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(i, scripted));
    // Static files carry validators, as Apache and nginx send by default, so a browser may cache them.
    const validators = { 'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT', etag: `"${path.length}"` };
    if (path === '/style.css') return void res.writeHead(200, { 'content-type': 'text/css', ...validators }).end(STYLE);
    if (path === '/logo.svg') return void res.writeHead(200, { 'content-type': 'image/svg+xml', ...validators }).end(LOGO);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  };
}

const logs: Record<'plain' | 'scripted', Logged[]> = { plain: [], scripted: [] };
let servers: TestServer[] = [];
let db: string;
let audit: CliResult;

beforeAll(async () => {
  servers = [await serve(portal(false, logs.plain)), await serve(portal(true, logs.scripted))];
  const dir = mkdtempSync(join(tmpdir(), 'browser-economy-'));
  db = join(dir, 'audit.sqlite');
  const name = { fa: 'آزمایشی', en: 'Test' };
  const registry = join(dir, 'agencies.json');
  writeFileSync(registry, JSON.stringify({ agencies: [
    { id: 'plain', name, homepage: `${servers[0].origin}/` },
    { id: 'scripted', name, homepage: `${servers[1].origin}/` },
  ] }));
  audit = await runCli(['audit', '--no-external-probes', '--agencies', registry, '--db', db, '--as-of', SAMPLE_AS_OF, '--no-lighthouse', '--host-delay-ms', '0']);
}, 240_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const count = (log: Logged[], path: string, asker?: Asker) => log.filter((r) => r.path === path && (!asker || r.asker === asker)).length;

function screenshotWidths(agency: string): Array<{ indicator: string; width: number }> {
  const store = new Database(db, { readonly: true });
  try {
    const rows = store.prepare(`SELECT DISTINCT f.indicator_id AS indicator, b.bytes FROM evidence e JOIN findings f ON f.id = e.finding_id
      JOIN blobs b ON b.sha256 = e.sha256 WHERE e.kind = 'screenshot' AND f.agency_id = ?`).all(agency) as Array<{ indicator: string; bytes: Buffer }>;
    // A PNG's width is the first field of its IHDR chunk.
    return rows.map((r) => ({ indicator: r.indicator, width: r.bytes.readUInt32BE(16) }));
  } finally {
    store.close();
  }
}

describe('an audit asks each portal for little, and Chromium does each thing once', () => {
  it('finishes, with every page of both portals stored and the scripted ones rendered', () => {
    expect(audit.code, audit.stderr).toBe(0);
    const store = new Database(db, { readonly: true });
    try {
      const rows = store.prepare('SELECT agency_id, fetched_by, COUNT(*) AS n FROM pages WHERE error IS NULL GROUP BY 1, 2 ORDER BY 1, 2').all();
      expect(rows).toEqual([{ agency_id: 'plain', fetched_by: 'http', n: PATHS.length }, { agency_id: 'scripted', fetched_by: 'browser', n: PATHS.length }]);
    } finally {
      store.close();
    }
  });

  it('fetches each page once: renders and evidence screenshots are served the copy the crawl fetched', () => {
    for (const log of [logs.plain, logs.scripted]) {
      for (const path of PATHS) {
        expect(count(log, path, 'http'), path).toBe(1);
        expect(count(log, path, 'chromium'), path).toBe(0);
      }
    }
  });

  it('loads a stylesheet and an image once per agency, not once per page photographed', () => {
    const shots = screenshotWidths('plain').length;
    expect(shots).toBeGreaterThan(3);
    for (const log of [logs.plain, logs.scripted]) {
      // The phone check may ask before the first render or evidence tab has filled the cache.
      expect(count(log, '/style.css', 'chromium') + count(log, '/style.css', 'phone')).toBeLessThanOrEqual(2);
      expect(count(log, '/logo.svg', 'chromium') + count(log, '/logo.svg', 'phone')).toBeLessThanOrEqual(2);
    }
  });

  it('checks the home page as a phone, 375 px wide, while the other screenshots keep the desktop width', () => {
    for (const agency of ['plain', 'scripted']) {
      const widths = screenshotWidths(agency);
      expect(widths.filter((w) => w.indicator === 'mobile-friendly').map((w) => w.width)).toContain(375);
      const desktop = widths.filter((w) => w.indicator !== 'mobile-friendly');
      expect(desktop.length).toBeGreaterThan(0);
      expect(desktop.every((w) => w.width === 1280), JSON.stringify(desktop)).toBe(true);
    }
    expect(count(logs.plain, '/', 'phone')).toBe(1);
  });
});

describe('the tab pool', () => {
  let browser: Browser;
  let server: TestServer;

  beforeAll(async () => {
    browser = await launchBrowser(findChromium()!);
    server = await serve(portal(true, []));
  });

  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  const opts = { navigationTimeoutMs: 5_000, settleMs: 1_000 };

  it('renders page after page in one tab', async () => {
    const context = await newAgencyContext(browser, { userAgent: DEFAULT_CRAWL_OPTIONS.userAgent });
    const pool = new TabPool(context, 2);
    for (const path of PATHS.slice(0, 4)) {
      const raw = await renderPage(pool, `${server.origin}${path}`, 1, opts);
      expect(raw.error).toBeUndefined();
      expect(raw.html).toContain(`<h1>${TITLES[PATHS.indexOf(path)]}</h1>`);
    }
    expect(context.pages()).toHaveLength(1);
    await pool.closeAll();
    expect(context.pages()).toHaveLength(0);
    await context.close();
  });

  it('writes out the styles a script put into the CSSOM, so the snapshot is photographed as rendered', async () => {
    const context = await newAgencyContext(browser, { userAgent: DEFAULT_CRAWL_OPTIONS.userAgent });
    const pool = new TabPool(context, 1);
    const styled = await serve((_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><title>t</title></head><body><h1>عنوان</h1><script>
      const el = document.createElement('style'); document.head.append(el); el.sheet.insertRule('h1 { color: rgb(200, 0, 0); }');
      const sheet = new CSSStyleSheet(); sheet.replaceSync('p { margin: 7px; }'); document.adoptedStyleSheets = [sheet];
    </script></body></html>`));
    const raw = await renderPage(pool, `${styled.origin}/`, 0, opts);
    expect(raw.html).toContain('h1 { color: rgb(200, 0, 0); }');
    expect(raw.html).toContain('p { margin: 7px; }');
    await styled.close();
    await context.close();
  });

  it('closes a tab whose render failed instead of handing it to the next page', async () => {
    const context = await newAgencyContext(browser, { userAgent: DEFAULT_CRAWL_OPTIONS.userAgent });
    const pool = new TabPool(context, 2);
    const hung = await serve(() => {});
    const failed = await renderPage(pool, `${hung.origin}/`, 0, opts);
    expect(failed.error).toMatch(/Timeout/i);
    expect(context.pages()).toHaveLength(0);
    const ok = await renderPage(pool, `${server.origin}/help`, 1, opts);
    expect(ok.html).toContain('<h1>راهنما</h1>');
    expect(context.pages()).toHaveLength(1);
    await hung.close();
    await context.close();
  });
});
