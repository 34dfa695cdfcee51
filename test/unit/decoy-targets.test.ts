// The shared placeholder/decoy detector, target states and national-system lookup (rules/lib/decoy.ts, targets.ts, national.ts).
import { describe, expect, it } from 'vitest';
import { loadDom } from '../../crawlers/dom.ts';
import { isPlaceholderPage, isSurveyForm, saysFuture } from '../../rules/lib/decoy.ts';
import { judgeTarget, onAgencySite, targetOf } from '../../rules/lib/targets.ts';
import { systemDialled, systemInFileName, systemNamedIn, systemOfUrl } from '../../rules/lib/national.ts';
import { loadNationalSystems } from '../../src/registry/national-systems.ts';
import { normalize } from '../../src/text/persian.ts';
import { pageFromHtml, siteFromSpec } from '../support/fixture-site.ts';

const systems = loadNationalSystems();
const page = (main: string, title = 'بخش') =>
  pageFromHtml(`<html><head><title>${title}</title></head><body><header><nav><a href="/">خانه</a><a href="/a">الف</a><a href="/b">ب</a></nav></header><main>${main}</main><footer>نشانی</footer></body></html>`, 'https://agency.example.ir/x');
const placeholder = (main: string, title?: string) => { const p = page(main, title); return isPlaceholderPage(loadDom(p.html), p); };

describe('placeholder pages', () => {
  it('finds notices in Persian and English, and a title with nothing under it', () => {
    expect(placeholder('<h1>چارت سازمانی</h1><p>این بخش در حال به‌روزرسانی است.</p>')).toBe(true);
    expect(placeholder('<h1>پرسش‌های متداول</h1><p>به‌زودی</p>')).toBe(true);
    expect(placeholder('<h1>Open data</h1><p>Coming soon.</p>')).toBe(true);
    expect(placeholder('<h1>بودجه</h1><p>این بخش در آینده راه‌اندازی خواهد شد و در دست ساخت است.</p>')).toBe(true);
    expect(placeholder('<h1>مدیران</h1>')).toBe(true);
  });

  it('keeps pages with content: a chart image, a list of links, a paragraph', () => {
    expect(placeholder('<h1>چارت سازمانی</h1><img src="/c.png" alt="">')).toBe(false);
    expect(placeholder('<h1>خدمات</h1><ul><li><a href="/s/1">یک</a></li><li><a href="/s/2">دو</a></li><li><a href="/s/3">سه</a></li></ul>')).toBe(false);
    expect(placeholder(`<h1>شرح وظایف</h1><p>${'تهیه و اجرای برنامه‌های توسعه استان در حوزه کشاورزی '.repeat(3)}</p>`)).toBe(false);
    expect(placeholder('<h1>تماس با ما</h1><p>نشانی: تهران، خیابان آزادی، پلاک ۱۲ - تلفن ۰۲۱۸۸۸۸۰۰۰۰</p>')).toBe(false);
  });

  it('reads the future tense and plans as promises', () => {
    expect(saysFuture(normalize('اپلیکیشن همراه سازمان به زودی راه‌اندازی می‌شود'))).toBe(true);
    expect(saysFuture(normalize('دستیار هوشمند سازمان راه‌اندازی خواهد شد'))).toBe(true);
    expect(saysFuture(normalize('The chatbot will be launched next year'))).toBe(true);
    expect(saysFuture(normalize('اپلیکیشن همراه سازمان'))).toBe(false);
  });

  it('tells a satisfaction survey form from a form for comments on a draft', () => {
    const $ = loadDom('<form id="s"><p>میزان رضایت شما از خدمات</p><input type="radio" name="r" value="1"><textarea placeholder="پیشنهاد شما"></textarea></form><form id="c"><p>نظر خود را درباره پیش‌نویس بنویسید</p><textarea name="t"></textarea></form>');
    expect(isSurveyForm($, $('#s')[0])).toBe(true);
    expect(isSurveyForm($, $('#c')[0])).toBe(false);
    const poll = loadDom('<form id="p"><p>نظرسنجی درباره پیش‌نویس آیین‌نامه</p><input type="radio" name="v" value="1"> موافقم <input type="radio" name="v" value="0"> مخالفم<textarea></textarea></form>');
    expect(isSurveyForm(poll, poll('#p')[0])).toBe(false);
  });
});

