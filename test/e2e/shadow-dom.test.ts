// A portal built of web components: its footer in a declarative shadow root
// (in the HTML the server sends), its FAQ in a shadow root a script attaches
// (only in the rendered page). Both are read as a citizen sees them, so the
// contact details and the FAQ are found, and cited, inside the components.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servePages, type TestServer } from '../support/servers.ts';
import { auditServed } from '../support/served-audit.ts';

const HEAD = '<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>شرکت گاز استان</title></head>';
const FOOTER = `<gas-footer><template shadowrootmode="open"><footer><address><slot name="address"></slot></address><p>تلفن: ۰۴۱-۳۵۵۵۰۰۰۰ · رایانامه: info@example.ir</p></footer></template>
<span slot="address">نشانی: تبریز، خیابان آزادی، ساختمان مرکزی شرکت گاز، کد پستی ۵۱۶۶۶۱۴۷۱۱</span></gas-footer>`;
const HOME = `${HEAD}<body><gas-header><template shadowrootmode="open"><nav><a href="/">خانه</a> <a href="/faq">پرسش‌های متداول</a></nav></template></gas-header>
<main><h1>شرکت گاز استان</h1><p>اطلاعیه قطع گاز در روز پنجشنبه برای تعمیرات شبکه.</p></main>${FOOTER}</body></html>`;
const QA = [
  ['انشعاب گاز چگونه درخواست می‌شود؟', 'درخواست انشعاب با ثبت پلاک ثبتی و کد ملی مالک در سامانه خدمات مشترکان انجام می‌شود.'],
  ['قبض المثنی را از کجا بگیرم؟', 'با شناسه اشتراک از درگاه پرداخت یا برنامه همراه شرکت، قبض المثنی صادر می‌شود.'],
  ['نشت گاز را به کجا گزارش کنم؟', 'با شماره ۱۹۴ تماس بگیرید؛ این شماره در همه ساعات شبانه‌روز پاسخ می‌دهد.'],
];
const FAQ = `${HEAD}<body><gas-faq></gas-faq>
<script>customElements.define('gas-faq', class extends HTMLElement { connectedCallback() { const r = this.attachShadow({ mode: 'open' });
r.innerHTML = '<h1>پرسش‌های متداول</h1>' + ${JSON.stringify(QA)}.map(([q, a]) => '<details><summary>' + q + '</summary><p>' + a + '</p></details>').join(''); } });</script>
${FOOTER}</body></html>`;

let server: TestServer;

beforeAll(async () => {
  server = await servePages({ '/': HOME, '/faq': FAQ });
});

afterAll(async () => {
  await server?.close();
});

describe('a portal of web components', () => {
  it('is read inside its shadow roots, declarative or attached by script', async () => {
    const { code, stderr, db } = await auditServed([{ id: 'gas', origin: server.origin }], 'shadow-dom');
    expect(code, stderr).toBe(0);
    const store = new Database(db, { readonly: true });
    const cited = (id: string) => store.prepare(`SELECT f.outcome, e.url, e.snippet FROM findings f JOIN evidence e ON e.finding_id = f.id WHERE f.indicator_id = ? AND e.kind = 'html'`).get(id) as { outcome: string; url: string; snippet: string };
    const contact = cited('contact-details');
    const faq = cited('help-faq');
    // The screenshots find the cited elements inside the components and frame them.
    const shots = store.prepare(`SELECT f.indicator_id AS id, e.selector, e.selector_found AS found, e.box_json AS box FROM findings f JOIN evidence e ON e.finding_id = f.id WHERE f.indicator_id IN ('contact-details', 'help-faq') AND e.kind = 'screenshot' AND e.selector IS NOT NULL`).all() as Array<{ id: string; selector: string; found: number; box: string | null }>;
    store.close();
    expect(new Set(shots.map((s) => s.id))).toEqual(new Set(['contact-details', 'help-faq']));
    for (const shot of shots) {
      expect(shot.found, `${shot.id}: ${shot.selector}`).toBe(1);
      expect(JSON.parse(shot.box ?? 'null'), `${shot.id}: ${shot.selector}`).toMatchObject({ width: expect.any(Number), height: expect.any(Number) });
    }
    expect(contact.outcome).toBe('pass');
    expect(contact.snippet).toMatch(/۰۴۱-۳۵۵۵۰۰۰۰|تبریز/);
    expect(faq).toMatchObject({ outcome: 'pass', url: `${server.origin}/faq` });
    expect(faq.snippet).toContain('انشعاب');
  }, 120_000);
});
