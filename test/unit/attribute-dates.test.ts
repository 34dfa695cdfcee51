// Dates a page carries only in attributes (src/text/dates.ts attributeDates, and buildPageArtifact's page.dates).
import { describe, expect, it } from 'vitest';
import { attributeDates } from '../../src/text/dates.ts';
import { pageFromHtml } from '../support/fixture-site.ts';

describe('attributeDates', () => {
  it('reads <time datetime> and a short title, day-precise only', () => {
    expect(attributeDates({ datetime: '2025-12-17T09:30:00+03:30' }).map((d) => d.iso)).toEqual(['2025-12-17']);
    expect(attributeDates({ title: '۱۴۰۴/۰۹/۲۸' }).map((d) => d.iso)).toEqual(['2025-12-19']);
    expect(attributeDates({ title: 'آذر ۱۴۰۴' })).toEqual([]);
    expect(attributeDates({ title: 'گزارش کامل نشست شورای برنامه‌ریزی و توسعه استان که در تاریخ ۱۴۰۴/۰۹/۲۸ برگزار شد' })).toEqual([]);
  });

  it('adds them to the page artifact once', () => {
    const page = pageFromHtml('<body><a title="۱۴۰۴/۰۹/۲۸" href="/n/1">خبر</a><time datetime="2025-12-19">۳ روز پیش</time><p>۱۴۰۴/۰۹/۲۰</p></body>', 'https://agency.example.ir/');
    expect(page.dates.map((d) => d.iso).sort()).toEqual(['2025-12-11', '2025-12-19']);
  });
});
