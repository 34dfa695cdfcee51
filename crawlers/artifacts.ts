// The artifact model: what rules may read about a portal. It does not depend
// on how a page was obtained: over HTTP, or rendered in Chromium.
import type { FoundDate } from '../src/text/dates.ts';
import type { LighthouseResult } from './lighthouse.ts';
import type { MobileCheck } from './mobile.ts';
import { attributeDates, extractDates } from '../src/text/dates.ts';
import { normalize } from '../src/text/persian.ts';
import { clickTarget, cssPathOrNull, labelText, loadDom, MAX_TEXT_NODES, optionTarget, visibleText } from './dom.ts';
import { canonicalUrl } from './urls.ts';

export type FetchedBy = 'browser' | 'http';

export interface LinkArtifact {
  /** Absolute URL without fragment. */
  href: string;
  /** Normalised link text, including title/aria-label/img alt. */
  text: string;
  selector: string;
}

/** An earlier, failed try at fetching a page, and how long we waited after it. */
export interface AttemptRecord {
  status: number | null;
  error: string | null;
  waitedMs: number;
}

export interface PageArtifact {
  url: string;
  finalUrl: string;
  status: number | null;
  headers: Record<string, string>;
  contentType: string;
  html: string;
  title: string;
  /** Normalised visible text. */
  text: string;
  links: LinkArtifact[];
  /** Where the page's iframes and frames load from, absolute: the crawl reads each as a page of its own. */
  frames?: string[];
  dates: FoundDate[];
  depth: number;
  /** The first crawled page that linked here (null for the home page). */
  referrer: string | null;
  fetchedBy: FetchedBy;
  /** Why the page was rendered in Chromium after an HTTP fetch (null: not rendered, or rendered because the crawl renders everything). */
  renderReason: string | null;
  /** The character encoding the HTTP body was decoded from (null when the browser decoded it). */
  encoding: string | null;
  /** The Content-Encoding the HTTP body was decompressed from (gzip, deflate, br), or null when it came as is. */
  contentEncoding?: string | null;
  timing: { startedAt: string; durationMs: number };
  error: string | null;
  /** http:// subresources the browser requested for this page (mixed content when the page is https). */
  insecureRequests: string[];
  /** How many times the fetch was retried, and why. */
  retries: number;
  attempts: AttemptRecord[];
  /** What the page's size made the crawler leave unread (links past the cap, text past the node cap): crawl notes. */
  limits?: string[];
}

export interface AgencyRef {
  id: string;
  homepage: string;
  hosts: string[];
  /** The registry's name: rules tell the agency's own pages from another body's by it («شهرداری آران» on Nooshabad's shared host). */
  name?: { fa: string; en: string };
}

export interface SiteArtifacts {
  agency: AgencyRef;
  /** The home page as fetched, or null when it could not be fetched. */
  home: PageArtifact | null;
  /** Every fetched HTML page with status < 400, home first, in crawl order. */
  pages: PageArtifact[];
  /** Every attempted URL, including failures (for link health and diagnostics). */
  attempts: PageArtifact[];
  /** What limited or shaped the crawl (Crawl-delay, URL shapes cut short, budget or time limit reached). */
  crawlNotes?: string[];
  /** How robots.txt of the home page's origin was read. */
  robots?: 'file' | 'missing' | 'unreachable';
  /** HTTPS facts about the home page's host, when they were probed. */
  transport?: TransportFacts;
  /** Service URLs the agency declared: crawled first and sampled as services. */
  declaredServices?: string[];
  /** The deterministic sample of service pages that per-service rules judge (set after discovery). */
  services?: PageArtifact[];
  /** Lighthouse on the home page and a few service pages; absent when Lighthouse was switched off. */
  lighthouse?: LighthouseResult[];
  /** The home page at phone width. */
  mobile?: MobileCheck;
  /** The page a citizen opens next, at phone width: the first sampled service page, else the first page the home page links to (a language splash may fit a phone when the site behind it does not). */
  mobileBehind?: MobileCheck;
  /** Targets that candidate evidence depends on, fetched after the crawl (probe step): documents, search results, systems on other hosts. */
  probes?: ProbeRecord[];
  /** Set when the portal refused the crawler (403/429, a bot or WAF challenge, a geo-block notice): nothing was assessed. */
  blocked?: BlockedFacts;
  /** sitemap.xml (and robots.txt `Sitemap:` entries) as read for discovery and freshness. */
  sitemap?: SitemapFacts;
}

