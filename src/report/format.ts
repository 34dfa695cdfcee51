// Numbers and dates for people: Persian digits and Jalali dates in Persian,
// plain Gregorian in English. Shared by the HTML report and the review UI.
import { toJalaali } from 'jalaali-js';
import type { Lang } from '../i18n/messages.ts';

export interface Formatters {
  /** A number, or the dash when null (not assessed). */
  num: (n: number | null, digits?: number) => string;
  signed: (n: number | null) => string;
  pct: (share: number | null) => string;
  /** The calendar date of an ISO date or timestamp: Jalali in Persian (1404/10/01), ISO in English. */
  date: (iso: string) => string;
  /** The Gregorian date, in the language's digits. */
  gregorian: (iso: string) => string;
  /** A timestamp in the display time zone, to the second: Jalali date in Persian. */
  dateTime: (iso: string) => string;
  /** Persian digits in Persian; unchanged in English. */
  digits: (text: string) => string;
  /** List separator. */
  sep: string;
}

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const two = (x: number) => String(x).padStart(2, '0');

/** Wall-clock parts of an instant in a time zone. */
function zoned(iso: string, timeZone: string): { y: number; m: number; d: number; time: string } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day), time: `${parts.hour}:${parts.minute}:${parts.second}` };
}

/** `timeZone` applies to timestamps (dateTime); a date alone (YYYY-MM-DD) is taken as written. */
export function formatters(lang: Lang, dash: string, timeZone = 'Asia/Tehran'): Formatters {
  const locale = lang === 'fa' ? 'fa-IR' : 'en-US';
  const fmt = (n: number | null, opts: Intl.NumberFormatOptions) => (n === null ? dash : new Intl.NumberFormat(locale, opts).format(n));
  const digits = (text: string) => (lang === 'fa' ? text.replace(/\d/g, (c) => PERSIAN_DIGITS[Number(c)]) : text);
  const ymd = (y: number, m: number, d: number) => {
    if (lang === 'en') return `${y}-${two(m)}-${two(d)}`;
    const j = toJalaali(y, m, d);
    return digits(`${j.jy}/${two(j.jm)}/${two(j.jd)}`);
  };
  return {
    num: (n, precision = 1) => fmt(n, { maximumFractionDigits: precision }),
    signed: (n) => fmt(n, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }),
    pct: (share) => fmt(share, { style: 'percent', maximumFractionDigits: 0 }),
    date: (iso) => {
      const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
      return ymd(y, m, d);
    },
    gregorian: (iso) => digits(iso.slice(0, 10)),
    dateTime: (iso) => {
      const z = zoned(iso, timeZone);
      return `${ymd(z.y, z.m, z.d)} ${digits(z.time)}`;
    },
    digits,
    sep: lang === 'fa' ? '، ' : ', ',
  };
}
