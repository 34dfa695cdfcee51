// Which pages the per-service indicators judge: what the catalog lists (not
// its pager, not another listing of the same services), and, on a half-built
// site, the listed services that only say «در حال بروزرسانی» too.
import { describe, expect, it } from 'vitest';
import { createRuleContext } from '../../src/engine/run-rules.ts';
import { findServiceCatalog } from '../../rules/lib/service-catalog.ts';
import { discoverServices } from '../../rules/lib/services.ts';
import { pageFromHtml, siteFromPages } from '../support/fixture-site.ts';

const O = 'https://samt.example.ir';
const doc = (title: string, body: string) => `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
const NAMES = ['صدور پروانه بهره‌برداری', 'تمدید جواز تأسیس', 'صدور کارت بازرگانی', 'ثبت نام واحد صنفی', 'صدور مجوز توزیع', 'تمدید کارت بازرگانی', 'صدور گواهی مبدأ', 'ثبت علامت تجاری'];
const card = (name: string) => doc(name, `<table><tr><th>مدارک مورد نیاز</th><td>کارت ملی، اساسنامه</td></tr><tr><th>هزینه</th><td>رایگان</td></tr><tr><th>مدت زمان انجام</th><td>۱۰ روز کاری</td></tr></table>`);
const placeholder = (name: string) => doc(name, '<p>این صفحه در حال بروزرسانی است.</p>');
const list = (from: number, to: number) => `<ul class="service-list">${NAMES.slice(from, to).map((n, i) => `<li><a href="/fa/service/${from + i + 1}">${n}</a></li>`).join('')}</ul>`;
const ctx = createRuleContext('2025-12-22');
const home = pageFromHtml(doc('سازمان صمت', '<p>خبر: نمایشگاه صنایع استان افتتاح شد.</p><a href="/fa/services">فهرست خدمات</a>'), `${O}/`);
const services = (make: (n: string) => string, n = 8) => NAMES.slice(0, n).map((name, i) => pageFromHtml(make(name), `${O}/fa/service/${i + 1}`));
const paths = (pages: Array<{ url: string }>) => pages.map((p) => p.url.replace(O, '')).sort();

describe('a paginated catalog', () => {
  const pager = (n: number) => `<ul class="pagination"><li><a href="/fa/services?page=1">۱</a></li><li><a href="/fa/services?page=2">۲</a></li><li><a href="/fa/services?page=${n}">بعدی »</a></li></ul>`;
  const first = pageFromHtml(doc('فهرست خدمات', list(0, 4) + pager(2)), `${O}/fa/services`);
  const second = pageFromHtml(doc('فهرست خدمات - صفحه ۲', list(4, 8) + pager(2)), `${O}/fa/services?page=2`);

  it('has no entries for its pager, and goes on over the pages crawled', () => {
    const catalog = findServiceCatalog(siteFromPages([home, first, second, ...services(card)]), ctx);
    expect(catalog?.count).toBe(8);
    expect(paths(catalog?.links.map((url) => ({ url })) ?? [])).toEqual(paths(services(card)));
  });

  it('with its next page not crawled, has only what the first page lists', () => {
    const catalog = findServiceCatalog(siteFromPages([home, first, ...services(card, 4)]), ctx);
    expect(catalog?.count).toBe(4);
  });

  it('is not sampled as a service itself', () => {
    const sampled = discoverServices(siteFromPages([home, first, second, ...services(card)]), ctx);
    expect(paths(sampled)).toEqual(paths(services(card)));
  });
});

describe('another listing of the catalog\'s services', () => {
  it('is not a service page, though its table heads read like a card («مدت زمان», «متقاضیان»)', () => {
    const catalog = pageFromHtml(doc('خدمات', list(0, 8)), `${O}/fa/services`);
    const rows = NAMES.map((n, i) => `<tr><td><a href="/fa/service/${i + 1}">${n}</a></td><td>۱۰ روز</td><td>اشخاص حقیقی</td></tr>`).join('');
    const table = pageFromHtml(doc('جدول خدمات', `<table><tr><th>عنوان خدمت</th><th>مدت زمان انجام</th><th>متقاضیان</th></tr>${rows}</table>`), `${O}/fa/services/table`);
    const sampled = discoverServices(siteFromPages([home, catalog, table, ...services(card)]), ctx);
    expect(paths(sampled)).toEqual(paths(services(card)));
  });
});

describe('listed services that are placeholders', () => {
  const catalog = pageFromHtml(doc('خدمات', list(0, 6)), `${O}/fa/services`);

  it('are sampled beside the filled ones on a half-built site: a service without a page is a service without a card', () => {
    const pages = NAMES.slice(0, 6).map((n, i) => pageFromHtml(i % 2 ? placeholder(n) : card(n), `${O}/fa/service/${i + 1}`));
    expect(discoverServices(siteFromPages([home, catalog, ...pages]), ctx)).toHaveLength(6);
  });

  it('are not sampled when every listed service is one: nothing is built yet to judge', () => {
    const pages = NAMES.slice(0, 6).map((n, i) => pageFromHtml(placeholder(n), `${O}/fa/service/${i + 1}`));
    expect(discoverServices(siteFromPages([home, catalog, ...pages]), ctx)).toEqual([]);
  });
});
