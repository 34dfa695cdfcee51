// sitemap.xml for discovery and freshness: the files robots.txt names
// (`Sitemap:`) and /sitemap.xml, sitemap indexes followed, everything
// bounded (a few files, each size-capped). Parsed with cheerio in XML mode.
import * as cheerio from 'cheerio';
import type { SitemapFacts } from './artifacts.ts';
import { resolveHref } from './artifacts.ts';

export interface SitemapLimits {
  /** Sitemap files read per portal, indexes included. */
  maxFiles: number;
  /** Bytes read of one file; the rest is left unread (and noted). */
  maxBytesPerFile: number;
  /** Page entries kept per portal. */
  maxEntries: number;
}

export const DEFAULT_SITEMAP_LIMITS: SitemapLimits = { maxFiles: 5, maxBytesPerFile: 2 * 1024 * 1024, maxEntries: 5_000 };

/** One file's bytes, or why there are none (not found, not allowed, failed). */
export type SitemapFetch = (url: string) => Promise<{ xml: string | null; truncated: boolean; note: string | null }>;

export interface ParsedSitemap {
  /** Child sitemaps of a sitemap index. */
  sitemaps: string[];
  entries: Array<{ url: string; lastmod: string | null }>;
}

/** `lastmod` as YYYY-MM-DD (W3C datetime: a date, or a date and time), null when absent or unreadable. */
export function lastmodDate(value: string | undefined): string | null {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
  if (!m) return null;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== `${m[1]}-${m[2]}-${m[3]}` ? null : `${m[1]}-${m[2]}-${m[3]}`;
}

/** A sitemap or sitemap index; namespaces and prefixes ignored, URLs made absolute and canonical. Pure. */
export function parseSitemap(xml: string, base: string): ParsedSitemap {
  const $ = cheerio.load(xml, { xml: true });
  const loc = (el: Parameters<typeof $>[0]) => resolveHref($(el).children().filter((_, c) => localName(c) === 'loc').first().text(), base);
  const byName = (name: string) => $('*').filter((_, el) => localName(el) === name);
  const sitemaps = byName('sitemap').map((_, el) => loc(el)).get().filter((u): u is string => !!u);
  const entries = byName('url').map((_, el) => {
    const url = loc(el);
    const lastmod = $(el).children().filter((_, c) => localName(c) === 'lastmod').first().text();
    return url ? [{ url, lastmod: lastmodDate(lastmod) }] : [];
  }).get() as Array<{ url: string; lastmod: string | null }>;
  return { sitemaps, entries };
}

function localName(node: unknown): string {
  const name = (node as { name?: string }).name ?? '';
  return name.slice(name.indexOf(':') + 1).toLowerCase();
}

/**
 * Read the portal's sitemaps breadth-first from `start` (robots.txt's
 * `Sitemap:` URLs, then /sitemap.xml), keeping page entries inside `inScope`.
 * Returns null when no sitemap could be read.
 */
export async function readSitemaps(start: string[], inScope: (url: string) => boolean, fetch: SitemapFetch, limits: SitemapLimits, notes: string[]): Promise<SitemapFacts | null> {
  const queue = [...new Set(start)].filter(inScope);
  const seen = new Set(queue);
  const read: string[] = [];
  const entries = new Map<string, string | null>();
  while (queue.length && read.length < limits.maxFiles) {
    const url = queue.shift()!;
    const got = await fetch(url);
    if (got.note) notes.push(`sitemap ${url}: ${got.note}`);
    if (got.xml === null) continue;
    read.push(url);
    if (got.truncated) notes.push(`sitemap ${url}: only the first ${Math.round(limits.maxBytesPerFile / 1024)} KB were read`);
    const parsed = parseSitemap(got.xml, url);
    for (const child of parsed.sitemaps) if (!seen.has(child) && inScope(child)) { seen.add(child); queue.push(child); }
    for (const e of parsed.entries) {
      if (entries.size >= limits.maxEntries) break;
      if (inScope(e.url) && !entries.has(e.url)) entries.set(e.url, e.lastmod);
    }
  }
  if (queue.length) notes.push(`${queue.length} more sitemap files were not read (at most ${limits.maxFiles})`);
  if (entries.size >= limits.maxEntries) notes.push(`sitemap entries kept: the first ${limits.maxEntries}`);
  return read.length ? { urls: read, entries: [...entries].map(([url, lastmod]) => ({ url, lastmod })) } : null;
}
