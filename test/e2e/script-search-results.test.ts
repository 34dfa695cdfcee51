// A search form whose results page is an app shell: the server answers every
// query with the same empty list, and the page's script fetches the results.
// The search probe reads that page as a browser shows it (rendered, as the
// crawl renders such pages): one portal's script lists results (pass); the
// other's shows a not-found page (fail), which the empty shell alone hid.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type TestServer } from '../support/servers.ts';
import { auditServed } from '../support/served-audit.ts';

const HEAD = '<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>گمرک استان</title></head>';
const HOME = `${HEAD}<body><header><form role="search" action="/search/" method="get"><input type="search" name="q" aria-label="جستجو"><button type="submit">جستجو</button></form></header>
<main><h1>اداره کل گمرک استان</h1><p>ساعات کاری گمرک در ایام تعطیلات نوروزی اعلام شد.</p></main></body></html>`;
const SHELL = `${HEAD}<body><main><h1>نتایج جستجو</h1><ul id="results" class="loading"></ul></main><script src="/app.js"></script></body></html>`;
const LISTS = `fetch('/api/search.json?q=' + encodeURIComponent(new URLSearchParams(location.search).get('q') || '')).then(function (r) { return r.json(); }).then(function (items) {
  var ul = document.getElementById('results'); ul.className = '';
  items.forEach(function (it) { var li = document.createElement('li'); li.innerHTML = '<a href="' + it.url + '">' + it.title + '</a><p>' + it.summary + '</p>'; ul.appendChild(li); }); });`;
const MISSING = `document.querySelector('main').innerHTML = '<h1>خطای ۴۰۴</h1><p>صفحه مورد نظر یافت نشد.</p><a href="/">بازگشت به صفحه اصلی</a>';`;
const ITEMS = [
  { url: '/services/clearance', title: 'ترخیص کالای همراه مسافر', summary: 'مدارک لازم و مراحل ترخیص کالای همراه مسافر در گمرک بازرگان.' },
  { url: '/services/transit', title: 'خدمات ترانزیت کالا', summary: 'ثبت اظهارنامه ترانزیت و پیگیری آن در سامانه جامع گمرکی.' },
];

const servers: TestServer[] = [];

function portal(script: string) {
  return serve((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const [type, body] = path === '/' ? ['text/html', HOME] : path === '/search/' ? ['text/html', SHELL] : path === '/app.js' ? ['text/javascript', script]
      : path === '/api/search.json' ? ['application/json', JSON.stringify(ITEMS)] : ['text/html', ''];
    res.writeHead(body ? 200 : 404, { 'content-type': `${type}; charset=utf-8` });
    res.end(body || 'not found');
  });
}

beforeAll(async () => {
  servers.push(await portal(LISTS), await portal(MISSING));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('a search whose results page its script fills', () => {
  it('is judged as rendered: listed results pass, a not-found page fails', async () => {
    const { code, stderr, db } = await auditServed([{ id: 'lists', origin: servers[0].origin }, { id: 'missing', origin: servers[1].origin }], 'script-search');
    expect(code, stderr).toBe(0);
    const store = new Database(db, { readonly: true });
    const rows = store.prepare(`SELECT agency_id AS agency, outcome FROM findings WHERE indicator_id = 'site-search' ORDER BY agency_id`).all();
    store.close();
    expect(rows).toEqual([{ agency: 'lists', outcome: 'pass' }, { agency: 'missing', outcome: 'fail' }]);
  }, 120_000);
});
