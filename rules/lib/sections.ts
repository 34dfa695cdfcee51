// Sections a cue labels: a heading and what it governs, or a whole page named by its h1, title or the menu item leading to it.
import type { PageArtifact, SiteArtifacts } from '../../crawlers/artifacts.ts';
import { ancestors, isElement, labelText, rawText, within, type CheerioAPI, type Element } from '../../crawlers/dom.ts';
import { extractDates, isFresh, labelledDates, newestDate, yearDates, type FoundDate, type YearDate } from '../../src/text/dates.ts';
import { matchesAny, type Patterns } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';
import { inPageChrome } from './chrome.ts';
import { readsLikeClock } from './clock.ts';
import { isPlaceholderPage, saysPlaceholderIn } from './decoy.ts';
import { sectionOf } from './heading-section.ts';
import { anchorLabel, cueHeadings, names, titleSegments, words, type LabelOptions } from './labels.ts';
import { crawledPage, menuLinks } from './links.ts';
import { inDatedItem, isNewsPage } from './lists.ts';

// sectionOf lives in heading-section.ts (decoy.ts needs it without importing this module); rules import it from here.
export { sectionOf };

/** The page's main content when its title or h1 names the feature. */
export function mainContent($: CheerioAPI): Element[] {
  const main = $('main, [role=main], #content, article').first();
  if (main.length) return [main[0]];
  // An old theme's «#main» column; in some themes the id wraps the whole frame (a 990 px table, or header, menu and footer), which is no column.
  const column = $('#main').first();
  const body = $('body')[0];
  if (column.length && body && isColumn($, column[0], body)) return [column[0]];
  // «.content» marks the main column only when one element has it: PHP-Nuke-style themes class every sidebar block so.
  const classed = $('.content');
  if (classed.length === 1) return [classed[0]];
  if (!body) return [];
  const content = $(body).children().toArray().filter((el) => !['header', 'nav', 'footer', 'script', 'style'].includes(el.name));
  const table = pageTableColumns($, content);
  if (table) return table;
  const total = textChars($, content);
  // A frame table's row of cells beside fixed-width sidebars, else a grid row of columns beside narrow ones.
  return besideNarrow($, total, within($, content, 'tr'), (row) => $(row).children('td').toArray(), isSideColumn)
    ?? besideNarrow($, total, within($, content, '[class]'), gridColumns, isNarrowColumn)
    ?? titleColumn($)
    ?? content;
}

function gridColumns(row: Element): Element[] {
  return row.children.filter(isElement).filter((c) => columnWidth(c) !== null);
}

/**
 * The wide column that holds the page's title heading (its first h1 or h2
 * outside the frame: a logo in an <h1> in the header is not it), beside
 * narrow ones: the content column even where the frame's other bands (a
 * template's bottom modules, a long sidebar) hold most of the page's text.
 */
function titleColumn($: CheerioAPI): Element[] | null {
  const title = $('h1, h2').toArray().find((h) => !inPageChrome(h, { strict: true }));
  if (!title) return null;
  for (const up of ancestors(title)) {
    const cols = up.parent && isElement(up.parent) ? gridColumns(up.parent) : [];
    if (!cols.includes(up)) continue;
    const wide = cols.filter((c) => !isNarrowColumn(c));
    if (wide.includes(up) && wide.length < cols.length) return wide;
  }
  return null;
}

/** A «#main» that leaves much of the page's text outside it (menus, sidebars) is a column; one that holds nearly all of it is the frame. */
const MAX_COLUMN_SHARE = 0.9;

function isColumn($: CheerioAPI, el: Element, body: Element): boolean {
  if (el.name === 'table' || $(el).find('header, nav, footer').length) return false;
  return textChars($, [el]) < textChars($, [body]) * MAX_COLUMN_SHARE;
}

