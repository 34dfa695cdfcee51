// Labelled fields: the label/value pairs a page shows as structure, whatever
// the markup. A service card (شناسنامه خدمت) comes as headings over sections,
// dt/dd, table rows or columns, a bold label before its text, a short label
// block before its value, «برچسب: مقدار» lines, or tabs and accordions. A
// keyword inside a sentence of prose is none of these.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { ancestors, isElement, labelText, rawText } from '../../crawlers/dom.ts';
import { compilePattern, type Patterns } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';
import { ownLines } from './blocks.ts';
import { inPageChrome } from './chrome.ts';
import { blockUnderBold, endsLikeHeadline, words } from './labels.ts';
import { sectionOf } from './sections.ts';

export interface Field {
  /** The element that carries the label (for a «label: value» line, the line itself). */
  label: Element;
  /** Normalised label text without numbering, trailing colon or «به شرح زیر است». */
  name: string;
  /** Elements holding the value (for inline labels, the block that holds both). */
  nodes: Element[];
  /** Normalised value text, the label's own text taken out. */
  value: string;
  /** The element to cite: the row, the line or the label. */
  box: Element;
}

/** A label is a short name; a longer text is a sentence. */
export const MAX_FIELD_LABEL_WORDS = 8;
const MAX_VALUE_SIBLINGS = 10;
const MAX_TABLE_ROWS = 60;
const HEADING_LABELS = 'h2,h3,h4,h5,h6,[role=heading],summary,caption,legend';
const INLINE_LABELS = 'strong,b,label,span,em';
const BLOCK_TAGS = new Set(['p', 'div', 'li', 'dd', 'td', 'section', 'article', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'table', 'dl', 'blockquote', 'figure', 'form']);
const LABEL_CLASS = /(^|[\s_-])(label|title|key|caption|name|subject|head|heading|field[-_]?name|term)([\s_-]|$)/i;
const VALUE_CLASS = /(^|[\s_-])(value|content|desc|description|text|body|answer|data|detail|details)([\s_-]|$)/i;
/** Openers that introduce a list after a label: «مراحل انجام کار به شرح زیر است:». */
const INTRO_TAIL = /\s(به شرح (زیر|ذیل)( می باشد| میباشد| است)?|عبارتند از|عبارت است از|as follows|are)$/u;
/** Values that say nothing: a dash, «نامشخص», "N/A". */
const EMPTY_VALUES = new Set(['نامشخص', 'تعریف نشده', 'ذکر نشده', 'درج نشده', 'ثبت نشده', 'اعلام نشده', 'n/a', 'tbd', 'na']);

/** A label's text cleaned for matching: numbering, bullets, trailing colon and list intros go. */
export function cleanLabel(text: string): string {
  return text
    .replace(/^[\s\-–—•*|»«"'()[\]]+/u, '')
    .replace(/^\d{1,2}\s?[-.)]\s?/u, '')
    .replace(/[\s:：\-–—.،,؛;]+$/u, '')
    .replace(INTRO_TAIL, '')
    .trim();
}

/** True for a value that says something: letters or digits, not a placeholder. */
export function hasContent(value: string): boolean {
  const bare = value.replace(/[^\p{L}\p{N}\s/]/gu, ' ').replace(/\s+/g, ' ').trim();
  return /[\p{L}\p{N}]/u.test(bare) && !EMPTY_VALUES.has(bare);
}

function readsAsLabel(name: string): boolean {
  const n = words(name);
  return n > 0 && n <= MAX_FIELD_LABEL_WORDS && !endsLikeHeadline(name);
}

function textOf(nodes: Element[]): string {
  return normalize(nodes.map(rawText).join(' '));
}

/** The value's text without the label's, when the label sits inside the value's nodes. */
function valueWithout(nodes: Element[], label: Element): string {
  const all = textOf(nodes);
  const own = normalize(rawText(label));
  const at = own ? all.indexOf(own) : -1;
  return (at >= 0 ? all.slice(0, at) + all.slice(at + own.length) : all).replace(/^[\s:：\-–—]+/u, '').trim();
}

function field(label: Element, rawName: string, nodes: Element[], value: string, box: Element): Field | null {
  const name = cleanLabel(rawName);
  return readsAsLabel(name) ? { label, name, nodes, value, box } : null;
}

/** Headings (h2–h6, summary, caption, legend) over the section they govern. The h1 names the service itself. */
function headingFields($: CheerioAPI): Field[] {
  return $(HEADING_LABELS).toArray().map((h) => {
    const nodes = sectionOf($, h);
    const inside = nodes.length === 1 && ancestors(h).includes(nodes[0]);
    return field(h, labelText(h), nodes, inside ? valueWithout(nodes, h) : textOf(nodes), h);
  }).filter((f): f is Field => f !== null);
}

/** dt with the dd elements that follow it. */
function termFields($: CheerioAPI): Field[] {
  return $('dt').toArray().map((dt) => {
    const dds: Element[] = [];
    for (const sib of $(dt).nextAll().toArray()) {
      if (sib.name !== 'dd') break;
      dds.push(sib);
    }
    return field(dt, labelText(dt), dds, textOf(dds), dt);
  }).filter((f): f is Field => f !== null);
}

function rowCells($: CheerioAPI, tr: Element): Element[] {
  return $(tr).children('th,td').toArray();
}

/** A row-number cell («۱», «3») before the label cell of a شناسنامه table. */
function isCounterCell(cell: Element): boolean {
  return /^\d{0,3}[.)-]?$/.test(normalize(rawText(cell)));
}

