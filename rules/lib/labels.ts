// Headings and labels: a short name that offers a feature, not a news headline.
import { ancestors, isElement, labelText, rawText, type CheerioAPI, type Element } from '../../crawlers/dom.ts';
import { compilePattern, matchesAny, type Patterns } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';

export const HEADING_SELECTOR = 'h1,h2,h3,h4,h5,h6,caption,legend,summary,[role=heading]';

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
 * The period a label names after a dash, a bar or in brackets («… — شش‌ماهه
 * نخست ۱۴۰۴», «… (1403)», "… | January to June 2025"), or as a closing year
 * («… سال ۱۴۰۴», «… در سال 1403»): it holds a number and is not part of the
 * label's length.
 */
const PERIOD_TAIL = /\s+(?:[—–|]|-(?=\s))\s*[^—–|()]*\d[^—–|()]*$|\s*\([^()]*\d[^()]*\)$|\s+(?:در\s+)?(?:سال\s+)?\d{4}$/u;

/**
 * True for normalised heading text that reads like a label naming a feature
 * rather than a news headline: no closing verb, and short or opening with the
 * cue («چارت سازمانی اداره کل میراث فرهنگی، گردشگری و …» is long but a label).
 */
export function readsLikeLabel(text: string, patterns: Patterns): boolean {
  const clean = text.replace(/[.!؟?؛;:…»"']+$/u, '').trim();
  if (HEADLINE_VERB.test(clean)) return false;
  return words(clean.replace(PERIOD_TAIL, '')) <= MAX_LABEL_WORDS || patterns.some((p) => compilePattern(p).exec(clean)?.index === 0);
}

/** True for normalised text that ends like a news headline, with a closing finite verb («… منتشر شد»). */
export function endsLikeHeadline(text: string): boolean {
  return HEADLINE_VERB.test(text.replace(/[.!؟?؛;:…»"']+$/u, '').trim());
}

export interface LabelOptions {
  /** Skip headings and titles that read like news headlines (for rules whose structure is weak: any list, any image). */
  labelsOnly?: boolean;
}

/** A heading's or title's text names the feature (and, by option, reads like a label). */
export function names(text: string, patterns: Patterns, opts: LabelOptions): boolean {
  return matchesAny(text, patterns) && (!opts.labelsOnly || readsLikeLabel(text, patterns));
}

/** Headings (and captions, legends, summaries) whose text matches a cue. */
export function cueHeadings($: CheerioAPI, patterns: Patterns, opts: LabelOptions = {}): Element[] {
  return [...$(HEADING_SELECTOR).toArray(), ...boldLabels($)].filter((el) => names(labelText(el), patterns, opts));
}

/**
 * Paragraphs that are only a bold label («<p><b>شرح وظایف:</b></p>»): older
 * portals title a block this way instead of with a heading.
 */
function boldLabels($: CheerioAPI): Element[] {
  const short = (el: Element) => {
    const text = normalize(rawText(el));
    return words(text) > 0 && words(text.replace(PERIOD_TAIL, '')) <= MAX_LABEL_WORDS;
  };
  const wrapped = $('p, div').toArray().filter((el) => {
    const kids = el.children.filter((c) => c.type === 'tag' || (c.type === 'text' && (c as unknown as { data: string }).data.trim()));
    if (kids.length !== 1 || kids[0].type !== 'tag' || !['b', 'strong'].includes((kids[0] as Element).name)) return false;
    return short(el) && !!el.next && nextBlock(el) !== null;
  });
  const bare = $('b, strong').toArray().filter((el) => short(el) && blockUnderBold(el) !== null);
  return [...wrapped, ...bare];
}

/** Blocks a bare bold label may stand over. */
const LABELLED_BLOCK = new Set(['ol', 'ul', 'table', 'dl']);

/**
 * The list or table a bare bold element labels, loose in a table cell («<b>مراحل
 * انجام خدمت</b><ol>…»): its next sibling element, with no text between them.
 */
export function blockUnderBold(bold: Element): Element | null {
  const next = nextBlock(bold);
  if (!next || !LABELLED_BLOCK.has(next.name)) return null;
  for (let n = bold.next; n && n !== next; n = n.next) if (n.type === 'text' && (n as unknown as { data: string }).data.trim()) return null;
  return next;
}

/** The next element sibling: a label over nothing labels nothing. */
function nextBlock(el: Element): Element | null {
  for (let n = el.next; n; n = n.next) if (isElement(n)) return n;
  return null;
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

/** A title's parts: «چارت سازمانی | سازمان …» names the page by its first part, the agency by the second. */
export function titleSegments(title: string): string[] {
  return title.split(/\s*[|»«]\s*|\s[-–—:]+\s/).map((t) => t.trim()).filter(Boolean);
}

export function words(text: string): number {
  return text.split(' ').filter(Boolean).length;
}

/** Words that may open a label before the feature's name: «معرفی مدیران», «متن قوانین». */
const LABEL_OPENERS = ['معرفی', 'متن', 'مجموعه', 'فهرست', 'بانک', 'دانلود', 'مشاهده', 'اطلاعات', 'our', 'the', 'view'];

/** True when normalised label text opens with a cue, after at most one opener word such as «معرفی». */
export function opensWithCue(text: string, patterns: Patterns): boolean {
  const clean = text.replace(/^[\s\-–—•*:|»«"']+/u, '');
  const rest = clean.replace(new RegExp(`^(${LABEL_OPENERS.join('|')}) `, 'u'), '');
  return patterns.some((p) => compilePattern(p).exec(clean)?.index === 0 || compilePattern(p).exec(rest)?.index === 0);
}

/**
 * The label a section's anchor gives: a heading's text, or the part of a page
 * title that names the feature (`patterns`), else its first part, which
 * usually names the page («بودجه | سازمان …»); the others name the agency.
 */
export function anchorLabel(anchor: Element, patterns?: Patterns): string {
  const text = normalize(rawText(anchor));
  if (anchor.name !== 'title') return text;
  // «نام دستگاه - مدیران» as often as «مدیران | نام دستگاه»: the segment that names the feature is the label.
  const segments = titleSegments(text);
  return (patterns && segments.find((t) => names(t, patterns, { labelsOnly: true }))) ?? segments[0] ?? text;
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
