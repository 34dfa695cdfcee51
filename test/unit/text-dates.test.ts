import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/text/persian.ts';
import { daysBetween, extractDates, isFresh, labelledDates, newestDate, type FoundDate, yearDates } from '../../src/text/dates.ts';

/** As real callers do: normalise first. */
function dates(text: string): FoundDate[] {
  return extractDates(normalize(text));
}
function one(text: string): FoundDate {
  const found = dates(text);
  expect(found, `exactly one date in ${JSON.stringify(text)}`).toHaveLength(1);
  return found[0];
}

const JALALI_MONTHS = ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'];

// An independent oracle: ICU's Persian calendar.
const persianFmt = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });
function icuJalali(iso: string): [number, number, number] {
  const parts = persianFmt.formatToParts(new Date(`${iso}T00:00:00Z`));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return [get('year'), get('month'), get('day')];
}

describe('Jalali numeric dates', () => {
  it('reads ۱۴۰۴/۰۶/۱۵ (Persian digits)', () => {
    const d = one('تاریخ: ۱۴۰۴/۰۶/۱۵');
    expect(d).toMatchObject({ iso: '2025-09-06', calendar: 'jalali', precision: 'day', raw: '1404/06/15' });
  });

  it('reads Arabic-Indic digits too', () => {
    expect(one('١٤٠٤/٠٦/١٥').iso).toBe('2025-09-06');
  });

  it('reads 1404-6-15 (dashes, no zero padding)', () => {
    expect(one('1404-6-15')).toMatchObject({ iso: '2025-09-06', calendar: 'jalali', precision: 'day' });
  });

  it('reads dots and spaced separators', () => {
    expect(one('1404.06.15').iso).toBe('2025-09-06');
    expect(one('۱۴۰۴ / ۶ / ۱۵').iso).toBe('2025-09-06');
  });

  it('reads a date with bidi marks around the separators (they become spaces)', () => {
    expect(one('۱۴۰۴/\u200f۰۶/\u200f۱۵').iso).toBe('2025-09-06');
  });

  it('requires the same separator twice', () => {
    expect(dates('1404/06-15')).toEqual([]);
  });

  it('does not read a date out of a longer digit run', () => {
    expect(dates('11404/06/15')).toEqual([]);
    expect(dates('1404/06/155')).toEqual([]);
  });

  it('reports the index of the match in the normalised text', () => {
    const text = normalize('منتشر شده در ۱۴۰۴/۰۶/۱۵');
    const [d] = extractDates(text);
    expect(text.slice(d.index, d.index + d.raw.length)).toBe('1404/06/15');
  });
});

describe('Jalali named-month dates', () => {
  it('reads «۱۵ شهریور ۱۴۰۴»', () => {
    expect(one('۱۵ شهریور ۱۴۰۴')).toMatchObject({ iso: '2025-09-06', calendar: 'jalali', precision: 'day' });
  });

  it.each([
    'شنبه ۱۵ شهریور ۱۴۰۴',
    'شنبه، ۱۵ شهریور ۱۴۰۴',
    'سه‌شنبه ۱۸ شهریور ۱۴۰۴',
    'پنجشنبه ۲۰ شهریور ۱۴۰۴',
  ])('reads a date with a weekday: %s', (text) => {
    const d = one(text);
    expect(d.calendar).toBe('jalali');
    expect(d.precision).toBe('day');
  });

  it('gives the right Gregorian day for weekday dates', () => {
    expect(one('شنبه ۱۵ شهریور ۱۴۰۴').iso).toBe('2025-09-06');
    expect(one('سه‌شنبه ۱۸ شهریور ۱۴۰۴').iso).toBe('2025-09-09');
    expect(new Date('2025-09-06T00:00:00Z').getUTCDay()).toBe(6); // Saturday = شنبه
  });

  it('reads «۱۵ شهریورماه ۱۴۰۴» and «۱۵ شهریور ماه ۱۴۰۴»', () => {
    expect(one('۱۵ شهریورماه ۱۴۰۴')).toMatchObject({ iso: '2025-09-06', precision: 'day' });
    expect(one('۱۵ شهریور ماه ۱۴۰۴')).toMatchObject({ iso: '2025-09-06', precision: 'day' });
    expect(one('۱۵ شهریور‌ماه ۱۴۰۴')).toMatchObject({ iso: '2025-09-06', precision: 'day' });
  });

  it('reads every month name', () => {
    JALALI_MONTHS.forEach((name, i) => {
      const d = one(`۱ ${name} ۱۴۰۳`);
      expect(d.precision).toBe('day');
      expect(icuJalali(d.iso)).toEqual([1403, i + 1, 1]);
    });
  });

  it('reads the variant spelling امرداد as the 5th month', () => {
    expect(icuJalali(one('۱۰ امرداد ۱۴۰۳').iso)).toEqual([1403, 5, 10]);
  });

  it('reads month names with Arabic letters or kashida once normalised', () => {
    expect(one('۱ ارديبهشت ۱۴۰۴').iso).toBe(one('۱ اردیبهشت ۱۴۰۴').iso);
    expect(one('۱ شهـریور ۱۴۰۴').iso).toBe(one('۱ شهریور ۱۴۰۴').iso);
  });

  it('does not mistake مه (May) for مهر', () => {
    const d = one('۱۰ مهر ۱۴۰۴');
    expect(d.calendar).toBe('jalali');
    expect(icuJalali(d.iso)).toEqual([1404, 7, 10]);
  });
});