/** The elements' text, spaces left out, in characters. */
function textChars($: CheerioAPI, els: Element[]): number {
  return els.reduce((n, c) => n + $(c).text().replace(/\s+/g, '').length, 0);
}

/** A layout row holds most of the page's text; a data table's row (a narrow «ردیف» column) a little of it. */
const MIN_LAYOUT_ROW_SHARE = 0.5;

/**
 * A layout nested in the page (a centred frame table around a header table
 * and a row of columns; Bootstrap's «row» of «col-md-9» and «col-md-3
 * sidebar»): the wide columns of the first row that sets them beside narrow
 * ones and holds most of the page's `total` text.
 */
function besideNarrow($: CheerioAPI, total: number, rows: Element[], columns: (row: Element) => Element[], narrow: (col: Element) => boolean): Element[] | null {
  for (const row of rows) {
    const cols = columns(row);
    const wide = cols.filter((c) => !narrow(c));
    if (wide.length === 0 || wide.length === cols.length) continue;
    if (textChars($, cols) >= total * MIN_LAYOUT_ROW_SHARE) return wide;
  }
  return null;
}

/** A grid column's width in twelfths («col-md-3»), or null for an element that is no column. */
function columnWidth(el: Element): number | null {
  const m = /(?:^|\s)col-(?:xs-|sm-|md-|lg-|xl-|xxl-)?(\d{1,2})(?:\s|$)/.exec(el.attribs.class ?? '');
  return m ? Number(m[1]) : null;
}

/** A Bootstrap-style sidebar column: four twelfths or fewer, or named so. */
const NARROW_COLUMN = 4;

function isNarrowColumn(col: Element): boolean {
  return columnWidth(col)! <= NARROW_COLUMN || /(^|\s)sidebar(\s|$)/.test(col.attribs.class ?? '');
}

/**
 * A page laid out in one table (perhaps inside a page-wide form): its leading
 * and trailing one-cell rows are the header, menu and footer bands, so the
 * content is the cells of the rows between them. Null for any other page.
 */
function pageTableColumns($: CheerioAPI, content: Element[]): Element[] | null {
  let only = content;
  while (only.length === 1 && only[0].name !== 'table') {
    // A WebForms page-wide form opens with divs of hidden fields (its view state): nothing shown.
    only = $(only[0]).children().toArray().filter((el) => !['script', 'style', 'input'].includes(el.name) && !onlyHiddenFields($, el));
  }
  if (only.length !== 1) return null;
  const table = only[0];
  const rows = $(table).find('tr').toArray().filter((r) => $(r).closest('table')[0] === table);
  const band = (r: Element) => $(r).children('td,th').length === 1;
  let first = 0;
  let end = rows.length;
  while (first < end && band(rows[first])) first++;
  while (end > first && band(rows[end - 1])) end--;
  if (first === end || (first === 0 && end === rows.length)) return null;
  return rows.slice(first, end).flatMap((r) => {
    const cells = $(r).children('td,th').toArray();
    // Narrow fixed-width columns beside a wide one are sidebars (links, banners), not the page's content.
    const wide = cells.filter((c) => !isSideColumn(c));
    return wide.length ? wide : cells;
  });
}

function onlyHiddenFields($: CheerioAPI, el: Element): boolean {
  const kids = $(el).children().toArray();
  return kids.length > 0 && kids.every((k) => k.name === 'input' && k.attribs.type === 'hidden') && !$(el).text().trim();
}

/** A sidebar's width: a fixed number of pixels at most this. */
const MAX_SIDE_COLUMN_PX = 300;

function isSideColumn(cell: Element): boolean {
  const width = cell.attribs.width ?? /(?:^|;)\s*width\s*:\s*(\d+)px/i.exec(cell.attribs.style ?? '')?.[1];
  return !!width && /^\d+$/.test(width.trim()) && Number(width) <= MAX_SIDE_COLUMN_PX;
}

