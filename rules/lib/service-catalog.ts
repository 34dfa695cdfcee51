// Finding the agency's service catalog: linked entries in lists, tables or
// grids that a service cue (heading, page title or menu item) labels. The
// service-catalog rule judges it; service discovery samples its links.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { clickTarget, isElement, labelText, optionTarget, rawText } from '../../crawlers/dom.ts';
import type { RuleContext } from '../../src/engine/define-rule.ts';
import { resolveHref, type PageArtifact, type SiteArtifacts } from '../../crawlers/artifacts.ts';
import { extractDates } from '../../src/text/dates.ts';
import { compilePattern, matchesAny } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';
import { inPageChrome } from './chrome.ts';
import { isArchiveUrl } from './lists.ts';
import { onSocialHost } from './social.ts';
import { HEADING_SELECTOR, readsLikeLabel, titleSegments } from './labels.ts';
import { commonAncestor, mainContent, sectionOf, within } from './sections.ts';

/** Cues that name a service list wherever they stand in a label. */
const CUES = [
  'فهرست خدمات', 'میز خدمت', 'خدمات الکترونیک', 'خدمات قابل ارائه', 'شناسنامه خدمات', 'خدمات سازمان',
  // A tariff of the services («تعرفه خدمات آزمایشگاه …»): with its entries linked, it is the list of them.
  'تعرفه خدمات',
  'service catalog', 'e-services', 'e services', 'price list of services', 'service fees',
];
/**
 * The bare word names a list only when the label begins with it («خدمات به
 * شهروندان») or is a short phrase ending in it ("Online services"): agency
 * names such as «شرکت خدمات حمایتی کشاورزی» contain it too.
 */
const GENERIC_CUES = ['خدمات', 'services'];
const MAX_GENERIC_TAIL_WORDS = 3;
/** Every cue a link to the service list may carry. */
export const SERVICE_LINK_CUES = [...CUES, ...GENERIC_CUES];
export const MIN_ENTRIES = 5;

export interface Candidate {
  page: PageArtifact; list: Element; anchor: Element; count: number;
  /** Absolute URLs of the listed services. */
  links: string[];
  /** The catalog's further pages, crawled and reached by its pager («۲», «بعدی»): their services are in `links`. */
  morePages?: PageArtifact[];
}

function startsWithCue(text: string): boolean {
  return GENERIC_CUES.some((p) => compilePattern(p).exec(text)?.index === 0);
}

function endsWithCue(text: string): boolean {
  return text.split(' ').length <= MAX_GENERIC_TAIL_WORDS && GENERIC_CUES.some((p) => new RegExp(`${compilePattern(p).source}$`, 'u').test(text));
}

/**
 * True for a label (not a news headline) that names a service list. Only a
 * specific cue lets a long label through: «خدمات جدید سازمان برای …» is news.
 */
export function namesServices(text: string): boolean {
  return (matchesAny(text, CUES) || startsWithCue(text) || endsWithCue(text)) && readsLikeLabel(text, CUES);
}

/** Entries of a list-like element: children that carry a link. */
function entries($: CheerioAPI, list: Element): Element[] {
  const children = list.name === 'table' ? $(list).find('tr').toArray() : $(list).children().toArray();
  return children.filter((c) => $(c).find('a[href]').length > 0 || ownHref(c) !== null || clickTarget(c) !== null);
}

/** An entry that is a link itself: an anchor, an image map's area, an option of a select that navigates. */
function ownHref(el: Element): string | null {
  if ((el.name === 'a' || el.name === 'area') && el.attribs.href) return el.attribs.href;
  return el.name === 'option' ? optionTarget(el) : null;
}

/** Where an entry leads: its link, or its click handler's target (a tile written as «onclick="location.href=…"»). */
function entryHref($: CheerioAPI, el: Element): string {
  return ownHref(el) ?? $(el).find('a[href]').first().attr('href') ?? clickTarget(el) ?? '';
}

/**
 * An entry that only points to the whole list elsewhere («همه خدمات … در
 * پنجره ملی», «مشاهده فهرست کامل خدمات», «سایر خدمات», "View all"): no
 * service of its own.
 */
