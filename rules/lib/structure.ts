// Structural helpers for rules: find labelled sections, forms and lists, so a
// rule looks for a feature's shape rather than a bare keyword in prose.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { ancestors, cssPath, isElement, labelText, rawText } from '../../crawlers/dom.ts';
import type { LinkArtifact, PageArtifact } from '../../crawlers/artifacts.ts';
import type { Citation } from '../../src/engine/define-rule.ts';
import { matchesAny, type Patterns } from '../../src/text/match.ts';
import { normalize, snippet } from '../../src/text/persian.ts';
import { extractDates, isFresh, labelledDates, newestDate, type FoundDate } from '../../src/text/dates.ts';

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

/** Headings (and captions, legends, summaries) whose text matches a cue. */
export function cueHeadings($: CheerioAPI, patterns: Patterns): Element[] {
  return $(HEADING_SELECTOR).toArray().filter((el) => matchesAny(labelText(el), patterns));
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

export function pageIsAbout($: CheerioAPI, page: PageArtifact, patterns: Patterns): Element | null {
  const h1 = $('h1').toArray().find((el) => matchesAny(labelText(el), patterns));
  if (h1) return h1;
  return matchesAny(page.title, patterns) ? ($('title')[0] ?? null) : null;
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

/** True inside a form that is a login (it has a password field). */
export function isLoginForm($: CheerioAPI, form: Element): boolean {
  return $(form).find('input[type=password]').length > 0;
}

/** Text-like inputs a person types a value into. */
export const TEXT_INPUT = 'input:not([type]), input[type=text], input[type=search], input[type=number], input[type=tel], textarea';

/** A readable label for an input: its <label>, placeholder, aria-label, name and id split into words. */
export function inputLabel($: CheerioAPI, input: Element): string {
  const id = input.attribs.id;
  const forLabel = id ? $(`label[for="${id.replace(/"/g, '')}"]`).text() : '';
  const wrapping = ancestors(input).find((a) => a.name === 'label');
  const names = [input.attribs.name, id].filter(Boolean).join(' ').replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_\-[\]]+/g, ' ');
  return normalize([labelText(input), forLabel, wrapping ? rawText(wrapping) : '', names].join(' '));
}

/** Digits that read as a figure: a percentage or a number with at least one digit. */
export const FIGURE = /\d+(\.\d+)?\s?(%|درصد|percent)?/;
export const PERCENT = /\d+(\.\d+)?\s?(%|درصد|percent)/;

export interface LabelledSection {
  page: PageArtifact;
  anchor: Element;
  nodes: Element[];
}

/** Sections a cue labels on one page: by a heading, or the whole page by its h1/title. */
export function labelledSections($: CheerioAPI, page: PageArtifact, patterns: Patterns): LabelledSection[] {
  const out: LabelledSection[] = cueHeadings($, patterns).map((h) => ({ page, anchor: h, nodes: sectionOf($, h) }));
  const about = pageIsAbout($, page, patterns);
  if (about && !out.some((s) => s.anchor === about)) out.push({ page, anchor: about, nodes: mainContent($) });
  return out;
}

/** Dates written inside a section, plus the page's labelled dates («تاریخ انتشار: …»). */
export function sectionDates(section: LabelledSection): FoundDate[] {
  const inside = extractDates(normalize([section.anchor, ...section.nodes].map(rawText).join(' ')));
  return inside.length ? inside : labelledDates(section.page.text);
}

export type Freshness = 'fresh' | 'stale' | 'undated';

export function freshness(dates: FoundDate[], asOf: string, maxAgeDays: number): { state: Freshness; newest: FoundDate | null } {
  const newest = newestDate(dates);
  if (!newest) return { state: 'undated', newest };
  return { state: isFresh(newest.iso, asOf, maxAgeDays) ? 'fresh' : 'stale', newest };
}
