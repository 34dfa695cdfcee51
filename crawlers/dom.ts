// Static DOM helpers over cheerio, shared by artifact building and rules.
import * as cheerio from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { normalize } from '../src/text/persian.ts';
import { givePostbacksTheirTargets } from './postback.ts';

export type { CheerioAPI, Element };

const NON_VISIBLE = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'iframe', 'object']);
const SAFE_ID = /^[A-Za-z][\w-]*$/;

/** Each emptied <template>'s inert content, kept for whoever asks what a script could clone. */
const inertContent = new WeakMap<Element, AnyNode[]>();

/**
 * The page's DOM as a browser shows it. A <template>'s content is inert: it is
 * shown only when a script clones it (then the clone is in the rendered DOM),
 * so it is set aside and no selector or text walk reaches it.
 */
export function loadDom(html: string): CheerioAPI {
  const $ = cheerio.load(html);
  openShadowRoots($);
  giveScriptLinksTheirTargets($);
  givePostbacksTheirTargets($);
  for (const el of $('template').toArray()) {
    inertContent.set(el, fragmentOf(el));
    el.children = [];
  }
  return $;
}

/**
 * A click handler that takes the browser to a literal URL: `location.href='…'`
 * (window./document. or not), `location.assign/replace('…')`, `window.open('…')`.
 */
