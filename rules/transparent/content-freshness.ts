// The newest dated item across the crawled pages is within {maxAgeDays} days of the
// audit. Dates of news and announcement entries and labelled dates
// («تاریخ انتشار», «آخرین به‌روزرسانی», a date-classed stamp) are preferred;
// other day-precise dates in the content count only when a site has none.
//
// Many Persian portals print today's date in the header («دوشنبه ۱ دی ۱۴۰۴ -
// ۱ رجب ۱۴۴۷ - ۲۲ دسامبر ۲۰۲۵»): that clock says nothing about the content.
// A date is taken for such a widget, and ignored, when it is not part of a
// news entry and any of these holds:
//   - it stands in the page's frame (header, top bar, navigation, footer);
//   - «امروز» / "today" introduces it;
//   - it has no label and its block also prints a lunar Hijri date or a
//     second calendar;
//   - it is the audit day (±1) and has no label, or a weekday introduces it
//     even after a label such as «تاریخ:» (a publication on the audit day
//     still counts through its news entry or its «تاریخ انتشار» label);
//   - the same date is printed on every crawled page (site-wide template
//     text, including a site-wide «آخرین به‌روزرسانی» stamp, which a CMS
//     usually fills with the clock).
// Dates after the audit day are deadlines and events, not publication dates.
// A month and year without a day («آزمون آذر ماه ۱۴۰۴», «ورودی بهمن ۱۴۰۴»)
// names an event in a headline; it counts only as a labelled stamp.
// Dates a page carries only in attributes count too: `<time datetime>` and a
// short `title` («۱۴۰۴/۰۹/۲۸» on a ticker's link), as an entry when they sit
// on a news link or in a list entry, else as a stamp (clocks left out).
// The sitemap's lastmod counts as a stamp, unless every entry carries the
// same one (a generator's clock).
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { rawText } from '../../crawlers/dom.ts';
import type { PageArtifact, SiteArtifacts } from '../../crawlers/artifacts.ts';
import { defineRule, result } from '../../src/engine/define-rule.ts';
import { attributeDates, daysBetween, extractDates, isFresh, labelledDates, type FoundDate } from '../../src/text/dates.ts';
import { normalize } from '../../src/text/persian.ts';
import { blockOf, ownText } from '../lib/blocks.ts';
import { inPageChrome } from '../lib/chrome.ts';
import { cite } from '../lib/cite.ts';
import { HIJRI, TODAY_CUE, WEEKDAY_BEFORE } from '../lib/clock.ts';
import { words } from '../lib/labels.ts';
import { listItemOf } from '../lib/lists.ts';
import { maxAgeDays } from '../catalog.ts';

const MAX_AGE_DAYS = maxAgeDays('content-freshness');
/** A day of slack for time zones between the crawl and the audit date. */
const MAX_AHEAD_DAYS = 1;
/** A label in the block before this one («تاریخ انتشار» in a <dt>, a <th>) is this short. */
const MAX_LABEL_WORDS = 5;
/** A date widget is a line or two: a weekday and the date in up to three calendars. */
const MAX_WIDGET_WORDS = 20;

/** Class or id words of a publication stamp: «تاریخ» written as a class. */
const STAMP_TOKEN = /(^|[\s_-])(date|time|publish|published|pubdate|tarikh|posted|meta)([\s_-]|$)/i;

type Kind = 'entry' | 'labelled' | 'other';

interface Dated {
  page: PageArtifact;
  /** The element to show: the news entry, or the block holding the date; null for a sitemap lastmod. */
  el: Element | null;
  /** For a sitemap lastmod: the page URL it dates. */
  sitemapUrl?: string;
  date: FoundDate;
  kind: Kind;
}

/** Dates printed on every crawled page: template text (the header clock, a site-wide stamp). */
function siteWideDates(site: SiteArtifacts): Set<string> {
  if (site.pages.length < 2) return new Set();
  const counts = new Map<string, number>();
  for (const page of site.pages) for (const raw of new Set(page.dates.map((d) => d.raw))) counts.set(raw, (counts.get(raw) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n === site.pages.length).map(([raw]) => raw));
}

/** Blocks of the page's body that own text with a digit: where a date can be. */
function datedBlocks($: CheerioAPI): Element[] {
  return $('body, body *').toArray().filter((el) => blockOf(el) === el && /[\d۰-۹٠-٩]/.test(ownText(el)));
}

/** The short label in the block just before this one: «تاریخ انتشار» in a <dt> or <th> beside the date. */
function labelBefore(block: Element): string {
  let prev = block.prev;
  while (prev && prev.type === 'text' && !(prev as unknown as { data: string }).data.trim()) prev = prev.prev;
  if (!prev || prev.type !== 'tag') return '';
  const text = normalize(rawText(prev as Element));
  return words(text) <= MAX_LABEL_WORDS ? text : '';
}

interface Context { asOf: string; siteWide: Set<string> }

/**
 * The text a clock widget prints around a date: the block's own text, or its
 * parent's when the widget puts each calendar in a block of its own.
 */
function widgetText(block: Element, own: string): string {
  const parent = block.parent;
  if (parent?.type !== 'tag') return own;
  const around = normalize(rawText(parent as Element));
  return words(around) <= MAX_WIDGET_WORDS ? around : own;
}

/**
 * True when the date is the header's clock rather than content (see the file
 * comment). A labelled date («تاریخ انتشار: ۱۴۰۴/۰۹/۲۰ (2025-12-11)») may
 * print two calendars and still be a stamp; «تاریخ: دوشنبه ۱ دی ۱۴۰۴» on the
 * audit day is still the clock.
 */
