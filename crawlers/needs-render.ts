// Does this page show its content only after scripts run? Decided from the
// fetched HTML alone, so most pages never need a browser.
import type { CheerioAPI } from './dom.ts';
import { isElement, rawText, templateContent } from './dom.ts';

export type RenderReason = 'empty-app-root' | 'little-text' | 'noscript-warning' | 'spa-framework' | 'template-content';

/** Roots that single-page frameworks mount into. */
const APP_ROOTS = '#app, #root, #__next, #__nuxt, #___gatsby, #svelte, [ng-app], [data-ng-app], app-root, [data-reactroot], [ng-version]';
/** Client-rendered lists and tables, left empty for a script to fill. */
const EMPTY_CONTAINERS = 'main ul:empty, main ol:empty, main tbody:empty, main table:empty, [data-bind]:empty, [v-for], [ng-repeat], [x-data]';
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

/** Why this page needs a browser, or null when its HTML already holds what a citizen sees. */
export function renderReason($: CheerioAPI): RenderReason | null {
  if (!hasScripts($)) return null;
  if (emptyAppRoot($)) return 'empty-app-root';
  if (noscriptWarning($)) return 'noscript-warning';
  const body = $('body')[0];
  if (!body || rawText(body).length < LITTLE_TEXT_CHARS) return 'little-text';
  if (spaBundle($)) return 'spa-framework';
  if (filledTemplate($)) return 'template-content';
  return null;
}