const NAVIGATION = /(?:(?:window|document|self|top|parent)\s*\.\s*)?location(?:\s*\.\s*href)?\s*=\s*(['"])(.*?)\1|location\s*\.\s*(?:assign|replace)\s*\(\s*(['"])(.*?)\3|window\s*\.\s*open\s*\(\s*(['"])(.*?)\5/i;
const SCRIPT_HREF = /^\s*(#|javascript:|$)/i;

/** A select's change handler that goes to the chosen option's value («location.href=this.value», «window.open(this.options[…].value)»). */
const GOES_TO_VALUE = /(?:location(?:\s*\.\s*href)?\s*=|location\s*\.\s*(?:assign|replace)\s*\(|window\s*\.\s*open\s*\()\s*this\s*\.\s*(?:value|options\s*\[[^\]]*\]\s*\.\s*value)/i;

/** Where choosing an option goes, when its select navigates on change (a «انتخاب خدمت» drop-down): its value as written, or null. */
export function optionTarget(option: Element): string | null {
  const select = option.parent;
  if (!isElement(select) || select.name !== 'select' || !GOES_TO_VALUE.test(select.attribs.onchange ?? '')) return null;
  const value = (option.attribs.value ?? '').trim();
  return value && !/^(javascript:|#)/i.test(value) ? value : null;
}

/** Where a click on the element goes, by its onclick (or an anchor's `javascript:` href): the URL as written, or null. */
export function clickTarget(el: Element): string | null {
  const href = el.attribs.href ?? '';
  const code = `${el.attribs.onclick ?? ''} ${/^\s*javascript:/i.test(href) ? href : ''}`;
  const m = NAVIGATION.exec(code);
  const target = m ? (m[2] ?? m[4] ?? m[6]).trim() : '';
  return target && !/^(javascript:|#)/i.test(target) ? target : null;
}

/**
 * An anchor whose href goes nowhere (`#`, `javascript:void(0)`) but whose click
 * handler navigates («onclick="location.href='/Portal/ShowPage.aspx?id=…'"», as
 * Iranian CMS menus and tiles do) gets that target as its href: a citizen's
 * click goes there, so the rules and the crawl read it as the link it is.
 */
function giveScriptLinksTheirTargets($: CheerioAPI): void {
  for (const a of $('a[onclick], a[href^="javascript:" i]').toArray()) {
    if (!SCRIPT_HREF.test(a.attribs.href ?? '')) continue;
    const target = clickTarget(a);
    if (target) a.attribs.href = target;
  }
}

/** Declarative shadow roots (`shadowrootmode`, and Chrome's older `shadowroot`): shown by the browser, not inert. */
const SHADOW_TEMPLATE = 'template[shadowrootmode], template[shadowroot]';
/** Shadow roots nested deeper than this are left as they are: a real page nests a few. */
const MAX_SHADOW_DEPTH = 32;

/** A template's content: the parser hangs it on a document fragment under the element. */
function fragmentOf(el: Element): AnyNode[] {
  return el.children.flatMap((c) => (c.type === 'root' ? (c as unknown as { children: AnyNode[] }).children : [c]));
}

/**
 * Each declarative shadow root's content takes its host's place as the
 * browser shows it (the composed tree): the host's children go into their
 * slots (by `slot` name, the rest into the default slot), a slot nobody fills
 * shows its own content, and children no slot takes are not shown.
 */
function openShadowRoots($: CheerioAPI): void {
  for (let depth = 0; depth < MAX_SHADOW_DEPTH; depth++) {
    const templates = $(SHADOW_TEMPLATE).toArray();
    if (templates.length === 0) return;
    // Innermost first: a nested component's slots take its own children, not its outer host's.
    for (const template of templates.reverse()) {
      const host = template.parent;
      if (!host || !isElement(host)) {
        $(template).remove();
        continue;
      }
      const lights = host.children.filter((c) => c !== template);
      const $shadow = $('<div></div>').append(fragmentOf(template) as never);
      for (const slot of $shadow.find('slot').toArray()) {
        const name = slot.attribs.name ?? '';
        const taken = lights.filter((c) => (isElement(c) ? (c.attribs.slot ?? '') : '') === name);
        $(slot).replaceWith((taken.length ? taken : slot.children) as never);
      }
      $(host).empty().append($shadow.contents() as never);
    }
  }
}

/** The inert content of a <template> loadDom emptied (empty for any other element). */
export function templateContent(el: Element): AnyNode[] {
  return inertContent.get(el) ?? [];
}

export function isElement(node: AnyNode | null | undefined): node is Element {
  return !!node && (node.type === 'tag' || node.type === 'script' || node.type === 'style');
}

/** At most this many nodes of one subtree are read for its visible text: a hostile page cannot make text extraction unbounded. */
export const MAX_TEXT_NODES = 200_000;

/** Raw visible text of a subtree, with a space between nodes so words never glue together. */
// One parameter only: rules pass it to map(), whose index must not become a cap.
export function rawText(node: AnyNode): string {
  return visibleText(node).text;
}

/**
 * Visible text and whether the node cap cut it short. Iterative (a page
 * nested 100,000 levels deep would overflow the stack of a recursive walk)
 * and linear in the nodes visited.
 */
export function visibleText(node: AnyNode, maxNodes = MAX_TEXT_NODES): { text: string; nodes: number; truncated: boolean } {
  const parts: string[] = [];
  const stack: AnyNode[] = [node];
  let nodes = 0;
  while (stack.length) {
    const n = stack.pop()!;
    if (++nodes > maxNodes) return { text: join(parts), nodes: nodes - 1, truncated: true };
    if (n.type === 'text') parts.push((n as unknown as { data: string }).data);
    else if (isElement(n) && !NON_VISIBLE.has(n.name)) {
      if (n.name === 'img' || n.name === 'input' && n.attribs.type === 'image') parts.push(n.attribs.alt ?? '');
      if (n.name === 'br') parts.push(' ');
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    }
  }
  return { text: join(parts), nodes, truncated: false };
}

function join(parts: string[]): string {
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/** Normalised text of an element plus the labels a screen reader would use. */
export function labelText(el: Element): string {
  const value = el.name === 'input' && /^(submit|button)$/i.test(el.attribs.type ?? '') ? el.attribs.value : '';
  const text = normalize(rawText(el));
  // A title that repeats the text (often in other letters: ي/ی) is said once, so the label keeps its length.
  // An image map's area says what it is only by its alt.
  const alt = el.name === 'area' ? el.attribs.alt : '';
  const extras = [el.attribs['aria-label'], el.attribs.title, el.attribs.placeholder, value, alt].filter(Boolean).map((x) => normalize(x!))
    .filter((x, i, all) => x && !text.includes(x) && all.indexOf(x) === i);
  return normalize([text, ...extras].join(' '));
}

/** Each element's place among its parent's children of its type, computed once per parent (so a selector per link stays linear). */
const nthOfTypeCache = new WeakMap<Element, { nth: number; of: number }>();

function nthOfType(el: Element): { nth: number; of: number } {
  const hit = nthOfTypeCache.get(el);
  if (hit) return hit;
  const parent = el.parent;
  const kids = parent && 'children' in parent ? (parent.children as AnyNode[]) : [el];
  const counts = new Map<string, number>();
  const places: Array<[Element, { nth: number; of: number }]> = [];
  for (const k of kids) {
    if (!isElement(k)) continue;
    const n = (counts.get(k.name) ?? 0) + 1;
    counts.set(k.name, n);
    places.push([k, { nth: n, of: 0 }]);
  }
  for (const [k, place] of places) nthOfTypeCache.set(k, { nth: place.nth, of: counts.get(k.name)! });
  return nthOfTypeCache.get(el) ?? { nth: 1, of: 1 };
}

/** Chromium's HTML parser nests no deeper than 512 elements; a selector is never longer. */
export const MAX_SELECTOR_DEPTH = 512;

/**
 * A CSS selector that finds this element again in the same document, or
 * null when the element is nested deeper than MAX_SELECTOR_DEPTH (a browser
 * would not build that tree). O(depth): sibling positions are cached per parent.
 */
export function cssPathOrNull(el: Element): string | null {
  const steps: string[] = [];
  let cur: Element | null = el;
  while (cur && cur.name !== 'html') {
    if (steps.length >= MAX_SELECTOR_DEPTH) return null;
    const id = cur.attribs.id;
    if (id && SAFE_ID.test(id)) {
      steps.push(`#${id}`);
      break;
    }
    const { nth, of } = nthOfType(cur);
    steps.push(of > 1 ? `${cur.name}:nth-of-type(${nth})` : cur.name);
    const parent: AnyNode | null = cur.parent;
    cur = isElement(parent) ? parent : null;
  }
  steps.reverse();
  if (steps.length === 0 || !steps[0].startsWith('#')) steps.unshift('html');
  return steps.join(' > ');
}

/** A CSS selector that finds this element again in the same document (the html element past the depth limit). */
export function cssPath(el: Element): string {
  return cssPathOrNull(el) ?? 'html';
}

/** Ancestors from the parent up to (not including) the root. */
export function ancestors(el: Element): Element[] {
  const out: Element[] = [];
  for (let p = el.parent; isElement(p); p = p.parent) out.push(p);
  return out;
}

/** Elements matching `selector` among `scope` and their descendants. */
export function within($: CheerioAPI, scope: Element[], selector: string): Element[] {
  const out: Element[] = [];
  for (const el of scope) {
    if ($(el).is(selector)) out.push(el);
    out.push(...$(el).find(selector).toArray());
  }
  return out;
}
