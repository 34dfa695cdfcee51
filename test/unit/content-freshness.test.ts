// content-freshness across several pages: a date printed on every page is the
// template's (a header clock), unless it belongs to a news entry (a "latest
// news" sidebar repeated on every page is still news).
import { describe, expect, it } from 'vitest';
import rule from '../../rules/transparent/content-freshness.ts';
import { createRuleContext, runRule } from '../../src/engine/run-rules.ts';
import { pageFromHtml, siteFromPages } from '../support/fixture-site.ts';

const AS_OF = '2025-12-22';
const OLD_NEWS = '<ul><li><a href="/news/1">برگزاری مسابقات کشتی قهرمانی استان</a> <span>۱۴۰۳/۰۶/۱۲</span></li></ul>';

function site(...bodies: string[]) {
  return siteFromPages(bodies.map((b, i) => pageFromHtml(`<!doctype html><html><body>${b}</body></html>`, `https://agency.example.ir/p${i}`)));
}

function judge(...bodies: string[]) {
  return runRule(rule, site(...bodies), createRuleContext(AS_OF));
}

describe('content-freshness over several pages', () => {
  it('ignores an unmarked date that every page prints', () => {
    const clock = '<div class="x">۱۴۰۴/۱۰/۰۱</div>';
    const finding = judge(`${clock}${OLD_NEWS}`, `${clock}<p>درباره ما</p>`, `${clock}<p>تماس با ما</p>`);
    expect(finding.outcome).toBe('fail');
    expect(finding.data).toMatchObject({ newest: '2024-09-02' });
  });

  it('ignores a site-wide update stamp, which a CMS fills with the clock', () => {
    const stamp = '<p>آخرین به‌روزرسانی: ۱۴۰۴/۱۰/۰۱</p>';
    expect(judge(`${stamp}${OLD_NEWS}`, `${stamp}<p>درباره ما</p>`).outcome).toBe('fail');
  });

  it('keeps a latest-news entry that every page repeats', () => {
    const side = '<ul class="latest"><li><a href="/news/2">آغاز ثبت نام آزمون استخدامی</a> ۱۴۰۴/۰۹/۲۵</li></ul>';
    const finding = judge(`${side}${OLD_NEWS}`, `${side}<p>درباره ما</p>`);
    expect(finding.outcome).toBe('pass');
    expect(finding.data).toMatchObject({ newest: '2025-12-16', kind: 'entry' });
  });

  it('takes the newest item across pages', () => {
    const fresh = '<article><h1>اطلاعیه تعطیلی</h1><p>تاریخ انتشار: ۱۴۰۴/۰۹/۲۰</p></article>';
    expect(judge(OLD_NEWS, fresh).outcome).toBe('pass');
  });

  it('does not count an event announced for after the audit', () => {
    const event = '<p>تاریخ برگزاری همایش: ۱۴۰۴/۱۱/۲۰</p>';
    expect(judge(`${event}${OLD_NEWS}`).outcome).toBe('fail');
  });

  it('fails as undated when no page shows a date', () => {
    expect(judge('<p>درباره ما</p>', '<p>تماس با ما</p>')).toMatchObject({ outcome: 'fail', messageKey: 'undated' });
  });
});
