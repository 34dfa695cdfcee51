// A site's clock is told from a publication stamp by what stands around the date.
import { describe, expect, it } from 'vitest';
import { readsLikeClock } from '../../rules/lib/clock.ts';
import { extractDates } from '../../src/text/dates.ts';
import { normalize } from '../../src/text/persian.ts';

/** Which of the text's dates read as a clock, by their raw text. */
function clocks(raw: string): Record<string, boolean> {
  const text = normalize(raw);
  return Object.fromEntries(extractDates(text).map((d) => [d.raw, readsLikeClock(text, d)]));
}

describe('readsLikeClock', () => {
  it('takes «امروز» and a weekday beside another calendar for a clock', () => {
    expect(Object.values(clocks('امروز: ۱ دی ۱۴۰۴'))).toEqual([true]);
    expect(Object.values(clocks('دوشنبه 1 دي 1404 - ۱ رجب ۱۴۴۷ ق | آشنایی با استانداری'))).toEqual([true]);
    expect(Object.values(clocks('دوشنبه ۱ دی ۱۴۰۴ Monday 22 December 2025'))).toEqual([true, true]);
  });

  it('leaves publication stamps: a weekday alone, or a second calendar without a weekday before it', () => {
    expect(Object.values(clocks('تاریخ انتشار: دوشنبه ۲۴ آذر ۱۴۰۴'))).toEqual([false]);
    expect(Object.values(clocks('تاریخ انتشار: ۱۴۰۳/۰۱/۲۰'))).toEqual([false]);
    expect(clocks('منتشر شده در دوشنبه ۲۴ آذر ۱۴۰۴ (15 December 2025)')['15 december 2025']).toBe(false);
  });
});
