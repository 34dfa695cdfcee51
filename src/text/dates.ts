// Date extraction from normalised text (ASCII digits, folded letters).
// Jalali dates are accepted for Solar years 1300–1410 only, so the lunar Hijri
// (…ق) dates that portal headers also print are never mistaken for them.
import { isValidJalaaliDate, toGregorian, toJalaali } from 'jalaali-js';
import { normalize } from './persian.ts';

export type Calendar = 'jalali' | 'gregorian';

export interface FoundDate {
  /** Gregorian calendar date, YYYY-MM-DD. */
  iso: string;
  calendar: Calendar;
  /** The matched text, as it stood in the normalised input. */
  raw: string;
  /** Offset of the match in the input (-1 for a date a page carries only in an attribute). */
  index: number;
  /** 'month' when only a month and year were given (the 1st is assumed). */
  precision: 'day' | 'month';
}

const JALALI_YEARS = { min: 1300, max: 1410 };
const GREGORIAN_YEARS = { min: 1900, max: 2100 };

const JALALI_MONTHS = ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'];
const GREGORIAN_MONTHS_EN = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const GREGORIAN_MONTHS_FA = ['ژانویه', 'فوریه', 'مارس', 'آوریل', 'مه', 'ژوئن', 'ژوئیه', 'اوت', 'سپتامبر', 'اکتبر', 'نوامبر', 'دسامبر'];
const EN_MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const JALALI_MONTH_ALT = [...JALALI_MONTHS, 'امرداد'].join('|');
const FA_GREG_ALT = GREGORIAN_MONTHS_FA.join('|');

