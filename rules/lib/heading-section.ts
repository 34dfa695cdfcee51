// What a heading governs on its page: the one place the rules and decoy.ts
// (which sections.ts imports) read a heading's section from.
import { isElement, type CheerioAPI, type Element } from '../../crawlers/dom.ts';
import { HEADING_SELECTOR, headingLevel } from './labels.ts';

const MAX_SECTION_SIBLINGS = 40;

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
  const head = contentHeader($, heading);
  if (head) return [...followers($, heading, level), ...followers($, head, level)];
  let start: Element = heading;
  for (let i = 0; i < 2; i++) {
    if ($(start).nextAll().length > 0) break;
    const p = start.parent;
    if (!isElement(p) || p.name === 'body' || p.name === 'main') break;
    start = p;
  }
  return followers($, start, level);
}

/**
 * The header of an article or content section that a heading titles (a
 * post's title, byline and date): the heading governs what follows that
 * header too. The page's own banner is not one.
 */
function contentHeader($: CheerioAPI, heading: Element): Element | null {
  const parent = heading.parent;
  if (!isElement(parent) || !['header', 'hgroup'].includes(parent.name)) return null;
  return $(parent).parents('article, main, section, [role=main]').length > 0 ? parent : null;
}

/** The siblings after `el` up to the next heading of `level` or higher. */
function followers($: CheerioAPI, el: Element, level: number): Element[] {
  const out: Element[] = [];
  for (const sib of $(el).nextAll().toArray()) {
    if (containsHeadingAtOrAbove(sib, level, $) || out.length >= MAX_SECTION_SIBLINGS) break;
    out.push(sib);
  }
  return out;
}