export function pageIsAbout($: CheerioAPI, page: PageArtifact, patterns: Patterns, opts: LabelOptions = {}): Element | null {
  const h1 = $('h1').toArray().find((el) => names(labelText(el), patterns, opts));
  if (h1) return h1;
  const named = opts.labelsOnly ? titleSegments(page.title).some((t) => names(t, patterns, opts)) : matchesAny(page.title, patterns);
  return named ? ($('title')[0] ?? null) : null;
}

// within() lives in crawlers/dom.ts (decoy.ts needs it without importing this module); rules import it from here.
export { within };

export interface LabelledSection {
  page: PageArtifact;
  anchor: Element;
  nodes: Element[];
}

/** Sections a cue labels on one page: by a heading, or the whole page by its h1/title. */
export function labelledSections($: CheerioAPI, page: PageArtifact, patterns: Patterns, opts: LabelOptions = {}): LabelledSection[] {
  const out: LabelledSection[] = cueHeadings($, patterns, opts).map((h) => ({ page, anchor: h, nodes: sectionOf($, h) }))
    .filter((s) => !saysPlaceholderIn($, s.nodes));
  const about = pageIsAbout($, page, patterns, opts);
  // A title heading over only a notice («این بخش در حال بروزرسانی است») makes a placeholder page, whatever the frame around it holds.
  if (about && !out.some((s) => s.anchor === about) && !isPlaceholderPage($, page)) out.push({ page, anchor: about, nodes: mainContent($) });
  return out;
}

/** A date known only by its (Solar) year: «نتایج نظرسنجی سال ۱۳۹۸». */
export interface DateOptions {
  /** Fall back to years named in the section («سال ۱۳۹۸») when it gives no full date. */
  years?: boolean;
}

/** Dates written inside a section (or, by option, its named years), else the page's labelled dates («تاریخ انتشار: …»). */
export function sectionDates(section: LabelledSection, opts: DateOptions = {}): Array<FoundDate | YearDate> {
  const text = normalize([section.anchor, ...section.nodes].map(rawText).join(' '));
  // A header's clock inside the section (a page laid out in one table) dates nothing.
  const inside = extractDates(text).filter((d) => !readsLikeClock(text, d));
  if (inside.length) return inside;
  const years = opts.years ? yearDates(text) : [];
  return years.length ? years : labelledDates(section.page.text).filter((d) => !readsLikeClock(section.page.text, d));
}

export type Freshness = 'fresh' | 'stale' | 'undated';

/**
 * Dates that can have approved or published something by the audit: a later
 * date on the page (a call's deadline in a sidebar, an event) dates something else.
 */
export function byAudit<T extends { iso: string }>(dates: readonly T[], asOf: string): T[] {
  return dates.filter((d) => d.iso <= asOf);
}

export function freshness<T extends { iso: string }>(dates: readonly T[], asOf: string, maxAgeDays: number): { state: Freshness; newest: T | null } {
  const newest = newestDate(dates);
  if (!newest) return { state: 'undated', newest };
  return { state: isFresh(newest.iso, asOf, maxAgeDays) ? 'fresh' : 'stale', newest };
}

/** A page's content without its frame: what a page reached through a menu item is about. */
export function contentOf($: CheerioAPI): Element[] {
  return mainContent($).filter((el) => !inPageChrome(el) && el.name !== 'aside');
}

/** Words a listing may carry besides its entries: a title («برچسب: …»), a pager. */
const MAX_LISTING_OWN_WORDS = 20;
const MAX_ENTRY_DEPTH = 4;
const MAX_ENTRY_WORDS = 80;

/** The smallest block around a headline link that carries a date and no other headline: a news entry. */
function datedEntry($: CheerioAPI, link: Element, titles: ReadonlySet<Element>): Element | null {
  for (const a of ancestors(link).slice(0, MAX_ENTRY_DEPTH)) {
    if (a.name === 'body' || a.name === 'main' || $(a).find('a[href]').toArray().some((o) => o !== link && titles.has(o))) return null;
    const text = normalize(rawText(a));
    if (words(text) > MAX_ENTRY_WORDS) return null;
    if (extractDates(text).length) return a;
  }
  return null;
}

