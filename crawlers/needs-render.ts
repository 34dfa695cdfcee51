// Does this page show its content only after scripts run? Decided from the
// fetched HTML alone, so most pages never need a browser.
import type { AnyNode } from 'domhandler';
import type { CheerioAPI } from './dom.ts';
import { isElement, rawText, templateContent } from './dom.ts';
import { normalize } from '../src/text/persian.ts';

export type RenderReason = 'empty-app-root' | 'little-text' | 'noscript-warning' | 'spa-framework' | 'template-content' | 'empty-table' | 'loading-placeholder' | 'load-more';

/** Roots that single-page frameworks mount into. */
const APP_ROOTS = '#app, #root, #__next, #__nuxt, #___gatsby, #svelte, [ng-app], [data-ng-app], app-root, [data-reactroot], [ng-version]';
/** Client-rendered lists and tables, left empty for a script to fill. */
const EMPTY_CONTAINERS = 'main ul:empty, main ol:empty, main dl:empty, main tbody:empty, main table:empty, [data-bind]:empty, [v-for], [ng-repeat], [x-data], '
  // Outside <main>, an id marks the list as a script's target (an empty menu leftover has none).
  + 'ul[id]:empty, ol[id]:empty, dl[id]:empty, tbody[id]:empty, table[id]:empty';
const NOSCRIPT_WARNING = /javascript|جاوا ?اسکریپت|جاوااسکریپت/i;
/** Bundles that render on the client. */
const SPA_BUNDLE = /\b(angular|vue(\.runtime)?|react(-dom)?|ember|backbone|knockout|svelte)(\.min)?(\.[\w-]+)?\.js\b|\/(main|app|runtime|polyfills)[.-][0-9a-f]{6,}\.js\b/i;
const LITTLE_TEXT_CHARS = 200;

function hasScripts($: CheerioAPI): boolean {
  return $('script').toArray().some((s) => (s.attribs.src ?? '') !== '' || $(s).text().trim().length > 0);
}

function emptyAppRoot($: CheerioAPI): boolean {
  return $(APP_ROOTS).toArray().some((el) => rawText(el).length < LITTLE_TEXT_CHARS);
}

function noscriptWarning($: CheerioAPI): boolean {
  return $('noscript').toArray().some((el) => NOSCRIPT_WARNING.test($(el).text()));
}

function spaBundle($: CheerioAPI): boolean {
  return $('script[src]').toArray().some((s) => SPA_BUNDLE.test(s.attribs.src ?? '')) || $(EMPTY_CONTAINERS).length > 0 && hasScripts($);
}

/** A <template> with content: inert unless a script clones it, which only a browser shows. */
function filledTemplate($: CheerioAPI): boolean {
  return $('template').toArray().some((el) => templateContent(el).some((n) => isElement(n) || rawText(n).length > 0));
}

/** A data table with its header and not one data cell: a grid script (DataTables, ag-Grid) fills it. */
function emptyTable($: CheerioAPI): boolean {
  return $('table').toArray().some((t) => $(t).find('th').length > 0 && $(t).find('td').length === 0);
}

/** Words a panel shows until its script has loaded the content. */
const LOADING = /^(لطفا\s*)?(منتظر بمانید|صبر کنید)|در حال (بارگذاری|بارگزاری|دریافت|فراخوانی|آماده ?سازی)|^(loading|please wait)\b/i;
/** A placeholder is short: the same words inside a sentence are prose. */
export const MAX_PLACEHOLDER_CHARS = 60;

const SKIPPED = new Set(['script', 'style', 'noscript', 'template']);

/**
 * A button's whole text asking for more of the list above it: «نمایش بیشتر»,
 * «بارگذاری موارد بیشتر», «مشاهده خدمات بیشتر», "Load more", "Show more"; never a
 * bare «بیشتر», which is as often a menu's "more" dropdown.
 * The source of the pattern is also run in the page (browser.ts), on text
 * already normalised there the same way.
 */
export const LOAD_MORE_SOURCE = '^(?=\\S+\\s)(?:(?:نمایش|مشاهده|بارگذاری|بارگزاری|دیدن|نشان دادن)\\s+)?(?:(?:موارد|خدمات|اخبار|مطالب|اقلام|نتایج|آیتم ها)\\s+)?بیشتر(?:\\s+(?:خدمات|موارد|اخبار))?$|^(?:load|show|view|see)\\s+more$';
const LOAD_MORE = new RegExp(LOAD_MORE_SOURCE, 'i');
/** Buttons, and anchors that go nowhere (a script's), since a real link to the full list is crawled as a page. */
export const LOAD_MORE_CONTROLS = 'button, input[type=button], [role=button], a[href="#"], a[href^="javascript:" i], a:not([href])';

/** Normalised the way the page-side search normalises: Arabic letters, ZWNJ and spaces evened out. */
export function loadMoreText(text: string): boolean {
  return LOAD_MORE.test(normalize(text).replace(/[\u200c\s]+/g, ' ').replace(/[.…:»«]+/g, '').trim());
}

/** A button that asks the page's script for more of its list: only a browser shows what it brings. */
function loadMoreButton($: CheerioAPI): boolean {
  return $(LOAD_MORE_CONTROLS).toArray().some((el) => loadMoreText(el.name === 'input' ? el.attribs.value ?? '' : rawText(el)));
}

/** A short text that only says it is loading («لطفاً منتظر بمانید…», "Loading..."), as a placeholder does. */
export function saysLoading(text: string): boolean {
  const t = normalize(text).replace(/[.…\s]+$/u, '');
  return t.length > 0 && t.length <= MAX_PLACEHOLDER_CHARS && LOADING.test(t);
}

/** A short text saying it is loading, alone in its element (one walk over the text nodes; only a match reads its parent). */
function loadingPlaceholder($: CheerioAPI): boolean {
  const stack: AnyNode[] = [...$('body').toArray()];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'text') {
      if (saysLoading((node as unknown as { data: string }).data) && node.parent && saysLoading(rawText(node.parent))) return true;
    } else if (isElement(node) && !SKIPPED.has(node.name)) {
      // One by one: a spread of a hostile page's 200,000 children would overflow the call.
      for (const child of node.children) stack.push(child);
    }
  }
  return false;
}

/** Why this page needs a browser, or null when its HTML already holds what a citizen sees. */
export function renderReason($: CheerioAPI): RenderReason | null {
  if (!hasScripts($)) return null;
  if (emptyAppRoot($)) return 'empty-app-root';
  if (noscriptWarning($)) return 'noscript-warning';
  const body = $('body')[0];
  if (!body || rawText(body).length < LITTLE_TEXT_CHARS) return 'little-text';
  if (spaBundle($)) return 'spa-framework';
  if (filledTemplate($)) return 'template-content';
  if (emptyTable($)) return 'empty-table';
  if (loadingPlaceholder($)) return 'loading-placeholder';
  if (loadMoreButton($)) return 'load-more';
  return null;
}