/** Why a target was probed. */
export type ProbeKind = 'document' | 'search' | 'external';

/**
 * What a probed target answered. ok: status < 400; dead: status >= 400;
 * unreachable: no answer (DNS, refused, timeout, TLS); not-probed: the run
 * did not ask (robots.txt, the probe budget, or a run that contacts no host
 * outside the agencies').
 */
export type ProbeState = 'ok' | 'dead' | 'unreachable' | 'not-probed';

export interface ProbeRecord {
  /** The URL asked (canonical); for a search form, the submitted URL with its query. */
  url: string;
  kind: ProbeKind;
  state: ProbeState;
  status: number | null;
  finalUrl: string | null;
  contentType: string | null;
  /** Body size in bytes, as announced (content-length) or as read. */
  bytes: number | null;
  /** The first bytes of the body as latin1 text (a PDF starts with "%PDF"). */
  head: string | null;
  /** The network error, or why it was not probed. */
  note: string | null;
  /** For a search form: the page it was found on and the form's selector. */
  form?: { pageUrl: string; selector: string };
  /** For a search form: the results page it returned (status < 400), as an artifact rules can read. */
  page?: PageArtifact;
  /** A search box tried in a browser (typed into, Enter, its button): `form.selector` is then the box's input. */
  triedInBrowser?: boolean;
}

export interface BlockedFacts {
  /** What the portal answered: 'status-403', 'status-429', 'challenge', 'geo-block'. */
  kind: 'status-403' | 'status-429' | 'challenge' | 'geo-block';
  /** One line for people: what was seen and where. */
  detail: string;
  url: string;
  status: number | null;
}

export interface SitemapFacts {
  /** Where it was read from. */
  urls: string[];
  /** Page URLs it listed, in scope, with their lastmod (YYYY-MM-DD) when given. */
  entries: Array<{ url: string; lastmod: string | null }>;
}

export interface TransportFacts {
  /** The TLS certificate error that made the crawl fall back to ignoring it, or null when it was valid or not used. */
  tlsError: string | null;
  /** What http://<host>/ answered: does it send the citizen on to https? */
  httpProbe: { url: string; status: number | null; location: string | null; redirectsToHttps: boolean; error: string | null } | null;
}

export interface RawPage {
  url: string;
  finalUrl: string;
  status: number | null;
  headers: Record<string, string>;
  html: string;
  /** Visible text as the browser rendered it; derived from the HTML when absent. */
  visibleText?: string;
  depth: number;
  fetchedBy: FetchedBy;
  renderReason?: string | null;
  encoding?: string | null;
  contentEncoding?: string | null;
  timing: { startedAt: string; durationMs: number };
  error?: string | null;
  retries?: number;
  attempts?: AttemptRecord[];
  referrer?: string | null;
  insecureRequests?: string[];
}

