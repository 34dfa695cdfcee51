// Structural helpers for rules: find labelled sections, forms and lists, so a
// rule looks for a feature's shape rather than a bare keyword in prose.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { ancestors, cssPath, isElement, labelText, rawText } from '../../crawlers/dom.ts';
import type { LinkArtifact, PageArtifact, SiteArtifacts } from '../../crawlers/artifacts.ts';
import type { Citation } from '../../src/engine/define-rule.ts';
import { compilePattern, matchesAny, type Patterns } from '../../src/text/match.ts';
import { normalize, snippet } from '../../src/text/persian.ts';
import { extractDates, isFresh, labelledDates, newestDate, yearDates, type FoundDate, type YearDate } from '../../src/text/dates.ts';

export const HEADING_SELECTOR = 'h1,h2,h3,h4,h5,h6,caption,legend,summary,[role=heading]';
const MAX_SECTION_SIBLINGS = 40;
/** Link texts longer than this read like headlines, not navigation. */
export const MAX_NAV_LINK_WORDS = 6;
export const REPORT_FILE = /\.(pdf|xlsx?|csv|docx?|pptx?|ods|odt|zip)(\?|$)/i;
export const IMAGE_FILE = /\.(png|jpe?g|gif|svg|webp)(\?|$)/i;

export function headingLevel(el: Element): number {
  const m = /^h([1-6])$/.exec(el.name);
  if (m) return Number(m[1]);
  const aria = Number(el.attribs['aria-level']);
  return Number.isFinite(aria) && aria > 0 ? aria : 7;
}

/** Section labels are short names; a longer heading reads like a news headline. */
export const MAX_LABEL_WORDS = 8;
// Persian headlines are sentences that end in a finite verb («… آغاز شد»,
// «… به تصویب رسید»); section labels («نتایج نظرسنجی») are noun phrases.
const HEADLINE_VERB = / (شد|شدند|گردید|گردیدند|رسید|رسیدند|شود|شوند|گردد|کرد|کردند|کند|کنند|است|اند|دارد|دارند|گفت|داد|دادند|یافت|یافتند)$/;

/**
 * True for normalised heading text that reads like a label naming a feature
 * rather than a news headline: no closing verb, and short or opening with the
 * cue («چارت سازمانی اداره کل میراث فرهنگی، گردشگری و …» is long but a label).
 */
