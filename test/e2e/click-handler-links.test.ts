// A portal whose menu and tiles are click handlers (`<a href="javascript:void(0)"
// onclick="location.href='…'">`, `<div onclick="…">`), as Iranian CMS portals
// often are: the pages they open are crawled and judged like any linked page.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type TestServer } from '../support/servers.ts';
import { auditServed } from '../support/served-audit.ts';

const HEAD = '<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>شهرداری منطقه دو</title></head>';
const HOME = `${HEAD}<body><div class="TopMenu"><a href="javascript:void(0)" onclick="location.href='/Portal/ShowPage.aspx?id=1304'">تماس با ما</a>
<a href="javascript:void(0)" onclick="window.open('/Portal/ShowPage.aspx?id=1307','_self')">پرسش‌های متداول</a></div>
<div class="Block"><h1>شهرداری منطقه دو</h1><p>برنامه زمانی جمع‌آوری پسماند خشک در محله‌ها اعلام شد.</p></div></body></html>`;
const CONTACT = `${HEAD}<body><h1>تماس با ما</h1><p>نشانی: شیراز، بلوار چمران، ساختمان شهرداری منطقه دو</p><p>تلفن: ۰۷۱-۳۶۲۸۰۰۰۰</p></body></html>`;
const QA = [['عوارض نوسازی را چگونه بپردازم؟', 'با شماره نوسازی ملک در سامانه شهروندی شهرداری و با کارت بانکی پرداخت کنید.'],
  ['پسماند خشک چه روزهایی جمع‌آوری می‌شود؟', 'روزهای زوج از ساعت ۱۸ تا ۲۲ خودروهای جمع‌آوری در محله‌ها حضور دارند.'],
  ['مجوز حفاری معابر را از کجا بگیرم؟', 'درخواست را در سامانه شهروندی ثبت کنید؛ کارشناس معاونت فنی ظرف سه روز کاری بازدید می‌کند.']];
const FAQ = `${HEAD}<body><h1>پرسش‌های متداول</h1>${QA.map(([q, a]) => `<div class="q" onclick="this.nextElementSibling.hidden = !this.nextElementSibling.hidden">${q}</div><p>${a}</p>`).join('')}</body></html>`;

let server: TestServer;

beforeAll(async () => {
  // Pages are told apart by the id in the query, as the CMS does.
  server = await serve((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const id = url.searchParams.get('id');
    const html = url.pathname === '/' ? HOME : id === '1304' ? CONTACT : id === '1307' ? FAQ : null;
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'not found');
  });
});

afterAll(async () => {
  await server?.close();
});

describe('a portal whose links are click handlers', () => {
  it('is crawled through them: the contact page and the FAQ they open are judged and cited', async () => {
    const { code, stderr, db } = await auditServed([{ id: 'district', origin: server.origin }], 'click-links');
    expect(code, stderr).toBe(0);
    const store = new Database(db, { readonly: true });
    const cited = (id: string) => store.prepare(`SELECT f.outcome, e.url FROM findings f JOIN evidence e ON e.finding_id = f.id WHERE f.indicator_id = ? AND e.kind = 'html'`).get(id) as { outcome: string; url: string } | undefined;
    const contact = cited('contact-details');
    const faq = cited('help-faq');
    store.close();
    expect(contact).toEqual({ outcome: 'pass', url: `${server.origin}/Portal/ShowPage.aspx?id=1304` });
    expect(faq).toEqual({ outcome: 'pass', url: `${server.origin}/Portal/ShowPage.aspx?id=1307` });
  }, 120_000);
});
