// Entries of news, announcement and document lists, and news article pages: what they say about a feature is news, not the feature.
import type { PageArtifact } from '../../crawlers/artifacts.ts';
import { ancestors, isElement, labelText, rawText, type CheerioAPI, type Element } from '../../crawlers/dom.ts';
import { extractDates } from '../../src/text/dates.ts';
import { matchesAny } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';
import { words } from './labels.ts';
import { isLayoutCell } from './layout-table.ts';

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
 * title link, short enough to be one entry. Null outside such a list, and
 * for a row of a table that lays out the page (its side column is content).
 */
export function listItemOf($: CheerioAPI, el: Element): Element | null {
  for (const a of [el, ...ancestors(el)].slice(0, MAX_ITEM_DEPTH)) {
    // A layout table's row or cell is a band or column of the page: nothing above it is an entry.
    if (a.name === 'body' || a.name === 'main' || isLayoutCell($, a)) return null;
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

// A news article carries a news code; its URL names news and an id.
const NEWS_MARKERS = ['کد خبر', 'شناسه خبر', 'کد مطلب', 'شناسه مطلب', 'news id', 'news code'];

const NEWS_URL = /[/_=.-](news|khabar|akhbar)[/_=.-]?(view|detail|show)?[^#]*?[/=_-]\d{3,}/i;

/** True for the URL of a news story (/news/1402-…, ?khabar=1234): a banner linking there reports, it does not offer. */
export function isNewsUrl(href: string): boolean {
  return NEWS_URL.test(href);
}

/** A CMS's archive of posts by tag or by month (`/tag/…`, K2's `itemlist/tag|date`, `?tag=`, WordPress's `/1404/08/`): it gathers posts, it lists no feature of its own. */
const ARCHIVE_PATH = /\/(tags?|itemlist\/(tag|date))\/|^\/(\d{4})\/(\d{1,2})\/?$/i;

export function isArchiveUrl(href: string): boolean {
  try {
    const u = new URL(href);
    return ARCHIVE_PATH.test(decodeURIComponent(u.pathname)) || u.searchParams.has('tag');
  } catch {
    return false;
  }
}

/** True for a news article page: what it says about a feature is news, not the feature. */
export function isNewsPage(page: PageArtifact): boolean {
  return matchesAny(page.text, NEWS_MARKERS) || NEWS_URL.test(page.finalUrl);
}
