// A site's clock: the day's date a header or top bar prints on every page
// («امروز: دوشنبه ۱ دی ۱۴۰۴», «دوشنبه ۱ دی ۱۴۰۴ - ۲۰ رجب ۱۴۴۷ ق»). It dates
// nothing; a section or page that holds one is not published that day.
import { extractDates, type FoundDate } from '../../src/text/dates.ts';

const WEEKDAY = /((یک|دو|سه|چهار|پنج) ?)?شنبه|جمعه|(mon|tues|wednes|thurs|fri|satur|sun)day/;
export const TODAY_CUE = new RegExp(`(امروز|today)\\s*:?\\s*(${WEEKDAY.source})?\\s*[,،]?\\s*$`);
export const WEEKDAY_BEFORE = new RegExp(`(${WEEKDAY.source})\\s*[,،]?\\s*$`);
/** A lunar Hijri date: a Hijri month name, or a year marked «ق» / «قمری». */
export const HIJRI = /(?<![\p{L}])(محرم|صفر|ربیع|جمادی|رجب|شعبان|رمضان|شوال|ذی ?القعده|ذیقعده|ذی ?الحجه|ذیحجه)(?![\p{L}])|\d{4}\s*(ه\s*\.?\s*)?(ق|قمری)(?![\p{L}])/u;

/** How far before a date a clock prints its weekday, and around it its other calendars. */
const BEFORE_CHARS = 30;
const AROUND_CHARS = 40;

/**
 * True when the date at its place in normalised `text` reads as a clock:
 * «امروز» before it, or a weekday before it and the day in another calendar
 * (or a Hijri date) right beside it. A weekday alone is a publication stamp's too
 * («تاریخ انتشار: دوشنبه ۲۴ آذر ۱۴۰۴»).
 */
export function readsLikeClock(text: string, date: FoundDate): boolean {
  const before = text.slice(Math.max(0, date.index - BEFORE_CHARS), date.index);
  if (TODAY_CUE.test(before)) return true;
  if (!WEEKDAY_BEFORE.test(before)) return false;
  const end = date.index + date.raw.length;
  const around = `${text.slice(Math.max(0, date.index - AROUND_CHARS), date.index)} … ${text.slice(end, end + AROUND_CHARS)}`;
  return HIJRI.test(around) || extractDates(around).some((d) => d.calendar !== date.calendar);
}
