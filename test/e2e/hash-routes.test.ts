// A hash-routed single-page app (`#/about`, `#!/…`): the server sends one
// document for every route and its script shows the route's page. The crawl
// takes each route as a page of its own, renders it fresh (never as a route
// change inside a tab left on another route), and the rules read and cite it;
// a fragment that only points into a page is not a page.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type TestServer } from '../support/servers.ts';
import { auditServed } from '../support/served-audit.ts';

const ROUTES: Record<string, string> = {
  '': '<h1>اداره کل منابع طبیعی</h1><p>به درگاه اداره کل خوش آمدید.</p><a href="#main">پرش به محتوا</a>',
  '#/about': '<h1>درباره ما</h1><h2>شرح وظایف</h2><ol><li>حفاظت از جنگل‌ها، مراتع و اراضی ملی استان</li><li>صدور مجوز بهره‌برداری از مراتع و نظارت بر آن</li><li>اجرای طرح‌های آبخیزداری و مقابله با فرسایش خاک</li></ol><a href="#/about/law">قوانین</a>',
  '#/about/law': '<h1>قوانین و مقررات</h1><p>قانون حفاظت و بهره‌برداری از جنگل‌ها و مراتع مصوب ۱۳۴۶.</p>',
  '#!/contact': '<h1>تماس با ما</h1><address>نشانی: ساری، میدان امام، ساختمان منابع طبیعی<br>تلفن: ۰۱۱-۳۳۳۴۴۵۵۶<br>رایانامه: info@example.ir<br>کد پستی: ۴۸۱۶۶۸۳۵۱۱</address>',
};

/** Every request gets the same shell; the script draws the route named by the fragment. */
const SHELL = `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>منابع طبیعی</title></head>
<body><div id="app"><p>در حال بارگذاری…</p></div>
<nav><a href="#/">خانه</a> <a href="#/about">درباره ما</a> <a href="#!/contact">تماس با ما</a> <a href="#main">محتوا</a></nav>
<script>
const routes = ${JSON.stringify(ROUTES)};
function draw() { document.getElementById('app').innerHTML = routes[location.hash === '#/' ? '' : location.hash] ?? '<h1>یافت نشد</h1>'; }
addEventListener('hashchange', draw); draw();
document.body.dataset.loadedAs = location.hash;
</script></body></html>`;

let server: TestServer;
const requests: string[] = [];

beforeAll(async () => {
  server = await serve((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(SHELL);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
});

afterAll(async () => {
  await server?.close();
});

describe('a hash-routed app', () => {
  it('is crawled route by route, each rendered and judged as a page of its own', async () => {
    const { code, stderr, db } = await auditServed([{ id: 'spa', origin: server.origin }], 'hash-routes');
    expect(code, stderr).toBe(0);
    const store = new Database(db, { readonly: true });
    const pages = store.prepare('SELECT p.final_url AS url, p.render_reason AS reason, b.bytes AS html FROM pages p JOIN blobs b ON b.sha256 = p.html_sha256 ORDER BY p.id').all() as Array<{ url: string; reason: string | null; html: Buffer }>;
    const contact = store.prepare(`SELECT f.outcome, e.url FROM findings f JOIN evidence e ON e.finding_id = f.id WHERE f.indicator_id = 'contact-details' AND e.kind = 'html'`).get() as { outcome: string; url: string };
    const duties = store.prepare(`SELECT f.outcome, e.url FROM findings f JOIN evidence e ON e.finding_id = f.id WHERE f.indicator_id = 'duties-and-laws' AND e.kind = 'html'`).get();
    store.close();
    const o = server.origin;
    // The root route is the home page; an in-page fragment is no page at all.
    expect(pages.map((p) => p.url).sort()).toEqual([`${o}/`, `${o}/#!/contact`, `${o}/#/about`, `${o}/#/about/law`]);
    for (const p of pages.filter((p) => p.url.includes('#'))) {
      expect(p.reason, p.url).toBe('client-side-route');
      // Loaded afresh at its own route, not reached by a route change in a tab left on another.
      expect(p.html.toString('utf8'), p.url).toContain(`data-loaded-as="${new URL(p.url).hash}"`);
    }
    // Found on the route a link led to (a nested route included), read as its script drew it.
    expect(contact).toEqual({ outcome: 'pass', url: `${o}/#!/contact` });
    expect(duties).toEqual({ outcome: 'pass', url: `${o}/#/about` });
    // The server is never asked for a fragment: each route is the same document.
    expect(requests.filter((r) => r.includes('#'))).toEqual([]);
  }, 120_000);
});