export function readsLikeLabel(text: string, patterns: Patterns): boolean {
  const clean = text.replace(/[.!؟?؛;:…»"']+$/u, '').trim();
  if (HEADLINE_VERB.test(clean)) return false;
  return words(clean) <= MAX_LABEL_WORDS || patterns.some((p) => compilePattern(p).exec(clean)?.index === 0);
}

export interface LabelOptions {
  /** Skip headings and titles that read like news headlines (for rules whose structure is weak: any list, any image). */
  labelsOnly?: boolean;
}

/** A heading's or title's text names the feature (and, by option, reads like a label). */
function names(text: string, patterns: Patterns, opts: LabelOptions): boolean {
  return matchesAny(text, patterns) && (!opts.labelsOnly || readsLikeLabel(text, patterns));
}

/** Headings (and captions, legends, summaries) whose text matches a cue. */
export function cueHeadings($: CheerioAPI, patterns: Patterns, opts: LabelOptions = {}): Element[] {
  return $(HEADING_SELECTOR).toArray().filter((el) => names(labelText(el), patterns, opts));
}

/**
 * The headings that name an element such as a form: its own headings and
 * legends, and the nearest heading before it in document order. A heading
 * further up the page names some other block (a news item, a sidebar).
 */
export function governingHeadings($: CheerioAPI, el: Element): Element[] {
  const own = $(el).find(HEADING_SELECTOR).toArray();
  const all = $('*').toArray().filter(isElement);
  const up = new Set(ancestors(el));
  for (let i = all.indexOf(el) - 1; i >= 0; i--) {
    if (!up.has(all[i]) && $(all[i]).is(HEADING_SELECTOR)) return [...own, all[i]];
  }
  return own;
}

/**
 * A form named by the heading that governs it. A heading further up the page
 * (a news headline «پیگیری ویژه …», «بررسی شکایات اعضا …») names its own item,
 * not the newsletter or contact form below it.
 */
export function formHeadedBy($: CheerioAPI, form: Element, patterns: Patterns): boolean {
  return governingHeadings($, form).some((h) => {
    const text = labelText(h);
    return matchesAny(text, patterns) && readsLikeLabel(text, patterns);
  });
}

function isHeading(el: Element, $: CheerioAPI): boolean {
  return $(el).is(HEADING_SELECTOR);
}

function containsHeadingAtOrAbove(el: Element, level: number, $: CheerioAPI): boolean {
  if (isHeading(el, $) && headingLevel(el) <= level) return true;
  return $(el).find('h1,h2,h3,h4,h5,h6').toArray().some((h) => headingLevel(h) <= level);
}

/**
 * The elements a heading governs: its table, fieldset or details, or the
 * siblings that follow it until the next heading of the same or higher rank.
 * A heading alone in a wrapper hands over to the wrapper's siblings.
 */
export function sectionOf($: CheerioAPI, heading: Element): Element[] {
  const parent = heading.parent;
  if (heading.name === 'caption' && isElement(parent)) return [parent];
  if ((heading.name === 'legend' || heading.name === 'summary') && isElement(parent)) return [parent];
  const level = headingLevel(heading);
  let start: Element = heading;
  for (let i = 0; i < 2; i++) {
    if ($(start).nextAll().length > 0) break;
    const p = start.parent;
    if (!isElement(p) || p.name === 'body' || p.name === 'main') break;
    start = p;
  }
  const out: Element[] = [];
  for (const sib of $(start).nextAll().toArray()) {
    if (containsHeadingAtOrAbove(sib, level, $) || out.length >= MAX_SECTION_SIBLINGS) break;
    out.push(sib);
  }
  return out;
}

/** The page's main content when its title or h1 names the feature. */
export function mainContent($: CheerioAPI): Element[] {
  const main = $('main, [role=main], #content, .content, article').first();
  if (main.length) return [main[0]];
  const body = $('body')[0];
  if (!body) return [];
  return $(body).children().toArray().filter((el) => !['header', 'nav', 'footer', 'script', 'style'].includes(el.name));
}

/** A title's parts: «چارت سازمانی | سازمان …» names the page by its first part, the agency by the second. */
export function titleSegments(title: string): string[] {
  return title.split(/\s*[|»«]\s*|\s[-–—:]+\s/).map((t) => t.trim()).filter(Boolean);
}

export function pageIsAbout($: CheerioAPI, page: PageArtifact, patterns: Patterns, opts: LabelOptions = {}): Element | null {
  const h1 = $('h1').toArray().find((el) => names(labelText(el), patterns, opts));
  if (h1) return h1;
  const named = opts.labelsOnly ? titleSegments(page.title).some((t) => names(t, patterns, opts)) : matchesAny(page.title, patterns);
  return named ? ($('title')[0] ?? null) : null;
}

/** Selects among `scope` and their descendants. */
export function within($: CheerioAPI, scope: Element[], selector: string): Element[] {
  const out: Element[] = [];
  for (const el of scope) {
    if ($(el).is(selector)) out.push(el);
    out.push(...$(el).find(selector).toArray());
  }
  return out;
}

export function words(text: string): number {
  return text.split(' ').filter(Boolean).length;
}

/** Links whose short, navigation-like text matches a cue (headlines are left out). */
export function navLinks(page: PageArtifact, patterns: Patterns): LinkArtifact[] {
  return page.links.filter((l) => words(l.text) <= MAX_NAV_LINK_WORDS && matchesAny(l.text, patterns));
}

export function cite(page: PageArtifact, el: Element | null, text?: string): Citation {
  return { pageUrl: page.finalUrl, selector: el ? cssPath(el) : null, snippet: snippet(text ?? (el ? rawText(el) : page.title)) };
}

export function citeLink(page: PageArtifact, link: LinkArtifact): Citation {
  return { pageUrl: page.finalUrl, selector: link.selector, snippet: snippet(`${link.text} → ${link.href}`) };
}

/** True when the element sits inside a form: a questionnaire's grid or captcha is not a published result. */
export function insideForm(el: Element): boolean {
  return ancestors(el).some((a) => a.name === 'form');
}

/**
 * An image wrapped in a link to another page is a thumbnail, banner or news
 * teaser; a chart is shown as is or links to its own full-size file.
 */
export function isThumbnailLink(el: Element): boolean {
  const link = ancestors(el).find((a) => a.name === 'a' && a.attribs.href);
  return !!link && !IMAGE_FILE.test(link.attribs.href) && !REPORT_FILE.test(link.attribs.href);
}

/** True inside a form that is a login (it has a password field). */
export function isLoginForm($: CheerioAPI, form: Element): boolean {
  return $(form).find('input[type=password]').length > 0;
}

/** Text-like inputs a person types a value into. */
export const TEXT_INPUT = 'input:not([type]), input[type=text], input[type=search], input[type=number], input[type=tel], textarea';

/**
 * A <label> without `for` beside the input in its own small group
 * (Bootstrap's `.form-group`): the common way portals label fields.
 */
function groupLabel($: CheerioAPI, input: Element): string {
  for (const a of ancestors(input).slice(0, 3)) {
    if (a.name === 'form' || $(a).find(TEXT_INPUT).length > 1) break;
    const labels = $(a).find('label:not([for])').toArray();
    if (labels.length) return labels.map(rawText).join(' ');
  }
  return '';
}

/** A readable label for an input: its <label>, placeholder, aria-label, name and id split into words. */
export function inputLabel($: CheerioAPI, input: Element): string {
  const id = input.attribs.id;
  const forLabel = id ? $(`label[for="${id.replace(/"/g, '')}"]`).text() : '';
  const wrapping = ancestors(input).find((a) => a.name === 'label');
  const names = [input.attribs.name, id].filter(Boolean).join(' ').replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_\-[\]]+/g, ' ');
  return normalize([labelText(input), forLabel, wrapping ? rawText(wrapping) : groupLabel($, input), names].join(' '));
}

