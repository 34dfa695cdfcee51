// Issue 12: a portal whose menu leads only to placeholders, dead documents and a
// search that answers 404 passes none of those indicators; the same portal with
// the pages filled in, the documents present and the search answering passes them.
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.ts';
import { createRuleContext, runRule } from '../../src/engine/run-rules.ts';
import { siteFromSpec, type SiteSpec } from '../support/fixture-site.ts';

const U = 'https://agency.example.ir';
const MENU: Array<[string, string]> = [
  ['/fa/page/chart', 'چارت سازمانی'], ['/fa/page/harim', 'حریم خصوصی'], ['/fa/page/shafafiat', 'انتشار و دسترسی آزاد به اطلاعات'],
  ['/fa/page/faq', 'سوالات متداول'], ['/fa/page/gozaresh', 'بودجه و گزارش عملکرد'], ['/fa/page/shekayat', 'ثبت شکایات'],
  ['/fa/page/vazayef', 'شرح وظایف'], ['/fa/page/modiran', 'معرفی مدیران'], ['/fa/page/dadeh', 'داده‌های باز'],
];
const page = (title: string, main: string) => `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>${title}</title></head><body>`
  + `<header><a href="/"><img src="/logo.png" alt="جهاد کشاورزی"></a><form class="search" action="/fa/jostejoo" method="get" role="search"><input type="search" name="q"><button type="submit">جستجو</button></form>`
  + `<nav><ul>${MENU.map(([href, text]) => `<li><a href="${href}">${text}</a></li>`).join('')}</ul></nav></header><main>${main}</main><footer><p>سازمان جهاد کشاورزی استان</p></footer></body></html>`;

const NOTICES = ['این بخش در حال به‌روزرسانی است.', 'به‌زودی', 'محتوای این بخش در حال تکمیل است.', 'Coming soon', ''];
const FILLED: Record<string, string> = {
  '/fa/page/chart': '<figure><img src="/images/chart-1403.png" alt="نمودار سازمانی"></figure>',
  '/fa/page/harim': '<p>اطلاعات شخصی کاربران تنها برای ارائه خدمت درخواستی به کار می‌رود و بدون رضایت کاربر در اختیار دیگران قرار نمی‌گیرد.</p>',
  '/fa/page/shafafiat': '<ul><li><a href="http://foia.iran.gov.ir/">سامانه ملی انتشار و دسترسی آزاد به اطلاعات</a></li><li><a href="/fa/page/foi-law">قانون انتشار و دسترسی آزاد</a></li></ul>',
  '/fa/page/faq': ['چگونه مجوز بگیرم؟', 'هزینه صدور مجوز چقدر است؟', 'پیگیری درخواست چگونه است؟'].map((q) => `<h3>${q}</h3><p>پاسخ این پرسش در سامانه خدمات سازمان به تفصیل آمده است.</p>`).join(''),
  '/fa/page/gozaresh': '<ul><li><a href="/files/budje-1404.pdf">بودجه مصوب سال ۱۴۰۴</a></li><li><a href="/files/amalkard-1403.pdf">گزارش عملکرد سال ۱۴۰۳</a></li></ul>',
  '/fa/page/shekayat': '<form action="/fa/shekayat/send" method="post"><h2>فرم ثبت شکایت</h2><label>نام</label><input name="n"><label>شرح شکایت</label><textarea name="t"></textarea><button>ارسال</button></form>',
  '/fa/page/vazayef': '<ul><li>تهیه و اجرای برنامه‌های توسعه کشاورزی استان</li><li>نظارت بر تولید و توزیع نهاده‌ها</li><li>حمایت از بهره‌برداران و تشکل‌ها</li></ul>',
  '/fa/page/modiran': '<table><tr><td>علی رضایی</td><td>رئیس سازمان</td></tr><tr><td>مریم احمدی</td><td>معاون برنامه‌ریزی</td></tr><tr><td>حسن کریمی</td><td>معاون فنی</td></tr></table>',
  '/fa/page/dadeh': '<ul><li><a href="/files/tolid-1403.csv">آمار تولید محصولات ۱۴۰۳ (CSV)</a></li><li><a href="/files/dam-1403.xlsx">آمار دام ۱۴۰۳ (XLSX)</a></li></ul>',
};
const INDICATORS = ['org-chart', 'privacy-policy', 'access-to-information', 'help-faq', 'financial-reports', 'complaints-channel', 'duties-and-laws', 'accountable-managers', 'open-data', 'site-search'];

function portal(filled: boolean): SiteSpec {
  const documents = ['/files/budje-1404.pdf', '/files/amalkard-1403.pdf', '/files/tolid-1403.csv', '/files/dam-1403.xlsx'];
  return {
    url: `${U}/`,
    html: page('صفحه اصلی | سازمان جهاد کشاورزی', '<h1>سازمان جهاد کشاورزی استان</h1>'),
    pages: MENU.map(([href, text], i) => ({ url: U + href, status: 200, html: page(`${text} | سازمان جهاد کشاورزی`, `<h1>${text}</h1>${filled ? FILLED[href] : `<p>${NOTICES[i % NOTICES.length]}</p>`}`) })),
    probes: [
      ...documents.map((d) => ({ url: U + d, kind: 'document' as const, state: filled ? 'ok' as const : 'dead' as const, status: filled ? 200 : 404 })),
      { url: `${U}/fa/jostejoo?q=%D8%AE%D8%AF%D9%85%D8%A7%D8%AA`, kind: 'search' as const, state: filled ? 'ok' as const : 'dead' as const, status: filled ? 200 : 404,
        form: { pageUrl: `${U}/`, selector: 'html > body > header > form' },
        html: filled ? page('نتایج جستجو', '<h1>نتایج جستجو</h1><ul><li><a href="/fa/page/faq">سوالات متداول</a></li></ul>') : undefined },
    ],
  };
}

function outcomes(spec: SiteSpec): Record<string, string> {
  const site = siteFromSpec(spec);
  const ctx = createRuleContext('2025-12-22');
  return Object.fromEntries(INDICATORS.map((id) => [id, runRule(RULES.find((r) => r.id === id)!, site, ctx).outcome]));
}

describe('a portal of placeholders, dead documents and a dead search', () => {
  it('passes none of those indicators', () => {
    const got = outcomes(portal(false));
    for (const id of INDICATORS) expect(['fail', 'not-applicable'], `${id}: ${got[id]}`).toContain(got[id]);
  });

  it('passes them all once the pages, documents and search are real', () => {
    const got = outcomes(portal(true));
    for (const id of INDICATORS) expect(got[id], id).toBe('pass');
  });
});
