// Static DOM helpers over cheerio, shared by artifact building and rules.
import * as cheerio from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { normalize } from '../src/text/persian.ts';

export type { CheerioAPI, Element };

const NON_VISIBLE = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'iframe', 'object']);
const SAFE_ID = /^[A-Za-z][\w-]*$/;

export function loadDom(html: string): CheerioAPI {
  return cheerio.load(html);
}

export function isElement(node: AnyNode | null | undefined): node is Element {
  return !!node && (node.type === 'tag' || node.type === 'script' || node.type === 'style');
}

/** Raw visible text of a subtree, with a space between nodes so words never glue together. */
export function rawText(node: AnyNode): string {
  const parts: string[] = [];
  const walk = (n: AnyNode): void => {
    if (n.type === 'text') parts.push((n as unknown as { data: string }).data);
    else if (isElement(n) && !NON_VISIBLE.has(n.name)) {
      if (n.name === 'img' || n.name === 'input' && n.attribs.type === 'image') parts.push(n.attribs.alt ?? '');
      if (n.name === 'br') parts.push(' ');
      for (const c of n.children) walk(c);
    }
  };
  walk(node);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/** Normalised text of an element plus the labels a screen reader would use. */
export function labelText(el: Element): string {
  const value = el.name === 'input' && /^(submit|button)$/i.test(el.attribs.type ?? '') ? el.attribs.value : '';
  const extra = [el.attribs['aria-label'], el.attribs.title, el.attribs.placeholder, value].filter(Boolean).join(' ');
  return normalize(`${rawText(el)} ${extra}`);
}

/** A CSS selector that finds this element again in the same document. */
export function cssPath(el: Element): string {
  const steps: string[] = [];
  let cur: Element | null = el;
  while (cur && cur.name !== 'html') {
    const id = cur.attribs.id;
    if (id && SAFE_ID.test(id)) {
      steps.unshift(`#${id}`);
      break;
    }
    const parent: AnyNode | null = cur.parent;
    const siblings = parent && 'children' in parent ? (parent.children as AnyNode[]).filter((s): s is Element => isElement(s) && s.name === cur!.name) : [cur];
    const nth = siblings.indexOf(cur) + 1;
    steps.unshift(siblings.length > 1 ? `${cur.name}:nth-of-type(${nth})` : cur.name);
    cur = isElement(parent) ? parent : null;
  }
  if (steps.length === 0 || !steps[0].startsWith('#')) steps.unshift('html');
  return steps.join(' > ');
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