function isClock(block: Element, own: string, date: FoundDate, labelled: boolean, ctx: Context): boolean {
  const before = own.slice(Math.max(0, date.index - 30), date.index);
  if (inPageChrome(block) || TODAY_CUE.test(before) || ctx.siteWide.has(date.raw)) return true;
  if (Math.abs(daysBetween(date.iso, ctx.asOf)) <= 1 && (WEEKDAY_BEFORE.test(before) || !labelled)) return true;
  if (labelled) return false;
  const widget = widgetText(block, own);
  return HIJRI.test(widget) || extractDates(widget).some((d) => d.calendar !== date.calendar);
}

function stamped(block: Element): boolean {
  return [block, ...block.children.filter((c): c is Element => c.type === 'tag')]
    .some((el) => el.name === 'time' || STAMP_TOKEN.test(`${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`));
}

/** Every content date of a page, classified; clocks and future dates are left out. */
function pageDates($: CheerioAPI, page: PageArtifact, ctx: Context): Dated[] {
  const out: Dated[] = [];
  for (const block of datedBlocks($)) {
    const label = labelBefore(block);
    const own = ownText(block);
    const text = label ? `${label} ${own}` : own;
    const offset = text.length - own.length;
    const labelled = new Set(labelledDates(text).map((d) => d.index));
    const entry = listItemOf($, block);
    for (const date of extractDates(text).filter((d) => d.index >= offset)) {
      if (daysBetween(ctx.asOf, date.iso) > MAX_AHEAD_DAYS) continue;
      const isLabelled = labelled.has(date.index);
      if (!entry && isClock(block, own, { ...date, index: date.index - offset }, isLabelled, ctx)) continue;
      const kind: Kind = entry ? 'entry' : isLabelled || stamped(block) ? 'labelled' : 'other';
      if (date.precision !== 'day' && !isLabelled) continue;
      out.push({ page, el: entry ?? block, date, kind });
    }
  }
  return out;
}

/** A link that reads as a headline («استاندار در نشست …»): a date in its title attribute is the story's. */
function headlineLink($: CheerioAPI, el: Element): Element | null {
  return el.name === 'a' && words(normalize(rawText(el))) >= 2 ? el : null;
}

/** Dates only in attributes: `<time datetime>`, a ticker link's `title`. */
function attributeDated($: CheerioAPI, page: PageArtifact, ctx: Context): Dated[] {
  const out: Dated[] = [];
  for (const el of $('[datetime], [title]').toArray()) {
    const entry = listItemOf($, el) ?? headlineLink($, el);
    for (const date of attributeDates(el.attribs)) {
      if (daysBetween(ctx.asOf, date.iso) > MAX_AHEAD_DAYS) continue;
      if (!entry && (inPageChrome(el) || ctx.siteWide.has(date.raw) || Math.abs(daysBetween(date.iso, ctx.asOf)) <= 1)) continue;
      out.push({ page, el: entry ?? el, date, kind: entry ? 'entry' : 'labelled' });
    }
  }
  return out;
}

/** Sitemap lastmod values, unless the generator stamped every entry alike. */
function sitemapDated(site: SiteArtifacts, ctx: Context): Dated[] {
  const entries = (site.sitemap?.entries ?? []).filter((e): e is { url: string; lastmod: string } => !!e.lastmod);
  if (!site.home || new Set(entries.map((e) => e.lastmod)).size < Math.min(2, entries.length)) return [];
  const home = site.home;
  return entries.filter((e) => daysBetween(ctx.asOf, e.lastmod) <= MAX_AHEAD_DAYS).map((e) => ({
    page: home, el: null, sitemapUrl: e.url,
    date: { iso: e.lastmod, calendar: 'gregorian' as const, raw: e.lastmod, index: -1, precision: 'day' as const }, kind: 'labelled' as const,
  }));
}

function newest(dates: Dated[]): Dated | null {
  return dates.reduce<Dated | null>((best, d) => (!best || d.date.iso > best.date.iso ? d : best), null);
}

export default defineRule({
  id: 'content-freshness',
  pillar: 'transparent',
  title: { fa: 'محتوای سایت به‌روز است', en: 'The content is up to date' },
  messages: {
    fresh: { fa: 'تازه‌ترین مطلب به تاریخ {newest} است', en: 'The newest item is dated {newest}' },
    stale: { fa: 'تازه‌ترین مطلب به تاریخ {newest} است (بیش از {maxAgeDays} روز)', en: 'The newest item is dated {newest}, over {maxAgeDays} days old' },
    undated: { fa: 'هیچ مطلب تاریخ‌داری (خبر، اطلاعیه، به‌روزرسانی) یافت نشد', en: 'No dated item (news, announcement, update) was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    const context: Context = { asOf: ctx.asOf, siteWide: siteWideDates(site) };
    const all = [
      ...site.pages.flatMap((page) => [...pageDates(ctx.dom(page), page, context), ...attributeDated(ctx.dom(page), page, context)]),
      ...sitemapDated(site, context),
    ];
    const preferred = all.filter((d) => d.kind !== 'other');
    const best = newest(preferred.length ? preferred : all);
    if (!best) return result.fail('undated', { pages: site.pages.length });
    const citation = [best.el ? cite(best.page, best.el) : cite(best.page, null, `sitemap.xml lastmod ${best.date.iso} · ${best.sitemapUrl}`)];
    const data = { maxAgeDays: MAX_AGE_DAYS, newest: best.date.iso, raw: best.date.raw, source: best.date.calendar, kind: best.kind, url: best.page.finalUrl };
    return isFresh(best.date.iso, ctx.asOf, MAX_AGE_DAYS) ? result.pass(citation, 'fresh', data) : result.fail('stale', data, citation);
  },
});