const SEE_ALL = /^(مشاهده |نمایش )?(همه|تمام|کلیه|سایر|فهرست کامل|لیست کامل|بیشتر|ادامه)(?![\p{L}])|^(view |see |show )?(all|more)(?![\p{L}])/u;

function isSeeAll($: CheerioAPI, entry: Element): boolean {
  return SEE_ALL.test(normalize(rawText(entry)));
}

/** A pager's entry: a page number or a step («۲», «بعدی »», "Next"), never a service. */
const PAGER_ENTRY = /^(صفحه )?[0-9۰-۹]+$|^(صفحه )?(بعدی|قبلی|بعد|قبل|اول|آخر|اولین|آخرین|نخست)$|^(next|previous|prev|first|last)( page)?$/i;
const PAGER_MARKS = /[«»‹›<>|…]+/g;

function isPagerEntry($: CheerioAPI, entry: Element): boolean {
  const text = normalize(rawText(entry)).replace(PAGER_MARKS, ' ').replace(/\s+/g, ' ').trim();
  return text === '' ? /pag/i.test(entry.attribs.class ?? '') : PAGER_ENTRY.test(text);
}

/** A link that goes nowhere: a «به‌زودی» tile's `#`, an empty or script-only href. It is no service entry. */
const NOWHERE = /^\s*(#?|javascript:.*)\s*$/i;

/** Distinct link targets of the entries, or none when the entries look like a dated news list. */
function serviceLinks($: CheerioAPI, list: Element): string[] {
  const items = entries($, list).filter((i) => !isSeeAll($, i) && !isPagerEntry($, i));
  const dated = items.filter((i) => extractDates(normalize(rawText(i))).length > 0).length;
  if (items.length === 0 || dated * 2 >= items.length) return [];
  return [...new Set(items.map((i) => entryHref($, i)))].filter((h) => !NOWHERE.test(h));
}

/** Tab panes: a catalog split into tabs shows one short group per pane, unclicked panes included. */
const TAB_PANE = '[role=tabpanel], .tab-pane';

/** A grid in a tab pane, however short: every child a linked entry. */
function isPaneGrid($: CheerioAPI, el: Element): boolean {
  const kids = $(el).children().length;
  return kids > 0 && entries($, el).length === kids && $(el).parents(TAB_PANE).length > 0;
}

/** The element a row's wrappers hold its entries in: down through single-child wrappers («elementor-container»). */
function rowBody(el: Element): Element {
  let inner = el;
  for (let kids = inner.children.filter(isElement); kids.length === 1; kids = inner.children.filter(isElement)) inner = kids[0];
  return inner;
}

/** Two or more linked entries and nothing else. */
function allEntries($: CheerioAPI, el: Element): boolean {
  const kids = $(el).children().length;
  return kids >= 2 && entries($, el).length === kids;
}

/**
 * A row of a grid laid out in rows (Elementor sections, Bootstrap rows of
 * three cards): its body holds only linked entries, and a sibling row's does
 * too. Each row is short; the scope's lists together make the catalog.
 */
function gridRows($: CheerioAPI, scope: Element[]): Element[] {
  const blocks = within($, scope, 'div,section');
  const inScope = new Set(blocks);
  const out: Element[] = [];
  // Parent by parent, each child once: a page of thousands of sibling blocks stays linear.
  for (const parent of new Set(blocks.map((el) => el.parent).filter(isElement))) {
    const rows = parent.children.filter(isElement).filter((c) => inScope.has(c))
      .map((c) => ({ c, body: rowBody(c) }))
      .filter(({ c, body }) => body !== c && allEntries($, body));
    if (rows.length >= 2) out.push(...rows.map((r) => r.body));
  }
  return out;
}

function listsIn($: CheerioAPI, scope: Element[]): Element[] {
  const grids = within($, scope, 'div,section,nav').filter((el) => ($(el).children().length >= MIN_ENTRIES && entries($, el).length >= MIN_ENTRIES) || isPaneGrid($, el));
  // An image map of services, and a drop-down that goes to the service chosen.
  const maps = within($, scope, 'map, select[onchange]');
  return [...new Set([...within($, scope, 'ul,ol,table'), ...grids, ...gridRows($, scope), ...maps])];
}

function scopes($: CheerioAPI, page: PageArtifact): Array<{ anchor: Element; nodes: Element[] }> {
  const out = $(HEADING_SELECTOR).toArray().filter((h) => namesServices(labelText(h))).map((h) => ({ anchor: h, nodes: sectionOf($, h) }));
  const h1 = $('h1').toArray().find((el) => namesServices(labelText(el)));
  const about = h1 ?? (titleSegments(page.title).some(namesServices) ? $('title')[0] : undefined);
  if (about) out.push({ anchor: about, nodes: mainContent($) });
  // A menu item such as «خدمات الکترونیک» with its submenu.
  for (const a of $('li > a').toArray()) {
    const sub = $(a).parent().children('ul,ol').toArray();
    if (sub.length && namesServices(normalize(rawText(a)))) out.push({ anchor: a, nodes: sub });
  }
  return out;
}

/**
 * The best count in one labelled scope: its longest list, or all its lists
 * together, since catalogs are often split by audience («خدمات به شهروندان»,
 * «خدمات به کسب‌وکارها») into lists that are each short.
 */
function bestInScope($: CheerioAPI, page: PageArtifact, anchor: Element, nodes: Element[]): Candidate | null {
  let best: Candidate | null = null;
  const used: Element[] = [];
  const all = new Set<string>();
  // The site's menu inside a page wrapper is not the catalog a heading names; a menu item's own submenu is.
  const lists = inPageChrome(anchor) ? listsIn($, nodes) : listsIn($, nodes).filter((l) => !inPageChrome(l));
  for (const list of lists) {
    const links = serviceLinks($, list);
    if (links.length === 0) continue;
    used.push(list);
    for (const l of links) all.add(l);
    if (!best || links.length > best.count) best = { page, list, anchor, count: links.length, links: absolute(links, page) };
  }
  if (best && all.size > best.count) return { page, list: commonAncestor(used), anchor, count: all.size, links: absolute([...all], page) };
  return best;
}

/** Resolved the way the crawler resolves links, so they match crawled pages' URLs. */
function absolute(hrefs: string[], page: PageArtifact): string[] {
  return hrefs.map((h) => resolveHref(h, page.finalUrl)).filter((u): u is string => u !== null);
}

/** A service grid holds at least this many tiles. */
const MIN_GRID_TILES = 5;
/** A tile's label is a service's name, not a headline. */
const MAX_TILE_WORDS = 7;
/** Share of a grid's children that must be tiles of one shape. */
const MIN_TILE_SHARE = 0.8;

/** The link a tile is (or wraps, alone). */
function tileLink($: CheerioAPI, el: Element): Element | null {
  if ((el.name === 'a' && el.attribs.href) || clickTarget(el)) return el;
  const links = $(el).find('a[href]').toArray();
  return links.length === 1 ? links[0] : null;
}

/** A tile: a link with an icon (img, svg, an icon font) and a short name of its own. */
function isTile($: CheerioAPI, el: Element): boolean {
  const link = tileLink($, el);
  // A social network's icon with its name («ایتا», «بله») is an account, not a service.
  if (!link || onSocialHost(entryHref($, link))) return false;
  const icon = $(el).find('img, svg, i[class], span[class*=icon i]').length > 0;
  const name = normalize($(el).text());
  const n = name.split(' ').filter(Boolean).length;
  return icon && n >= 1 && n <= MAX_TILE_WORDS && extractDates(name).length === 0;
}

function shape(el: Element): string {
  return `${el.name}.${el.attribs.class ?? ''}`;
}

/**
 * Service grids known by their structure, with or without a heading: a block
 * of at least five sibling tiles of one shape (an icon and a short name, each
 * a link), as portals lay out 20–50 services. A news list (dated, headlines),
 * a footer's links (no icons, the page frame) or a row of social icons (no
 * names) is not one.
 */
export function serviceGrids($: CheerioAPI): Element[] {
  return $('div, section, ul, nav').toArray().filter((el) => {
    if (inPageChrome(el)) return false;
    const kids = $(el).children().toArray();
    if (kids.length < MIN_GRID_TILES) return false;
    const tiles = kids.filter((k) => isTile($, k));
    if (tiles.length < MIN_GRID_TILES || tiles.length < kids.length * MIN_TILE_SHARE) return false;
    const shapes = new Map<string, number>();
    for (const t of tiles) shapes.set(shape(t), (shapes.get(shape(t)) ?? 0) + 1);
    return Math.max(...shapes.values()) >= tiles.length * MIN_TILE_SHARE;
  });
}

function gridCandidates($: CheerioAPI, page: PageArtifact): Candidate[] {
  return serviceGrids($).flatMap((grid) => {
    const links = [...new Set($(grid).children().toArray().filter((k) => !isSeeAll($, k)).map((k) => { const link = tileLink($, k); return link ? entryHref($, link) : ''; }).filter((h) => !NOWHERE.test(h)))];
    return links.length >= MIN_ENTRIES ? [{ page, list: grid, anchor: grid, count: links.length, links: absolute(links, page) }] : [];
  });
}

function bestOnPage($: CheerioAPI, page: PageArtifact): Candidate | null {
  if (isArchiveUrl(page.finalUrl)) return null;
  let best: Candidate | null = null;
  for (const c of gridCandidates($, page)) if (!best || c.count > best.count) best = c;
  for (const { anchor, nodes } of scopes($, page)) {
    const c = bestInScope($, page, anchor, nodes);
    if (c && (!best || c.count > best.count)) best = c;
  }
  return best;
}

/** A paginated catalog is read over this many of its pages at most. */
const MAX_CATALOG_PAGES = 20;

/** Where the page's pager leads: its number and next links, to the same place with another page number or query. */
function pagerTargets($: CheerioAPI, page: PageArtifact): string[] {
  const here = samePlaceKey(page.finalUrl);
  const hrefs = $('a[href]').toArray().filter((a) => isPagerEntry($, a)).map((a) => resolveHref(a.attribs.href, page.finalUrl));
  return [...new Set(hrefs.filter((u): u is string => !!u && u !== page.finalUrl && samePlaceKey(u) === here))];
}

/** A URL's path with its numbers blanked: `/services?page=2` and `/services/page/3` are the same place as `/services`. */
function samePlaceKey(url: string): string {
  const u = new URL(url);
  return u.pathname.replace(/\/page\/\d+\/?$/, '/').replace(/\d+/g, '#').replace(/\/$/, '');
}

/** A catalog with its further pages (crawled, reached through pagers) read as one list. */
function continued(best: Candidate, perPage: Map<string, Candidate | null>, byUrl: Map<string, PageArtifact>, ctx: RuleContext): Candidate {
  const seen = new Set([best.page.finalUrl]);
  const links = new Set(best.links);
  const more: PageArtifact[] = [];
  const queue = pagerTargets(ctx.dom(best.page), best.page);
  while (queue.length && more.length < MAX_CATALOG_PAGES) {
    const next = byUrl.get(queue.shift()!);
    if (!next || seen.has(next.finalUrl)) continue;
    seen.add(next.finalUrl);
    const c = perPage.get(next.finalUrl);
    if (!c) continue;
    more.push(next);
    for (const l of c.links) links.add(l);
    queue.push(...pagerTargets(ctx.dom(next), next));
  }
  return more.length ? { ...best, count: links.size, links: [...links], morePages: more } : best;
}

/** The largest service list on any crawled page (a paginated one over its pages), or null. */
export function findServiceCatalog(site: SiteArtifacts, ctx: RuleContext): Candidate | null {
  const perPage = new Map(site.pages.map((page) => [page.finalUrl, bestOnPage(ctx.dom(page), page)]));
  const byUrl = new Map(site.pages.flatMap((p) => [[p.url, p], [p.finalUrl, p]] as Array<[string, PageArtifact]>));
  let best: Candidate | null = null;
  for (const found of perPage.values()) {
    const c = found && continued(found, perPage, byUrl, ctx);
    if (c && (!best || c.count > best.count)) best = c;
  }
  return best;
}
