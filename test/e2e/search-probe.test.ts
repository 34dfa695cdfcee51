// The browser's try of a search box no GET request can submit: four portals
// served here. One box's script opens a results page with GET (pass), one box
// does nothing (fail, did-nothing), one box's script posts the page (never
// sent: needs-review), and one box's results path is disallowed by robots.txt
// (never asked: needs-review). A fifth box sits in an overlay that only its
// magnifier button opens: it is opened, then tried like the first (pass).
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type TestServer } from '../support/servers.ts';
import { auditServed } from '../support/served-audit.ts';

const OPENER = '<button type="button" class="icon-btn" aria-label="جستجو" onclick="document.querySelector(\'.find\').hidden = false"><i class="fa fa-magnifier"></i></button>';
const page = (body: string, script = '', overlay = false) => `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>درگاه اداره کل</title></head>
<body><header>${overlay ? OPENER : ''}<span class="find"${overlay ? ' hidden' : ''}><input type="text" id="q" placeholder="جستجو در سایت"><button type="button" id="go" class="search-btn">بگرد</button></span></header>
<nav><a href="/">خانه</a> <a href="/about">درباره ما</a></nav><main>${body}</main><script>${script}</script></body></html>`;

const GOES = `function go() { location.href = '/find?text=' + encodeURIComponent(document.getElementById('q').value); }
document.getElementById('go').onclick = go;
document.getElementById('q').onkeydown = function (e) { if (e.key === 'Enter') go(); };`;
const POSTS = `document.getElementById('go').onclick = function () { var f = document.createElement('form'); f.method = 'post'; f.action = '/find';
var i = document.createElement('input'); i.name = 'text'; i.value = document.getElementById('q').value; f.appendChild(i); document.body.appendChild(f); f.submit(); };`;
const RESULTS = '<!doctype html><html lang="fa"><head><meta charset="utf-8"><title>نتایج</title></head><body><h1>نتایج جستجو</h1><ol><li><a href="/s/1">خدمات الکترونیک اداره کل</a></li><li><a href="/s/2">راهنمای خدمات</a></li></ol></body></html>';

type Kind = 'goes' | 'idle' | 'posts' | 'robots' | 'overlay';
const servers = new Map<Kind, TestServer>();
const posted: string[] = [];
const asked = new Map<Kind, string[]>();

function portal(kind: Kind) {
  return serve((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    (asked.get(kind) ?? asked.set(kind, []).get(kind)!).push(path);
    if (req.method !== 'GET') posted.push(`${kind} ${req.method} ${path}`);
    if (path === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end(kind === 'robots' ? 'User-agent: *\nDisallow: /find\n' : 'User-agent: *\nAllow: /\n');
    }
    const html = path === '/' || path === '/about' ? page('<h1>اخبار</h1><p>برگزاری میز خدمت در شهرستان.</p>', kind === 'posts' ? POSTS : kind === 'idle' ? 'console.log("ready")' : GOES, kind === 'overlay')
      : path === '/find' ? RESULTS : null;
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? '<h1>یافت نشد</h1>');
  });
}

beforeAll(async () => {
  for (const kind of ['goes', 'idle', 'posts', 'robots', 'overlay'] as Kind[]) servers.set(kind, await portal(kind));
});

afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => s.close()));
});

describe('a search box only a browser can submit', () => {
  it('is typed into and its button pressed once per agency: results pass, nothing fails, a POST or a disallowed URL is never sent', async () => {
    const { code, stderr, db } = await auditServed([...servers].map(([kind, s]) => ({ id: kind, origin: s.origin })), 'search-probe');
    expect(code, stderr).toBe(0);
    const store = new Database(db, { readonly: true });
    const rows = store.prepare(`SELECT agency_id AS agency, outcome, message_key AS message FROM findings WHERE indicator_id = 'site-search'`).all() as Array<{ agency: string; outcome: string; message: string }>;
    store.close();
    const by = new Map(rows.map((r) => [r.agency, [r.outcome, r.message]]));
    expect(by.get('goes')).toEqual(['pass', 'tried']);
    expect(by.get('overlay')).toEqual(['pass', 'tried']);
    expect(by.get('idle')).toEqual(['fail', 'did-nothing']);
    expect(by.get('posts')).toEqual(['needs-review', 'script-only']);
    expect(by.get('robots')).toEqual(['needs-review', 'script-only']);
    expect(posted).toEqual([]);
    expect(asked.get('robots')).not.toContain('/find');
    expect(asked.get('goes')).toContain('/find');
    expect(asked.get('overlay')).toContain('/find');
  }, 120_000);
});