/**
 * True for a page whose content only lists dated news entries (a tag,
 * category or topic archive): a menu item leading there names a news topic,
 * not a section of the portal.
 */
export function isNewsListing($: CheerioAPI): boolean {
  const content = contentOf($);
  const titles = within($, content, 'a[href]').filter((a) => words(labelText(a)) >= 2 && !inPageChrome(a));
  const titleSet = new Set(titles);
  const entries = titles.map((a) => datedEntry($, a, titleSet));
  if (titles.length === 0 || entries.includes(null)) return false;
  const own = words(normalize(content.map(rawText).join(' '))) - entries.reduce((n, e) => n + words(normalize(rawText(e!))), 0);
  return own <= MAX_LISTING_OWN_WORDS;
}

/**
 * Pages that menu links naming the feature lead to, as sections labelled by
 * the link: many portals title such pages with the agency's name only, so
 * the menu item is what names them.
 */
export function linkedSections(site: SiteArtifacts, dom: (page: PageArtifact) => CheerioAPI, patterns: Patterns): LabelledSection[] {
  const out: LabelledSection[] = [];
  const seen = new Set<PageArtifact>();
  for (const page of site.pages) {
    for (const link of menuLinks(dom(page), page, patterns)) {
      const target = crawledPage(site, link.href);
      if (!target || seen.has(target) || isNewsPage(target)) continue;
      seen.add(target);
      const $ = dom(target);
      if (isPlaceholderPage($, target)) continue;
      const anchor = $('h1')[0] ?? $('title')[0];
      if (anchor) out.push({ page: target, anchor, nodes: contentOf($) });
    }
  }
  return out;
}

/** A heading that titles an entry of a dated list (a news teaser's headline) names that entry, not a section. */
export function isTeaserHeading($: CheerioAPI, heading: Element): boolean {
  return inDatedItem($, heading);
}

/**
 * Sections that name a feature a news story can also mention: labelled by a
 * heading or the page (labelsOnly), accepted by `names` on the anchor's label,
 * and neither a teaser's headline nor the headline of a news article page.
 */
export function featureSections($: CheerioAPI, page: PageArtifact, patterns: Patterns, names: (label: string) => boolean): LabelledSection[] {
  const news = isNewsPage(page);
  return labelledSections($, page, patterns, { labelsOnly: true }).filter((s) => names(anchorLabel(s.anchor, patterns))
    && !isTeaserHeading($, s.anchor) && !(news && (s.anchor.name === 'h1' || s.anchor.name === 'title')));
}

/** The elements not inside another of them: `.footer` within `footer` counts once. */
export function outermost(els: readonly Element[]): Element[] {
  const set = new Set(els);
  return els.filter((el) => !ancestors(el).some((a) => set.has(a)));
}

/** main, body or html, or a wrapper holding main: the whole page, which as evidence shows nothing in particular. */
function isPageFrame(el: Element): boolean {
  const isMain = (e: Element) => e.name === 'main' || e.attribs.role === 'main';
  const holdsMain = (e: Element): boolean => e.children.some((c) => isElement(c) && (isMain(c) || holdsMain(c)));
  return el.name === 'html' || el.name === 'body' || isMain(el) || holdsMain(el);
}

/**
 * The nearest element that holds all of `els` (itself when there is one), so evidence shows
 * them together; when that is the whole page (items loose in main), the first of them.
 */
export function commonAncestor(els: readonly Element[]): Element {
  const chain = [els[0], ...ancestors(els[0])];
  const holder = chain.find((a) => els.every((e) => e === a || ancestors(e).includes(a))) ?? els[0];
  return isPageFrame(holder) ? els[0] : holder;
}