describe('Jalali month-year dates', () => {
  it('reads «شهریور ۱۴۰۴» with precision month (the 1st is assumed)', () => {
    expect(one('گزارش شهریور ۱۴۰۴')).toMatchObject({ iso: '2025-08-23', calendar: 'jalali', precision: 'month' });
  });

  it('reads «شهریورماه ۱۴۰۴» and «شهریور سال ۱۴۰۴»', () => {
    expect(one('شهریورماه ۱۴۰۴')).toMatchObject({ iso: '2025-08-23', precision: 'month' });
    expect(one('شهریور سال ۱۴۰۴')).toMatchObject({ iso: '2025-08-23', precision: 'month' });
  });

  it('a month-year inside a full date is not reported twice', () => {
    expect(dates('۱۵ شهریور ۱۴۰۴')).toHaveLength(1);
    expect(dates('۱۵ شهریورماه ۱۴۰۴')).toHaveLength(1);
  });

  it('does not take a month name inside another word', () => {
    expect(dates('تیرماهی ۱۴۰۴')).toEqual([]);
    expect(dates('مهرداد ۱۴۰۴')).toEqual([]);
  });
});

describe('Jalali periods of a year (seasons, halves, quarters)', () => {
  // A period reads as the 1st of its last month, precision month: a report "of" it comes out after it.
  it('reads a season with its year, in either spelling of پاییز', () => {
    expect(one('آمار تابستان ۱۴۰۴')).toMatchObject({ iso: jalaliFirst(1404, 6), calendar: 'jalali', precision: 'month' });
    expect(one('گزارش پائیز سال ۱۴۰۳')).toMatchObject({ iso: jalaliFirst(1403, 9), precision: 'month' });
    expect(one('زمستان 1402')).toMatchObject({ iso: jalaliFirst(1402, 12) });
  });

  it('reads halves and quarters written with or without a joiner', () => {
    expect(one('نیمه دوم سال ۱۴۰۳')).toMatchObject({ iso: jalaliFirst(1403, 12), precision: 'month' });
    expect(one('شش‌ماهه نخست ۱۴۰۴')).toMatchObject({ iso: jalaliFirst(1404, 6) });
    expect(one('سه ماهه سوم ۱۴۰۴')).toMatchObject({ iso: jalaliFirst(1404, 9) });
    expect(one('سه‌ماهه اول سال 1405')).toMatchObject({ iso: jalaliFirst(1405, 3) });
  });

  it('does not read a season word without a year, or inside another word', () => {
    expect(dates('بهار طبیعت')).toEqual([]);
    expect(dates('بهارستان ۱۴۰۴')).toEqual([]);
    expect(dates('سه ماهه ۱۲۰ هزار تومان')).toEqual([]);
  });
});