/** An absolute http(s) URL in canonical form (see urls.ts), or null for scripts, mail, data and junk. */
export function resolveHref(href: string | undefined, base: string): string | null {
  if (!href || /^(javascript|mailto|tel|data):/i.test(href.trim())) return null;
  try {
    const u = new URL(href.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? canonicalUrl(u.href) : null;
  } catch {
    return null;
  }
}

/** At most this many links are read from one page (a real portal's largest pages have a few thousand). */
export const MAX_LINKS_PER_PAGE = 10_000;

/** The page's links, in document order, up to the cap; what was left out is said in `limits`. */
function readLinks($: ReturnType<typeof loadDom>, base: string, limits: string[]): LinkArtifact[] {
  // Tiles and rows a click handler navigates from («<div onclick="location.href='…'">») are links too; anchors got their targets in loadDom.
  // So are the options of a select that navigates on change («-- انتخاب خدمت --»).
  const anchors = $('a[href], area[href], [onclick], select[onchange] > option[value]').toArray().flatMap((el) => {
    const target = el.name === 'a' || el.name === 'area' ? el.attribs.href : el.name === 'option' ? optionTarget(el) : clickTarget(el);
    return target ? [{ el, target }] : [];
  });
  const links: LinkArtifact[] = [];
  let tooDeep = 0;
  for (const { el, target } of anchors.slice(0, MAX_LINKS_PER_PAGE)) {
    const href = resolveHref(target, base);
    if (!href) continue;
    const selector = cssPathOrNull(el);
    if (selector === null) tooDeep++;
    else links.push({ href, text: labelText(el), selector });
  }
  if (anchors.length > MAX_LINKS_PER_PAGE) limits.push(`${anchors.length} links on the page; the first ${MAX_LINKS_PER_PAGE} were read`);
  if (tooDeep) limits.push(`${tooDeep} links nested deeper than a browser builds were not read`);
  return links;
}

/** A page's frames beyond this many are left unread: a real page has a handful, a hostile one thousands. */
const MAX_FRAMES = 100;

/** The documents the page's iframes and frames show (a service desk in an iframe is part of the portal). */
function readFrames($: ReturnType<typeof loadDom>, base: string): string[] {
  const srcs = $('iframe[src], frame[src]').toArray().slice(0, MAX_FRAMES).map((el) => resolveHref(el.attribs.src, base));
  return [...new Set(srcs.filter((u): u is string => !!u && /^https?:/i.test(u)))];
}

/** Turn a fetched page into the artifact record rules read. Pure; linear in the page's size, with caps on links and text nodes. */
export function buildPageArtifact(raw: RawPage): PageArtifact {
  const $ = loadDom(raw.html);
  const baseHref = $('base[href]').attr('href');
  const base = resolveHref(baseHref, raw.finalUrl) ?? raw.finalUrl;
  const limits: string[] = [];
  const links = readLinks($, base, limits);
  const frames = readFrames($, base);
  let bodyText = raw.visibleText ?? '';
  if (raw.visibleText === undefined && $('body').length) {
    const read = visibleText($('body')[0]);
    if (read.truncated) limits.push(`more than ${MAX_TEXT_NODES} nodes; the text of the first ${MAX_TEXT_NODES} was read`);
    bodyText = read.text;
  }
  const text = normalize(bodyText);
  const headers = lowerCaseKeys(raw.headers);
  return {
    url: raw.url,
    finalUrl: raw.finalUrl,
    status: raw.status,
    headers,
    contentType: headers['content-type'] ?? '',
    html: raw.html,
    title: normalize($('title').first().text()),
    text,
    links,
    ...(frames.length ? { frames } : {}),
    dates: pageDates($, text),
    depth: raw.depth,
    fetchedBy: raw.fetchedBy,
    renderReason: raw.renderReason ?? null,
    encoding: raw.encoding ?? null,
    contentEncoding: raw.contentEncoding ?? null,
    timing: raw.timing,
    error: raw.error ?? null,
    referrer: raw.referrer ?? null,
    insecureRequests: raw.insecureRequests ?? [],
    retries: raw.retries ?? 0,
    attempts: raw.attempts ?? [],
    ...(limits.length ? { limits } : {}),
  };
}

/** Dates in the visible text, then those only in attributes (a ticker's `title`, `<time datetime>`), each once. */
function pageDates($: ReturnType<typeof loadDom>, text: string): FoundDate[] {
  const dates = extractDates(text);
  const seen = new Set(dates.map((d) => d.iso));
  $('[datetime], [title]').each((_, el) => {
    for (const d of attributeDates(el.attribs)) {
      if (seen.has(d.iso)) continue;
      seen.add(d.iso);
      dates.push({ ...d, index: -1 });
    }
  });
  return dates;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}