const NUMERIC_YMD = /(?<!\d)(\d{4})\s?([/\-.])\s?(\d{1,2})\s?\2\s?(\d{1,2})(?!\d)/g;
const JALALI_NAMED = new RegExp(`(?<!\\d)(\\d{1,2})\\s*(${JALALI_MONTH_ALT})(?:\\s?ماه)?(?![\\p{L}])\\s*,?\\s*(\\d{4})(?!\\d)`, 'gu');
const FA_GREG_NAMED = new RegExp(`(?<!\\d)(\\d{1,2})\\s*(${FA_GREG_ALT})(?![\\p{L}])\\s*,?\\s*(\\d{4})(?!\\d)`, 'gu');
const EN_DMY = new RegExp(`(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?\\s+${EN_MONTH}\\s*,?\\s*(\\d{4})(?!\\d)`, 'g');
const JALALI_MONTH_YEAR = new RegExp(`(?<![\\d\\p{L}])(${JALALI_MONTH_ALT})(?:\\s?ماه)?(?![\\p{L}])\\s*(?:سال\\s*)?(\\d{4})(?!\\d)`, 'gu');
/** Seasons and parts of a Solar year, by the last month they cover. */
const PERIOD_LAST_MONTH: Record<string, number> = {
  'بهار': 3, 'تابستان': 6, 'پاییز': 9, 'پائیز': 9, 'زمستان': 12,
  'نیمه اول': 6, 'نیمه نخست': 6, 'نیمه دوم': 12, 'شش ماهه اول': 6, 'شش ماهه نخست': 6, 'شش ماهه دوم': 12,
  'سه ماهه اول': 3, 'سه ماهه نخست': 3, 'سه ماهه دوم': 6, 'سه ماهه سوم': 9, 'سه ماهه چهارم': 12,
};
const PERIOD_YEAR = new RegExp(`(?<![\\p{L}])(${Object.keys(PERIOD_LAST_MONTH).join('|')})(?![\\p{L}])\\s*(?:سال\\s*)?(\\d{4})(?!\\d)`, 'gu');
const EN_MDY = new RegExp(`(?<![a-z])${EN_MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\s*,?\\s*(\\d{4})(?!\\d)`, 'g');

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function gregorianIso(y: number, m: number, d: number): string | null {
  if (y < GREGORIAN_YEARS.min || y > GREGORIAN_YEARS.max || m < 1 || m > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

function jalaliIso(y: number, m: number, d: number): string | null {
  if (y < JALALI_YEARS.min || y > JALALI_YEARS.max || !isValidJalaaliDate(y, m, d)) return null;
  const g = toGregorian(y, m, d);
  return `${g.gy}-${pad(g.gm)}-${pad(g.gd)}`;
}

function enMonthIndex(name: string): number {
  return GREGORIAN_MONTHS_EN.indexOf(name.slice(0, 3)) + 1;
}

function jalaliMonthIndex(name: string): number {
  return name === 'امرداد' ? 5 : JALALI_MONTHS.indexOf(name) + 1;
}

type Reader = (m: RegExpExecArray) => { iso: string | null; calendar: Calendar; precision?: 'month' };

const READERS: Array<[RegExp, Reader]> = [
  [NUMERIC_YMD, (m) => {
    const [y, mo, d] = [Number(m[1]), Number(m[3]), Number(m[4])];
    return y <= JALALI_YEARS.max
      ? { iso: jalaliIso(y, mo, d), calendar: 'jalali' }
      : { iso: gregorianIso(y, mo, d), calendar: 'gregorian' };
  }],
  [JALALI_NAMED, (m) => ({ iso: jalaliIso(Number(m[3]), jalaliMonthIndex(m[2]), Number(m[1])), calendar: 'jalali' })],
  [FA_GREG_NAMED, (m) => ({ iso: gregorianIso(Number(m[3]), GREGORIAN_MONTHS_FA.indexOf(m[2]) + 1, Number(m[1])), calendar: 'gregorian' })],
  [EN_DMY, (m) => ({ iso: gregorianIso(Number(m[3]), enMonthIndex(m[2]), Number(m[1])), calendar: 'gregorian' })],
  [JALALI_MONTH_YEAR, (m) => ({ iso: jalaliIso(Number(m[2]), jalaliMonthIndex(m[1]), 1), calendar: 'jalali', precision: 'month' })],
  [EN_MDY, (m) => ({ iso: gregorianIso(Number(m[3]), enMonthIndex(m[1]), Number(m[2])), calendar: 'gregorian' })],
  // A season or a part of the year: the 1st of its last month, as a report of it comes out after it.
  [PERIOD_YEAR, (m) => ({ iso: jalaliIso(Number(m[2]), PERIOD_LAST_MONTH[m[1]], 1), calendar: 'jalali', precision: 'month' })],
];

/** Every valid date in normalised text, in order of appearance. */
export function extractDates(normalizedText: string): FoundDate[] {
  const found: FoundDate[] = [];
  // Spans of every full (day) date seen, valid or not: see dropContained.
  const daySpans: Array<[number, number]> = [];
  for (const [pattern, read] of READERS) {
    for (const m of normalizedText.matchAll(pattern)) {
      const { iso, calendar, precision = 'day' } = read(m as RegExpExecArray);
      const index = m.index ?? 0;
      if (precision === 'day') daySpans.push([index, index + m[0].length]);
      if (iso) found.push({ iso, calendar, raw: m[0], index, precision });
    }
  }
  return dropContained(found.sort((a, b) => a.index - b.index), daySpans);
}

/**
 * A month-year match inside a full date («۱۵ شهریور ۱۴۰۴») is the same date: keep the full one.
 * When the full date is invalid («۳۱ مهر ۱۴۰۴») the month-year inside it goes too.
 */
function dropContained(dates: FoundDate[], daySpans: ReadonlyArray<[number, number]>): FoundDate[] {
  return dates.filter((d) => d.precision === 'day'
    || !daySpans.some(([start, end]) => start <= d.index && end >= d.index + d.raw.length));
}

// A weekday may stand between the label and the date («تاریخ انتشار: سه‌شنبه ۱۸ شهریور ۱۴۰۴»).
const WEEKDAY = '(?:(?:یک|دو|سه|چهار|پنج) ?)?شنبه|جمعه|(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun';
const DATE_LABELS = new RegExp(`(تاریخ انتشار|تاریخ به ?روز ?رسانی|به ?روز ?رسانی|بروز ?رسانی|اخرین به ?روز|آخرین به ?روز|تاریخ|published|updated|last modified|date)\\s*:?\\s*(?:(?:${WEEKDAY})\\.?\\s*,?\\s*)?$`);

/** Dates that stand right after a label such as «تاریخ انتشار:» or "Updated:". */
export function labelledDates(normalizedText: string): FoundDate[] {
  return extractDates(normalizedText).filter((d) => DATE_LABELS.test(normalizedText.slice(Math.max(0, d.index - 40), d.index)));
}

/** The most recent date, or null. */
export function newestDate<T extends { iso: string }>(dates: readonly T[]): T | null {
  let best: T | null = null;
  for (const d of dates) if (!best || d.iso > best.iso) best = d;
  return best;
}

/** Whole days from `fromIso` to `toIso` (positive when `toIso` is later). */
export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}

/** True when the date is no older than `maxAgeDays` before the audit date (future dates count as fresh). */
export function isFresh(dateIso: string, asOfIso: string, maxAgeDays: number): boolean {
  return daysBetween(dateIso, asOfIso) <= maxAgeDays;
}

export interface YearDate {
  /** The last day of that year: the most generous reading of "results of 1398". */
  iso: string;
  raw: string;
}

const SOLAR_YEAR = /(?<![\p{L}\p{N}])سال (13\d\d|140\d|1410)(?!\d)/gu;

/** Solar years named as «سال ۱۴۰۳» (normalised text), read as the year's last day. */
export function yearDates(normalizedText: string): YearDate[] {
  return [...normalizedText.matchAll(SOLAR_YEAR)].map((m) => {
    const next = toGregorian(Number(m[1]) + 1, 1, 1);
    const end = new Date(Date.UTC(next.gy, next.gm - 1, next.gd - 1));
    return { iso: end.toISOString().slice(0, 10), raw: m[0] };
  });
}

/** The last day of a Solar (Jalali) year, YYYY-MM-DD (Gregorian). */
export function solarYearEnd(jy: number): string {
  const next = toGregorian(jy + 1, 1, 1);
  return new Date(Date.UTC(next.gy, next.gm - 1, next.gd - 1)).toISOString().slice(0, 10);
}

/** The last day of a found date's own year, in its own calendar: a report dated 1402/01/15 is a report "of 1402". */
export function yearEndOf(date: FoundDate): string {
  if (date.calendar === 'gregorian') return `${date.iso.slice(0, 4)}-12-31`;
  const [gy, gm, gd] = date.iso.split('-').map(Number);
  return solarYearEnd(toJalaali(gy, gm, gd).jy);
}

// A bare year in a title («گزارش عملکرد ۱۴۰۳», "Annual report 2024"). Numbers
// right after «شماره»/"no." or before a unit or currency are not years.
const BARE_YEAR = /(?<![\p{L}\p{N}])(13\d\d|140\d|1410|19\d\d|20\d\d)(?![\p{N}])/gu;
const NOT_YEAR_BEFORE = /(شماره|کد|مبلغ|قیمت|تلفن|no\.?|number|code|#)\s*:?\s*$/;
const NOT_YEAR_AFTER = /^\s*(ریال|تومان|میلیون|میلیارد|هزار|نفر|متر|عدد|مورد|درصد|%|rials?|usd|\$|km|m2)(?![\p{L}])/u;

/**
 * Solar (1300–1410) and Gregorian (1900–2099) years standing alone in short
 * title text, each read as its year's last day. Only for titles: in running
 * text or tables a bare four-digit number is as often an amount or a code.
 */
export function titleYears(normalizedText: string): YearDate[] {
  const out: YearDate[] = [];
  for (const m of normalizedText.matchAll(BARE_YEAR)) {
    const index = m.index ?? 0;
    if (NOT_YEAR_BEFORE.test(normalizedText.slice(Math.max(0, index - 12), index))) continue;
    if (NOT_YEAR_AFTER.test(normalizedText.slice(index + 4, index + 16))) continue;
    const year = Number(m[1]);
    out.push({ iso: year < 1900 ? solarYearEnd(year) : `${year}-12-31`, raw: m[0] });
  }
  return out;
}

/** A title attribute longer than this is a sentence, not a date stamp. */
const MAX_ATTRIBUTE_WORDS = 12;

/**
 * Dates an element carries in its attributes: `datetime` (of <time>, <ins>,
 * <del>; ISO, the time of day dropped) and a short `title` («۱۴۰۴/۰۹/۲۸» on a
 * news ticker's link). Day-precise only: a month in a tooltip is no stamp.
 */
export function attributeDates(attribs: Record<string, string | undefined>): FoundDate[] {
  const out: FoundDate[] = [];
  const datetime = attribs.datetime?.trim();
  if (datetime) out.push(...extractDates(normalize(datetime.replace(/[T ].*$/, ''))));
  const title = attribs.title ? normalize(attribs.title) : '';
  if (title && title.split(' ').length <= MAX_ATTRIBUTE_WORDS) out.push(...extractDates(title));
  return out.filter((d) => d.precision === 'day');
}