function jalaliFirst(y: number, m: number): string {
  for (let d = new Date(Date.UTC(y + 620, 0, 1)); ; d = new Date(d.getTime() + 86_400_000)) {
    const [jy, jm, jd] = icuJalali(d.toISOString().slice(0, 10));
    if (jy === y && jm === m && jd === 1) return d.toISOString().slice(0, 10);
  }
}

describe('Gregorian dates', () => {
  it('reads 2025-09-06', () => {
    expect(one('2025-09-06')).toMatchObject({ iso: '2025-09-06', calendar: 'gregorian', precision: 'day' });
  });

  it('reads 2025/9/6 with Persian digits', () => {
    expect(one('۲۰۲۵/۹/۶')).toMatchObject({ iso: '2025-09-06', calendar: 'gregorian' });
  });

  it.each([
    '2025-09-06T10:20:30Z',
    '2025-09-06T10:20:30.123+03:30',
    '2025-09-06 10:20:30',
  ])('reads the date part of ISO datetime %s', (text) => {
    expect(one(text)).toMatchObject({ iso: '2025-09-06', calendar: 'gregorian' });
  });

  it.each([
    'September 6, 2025',
    'Sep 6, 2025',
    'Sept. 6 2025',
    'september 6th, 2025',
    'SEPTEMBER 6, 2025',
  ])('reads month-day-year %s', (text) => {
    expect(one(text)).toMatchObject({ iso: '2025-09-06', calendar: 'gregorian', precision: 'day' });
  });

  it.each([
    '6 Sep 2025',
    '6 September 2025',
    '6th September, 2025',
    '06 Sep. 2025',
  ])('reads day-month-year %s', (text) => {
    expect(one(text)).toMatchObject({ iso: '2025-09-06', calendar: 'gregorian', precision: 'day' });
  });

  it('reads every English month', () => {
    const names = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    names.forEach((n, i) => {
      expect(one(`1 ${n} 2025`).iso).toBe(`2025-${String(i + 1).padStart(2, '0')}-01`);
      expect(one(`${n.slice(0, 3)} 1, 2025`).iso).toBe(`2025-${String(i + 1).padStart(2, '0')}-01`);
    });
  });

  it('reads Gregorian dates with Persian month names', () => {
    expect(one('۶ سپتامبر ۲۰۲۵')).toMatchObject({ iso: '2025-09-06', calendar: 'gregorian' });
    expect(one('۱ مه ۲۰۲۵')).toMatchObject({ iso: '2025-05-01', calendar: 'gregorian' });
    expect(one('۲۹ فوریه ۲۰۲۴').iso).toBe('2024-02-29');
  });

  it('accepts Feb 29 in a leap year only', () => {
    expect(one('2024-02-29').iso).toBe('2024-02-29');
    expect(dates('2025-02-29')).toEqual([]);
    expect(dates('2100-02-29')).toEqual([]);
  });
});

describe('lunar Hijri dates are never taken as Jalali', () => {
  it.each([
    '۲۳ ربیع‌الاول ۱۴۴۷ ق',
    '۲۳ ربیع الاول ۱۴۴۷ قمری',
    '۱ محرم ۱۴۴۷ ق',
    '۱۴ ذی‌الحجه ۱۴۴۶',
    '1447/03/23',
    '۱۴۴۷/۰۳/۲۳ ق',
    '1447-3-23',
  ])('ignores %s', (text) => {
    expect(dates(text)).toEqual([]);
  });

  it('keeps the Solar and Gregorian dates of a typical portal header and drops the lunar one', () => {
    const header = 'شنبه ۱۵ شهریور ۱۴۰۴ - ۱۳ ربیع‌الاول ۱۴۴۷ - 2025-09-06';
    const found = dates(header);
    expect(found.map((d) => [d.iso, d.calendar])).toEqual([
      ['2025-09-06', 'jalali'],
      ['2025-09-06', 'gregorian'],
    ]);
    const numericHeader = '۱۴۰۴/۰۶/۱۵ | ۱۴۴۷/۰۳/۱۳';
    expect(dates(numericHeader).map((d) => d.calendar)).toEqual(['jalali']);
  });
});