/** Row-wise tables: the first cell (after a row number) labels the rest of the row. */
function rowFields($: CheerioAPI, rows: Element[]): Field[] {
  const out: Field[] = [];
  for (const tr of rows) {
    const cells = rowCells($, tr);
    while (cells.length > 2 && isCounterCell(cells[0])) cells.shift();
    if (cells.length < 2) continue;
    const f = field(cells[0], labelText(cells[0]), cells.slice(1), textOf(cells.slice(1)), tr);
    if (f) out.push(f);
  }
  return out;
}

/** Column-wise tables: a header row of th cells labels each column's cells below it. */
function columnFields($: CheerioAPI, rows: Element[]): Field[] {
  const head = rows.findIndex((tr) => rowCells($, tr).length >= 2);
  if (head < 0) return [];
  const headers = rowCells($, rows[head]);
  if (!headers.every((c) => c.name === 'th')) return [];
  const out: Field[] = [];
  for (const tr of rows.slice(head + 1)) {
    const cells = rowCells($, tr);
    if (cells.length !== headers.length) continue;
    cells.forEach((cell, i) => {
      const f = field(headers[i], labelText(headers[i]), [cell], textOf([cell]), cell);
      if (f) out.push(f);
    });
  }
  return out;
}

function tableFields($: CheerioAPI): Field[] {
  return $('table').toArray().flatMap((table) => {
    const rows = $(table).find('tr').toArray().filter((tr) => $(tr).closest('table')[0] === table).slice(0, MAX_TABLE_ROWS);
    return [...rowFields($, rows), ...columnFields($, rows)];
  });
}

/** The first child node of `parent` that shows anything (text or an element with text). */
function firstShown(parent: Element): Element | 'text' | null {
  for (const c of parent.children) {
    if (c.type === 'text') {
      if ((c as unknown as { data: string }).data.trim()) return 'text';
    } else if (isElement(c) && (rawText(c) || c.name === 'img')) return c;
  }
  return null;
}

/** Node right after `el` that shows something: a colon, a line break or a block says "label ends here". */
function separatedAfter(el: Element): boolean {
  for (let n = el.next; n; n = n.next) {
    if (n.type === 'text') {
      const t = (n as unknown as { data: string }).data.trim();
      if (!t) continue;
      return /^[:：]/.test(t);
    }
    if (isElement(n)) return n.name === 'br' || BLOCK_TAGS.has(n.name);
  }
  return false;
}

/** A bold lead-in without a colon is a label only before a short value, not before a sentence («<b>هزینه</b> … پرداخت می‌شود»). */
const MAX_UNSEPARATED_VALUE_WORDS = 15;

/** Copulas endsLikeHeadline leaves out; a value that ends in one is a sentence. */
const COPULA_END = /\s(هستند|هست|نیست|نیستند|بود|بودند|باشد|باشند|می باشد|میباشد|می باشند)[.!؟?]*$/u;

function valueLike(value: string): boolean {
  return words(value) <= MAX_UNSEPARATED_VALUE_WORDS && !endsLikeHeadline(value) && !COPULA_END.test(value);
}

/**
 * A bold (or classed) label opening a block, with the block's rest as its
 * value: «<p><strong>هزینه:</strong> رایگان</p>», «<li><b>Fee</b> None</li>»,
 * «<div><span class="title">…</span><span class="value">…</span></div>».
 */
