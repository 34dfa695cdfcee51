// Text blocks: running prose against labels, and the text a block owns.
import { ancestors, isElement, rawText, type Element } from '../../crawlers/dom.ts';
import { normalize } from '../../src/text/persian.ts';

/** Elements that flow inside a line of text; anything else is a block. */
const INLINE_TAGS = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'code', 'em', 'font', 'i', 'img', 'label', 'mark', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u',
]);

/** Words of surrounding sentence that make a block running text rather than a label or a row of links. */
const RUNNING_TEXT_WORDS = 10;

/** Marks between the items of a row of links; prose does not use them. */
const SEPARATOR = /[|·•‖]/;

/** Words with a letter or digit: a separator («|», «-», «•») between links is not one. */
function countWords(text: string): number {
  return normalize(text).split(' ').filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/**
 * Words a block says around `skip` on the same line (a <br> ends a line):
 * inline text, but not its links nor its child blocks. A footer's row of
 * links followed by a copyright line is a row of links, not a sentence.
 */
function surroundingWords(block: Element, skip: Element): number {
  const lines: number[] = [0];
  let line = -1;
  const walk = (el: Element): void => {
    for (const c of el.children) {
      if (c.type === 'text') {
        // A separator («|», «·», «•») ends a segment as a <br> does: «حقوق محفوظ است | شبکه‌ها: …» is two labels, not a sentence.
        const parts = (c as unknown as { data: string }).data.split(SEPARATOR);
        lines[lines.length - 1] += countWords(parts[0]);
        for (const part of parts.slice(1)) lines.push(countWords(part));
      } else if (!isElement(c)) continue;
      else if (c === skip || (c.name === 'a' && ancestors(skip).includes(c))) line = lines.length - 1;
      else if (c.name === 'br') lines.push(0);
      else if (c.name !== 'a' && INLINE_TAGS.has(c.name)) walk(c);
    }
  };
  walk(block);
  return line < 0 ? lines.reduce((a, b) => a + b, 0) : lines[line];
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

const NO_TEXT = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'head']);

/** The nearest block element holding `el` (itself when it is one). */
export function blockOf(el: Element): Element {
  return [el, ...ancestors(el)].find((a) => !INLINE_TAGS.has(a.name)) ?? el;
}

/** Normalised visible text of an element and everything in it, nested blocks included (ownText leaves those out). */
export function elementText(el: Element): string {
  return normalize(rawText(el));
}

/** Normalised text a block owns: its text and its inline descendants' text, not that of nested blocks. */
export function ownText(block: Element): string {
  return ownLines(block).join(' ');
}

/**
 * A block's own text split at its line breaks: «مخاطبین: …<br>هزینه: …» is
 * two lines, each read on its own. Normalised; empty lines left out.
 */
export function ownLines(block: Element): string[] {
  const lines: string[][] = [[]];
  const walk = (el: Element): void => {
    for (const c of el.children) {
      if (c.type === 'text') lines[lines.length - 1].push((c as unknown as { data: string }).data);
      else if (isElement(c) && c.name === 'br') lines.push([]);
      else if (isElement(c) && !NO_TEXT.has(c.name) && INLINE_TAGS.has(c.name)) walk(c);
    }
  };
  walk(block);
  return lines.map((l) => normalize(l.join(' '))).filter(Boolean);
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