describe('year range', () => {
  it('accepts the Solar years 1300 and 1410 at the edges', () => {
    expect(one('1300/01/01').iso).toBe('1921-03-21');
    expect(one('1410/01/01').calendar).toBe('jalali');
    expect(one('۱ فروردین ۱۳۰۰').iso).toBe('1921-03-21');
  });

  it.each([
    '1299/12/29',
    '1411/01/01',
    '1420/06/15',
    '1200/01/01',
    '۱۵ شهریور ۱۲۹۹',
    '۱۵ شهریور ۱۴۴۷',
    'شهریور ۱۴۴۷',
    'شهریور ۱۲۹۹',
  ])('rejects %s (outside 1300–1410)', (text) => {
    expect(dates(text)).toEqual([]);
  });

  it('rejects Gregorian years outside 1900–2100', () => {
    expect(dates('1899-12-31')).toEqual([]);
    expect(dates('2101-01-01')).toEqual([]);
    expect(dates('September 6, 1850')).toEqual([]);
  });
});

describe('invalid dates', () => {
  it.each([
    '1404/13/01',
    '1404/00/10',
    '1404/01/00',
    '1404/01/32',
    '1404/07/31', // Mehr has 30 days
    '1404/12/30', // 1404 is not a leap year
    '1402/12/30',
  ])('rejects Jalali %s', (text) => {
    expect(dates(text)).toEqual([]);
  });

  it.each([
    '۳۱ مهر ۱۴۰۴',
    '۳۰ اسفند ۱۴۰۴',
    '۰ شهریور ۱۴۰۴',
    '۳۲ فروردین ۱۴۰۴',
  ])('rejects the named-month date %s and does not fall back to a month-year', (text) => {
    expect(dates(text)).toEqual([]);
  });

  it.each([
    '2025-02-30',
    '2025-13-01',
    '2025-04-31',
    '2025-00-10',
    'February 30, 2025',
    '31 Apr 2025',
  ])('rejects Gregorian %s', (text) => {
    expect(dates(text)).toEqual([]);
  });

  it('accepts the last day of each Jalali half-year where it exists', () => {
    expect(one('1404/06/31').iso).toBe('2025-09-22');
    expect(one('1404/07/30').iso).toBe('2025-10-22');
    expect(one('1403/12/30').iso).toBe('2025-03-20');
  });
});

