import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/text/persian.ts';
import { extractDates, solarYearEnd, titleYears, yearEndOf } from '../../src/text/dates.ts';

const years = (text: string) => titleYears(normalize(text)).map((y) => y.raw);

describe('titleYears', () => {
  it('reads a bare Solar year in a report title, in any digits', () => {
    expect(years('گزارش عملکرد ۱۴۰۳')).toEqual(['1403']);
    expect(years('بودجه ١٤٠٢')).toEqual(['1402']);
    expect(titleYears(normalize('گزارش عملکرد ۱۴۰۳'))[0].iso).toBe('2025-03-20');
  });

  it('reads a Gregorian year and both ends of a range', () => {
    expect(years('Annual Report 2024')).toEqual(['2024']);
    expect(titleYears('annual report 2024')[0].iso).toBe('2024-12-31');
    expect(years('صورت‌های مالی ۱۴۰۲-۱۴۰۳')).toEqual(['1402', '1403']);
  });

  it('skips numbers, amounts and codes', () => {
    expect(years('شماره ۱۴۰۳')).toEqual([]);
    expect(years('۱۴۰۴ میلیارد ریال')).toEqual([]);
    expect(years('مبلغ: 1400')).toEqual([]);
    expect(years('کد 14035')).toEqual([]);
    expect(years('۱۴۴۷ ق')).toEqual([]);
  });
});

describe('year ends', () => {
  it('gives the last day of a Solar year, leap years included', () => {
    expect(solarYearEnd(1403)).toBe('2025-03-20');
    expect(solarYearEnd(1402)).toBe('2024-03-19');
  });

  it('reads a found date as its own year, in its own calendar', () => {
    expect(yearEndOf(extractDates('1402/01/15')[0])).toBe('2024-03-19');
    expect(yearEndOf(extractDates('15 march 2023')[0])).toBe('2023-12-31');
  });
});