/** Digits that read as a figure: a percentage or a number with at least one digit. */
export const FIGURE = /\d+(\.\d+)?\s?(%|٪|درصد|percent)?/;
// normalize() leaves the Arabic percent sign (U+066A) alone, and RTL text
// often puts the sign first («%۶۸»).
export const PERCENT = /\d+(\.\d+)?\s?(%|٪|درصد|percent)|[%٪]\s?\d/;

export interface LabelledSection {
  page: PageArtifact;
  anchor: Element;
  nodes: Element[];
}

/** Sections a cue labels on one page: by a heading, or the whole page by its h1/title. */
export function labelledSections($: CheerioAPI, page: PageArtifact, patterns: Patterns, opts: LabelOptions = {}): LabelledSection[] {
  const out: LabelledSection[] = cueHeadings($, patterns, opts).map((h) => ({ page, anchor: h, nodes: sectionOf($, h) }));
  const about = pageIsAbout($, page, patterns, opts);
  if (about && !out.some((s) => s.anchor === about)) out.push({ page, anchor: about, nodes: mainContent($) });
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
  const inside = extractDates(text);
  if (inside.length) return inside;
  const years = opts.years ? yearDates(text) : [];
  return years.length ? years : labelledDates(section.page.text);
}

export type Freshness = 'fresh' | 'stale' | 'undated';

export function freshness<T extends { iso: string }>(dates: readonly T[], asOf: string, maxAgeDays: number): { state: Freshness; newest: T | null } {
  const newest = newestDate(dates);
  if (!newest) return { state: 'undated', newest };
  return { state: isFresh(newest.iso, asOf, maxAgeDays) ? 'fresh' : 'stale', newest };
}

// ---------------------------------------------------------------------------
// Links and labels as features, not mentions (integrated pillar and others).

/** Elements that flow inside a line of text; anything else is a block. */
const INLINE_TAGS = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'code', 'em', 'font', 'i', 'img', 'label', 'mark', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u',
]);
/** Words of surrounding sentence that make a block running text rather than a label or a row of links. */
const RUNNING_TEXT_WORDS = 10;

/** Words a block says around `skip` in its own line of text: inline text, but not its links nor its child blocks. */
function surroundingWords(block: Element, skip: Element): number {
  let n = 0;
  const walk = (el: Element): void => {
    for (const c of el.children) {
      if (c.type === 'text') n += words(normalize((c as unknown as { data: string }).data));
      else if (isElement(c) && c !== skip && c.name !== 'a' && INLINE_TAGS.has(c.name)) walk(c);
    }
  };
  walk(block);
  return n;
}