describe('Jalali → Gregorian conversion', () => {
  it.each([
    ['1403/01/01', '2024-03-20'],
    ['1404/01/01', '2025-03-21'],
    ['1399/12/30', '2021-03-20'],
    ['1400/01/01', '2021-03-21'],
    ['1399/01/01', '2020-03-20'],
    ['1398/10/11', '2020-01-01'],
    ['1357/11/22', '1979-02-11'],
    ['1404/06/15', '2025-09-06'],
    ['1403/12/30', '2025-03-20'],
    ['1404/10/11', '2026-01-01'],
  ])('%s = %s', (jalali, gregorian) => {
    expect(one(jalali)).toMatchObject({ iso: gregorian, calendar: 'jalali' });
  });

  it('agrees with ICU\'s Persian calendar on every day from 1395 to 1410', () => {
    const start = Date.UTC(2016, 2, 20); // 1395/01/01
    const end = Date.UTC(2032, 2, 19);
    let checked = 0;
    for (let t = start; t <= end; t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10);
      const [y, m, d] = icuJalali(iso);
      if (y > 1410) break;
      const found = extractDates(`${y}/${m}/${d}`);
      expect(found.map((f) => f.iso), `${y}/${m}/${d}`).toEqual([iso]);
      checked++;
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it('agrees with ICU on the first of every month, 1300–1410, for the named form', () => {
    for (let y = 1300; y <= 1410; y += 7) {
      JALALI_MONTHS.forEach((name, i) => {
        const d = one(`۱ ${name} ${y}`);
        expect(icuJalali(d.iso)).toEqual([y, i + 1, 1]);
      });
    }
  });
});

describe('several dates in one text', () => {
  it('returns every date in order of appearance', () => {
    const text = 'به‌روزرسانی: 2025-09-06 | منتشر شده: ۱۴۰۴/۰۵/۰۱ | خبر ۱۰ مرداد ۱۴۰۴ | گزارش تیر ۱۴۰۴ | Sep 1, 2025';
    const found = dates(text);
    expect(found.map((d) => d.iso)).toEqual(['2025-09-06', '2025-07-23', '2025-08-01', '2025-06-22', '2025-09-01']);
    expect(found.map((d) => d.precision)).toEqual(['day', 'day', 'day', 'month', 'day']);
    for (let i = 1; i < found.length; i++) expect(found[i].index).toBeGreaterThan(found[i - 1].index);
  });

  it('returns nothing for text without dates', () => {
    expect(dates('')).toEqual([]);
    expect(dates('سامانه ۱۱۱ و کد ۱۴۰۴')).toEqual([]);
    expect(dates('تلفن: ۰۲۱-۸۸۸۸-۱۲۳۴')).toEqual([]);
  });
});

describe('labelledDates', () => {
  it('reads «تاریخ انتشار: …»', () => {
    const found = labelledDates(normalize('خبر تازه. تاریخ انتشار: ۱۴۰۴/۰۶/۱۵'));
    expect(found.map((d) => d.iso)).toEqual(['2025-09-06']);
  });

  it('reads «به‌روزرسانی: …» in all its spellings', () => {
    for (const label of ['به‌روزرسانی', 'به روز رسانی', 'به روزرسانی', 'آخرین به‌روزرسانی', 'تاریخ به‌روزرسانی', 'به‌روز‌رسانی']) {
      const found = labelledDates(normalize(`${label}: ۱۵ شهریور ۱۴۰۴`));
      expect(found.map((d) => d.iso), label).toEqual(['2025-09-06']);
    }
  });

  it('reads "Updated: …", "Published: …", "Last modified: …" and "Date: …"', () => {
    expect(labelledDates(normalize('Updated: September 6, 2025')).map((d) => d.iso)).toEqual(['2025-09-06']);
    expect(labelledDates(normalize('Published: 6 Sep 2025')).map((d) => d.iso)).toEqual(['2025-09-06']);
    expect(labelledDates(normalize('Last modified: 2025-09-06T08:00:00Z')).map((d) => d.iso)).toEqual(['2025-09-06']);
    expect(labelledDates(normalize('Date: 2025-09-06')).map((d) => d.iso)).toEqual(['2025-09-06']);
  });

  it('accepts a label without a colon or with a space before it', () => {
    expect(labelledDates(normalize('تاریخ انتشار ۱۴۰۴/۰۶/۱۵'))).toHaveLength(1);
    expect(labelledDates(normalize('تاریخ انتشار : ۱۴۰۴/۰۶/۱۵'))).toHaveLength(1);
  });

  it('reads a labelled date that carries a weekday', () => {
    expect(labelledDates(normalize('تاریخ انتشار: شنبه ۱۵ شهریور ۱۴۰۴')).map((d) => d.iso)).toEqual(['2025-09-06']);
    expect(labelledDates(normalize('تاریخ انتشار: سه‌شنبه، ۱۸ شهریور ۱۴۰۴')).map((d) => d.iso)).toEqual(['2025-09-09']);
    expect(labelledDates(normalize('Updated: Saturday, September 6, 2025')).map((d) => d.iso)).toEqual(['2025-09-06']);
  });

  it('skips dates without a label and keeps only the labelled ones', () => {
    const text = normalize('شنبه ۱۵ شهریور ۱۴۰۴ — خبر: قیمت‌ها از ۱۴۰۴/۰۱/۰۱ — تاریخ انتشار: ۱۴۰۴/۰۵/۲۰');
    expect(extractDates(text)).toHaveLength(3);
    expect(labelledDates(text).map((d) => d.iso)).toEqual(['2025-08-11']);
  });

  it('needs the label right before the date', () => {
    expect(labelledDates(normalize('تاریخ انتشار: نامشخص؛ جلسه ۱۴۰۴/۰۶/۱۵'))).toEqual([]);
  });
});

describe('newestDate', () => {
  it('returns the most recent date', () => {
    const found = dates('۱۴۰۴/۰۱/۰۱ و 2025-09-06 و ۱۰ مرداد ۱۴۰۴');
    expect(newestDate(found)?.iso).toBe('2025-09-06');
  });

  it('compares across calendars by the Gregorian date', () => {
    const found = dates('2025-09-05 و ۱۵ شهریور ۱۴۰۴');
    const newest = newestDate(found);
    expect(newest).toMatchObject({ iso: '2025-09-06', calendar: 'jalali' });
  });

  it('returns null for no dates', () => {
    expect(newestDate([])).toBeNull();
  });

  it('works on any object with an iso field and returns the object itself', () => {
    const items = [{ iso: '2024-12-31', id: 1 }, { iso: '2025-01-01', id: 2 }, { iso: '2024-06-01', id: 3 }];
    expect(newestDate(items)).toBe(items[1]);
  });
});

describe('daysBetween', () => {
  it('counts whole days, positive when the second date is later', () => {
    expect(daysBetween('2025-09-06', '2025-09-06')).toBe(0);
    expect(daysBetween('2025-09-06', '2025-09-07')).toBe(1);
    expect(daysBetween('2025-09-07', '2025-09-06')).toBe(-1);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });

  it('is not thrown off by daylight-saving changes', () => {
    expect(daysBetween('2025-03-20', '2025-03-23')).toBe(3);
    expect(daysBetween('2025-10-25', '2025-10-28')).toBe(3);
  });

  it('matches Jalali arithmetic: a Jalali year is 365 or 366 days', () => {
    expect(daysBetween(one('1403/01/01').iso, one('1404/01/01').iso)).toBe(366); // 1403 is leap
    expect(daysBetween(one('1404/01/01').iso, one('1405/01/01').iso)).toBe(365);
  });
});

describe('isFresh', () => {
  it('is fresh within the window, inclusive of the bound', () => {
    expect(isFresh('2025-09-06', '2025-09-06', 60)).toBe(true);
    expect(isFresh('2025-07-08', '2025-09-06', 60)).toBe(true); // 60 days
    expect(isFresh('2025-07-07', '2025-09-06', 60)).toBe(false); // 61 days
  });

  it('uses 365 and 730 day windows as the indicators do', () => {
    expect(isFresh('2024-09-06', '2025-09-06', 365)).toBe(true);
    expect(isFresh('2024-09-05', '2025-09-06', 365)).toBe(false);
    expect(isFresh('2023-09-07', '2025-09-06', 730)).toBe(true);
    expect(isFresh('2023-09-06', '2025-09-06', 730)).toBe(false);
  });

  it('treats future dates as fresh', () => {
    expect(isFresh('2026-01-01', '2025-09-06', 60)).toBe(true);
  });

  it('works end to end on a Jalali page date', () => {
    const newest = newestDate(labelledDates(normalize('تاریخ انتشار: ۱۵ شهریور ۱۴۰۴')));
    expect(newest).not.toBeNull();
    expect(isFresh(newest!.iso, '2025-10-01', 60)).toBe(true);
    expect(isFresh(newest!.iso, '2025-11-06', 60)).toBe(false);
  });
});

describe('yearDates', () => {
  it('reads «سال ۱۳۹۸» as the last day of that Solar year', () => {
    expect(yearDates(normalize('نتایج نظرسنجی سال ۱۳۹۸')).map((d) => d.iso)).toEqual(['2020-03-19']);
    expect(yearDates(normalize('گزارش سال 1403')).map((d) => d.iso)).toEqual(['2025-03-20']);
  });

  it('ignores lunar Hijri years and bare numbers', () => {
    expect(yearDates(normalize('سال ۱۴۴۷ ق و شماره 1398'))).toEqual([]);
  });
});