function inlineFields($: CheerioAPI): Field[] {
  const out: Field[] = [];
  for (const c of $(INLINE_LABELS).toArray()) {
    const parent = c.parent;
    if (!isElement(parent) || firstShown(parent) !== c) continue;
    const text = labelText(c);
    const colon = /[:：]\s*$/.test(rawText(c)) || separatedAfter(c);
    const bold = c.name === 'strong' || c.name === 'b' || c.name === 'label';
    const keyValue = c.name === 'span' && (LABEL_CLASS.test(c.attribs.class ?? '') || parent.children.every((n) => n.type !== 'text' || !(n as unknown as { data: string }).data.trim()));
    if (!colon && !bold && !keyValue) continue;
    const value = valueWithout([parent], c);
    if (!value || (!colon && !valueLike(value))) continue;
    const f = field(c, text, [parent], value, parent);
    if (f) out.push(f);
  }
  return out;
}

/** Element siblings after `el` up to the next heading or label-like block. */
function valueSiblings($: CheerioAPI, el: Element): Element[] {
  const out: Element[] = [];
  for (const sib of $(el).nextAll().toArray()) {
    if ($(sib).is('h1,h2,h3,h4,h5,h6') || out.length >= MAX_VALUE_SIBLINGS) break;
    if (out.length > 0 && sib.name === el.name && (sib.attribs.class ?? '') === (el.attribs.class ?? '') && labelBlock($, sib)) break;
    out.push(sib);
  }
  return out;
}

/** A short block that is all label: ends with a colon, is one bold run, or is classed as a label. */
function labelBlock($: CheerioAPI, el: Element): boolean {
  const raw = rawText(el);
  if (!raw || words(normalize(raw)) > MAX_FIELD_LABEL_WORDS || $(el).find('a,input,select,textarea,img').length) return false;
  const kids = el.children.filter((n) => isElement(n) || (n as unknown as { data?: string }).data?.trim());
  const oneBold = kids.length === 1 && isElement(kids[0]) && ['strong', 'b', 'label'].includes(kids[0].name);
  return /[:：]\s*$/.test(raw) || oneBold || LABEL_CLASS.test(el.attribs.class ?? '')
    || VALUE_CLASS.test((($(el).next()[0] as Element | undefined)?.attribs?.class) ?? '');
}

/** «<p><strong>مدارک لازم:</strong></p><ul>…</ul>», «<div class="label">هزینه</div><div class="value">…</div>». */
function blockFields($: CheerioAPI): Field[] {
  const out: Field[] = [];
  for (const el of $('p,div,span,li').toArray()) {
    if (!labelBlock($, el)) continue;
    // A label alone in a wrapper («<div class="col-3"><b>هزینه</b></div>») hands over to the wrapper's siblings.
    let from: Element = el;
    if ($(el).nextAll().length === 0 && isElement(el.parent) && el.parent.name !== 'body' && normalize(rawText(el.parent)) === normalize(rawText(el))) from = el.parent;
    const nodes = valueSiblings($, from);
    const f = field(el, labelText(el), nodes, textOf(nodes), el);
    if (f && nodes.length) out.push(f);
  }
  return [...out, ...bareBoldFields($)];
}

/** «…<br><b>مراحل انجام خدمت</b><ol>…</ol>» loose in a table cell: the bold text over the list labels it. */
function bareBoldFields($: CheerioAPI): Field[] {
  return $('b,strong').toArray().flatMap((b) => {
    const next = blockUnderBold(b);
    const raw = rawText(b);
    if (!next || !raw || words(normalize(raw)) > MAX_FIELD_LABEL_WORDS) return [];
    const f = field(b, labelText(b), [next], textOf([next]), b);
    return f ? [f] : [];
  });
}

/**
 * «<li>هزینه: رایگان</li>», «<p>Processing time: 3 days</p>»: a label and a
 * colon opening a block's own text, or each of its lines when <br> breaks it.
 */
function colonFields($: CheerioAPI): Field[] {
  const out: Field[] = [];
  for (const el of $('p,li,div,td,dd,span').toArray()) {
    for (const line of ownLines(el)) {
      const m = /^([^:：]{1,80}?)\s?[:：]\s?(.+)$/u.exec(line);
      const f = m ? field(el, m[1], [el], m[2].trim(), el) : null;
      if (f) out.push(f);
    }
  }
  return out;
}

