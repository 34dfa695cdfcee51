// Content a script fills after the network has gone quiet (a timer, or a grid
// script busy long after its data came, as on a slow machine): the render
// waits for the placeholder itself to be filled, a data table without a data
// cell or a panel that says it is loading, so the page is read with its content.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servePages, type TestServer } from '../support/servers.ts';
import { auditServed } from '../support/served-audit.ts';

const LATE_MS = 800;
const page = (body: string, script: string) => `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>اداره کل امور مالیاتی</title></head>
<body><div class="top"><a href="/">خانه</a> <a href="/khadamat">فهرست خدمات</a> <a href="/tamas">تماس با ما</a></div>${body}
<div class="foot">${'اداره کل امور مالیاتی استان در خدمت مؤدیان محترم است. '.repeat(5)}</div>
<script>setTimeout(function () { ${script} }, ${LATE_MS});</script></body></html>`;
const SERVICES = ['ثبت‌نام مؤدیان', 'صدور گواهی مالیاتی', 'تسلیم اظهارنامه', 'اعتراض به برگ تشخیص', 'استرداد مالیات', 'تقسیط بدهی'];
const CATALOG = page(`<div class="box"><h1>فهرست خدمات</h1><table id="t"><thead><tr><th>ردیف</th><th>خدمت</th></tr></thead></table></div>`,
  `var rows = ${JSON.stringify(SERVICES)}.map(function (s, i) { return '<tr><td>' + (i + 1) + '</td><td><a href="/khedmat/' + (i + 1) + '">' + s + '</a></td></tr>'; }).join('');
   document.getElementById('t').insertAdjacentHTML('beforeend', '<tbody>' + rows + '</tbody>');`);
const CONTACT = page(`<div class="box"><h1>تماس با ما</h1><div id="c"><p>در حال بارگذاری…</p></div></div>`,
  `document.getElementById('c').innerHTML = '<address>نشانی: قزوین، خیابان نادری، ساختمان امور مالیاتی<br>تلفن: ۰۲۸-۳۳۳۳۴۴۴۴<br>کد پستی: ۳۴۱۳۶۴۵۷۸۹</address>';`);
const HOME = `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>اداره کل امور مالیاتی</title></head><body>
<div class="top"><a href="/">خانه</a> <a href="/khadamat">فهرست خدمات</a> <a href="/tamas">تماس با ما</a></div><p>${'اطلاعیه‌های اداره کل در این صفحه منتشر می‌شود. '.repeat(8)}</p></body></html>`;

let server: TestServer;

beforeAll(async () => {
  server = await servePages({ '/': HOME, '/khadamat': CATALOG, '/tamas': CONTACT });
});

afterAll(async () => {
  await server?.close();
});

describe('content filled after the network went quiet', () => {
  it('is waited for: the grid\'s rows and the loaded panel are read', async () => {
    const { code, stderr, db } = await auditServed([{ id: 'tax', origin: server.origin }], 'late-fill');
    expect(code, stderr).toBe(0);
    const store = new Database(db, { readonly: true });
    const reasons = store.prepare('SELECT final_url AS url, render_reason AS reason FROM pages').all() as Array<{ url: string; reason: string | null }>;
    const outcome = (id: string) => store.prepare('SELECT outcome FROM findings WHERE indicator_id = ?').pluck().get(id);
    const catalog = outcome('service-catalog');
    const contact = outcome('contact-details');
    store.close();
    expect(reasons.find((r) => r.url.endsWith('/khadamat'))?.reason).toBe('empty-table');
    expect(reasons.find((r) => r.url.endsWith('/tamas'))?.reason).toBe('loading-placeholder');
    expect(catalog).toBe('pass');
    expect(contact).toBe('pass');
  }, 120_000);
});