describe('target states', () => {
  const site = siteFromSpec({
    pages: [
      { url: 'https://agency.example.ir/soon', status: 200, html: '<title>x</title><main><h1>نظرخواهی</h1><p>به‌زودی</p></main>' },
      { url: 'https://agency.example.ir/gone', status: 404 },
    ],
  });
  site.probes = [
    { url: 'https://agency.example.ir/f.pdf', kind: 'document', state: 'dead', status: 404, finalUrl: null, contentType: null, bytes: null, head: null, note: null },
    { url: 'https://track.other.ir/', kind: 'external', state: 'unreachable', status: null, finalUrl: null, contentType: null, bytes: null, head: null, note: 'ETIMEDOUT' },
    { url: 'https://saamad.ir/', kind: 'external', state: 'not-probed', status: null, finalUrl: null, contentType: null, bytes: null, head: null, note: 'no outside hosts' },
  ];
  const dom = (p: { html: string }) => loadDom(p.html);
  const verdict = (href: string) => judgeTarget(targetOf(site, href, dom), href, systems);

  it('a placeholder page, a 404 page and a dead document are not evidence', () => {
    expect(targetOf(site, 'https://agency.example.ir/soon', dom).state).toBe('placeholder');
    expect(verdict('https://agency.example.ir/soon')).toBe('not-evidence');
    expect(verdict('https://agency.example.ir/gone')).toBe('not-evidence');
    expect(verdict('https://agency.example.ir/f.pdf')).toBe('not-evidence');
  });

  it('reads subdomains of the agency\'s own domain as its site', () => {
    const own = siteFromSpec({ url: 'https://www.mcls.gov.ir/' });
    expect(onAgencySite(own, 'https://shekayat.mcls.gov.ir/new')).toBe(true);
    expect(onAgencySite(own, 'https://mporg.gov.ir/')).toBe(false);
    expect(onAgencySite(own, 'https://gov.ir/')).toBe(false);
  });

  it('an unreachable or unprobed target counts only when it is a listed national system', () => {
    expect(verdict('https://track.other.ir/')).toBe('review');
    expect(verdict('https://saamad.ir/')).toBe('evidence');
    expect(verdict('https://never-asked.example.org/x')).toBe('review');
  });
});

describe('national systems', () => {
  it('picks the most specific host', () => {
    expect(systemOfUrl('https://foia.iran.gov.ir/agency/12', systems)?.kind).toBe('foi');
    expect(systemOfUrl('https://www.iran.gov.ir/', systems)?.kind).toBe('national-window');
    expect(systemOfUrl('https://sso.my.gov.ir/login', systems)?.kind).toBe('sso');
    expect(systemOfUrl('https://my.gov.ir/service/1', systems)?.kind).toBe('national-window');
    expect(systemOfUrl('https://myket.ir/app/x', systems)).toBeNull();
  });

  it('names systems by alias and by a hotline written as one, not by a bare number in prose', () => {
    expect(systemNamedIn('مرکز ارتباطات مردمی', systems)?.id).toBe('saamad');
    expect(systemNamedIn('سامانه ۱۱۱', systems)?.id).toBe('saamad');
    expect(systemNamedIn('تماس با ۱۳۷', systems)?.id).toBe('municipal-137');
    expect(systemNamedIn('۱۱۱', systems)?.id).toBe('saamad');
    expect(systemNamedIn('در سال گذشته ۱۱۱ طرح افتتاح شد', systems)).toBeNull();
    expect(systemDialled('tel:111', systems)?.id).toBe('saamad');
    expect(systemDialled('tel:02188776655', systems)).toBeNull();
    expect(systemInFileName('/images/btn-111.png', systems)?.id).toBe('saamad');
    expect(systemInFileName('/images/banner-2111.png', systems)).toBeNull();
  });
});