/** Tabs and accordion toggles: the toggle labels the panel it opens («<a href="#docs">مدارک لازم</a>»). */
function toggleFields($: CheerioAPI): Field[] {
  const out: Field[] = [];
  for (const t of $('a[href^="#"],[data-bs-target^="#"],[data-target^="#"],[aria-controls]').toArray()) {
    const ref = t.attribs['data-bs-target'] ?? t.attribs['data-target'] ?? t.attribs['aria-controls'] ?? t.attribs.href;
    const id = ref.replace(/^#/, '');
    if (!/^[\w-]+$/.test(id)) continue;
    const panel = $(`[id="${id}"]`)[0] as Element | undefined;
    if (!panel || panel === t || ancestors(t).includes(panel)) continue;
    const f = field(t, labelText(t), [panel], textOf([panel]), t);
    if (f) out.push(f);
  }
  return out;
}

/**
 * Tabs tied to their panels by order alone (no aria-controls, no href): the
 * n-th tab of a tablist opens the n-th panel of the nearest block holding as
 * many panels, as tab scripts do.
 */
function orderedTabFields($: CheerioAPI): Field[] {
  const out: Field[] = [];
  for (const list of $('[role=tablist]').toArray()) {
    const tabs = $(list).find('[role=tab]').toArray();
    if (tabs.length < 2 || tabs.some((t) => t.attribs['aria-controls'] || /^#./.test(t.attribs.href ?? ''))) continue;
    const panels = panelsBeside($, list, tabs.length);
    tabs.forEach((t, i) => {
      const f = panels ? field(t, labelText(t), [panels[i]], textOf([panels[i]]), t) : null;
      if (f) out.push(f);
    });
  }
  return out;
}

/** The tab panels of the nearest ancestor of a tablist that holds some, when there are exactly `count`. */
function panelsBeside($: CheerioAPI, list: Element, count: number): Element[] | null {
  for (const a of ancestors(list)) {
    const panels = $(a).find('[role=tabpanel]').toArray();
    if (panels.length) return panels.length === count ? panels : null;
  }
  return null;
}

/** Every labelled field of a page outside the site's frame, one per label element and name. */
export function labelledFields($: CheerioAPI): Field[] {
  const all = [...headingFields($), ...termFields($), ...tableFields($), ...inlineFields($), ...blockFields($), ...colonFields($), ...toggleFields($), ...orderedTabFields($)];
  const seen = new Set<string>();
  const out: Field[] = [];
  for (const f of all) {
    if (inPageChrome(f.label, { strict: true })) continue;
    const key = `${f.name}\u0000${f.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

/** Words that may stand before a field's cue in its label: «میزان هزینه», «نوع مخاطبین», "Estimated processing time". */
const OPENERS = new Set([
  'میزان', 'مبلغ', 'نوع', 'نحوه', 'مدت', 'حداکثر', 'حدود', 'زمان', 'تعداد', 'فهرست', 'لیست', 'شرح', 'شرایط', 'اطلاعات', 'کل', 'جمع', 'و', 'نمودار',
  'the', 'required', 'estimated', 'typical', 'approximate', 'expected', 'total', 'service', 'list', 'of', 'standard', 'and',
]);
const MAX_OPENERS = 3;
const anchored = new Map<string, RegExp>();

/** A cue anchored at the start; Latin cues as whole words ("fee" is not "feedback"), Persian ones take suffixes. */
function startRe(p: string): RegExp {
  let re = anchored.get(p);
  if (!re) {
    const tail = /[a-z]/.test(p) ? '(?![\\p{L}\\p{N}])' : '';
    anchored.set(p, (re = new RegExp(`^${compilePattern(p).source}${tail}`, 'u')));
  }
  return re;
}

/** True when a label opens with a cue, after at most three opener words («حداکثر زمان انجام», «نحوه و مراحل»). */
export function labelOpensWith(name: string, patterns: Patterns): boolean {
  let rest = name;
  for (let i = 0; i <= MAX_OPENERS; i++) {
    if (patterns.some((p) => startRe(p).test(rest))) return true;
    const [first, ...others] = rest.split(' ');
    if (!OPENERS.has(first) || others.length === 0) return false;
    rest = others.join(' ');
  }
  return false;
}

/** The fields whose label names one of the cues. */
export function fieldsNamed(fields: readonly Field[], patterns: Patterns): Field[] {
  return fields.filter((f) => labelOpensWith(f.name, patterns));
}