/**
 * True when the element sits inside a sentence: its nearest block says ten or
 * more words of its own around it («به گزارش روابط عمومی، اپلیکیشن … از بازار
 * قابل دریافت است»). A link in prose mentions a feature; a label, a menu item
 * or a badge under a heading offers it.
 */
export function inRunningText(el: Element): boolean {
  const block = ancestors(el).find((a) => !INLINE_TAGS.has(a.name));
  return !!block && surroundingWords(block, el) >= RUNNING_TEXT_WORDS;
}

const wholeCache = new Map<string, RegExp>();

/** A cue as whole words: «داده باز» but not «داده بازار», «ربات» but not «رباتیک». */
export function matchesWhole(normalizedText: string, patterns: Patterns): boolean {
  return patterns.some((p) => {
    let re = wholeCache.get(p);
    if (!re) wholeCache.set(p, (re = new RegExp(`${compilePattern(p).source}(?![\\p{L}\\p{N}])`, 'u')));
    return re.test(normalizedText);
  });
}

/** The URL's host, lower-cased without a leading www., or null for a URL that does not parse. */
export function bareHost(href: string): string | null {
  try {
    return new URL(href).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** True when the URL is on one of `hosts` (or its www. form). */
export function onHosts(href: string, hosts: readonly string[]): boolean {
  const host = bareHost(href);
  return host !== null && hosts.some((h) => h.toLowerCase().replace(/^www\./, '') === host);
}

/** The link's element in the page's DOM (found again by its selector), or null. */
export function linkElement($: CheerioAPI, link: LinkArtifact): Element | null {
  return ($(link.selector)[0] as Element | undefined) ?? null;
}

/**
 * Navigation links a cue names that offer the feature: short, not a headline
 * (no closing verb), and not a link inside a sentence of prose.
 */
export function labelLinks($: CheerioAPI, page: PageArtifact, patterns: Patterns): LinkArtifact[] {
  return navLinks(page, patterns).filter((l) => {
    const el = linkElement($, l);
    return readsLikeLabel(l.text, patterns) && !(el && inRunningText(el));
  });
}

// ---------------------------------------------------------------------------
// Crawl reach, headlines and nesting (user-centric and participatory rules).

/** True for normalised text that ends like a news headline, with a closing finite verb («… منتشر شد»). */
export function endsLikeHeadline(text: string): boolean {
  return HEADLINE_VERB.test(text.replace(/[.!؟?؛;:…»"']+$/u, '').trim());
}

/** True when the crawl tried the URL (fetched or failed); false when it never got there. */
export function wasCrawled(site: SiteArtifacts, href: string): boolean {
  return site.attempts.some((p) => p.url === href || p.finalUrl === href);
}

/**
 * Navigation links a cue names whose target the crawl never reached (another
 * host, past the page budget). The feature may sit there, so a rule that finds
 * nothing else cannot call it absent.
 */
export function uncrawledNavLinks(site: SiteArtifacts, patterns: Patterns): Array<{ page: PageArtifact; link: LinkArtifact }> {
  const out: Array<{ page: PageArtifact; link: LinkArtifact }> = [];
  for (const page of site.pages) {
    for (const link of navLinks(page, patterns)) if (!wasCrawled(site, link.href)) out.push({ page, link });
  }
  return out;
}

/** The elements not inside another of them: `.footer` within `footer` counts once. */
export function outermost(els: readonly Element[]): Element[] {
  const set = new Set(els);
  return els.filter((el) => !ancestors(el).some((a) => set.has(a)));
}

/** The nearest element that holds all of `els` (itself when there is one), so evidence shows them together. */
export function commonAncestor(els: readonly Element[]): Element {
  const chain = [els[0], ...ancestors(els[0])];
  return chain.find((a) => els.every((e) => e === a || ancestors(e).includes(a))) ?? els[0];
}

// ---------------------------------------------------------------------------
// Page chrome, list items, text blocks and menu links (transparent pillar).

const CHROME_TAGS = new Set(['header', 'nav', 'footer']);
const CHROME_ROLES = new Set(['banner', 'navigation', 'contentinfo', 'menubar', 'menu']);
/** Class or id words of the frame every page repeats: header, top bar, menu, footer. */
const CHROME_TOKEN = /(^|[\s_-])(header|top-?bar|topbar|banner|nav|navbar|navigation|menu|mainmenu|megamenu|footer)([\s_-]|$)/i;

/** True when the element or an ancestor is the page's frame (header, navigation, footer) rather than its content. */
export function inPageChrome(el: Element): boolean {
  return [el, ...ancestors(el)].some((a) => CHROME_TAGS.has(a.name) || CHROME_ROLES.has(a.attribs.role ?? '')
    || CHROME_TOKEN.test(`${a.attribs.class ?? ''} ${a.attribs.id ?? ''}`));
}

const NO_TEXT = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'head']);

/** The nearest block element holding `el` (itself when it is one). */
export function blockOf(el: Element): Element {
  return [el, ...ancestors(el)].find((a) => !INLINE_TAGS.has(a.name)) ?? el;
}

/** Normalised text a block owns: its text and its inline descendants' text, not that of nested blocks. */
export function ownText(block: Element): string {
  const parts: string[] = [];
  const walk = (el: Element): void => {
    for (const c of el.children) {
      if (c.type === 'text') parts.push((c as unknown as { data: string }).data);
      else if (isElement(c) && !NO_TEXT.has(c.name) && INLINE_TAGS.has(c.name)) walk(c);
    }
  };
  walk(block);
  return normalize(parts.join(' '));
}

export interface TextSegment {
  /** One text node's normalised text. */
  text: string;
  /** The nearest block holding it. */
  block: Element;
}

/**
 * Each visible text node under `root`, in document order: the boundaries a
 * layout draws between a name and a role (cells, spans, lines) survive here,
 * where rawText() joins them into one string.
 */
export function textSegments(root: Element): TextSegment[] {
  const out: TextSegment[] = [];
  const walk = (el: Element): void => {
    for (const c of el.children) {
      if (c.type === 'text') {
        const text = normalize((c as unknown as { data: string }).data);
        if (text) out.push({ text, block: blockOf(el) });
      } else if (isElement(c) && !NO_TEXT.has(c.name)) walk(c);
    }
  };
  walk(root);
  return out;
}

const ITEM_TAGS = new Set(['li', 'article', 'tr']);
const ITEM_TOKEN = /(^|[\s_-])(item|news|post|card|entry|teaser|khabar|akhbar)s?([\s_-]|$)/i;
/** An entry of a list is short; a container longer than this is the list (or the page), not an entry. */
const MAX_ITEM_WORDS = 80;
const MAX_ITEM_DEPTH = 5;

/** A link that reads as a headline or a title: two words or more besides any date. */
function titleLink($: CheerioAPI, el: Element): boolean {
  return $(el).find('a[href]').add($(el).filter('a[href]')).toArray().some((a) => {
    const href = a.attribs.href.trim();
    if (!href || href.startsWith('#') || /^javascript:/i.test(href)) return false;
    const text = labelText(a);
    return words(extractDates(text).reduce((t, d) => t.replace(d.raw, ' '), text)) >= 2;
  });
}

/** One of several siblings of the same tag and class: the cards of a grid (`div.col` × n). */
function repeated(el: Element): boolean {
  const parent = el.parent;
  // Bare <p> and <div> siblings are paragraphs and wrappers, not cards.
  if (!isElement(parent) || !el.attribs.class) return false;
  const key = `${el.name}.${el.attribs.class ?? ''}`;
  return parent.children.filter((c) => isElement(c) && `${c.name}.${c.attribs.class ?? ''}` === key).length >= 2;
}

/**
 * The entry of a news, announcement or document list that holds `el`: the
 * nearest list item, row, article, item-classed or repeated card with a
 * title link, short enough to be one entry. Null outside such a list.
 */
export function listItemOf($: CheerioAPI, el: Element): Element | null {
  for (const a of [el, ...ancestors(el)].slice(0, MAX_ITEM_DEPTH)) {
    if (a.name === 'body' || a.name === 'main') return null;
    const itemLike = ITEM_TAGS.has(a.name) || ITEM_TOKEN.test(a.attribs.class ?? '') || repeated(a);
    if (!itemLike) continue;
    if (words(normalize(rawText(a))) > MAX_ITEM_WORDS) return null;
    if (titleLink($, a)) return a;
  }
  return null;
}

/** True when the element sits in an entry of a list whose text carries a date (a news teaser, a dated notice). */
export function inDatedItem($: CheerioAPI, el: Element): boolean {
  const item = listItemOf($, el);
  return !!item && extractDates(normalize(rawText(item))).length > 0;
}

/** Words that may open a label before the feature's name: «معرفی مدیران», «متن قوانین». */
const LABEL_OPENERS = ['معرفی', 'متن', 'مجموعه', 'فهرست', 'بانک', 'دانلود', 'مشاهده', 'اطلاعات', 'our', 'the', 'view'];

/** True when normalised label text opens with a cue, after at most one opener word such as «معرفی». */
export function opensWithCue(text: string, patterns: Patterns): boolean {
  const clean = text.replace(/^[\s\-–—•*:|»«"']+/u, '');
  const rest = clean.replace(new RegExp(`^(${LABEL_OPENERS.join('|')}) `, 'u'), '');
  return patterns.some((p) => compilePattern(p).exec(clean)?.index === 0 || compilePattern(p).exec(rest)?.index === 0);
}

/** Words beside the cue that turn a menu label into a headline («حریم خصوصی در عصر دیجیتال»). */
const PHRASE_WORDS = new Set(['در', 'از', 'با', 'برای', 'بر', 'تا', 'به', 'درباره', 'پیرامون', 'in', 'of', 'for', 'on', 'about', 'with']);
const MAX_EXTRA_LABEL_WORDS = 3;

/** Tokens that join cues without adding words: «و», a plural suffix split off by a ZWNJ («بخشنامه‌ها»), punctuation. */
const JOINERS = new Set(['و', 'ها', 'های', 'ی', 'and', '&']);

/** The words of a label outside its cue matches: «قوانین، مقررات و بخشنامه‌ها» has none. */
function wordsBesideCue(text: string, patterns: Patterns): string[] {
  let rest = text;
  for (const p of patterns) rest = rest.replace(new RegExp(compilePattern(p).source, 'gu'), ' ');
  return rest.replace(/[^\p{L}\p{N}\s]/gu, ' ').split(' ').filter((w) => w && !JOINERS.has(w));
}

/**
 * Links that offer a feature by name: a menu, footer or sidebar item. Like
 * labelLinks, no closing verb and not in prose; and the link is not a dated
 * news teaser, says little beside the cue and no preposition (a headline's
 * shape), and either opens with the cue or stands in the page's frame
 * («قوانین و حریم خصوصی» in a footer).
 */
export function menuLinks($: CheerioAPI, page: PageArtifact, patterns: Patterns): LinkArtifact[] {
  // Not navLinks' six-word cap: «سامانه انتشار و دسترسی آزاد به اطلاعات» is a
  // seven-word menu item; the words beside the cue bound the length instead.
  return page.links.filter((l) => {
    if (!matchesAny(l.text, patterns) || !readsLikeLabel(l.text, patterns)) return false;
    const el = linkElement($, l);
    // «#» opens a drop-down: the menu's heading, not a link to the feature.
    if (el && (/^\s*(#|javascript:)/i.test(el.attribs.href ?? '') || inRunningText(el) || inDatedItem($, el))) return false;
    const extra = wordsBesideCue(l.text, patterns);
    if (extra.length > MAX_EXTRA_LABEL_WORDS || extra.some((w) => PHRASE_WORDS.has(w))) return false;
    return opensWithCue(l.text, patterns) || (!!el && inPageChrome(el));
  });
}

// A news article carries a news code; its URL names news and an id.
const NEWS_MARKERS = ['کد خبر', 'شناسه خبر', 'کد مطلب', 'شناسه مطلب', 'news id', 'news code'];
const NEWS_URL = /[/_=.-](news|khabar|akhbar)[/_=.-]?(view|detail|show)?[^#]*?[/=_-]\d{3,}/i;

/** True for a news article page: what it says about a feature is news, not the feature. */
export function isNewsPage(page: PageArtifact): boolean {
  return matchesAny(page.text, NEWS_MARKERS) || NEWS_URL.test(page.finalUrl);
}

/** The crawled page a URL leads to, if the crawl fetched it. */
export function crawledPage(site: SiteArtifacts, href: string): PageArtifact | undefined {
  return site.pages.find((p) => p.url === href || p.finalUrl === href);
}

/** A page's content without its frame: what a page reached through a menu item is about. */
export function contentOf($: CheerioAPI): Element[] {
  return mainContent($).filter((el) => !inPageChrome(el) && el.name !== 'aside');
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
      const anchor = $('h1')[0] ?? $('title')[0];
      if (anchor) out.push({ page: target, anchor, nodes: contentOf($) });
    }
  }
  return out;
}

/**
 * The label a section's anchor gives: a heading's text, or the first part of
 * a page title, which names the page («بودجه | سازمان …»); the other parts
 * name the agency («… | سازمان برنامه و بودجه»).
 */
export function anchorLabel(anchor: Element): string {
  const text = normalize(rawText(anchor));
  return anchor.name === 'title' ? (titleSegments(text)[0] ?? text) : text;
}

/** Menu links naming the feature whose target the crawl never reached: the feature may sit there. */
export function uncrawledMenuLinks(
  site: SiteArtifacts, dom: (page: PageArtifact) => CheerioAPI, patterns: Patterns,
): Array<{ page: PageArtifact; link: LinkArtifact }> {
  return site.pages.flatMap((page) => menuLinks(dom(page), page, patterns)
    .filter((link) => !wasCrawled(site, link.href)).map((link) => ({ page, link })));
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
  return labelledSections($, page, patterns, { labelsOnly: true }).filter((s) => names(anchorLabel(s.anchor))
    && !isTeaserHeading($, s.anchor) && !(news && (s.anchor.name === 'h1' || s.anchor.name === 'title')));
}

// ---------------------------------------------------------------------------
// Site frame and sidebars, strictly (per-service rules).

/**
 * Class or id tokens of the site's own frame. A component's «card-header» or
 * «card-footer» is not one, nor Bootstrap's bare «nav» on content tabs.
 */
const FRAME_TOKEN = /^((site|main|global|top|primary)[-_]?)?(header|footer|navbar|navigation|menu|mega[-_]?menu|top[-_]?bar)([-_](top|bottom|inner|wrapper|wrap|container|area|links|menu|widgets?|main|bar|nav|section))?$|^(site|main|global|top|primary)[-_]?nav$/i;
const FRAME_ROLES = new Set(['banner', 'navigation', 'contentinfo', 'menubar', 'menu']);
/** A <header> or <footer> inside these is the item's own, not the site's. */
const SECTIONING = new Set(['article', 'main', 'section', 'aside']);

function frameTokens(el: Element): string[] {
  return [...(el.attribs.class ?? '').split(/\s+/), el.attribs.id ?? ''].filter(Boolean);
}

/**
 * True when the element is part of the frame every page repeats (site header,
 * navigation, site footer). Stricter than inPageChrome, whose tokens also
 * catch a Bootstrap «card-header»/«card-footer» where a service page often
 * puts its own «ورود به سامانه» button.
 */
export function inSiteFrame(el: Element): boolean {
  return [el, ...ancestors(el)].some((a, i, chain) => {
    if (a.name === 'nav' || FRAME_ROLES.has(a.attribs.role ?? '')) return true;
    if ((a.name === 'header' || a.name === 'footer') && !chain.slice(i + 1).some((up) => SECTIONING.has(up.name))) return true;
    return frameTokens(a).some((t) => FRAME_TOKEN.test(t));
  });
}

const SIDEBAR_TOKEN = /^(side[-_]?bar|sidebar|side[-_]?(col|column|menu|nav|box)|widget[-_]?area)$/i;

/** True inside a sidebar (aside, complementary, «sidebar»): site-wide boxes such as a poll or a list of systems. */
export function inSidebar(el: Element): boolean {
  return [el, ...ancestors(el)].some((a) => a.name === 'aside' || a.attribs.role === 'complementary' || frameTokens(a).some((t) => SIDEBAR_TOKEN.test(t)));
}
