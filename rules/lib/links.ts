// Links as features: menu and navigation items that offer a feature, hosts, and what the crawl reached.
import type { LinkArtifact, PageArtifact, SiteArtifacts } from '../../crawlers/artifacts.ts';
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { compilePattern, matchesAny, type Patterns } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';
import { urlWords } from '../../src/text/url-words.ts';
import { inRunningText } from './blocks.ts';
import { inPageChrome } from './chrome.ts';
import { opensWithCue, readsLikeLabel, words } from './labels.ts';
import { inDatedItem, isNewsUrl } from './lists.ts';

/** Link texts longer than this read like headlines, not navigation. */
export const MAX_NAV_LINK_WORDS = 6;

/** Links whose short, navigation-like text matches a cue (headlines are left out). */
export function navLinks(page: PageArtifact, patterns: Patterns): LinkArtifact[] {
  return page.links.filter((l) => words(withoutGloss(l.text)) <= MAX_NAV_LINK_WORDS && matchesAny(l.text, patterns));
}

/** Text without its parenthetical glosses: «پیگیری پرونده (کد رهگیری)» is a two-word label, not a headline. */
function withoutGloss(text: string): string {
  return text.replace(/\([^()]*\)/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The URL's host, lower-cased without a leading www., or null for a URL that does not parse. */
export function bareHost(href: string): string | null {
  try {
    return new URL(href).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** True when the URL is on one of `hosts` (or its www. form). */
export function onHosts(href: string, hosts: readonly string[]): boolean {
  const host = bareHost(href);
  return host !== null && hosts.some((h) => h.toLowerCase().replace(/^www\./, '') === host);
}

/** The link's element in the page's DOM (found again by its selector), or null. */
export function linkElement($: CheerioAPI, link: LinkArtifact): Element | null {
  return ($(link.selector)[0] as Element | undefined) ?? null;
}

/**
 * Navigation links a cue names that offer the feature: short, not a headline
 * (no closing verb), and not a link inside a sentence of prose.
 */
export function labelLinks($: CheerioAPI, page: PageArtifact, patterns: Patterns): LinkArtifact[] {
  return navLinks(page, patterns).filter((l) => {
    const el = linkElement($, l);
    return readsLikeLabel(l.text, patterns) && !(el && inRunningText(el));
  });
}

/** True when the crawl tried the URL (fetched or failed); false when it never got there. */
export function wasCrawled(site: SiteArtifacts, href: string): boolean {
  return site.attempts.some((p) => p.url === href || p.finalUrl === href);
}

/** True when the probe step asked the URL and it answered >= 400: a dead target, not a feature out of reach. */
export function probedDead(site: SiteArtifacts, href: string): boolean {
  return !!site.probes?.some((p) => (p.url === href || p.finalUrl === href) && p.state === 'dead');
}

/** Neither crawled nor found dead by the probe step: the feature may sit there. */
function outOfReach(site: SiteArtifacts, href: string): boolean {
  return !wasCrawled(site, href) && !probedDead(site, href);
}

/**
 * Navigation links a cue names whose target the crawl never reached (another
 * host, past the page budget). The feature may sit there, so a rule that finds
 * nothing else cannot call it absent.
 */
export function uncrawledNavLinks(site: SiteArtifacts, patterns: Patterns): Array<{ page: PageArtifact; link: LinkArtifact }> {
  const out: Array<{ page: PageArtifact; link: LinkArtifact }> = [];
  for (const page of site.pages) {
    for (const link of navLinks(page, patterns)) if (outOfReach(site, link.href)) out.push({ page, link });
  }
  return out;
}

/** Words beside the cue that turn a menu label into a headline («حریم خصوصی در عصر دیجیتال»). */
const PHRASE_WORDS = new Set(['در', 'از', 'با', 'برای', 'بر', 'تا', 'به', 'درباره', 'پیرامون', 'in', 'of', 'for', 'on', 'about', 'with']);

const MAX_EXTRA_LABEL_WORDS = 3;

/** Tokens that join cues without adding words: «و», a plural suffix split off by a ZWNJ («بخشنامه‌ها»), punctuation. */
const JOINERS = new Set(['و', 'ها', 'های', 'ی', 'and', '&']);

/** The words of a label outside its cue matches: «قوانین، مقررات و بخشنامه‌ها» has none. */
function wordsBesideCue(text: string, patterns: Patterns): string[] {
  let rest = text;
  for (const p of patterns) rest = rest.replace(new RegExp(compilePattern(p).source, 'gu'), ' ');
  return rest.replace(/[^\p{L}\p{N}\s]/gu, ' ').split(' ').filter((w) => w && !JOINERS.has(w));
}

/**
 * Links that offer a feature by name: a menu, footer or sidebar item. Like
 * labelLinks, no closing verb and not in prose; and the link is not a dated
 * news teaser, says little beside the cue and no preposition (a headline's
 * shape), and either opens with the cue or stands in the page's frame
 * («قوانین و حریم خصوصی» in a footer).
 */
export function menuLinks($: CheerioAPI, page: PageArtifact, patterns: Patterns): LinkArtifact[] {
  // Not navLinks' six-word cap: «سامانه انتشار و دسترسی آزاد به اطلاعات» is a
  // seven-word menu item; the words beside the cue bound the length instead.
  return page.links.filter((l) => {
    if (!matchesAny(l.text, patterns) || !readsLikeLabel(l.text, patterns)) return false;
    const el = linkElement($, l);
    // «#» opens a drop-down: the menu's heading, not a link to the feature.
    if (el && (/^\s*(#|javascript:)/i.test(el.attribs.href ?? '') || inRunningText(el) || inDatedItem($, el))) return false;
    const extra = wordsBesideCue(l.text, patterns);
    if (extra.length > MAX_EXTRA_LABEL_WORDS || extra.some((w) => PHRASE_WORDS.has(w))) return false;
    return opensWithCue(l.text, patterns) || (!!el && inPageChrome(el));
  });
}

/** The crawled page a URL leads to, if the crawl fetched it. */
export function crawledPage(site: SiteArtifacts, href: string): PageArtifact | undefined {
  return site.pages.find((p) => p.url === href || p.finalUrl === href);
}

/** Menu links naming the feature whose target the crawl never reached: the feature may sit there. */
export function uncrawledMenuLinks(
  site: SiteArtifacts, dom: (page: PageArtifact) => CheerioAPI, patterns: Patterns,
): Array<{ page: PageArtifact; link: LinkArtifact }> {
  return site.pages.flatMap((page) => menuLinks(dom(page), page, patterns)
    .filter((link) => outOfReach(site, link.href)).map((link) => ({ page, link })));
}

/** Text of the element's own text nodes, without image alts: empty for an image-only link. */
function ownWords(el: Element): string {
  const parts: string[] = [];
  const walk = (n: Element): void => {
    for (const c of n.children) {
      if (c.type === 'text') parts.push((c as unknown as { data: string }).data);
      else if (c.type === 'tag') walk(c as Element);
    }
  };
  walk(el);
  return normalize(parts.join(' '));
}

/** A link with no words of its own: an image, an icon. */
export function imageOnly(el: Element): boolean {
  return words(ownWords(el)) === 0;
}

/**
 * What a link says in full: its text, title, aria-label and image alt, and
 * for an image-only link (no words of its own) the words of its URL and of
 * its image's file name too (`/node/add/complaint`, `btn-shekayat.png`). A
 * link with words of its own («ادامه مطلب») is read by its words, not its URL.
 */
export function linkCueText($: CheerioAPI, page: PageArtifact, link: LinkArtifact): string {
  const el = linkElement($, link);
  if (!el || !imageOnly(el)) return link.text;
  const images = $(el).find('img[src], input[type=image][src]').toArray().map((img) => {
    try {
      return urlWords(new URL(img.attribs.src, page.finalUrl).href);
    } catch {
      return '';
    }
  });
  return normalize([link.text, urlWords(link.href), ...images].join(' '));
}

/**
 * Navigation links a cue names, read in full: short link text as navLinks,
 * or an image-only link whose alt, URL or image file name names it (by
 * `imagePatterns` when a bare word such as «پیگیری» is enough there). Entries
 * of dated news lists are left out: a news photo links to its story.
 */
export function cueLinks($: CheerioAPI, page: PageArtifact, patterns: Patterns, imagePatterns: Patterns = patterns): LinkArtifact[] {
  const named = new Set(navLinks(page, patterns));
  return page.links.filter((l) => {
    if (named.has(l)) return true;
    const el = linkElement($, l);
    return !!el && imageOnly(el) && !isNewsUrl(l.href) && matchesAny(linkCueText($, page, l), imagePatterns) && !inDatedItem($, el);
  });
}
