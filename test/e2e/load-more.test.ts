// A service catalog that shows four services until «نمایش بیشتر» fetches the
// rest, as many Iranian portals' card grids do. The render presses such a
// button (a few times at most) and reads the list it grew: the catalog has
// eight entries and the services behind the new cards are crawled. A twin
// whose «نمایش بیشتر» only unfolds a paragraph still has four; one whose button
// navigates elsewhere is not pressed, so the catalog keeps its own content.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type TestServer } from '../support/servers.ts';
import { auditServed } from '../support/served-audit.ts';

const SERVICES = ['صدور مجوز حفر چاه', 'تمدید پروانه بهره‌برداری', 'درخواست انشعاب آب کشاورزی', 'صدور مجوز لایروبی قنات',
  'درخواست تغییر محل چاه', 'صدور مجوز احداث استخر ذخیره', 'استعلام وضعیت پروانه', 'درخواست نصب کنتور هوشمند'];
const card = (i: number) => `<li class="svc-card"><a href="/services/${i + 1}">${SERVICES[i]}</a></li>`;
const HEAD = '<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>شرکت آب منطقه‌ای</title></head>';
const HOME = `${HEAD}<body><nav><a href="/">خانه</a> <a href="/services">خدمات</a></nav><main><h1>شرکت آب منطقه‌ای</h1><p>برنامه بازدید از سدهای استان اعلام شد.</p></main></body></html>`;
const FETCHES = `document.getElementById('more').addEventListener('click', function () {
  var b = this; b.disabled = true; b.textContent = 'در حال بارگذاری…';
  fetch('/api/services-2.json').then(function (r) { return r.json(); }).then(function (d) {
    d.items.forEach(function (it) { var li = document.createElement('li'); li.className = 'svc-card'; li.innerHTML = '<a href="' + it.url + '">' + it.title + '</a>'; document.getElementById('list').appendChild(li); });
    b.remove(); }); });`;
const UNFOLDS = `document.getElementById('more').addEventListener('click', function () { document.getElementById('intro-rest').hidden = false; this.remove(); });`;
// A «نمایش بیشتر» whose script navigates to another page is a link: pressing it must not put that page's content in the catalog's place.
const NAVIGATES = `document.getElementById('more').addEventListener('click', function () { location.href = '/news'; });`;
const catalog = (script: string) => `${HEAD}<body><nav><a href="/">خانه</a></nav><main><h1>فهرست خدمات</h1>
<p>شرکت آب منطقه‌ای خدمات زیر را به کشاورزان و صنایع ارائه می‌کند.</p><p id="intro-rest" hidden>این خدمات بر اساس قانون توزیع عادلانه آب و آیین‌نامه‌های آن ارائه می‌شوند.</p>
<ul id="list">${(script === NAVIGATES ? [0, 1, 2, 3, 4] : [0, 1, 2, 3]).map(card).join('')}</ul><button type="button" id="more" class="btn-more">نمایش بیشتر</button></main><script src="/main.js"></script></body></html>`;
const NEWS = `${HEAD}<body><main><h1>اخبار</h1><p>برنامه بازدید از سدهای استان اعلام شد.</p></main></body></html>`;
const service = (i: number) => `${HEAD}<body><main><h1>${SERVICES[i]}</h1><p>شرح خدمت: ${SERVICES[i]} برای متقاضیان حقیقی و حقوقی در دفاتر شهرستان‌ها.</p></main></body></html>`;

const servers: TestServer[] = [];

function portal(script: string) {
  return serve((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const n = /^\/services\/(\d)$/.exec(path);
    const [type, body] = path === '/' ? ['text/html', HOME] : path === '/services' ? ['text/html', catalog(script)] : path === '/main.js' ? ['text/javascript', script]
      : path === '/api/services-2.json' ? ['application/json', JSON.stringify({ items: [4, 5, 6, 7].map((i) => ({ url: `/services/${i + 1}`, title: SERVICES[i] })) })]
        : n && Number(n[1]) <= 8 ? ['text/html', service(Number(n[1]) - 1)] : path === '/news' ? ['text/html', NEWS] : ['text/html', ''];
    res.writeHead(body ? 200 : 404, { 'content-type': `${type}; charset=utf-8` });
    res.end(body || 'not found');
  });
}

beforeAll(async () => {
  servers.push(await portal(FETCHES), await portal(UNFOLDS), await portal(NAVIGATES));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('a catalog that «نمایش بیشتر» extends', () => {
  it('is read with the button pressed: eight entries and their pages; a button that unfolds a paragraph adds none', async () => {
    const { code, stderr, db } = await auditServed([{ id: 'fetches', origin: servers[0].origin }, { id: 'unfolds', origin: servers[1].origin }, { id: 'navigates', origin: servers[2].origin }], 'load-more');
    expect(code, stderr).toBe(0);
    const store = new Database(db, { readonly: true });
    const outcomes = store.prepare(`SELECT agency_id AS agency, outcome FROM findings WHERE indicator_id = 'service-catalog' ORDER BY agency_id`).all();
    const crawled = (store.prepare(`SELECT url FROM pages WHERE agency_id = 'fetches' AND status = 200`).all() as Array<{ url: string }>).map((r) => r.url);
    store.close();
    // The five-service catalog whose button navigates keeps its own content (the button is left alone).
    expect(outcomes).toEqual([{ agency: 'fetches', outcome: 'pass' }, { agency: 'navigates', outcome: 'pass' }, { agency: 'unfolds', outcome: 'fail' }]);
    expect(crawled).toContain(`${servers[0].origin}/services/7`);
  }, 120_000);
});
