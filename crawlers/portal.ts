// Discovery inside one portal: breadth-first from the home page, level by
// level so the pages crawled within the budget do not depend on timing.
// Pages come over HTTP first; Chromium renders only those that need scripts.
import PQueue from 'p-queue';
import type { BrowserContext } from 'playwright';
import type { AgencyRef, BlockedFacts, PageArtifact, RawPage, SiteArtifacts, SitemapFacts } from './artifacts.ts';
import { buildPageArtifact, resolveHref } from './artifacts.ts';
import { detectBlocked } from './blocked.ts';
import { readOnlyTabs, renderPage, TabPool } from './browser.ts';
import { loadDom, type Element } from './dom.ts';
import { fetchBytes, fetchHttp, type HttpClient } from './http.ts';
import { renderReason } from './needs-render.ts';
import { fetchRobots, type RobotsPolicy } from './robots.ts';
import { atMostOneRetry, DEFAULT_RETRY_OPTIONS, withRetries, type RetryOptions } from './retry.ts';
import { DEFAULT_SITEMAP_LIMITS, readSitemaps, type SitemapFetch, type SitemapLimits } from './sitemap.ts';
import { canonicalUrl, postbackOf, routeOf, urlPattern } from './urls.ts';
import { postbackBody, postbackForm } from './postback.ts';
import { inScope, siteHosts } from './scope.ts';

/** `http-first`: HTTP, then Chromium where scripts are needed. `browser`: Chromium for every page. */
export type FetchMode = 'http-first' | 'browser';

export interface CrawlOptions {
  fetchMode: FetchMode;
  maxPagesPerPortal: number;
  /** At most this many URLs of one shape (numbers blanked): an endless calendar is not crawled to the end. */
  maxPagesPerPattern: number;
  navigationTimeoutMs: number;
  settleMs: number;
  /** The whole portal's crawl stops scheduling pages after this. */
  portalTimeoutMs: number;
  robotsTimeoutMs: number;
  perHostConcurrency: number;
  sameHostDelayMs: number;
  /** A robots.txt Crawl-delay longer than this is capped, and the cap is noted. */
  maxCrawlDelayMs: number;
  maxPageBytes: number;
  maxRedirects: number;
  /** Pages of one agency rendered at once (HTTP-first: the document comes from the HTTP copy). */
  maxConcurrentRenders: number;
  userAgent: string;
  retry: RetryOptions;
  /** sitemap.xml files read for discovery: how many, how large. */
  sitemap: SitemapLimits;
}

const DEFAULT_USER_AGENT = 'portal-audit/0.1 (+https://github.com/portal-audit/portal-audit; government portal audit bot)';

export const DEFAULT_CRAWL_OPTIONS: CrawlOptions = {
  fetchMode: 'http-first',
  maxPagesPerPortal: 60,
  // As many as the per-service sample: numbered service pages must not be cut short.
  maxPagesPerPattern: 20,
  navigationTimeoutMs: 20_000,
  settleMs: 1_500,
  portalTimeoutMs: 5 * 60_000,
  robotsTimeoutMs: 10_000,
  perHostConcurrency: 2,
  sameHostDelayMs: 250,
  maxCrawlDelayMs: 30_000,
  maxPageBytes: 5 * 1024 * 1024,
  maxRedirects: 10,
  maxConcurrentRenders: 3,
  userAgent: DEFAULT_USER_AGENT,
  retry: DEFAULT_RETRY_OPTIONS,
  sitemap: DEFAULT_SITEMAP_LIMITS,
};

interface HostPolicy { queue: PQueue; delayMs: number }

/** Politeness slots per host: held while a request runs, shared by every agency of the run. */
export interface HostSlots {
  /** A page loaded in a browser (or anything that loads the machine) inside the host's slot. */
  run<T>(url: string, task: () => Promise<T>): Promise<T>;
  /** A request over HTTP inside the host's slot: it mostly waits on the network, so Lighthouse's performance run does not wait for it to end. */
  request<T>(url: string, task: () => Promise<T>): Promise<T>;
  /** robots.txt asked for a Crawl-delay. */
  slowDown(host: string, delayMs: number): void;
  /** A step that loads the machine outside any host's slot (a render, the phone check, judging, screenshots): the run may hold it back. */
  busy<T>(task: () => Promise<T>): Promise<T>;
}

/** Per-host queues shared by the whole run, so two agencies on one host still respect its limit. */
export class HostLimiter implements HostSlots {
  private readonly hosts = new Map<string, HostPolicy>();
  private readonly concurrency: number;
  private readonly delayMs: number;
  constructor(concurrency: number, delayMs: number) {
    this.concurrency = concurrency;
    this.delayMs = delayMs;
  }
  private policy(host: string): HostPolicy {
    let p = this.hosts.get(host);
    if (!p) this.hosts.set(host, (p = { queue: new PQueue({ concurrency: this.concurrency }), delayMs: this.delayMs }));
    return p;
  }
  /** One process, nothing to hold back for. */
  busy<T>(task: () => Promise<T>): Promise<T> {
    return task();
  }
  /** robots.txt asked for a Crawl-delay: one request at a time, that far apart. */
  slowDown(host: string, delayMs: number): void {
    const p = this.policy(host);
    p.queue.concurrency = 1;
    p.delayMs = Math.max(p.delayMs, delayMs);
  }
  /** One process runs no Lighthouse beside it: a request is any other slot. */
  request<T>(url: string, task: () => Promise<T>): Promise<T> {
    return this.run(url, task);
  }
  run<T>(url: string, task: () => Promise<T>): Promise<T> {
    const p = this.policy(new URL(url).host);
    return p.queue.add(async () => {
      try {
        return await task();
      } finally {
        if (p.delayMs > 0) await new Promise((r) => setTimeout(r, p.delayMs));
      }
    }) as Promise<T>;
  }
}

export interface CrawlContext {
  browserContext: BrowserContext;
  http: HttpClient;
  limiter: HostSlots;
  options: CrawlOptions;
  ignoreCertificateErrors: boolean;
  /** robots.txt per origin, shared with the probe step so each file is read once per agency. */
  robots?: RobotsCache;
}

export type RobotsCache = Map<string, Promise<RobotsPolicy>>;

/** What reading robots.txt needs of a crawl context. */
export type RobotsContext = Pick<CrawlContext, 'http' | 'limiter' | 'options' | 'ignoreCertificateErrors'>;

/** Links we never navigate to: files, not pages. */
export const NOT_A_PAGE = /\.(pdf|zip|rar|7z|docx?|xlsx?|pptx?|csv|jpe?g|png|gif|svg|webp|mp4|mp3|apk|exe|iso|tar|gz)(\?|$)/i;


function isUsable(page: PageArtifact): boolean {
  return !page.error && page.status !== null && page.status < 400 && page.html !== '';
}

/** The browser's reading of a page fetched over HTTP; the HTTP response stays the record of status and headers. */
async function renderFetched(fetched: RawPage, reason: string, opts: CrawlOptions, tabs: TabPool): Promise<RawPage> {
  const rendered = await renderPage(tabs, fetched.finalUrl, fetched.depth, { ...opts, document: fetched, waitFor: reason === 'empty-table' || reason === 'loading-placeholder' ? reason : undefined });
  if (rendered.error) return { ...fetched, renderReason: `${reason}; rendering failed: ${rendered.error}` };
  return { ...fetched, html: rendered.html, visibleText: rendered.visibleText, insecureRequests: rendered.insecureRequests, fetchedBy: 'browser', renderReason: reason, timing: { ...fetched.timing, durationMs: fetched.timing.durationMs + rendered.timing.durationMs } };
}

/** Renders pages fetched over HTTP outside the crawl (a search's results page), the crawl's way, in one tab of the agency's context. */
export interface FetchedRenderer {
  render(fetched: RawPage, reason: string): Promise<RawPage>;
  close(): Promise<void>;
}

export function fetchedRenderer(browserContext: BrowserContext, opts: CrawlOptions): FetchedRenderer {
  const tabs = new TabPool(browserContext, 1);
  return { render: (fetched, reason) => renderFetched(fetched, reason, opts, tabs), close: () => tabs.closeAll() };
}

/** One request's worth of a page, the way the crawl's mode says: held inside the host's politeness slot. A postback is always an HTTP POST (a tab cannot be sent one). */
async function fetchPage(url: string, depth: number, ctx: CrawlContext, work: CrawlWork, postBody?: string): Promise<RawPage> {
  const opts = ctx.options;
  if (postBody !== undefined) {
    // In browser mode the session a postback's view state belongs to was started by the tab that loaded its page.
    if (opts.fetchMode === 'browser') await ctx.http.adoptCookies(url, await ctx.browserContext.cookies(url).catch(() => []));
    // A refused postback is asked again once at most.
    return withRetries(() => fetchHttp(ctx.http, url, depth, opts, ctx.ignoreCertificateErrors, (u) => inScope(u, work.hosts), postBody), atMostOneRetry(opts.retry));
  }
  if (opts.fetchMode === 'browser') {
    return withRetries(() => renderPage(work.tabs, url, depth, opts), opts.retry);
  }
  return withRetries(() => fetchHttp(ctx.http, url, depth, opts, ctx.ignoreCertificateErrors, (u) => inScope(u, work.hosts)), opts.retry);
}

/**
 * A page over HTTP, rendered afterwards when its content needs scripts. The
 * render gets its document from the HTTP copy, so it runs outside the host's
 * slot, on the agency's own render queue (and as a busy step of the run).
 */
async function obtainPage(url: string, depth: number, ctx: CrawlContext, work: CrawlWork, postBody?: string): Promise<RawPage | null> {
  const posted = postBody !== undefined;
  const fetchOnce = async () => (Date.now() < work.deadline ? fetchPage(url, depth, ctx, work, postBody) : null);
  // In browser mode the page is loaded in a tab, inside the host's slot.
  const fetched = await (ctx.options.fetchMode === 'browser' && !posted ? ctx.limiter.run(url, fetchOnce) : ctx.limiter.request(url, fetchOnce));
  if (!fetched || (ctx.options.fetchMode === 'browser' && !posted) || fetched.error || fetched.status === null || fetched.status >= 400 || !fetched.html) return fetched;
  // The server sends every route of a hash-routed app the same document: only its scripts show the route's page.
  // In browser mode a posted page is rendered from its POST's answer like any other page.
  const reason = routeOf(url) ? 'client-side-route' : posted && ctx.options.fetchMode === 'browser' ? 'postback' : renderReason(loadDom(fetched.html));
  return reason ? (work.renders.add(() => ctx.limiter.busy(() => renderFetched(fetched, reason, ctx.options, work.tabs))) as Promise<RawPage>) : fetched;
}

/** One portal crawl's render queue, its tabs, when it stops scheduling pages, and its scope (redirects stay inside). */
interface CrawlWork { renders: PQueue; tabs: TabPool; deadline: number; hosts: ReadonlySet<string> }

function crawlWork(ctx: CrawlContext, hosts: ReadonlySet<string>): CrawlWork {
  const opts = ctx.options;
  const tabsAtOnce = Math.max(opts.maxConcurrentRenders, opts.perHostConcurrency);
  return {
    renders: new PQueue({ concurrency: opts.maxConcurrentRenders }),
    // Only pages read in browser mode go without fonts and media; an HTTP-first render loads the page whole, as a citizen's browser would, since its snapshot is what gets photographed.
    tabs: opts.fetchMode === 'browser' ? readOnlyTabs(ctx.browserContext, tabsAtOnce) : new TabPool(ctx.browserContext, tabsAtOnce),
    deadline: Date.now() + opts.portalTimeoutMs,
    hosts,
  };
}

interface Frontier {
  hosts: Set<string>;
  seen: Set<string>;
  referrers: Map<string, string>;
  patterns: Map<string, number>;
  /** URL shapes cut short by maxPagesPerPattern, with how many URLs were left out. */
  skipped: Map<string, number>;
  /** Pages reached by a WebForms postback: the body the click on the page that linked them posts. */
  posts: Map<string, string>;
}

/** Queue a link unless it was seen, leaves the portal, is a file, or is one URL too many of its shape. */
function enqueue(f: Frontier, level: string[], url: string, opts: CrawlOptions, referrer: string | null): void {
  if (f.seen.has(url) || NOT_A_PAGE.test(new URL(url).pathname) || !inScope(url, f.hosts)) return;
  f.seen.add(url);
  const shape = urlPattern(url);
  const n = (f.patterns.get(shape) ?? 0) + 1;
  f.patterns.set(shape, n);
  if (n > opts.maxPagesPerPattern) {
    f.skipped.set(shape, (f.skipped.get(shape) ?? 0) + 1);
    return;
  }
  if (referrer) f.referrers.set(url, referrer);
  level.push(url);
}

/**
 * For each postback link a page queued, the body its click posts: that page's
 * own form fields (its view state), as the browser would send them. The first
 * page to link a postback is the one whose form is posted.
 */
function rememberPostbacks(page: PageArtifact, f: Frontier): void {
  const queued = page.links.filter((l) => postbackOf(l.href) && f.referrers.get(l.href) === page.finalUrl && !f.posts.has(l.href));
  if (!queued.length) return;
  const $ = loadDom(page.html);
  for (const { href, selector } of queued) {
    const a = $(selector).toArray()[0] as Element | undefined;
    const form = a ? postbackForm($, a) : null;
    if (form) f.posts.set(href, postbackBody($, form, postbackOf(href)!));
  }
}

/** What following postbacks came to, for the crawl notes. */
interface PostbackCount { reached: number; repeated: number; refused: number }

/**
 * Pages a postback showed that are the same page as one already read (a menu
 * LinkButton posted from another page's form shows the same view again) are
 * left out, so a view is judged once. A postback the server refused (a view
 * state tied to a session the crawl did not keep) is left out too: the crawl
 * could not make the click, which says nothing of the portal's links.
 */
function withoutRepeatedViews(built: PageArtifact[], before: PageArtifact[], count: PostbackCount): PageArtifact[] {
  const texts = new Set(before.filter(isUsable).map((p) => p.text));
  return built.filter((p) => {
    if (!postbackOf(p.url)) return true;
    if (!isUsable(p) && p.url === p.finalUrl) {
      count.refused++;
      return false;
    }
    if (isUsable(p) && texts.has(p.text)) {
      count.repeated++;
      return false;
    }
    if (isUsable(p)) count.reached++;
    texts.add(p.text);
    return true;
  });
}

function postbackNotes(count: PostbackCount): string[] {
  const notes = count.reached ? [`${count.reached} pages were reached through WebForms postbacks (LinkButtons); their addresses end in "#postback=…": to see one, open the page that links to it and click the link${count.repeated ? `; ${count.repeated} more showed a page already read` : ''}`] : [];
  if (count.refused) notes.push(`${count.refused} WebForms postbacks were refused by the server or failed; the pages behind them were not read and are not counted as broken links`);
  return notes;
}

/** The origin's robots.txt policy, read once per cache; a Crawl-delay slows the host down for the whole run (noted). */
export async function robotsFor(cache: RobotsCache, url: string, ctx: RobotsContext, notes: string[]): Promise<RobotsPolicy> {
  const { origin, host } = new URL(url);
  let p = cache.get(origin);
  if (!p) {
    cache.set(origin, (p = fetchRobots(origin, ctx.options.userAgent, ctx.options.robotsTimeoutMs, ctx.http.dispatcher(ctx.ignoreCertificateErrors))));
    const policy = await p;
    if (policy.crawlDelaySeconds) {
      const delayMs = Math.min(policy.crawlDelaySeconds * 1000, ctx.options.maxCrawlDelayMs);
      ctx.limiter.slowDown(host, delayMs);
      notes.push(`robots.txt Crawl-delay ${policy.crawlDelaySeconds} s honoured on ${host}${delayMs < policy.crawlDelaySeconds * 1000 ? ` (capped at ${delayMs / 1000} s)` : ''}`);
    }
  }
  return p;
}

function crawlNotes(f: Frontier, attempts: number, opts: CrawlOptions, timedOut: boolean, left: number): string[] {
  const notes = [...f.skipped].map(([shape, n]) => `${n} more URLs shaped like ${shape} were not crawled (at most ${opts.maxPagesPerPattern} of one shape)`);
  if (timedOut) notes.push(`the portal time limit (${opts.portalTimeoutMs} ms) ended the crawl with ${left} pages still queued`);
  else if (left > 0 && attempts >= opts.maxPagesPerPortal) notes.push(`the page budget (${opts.maxPagesPerPortal}) ended the crawl with ${left} pages still queued`);
  return notes;
}

/** What the caps on links and nodes left unread, page by page. */
function pageLimitNotes(attempts: PageArtifact[]): string[] {
  return attempts.flatMap((p) => (p.limits ?? []).map((l) => `${p.finalUrl}: ${l}`));
}

const XML_SITEMAP = /<(\w+:)?(urlset|sitemapindex)\b/;

/** One sitemap file through the host's politeness slot and robots.txt; a missing /sitemap.xml is not worth a note. */
function sitemapFetcher(robots: RobotsCache, ctx: CrawlContext, notes: string[]): SitemapFetch {
  const limits = ctx.options.sitemap;
  return async (url) => {
    if (!(await robotsFor(robots, url, ctx, notes)).isAllowed(url)) return { xml: null, truncated: false, note: 'robots.txt disallows it' };
    if (/\.gz$/i.test(new URL(url).pathname)) return { xml: null, truncated: false, note: 'compressed sitemaps are not read' };
    const got = await ctx.limiter.request(url, () => withRetries(() => fetchBytes(ctx.http, url, ctx.options, limits.maxBytesPerFile, ctx.ignoreCertificateErrors), atMostOneRetry(ctx.options.retry)));
    if (got.error) return { xml: null, truncated: false, note: got.error };
    if ((got.status ?? 0) >= 400) return { xml: null, truncated: false, note: got.status === 404 ? null : `HTTP ${got.status}` };
    const xml = got.body!.toString('utf8');
    if (!XML_SITEMAP.test(xml.slice(0, 4096))) return { xml: null, truncated: false, note: null };
    return { xml, truncated: !got.complete, note: null };
  };
}

/** The portal's sitemaps (robots.txt's `Sitemap:` lines, then /sitemap.xml), read after the home page. */
async function discoverSitemaps(home: string, f: Frontier, robots: RobotsCache, ctx: CrawlContext, notes: string[]) {
  const listed = (await robotsFor(robots, home, ctx, notes)).sitemaps.flatMap((u) => {
    const abs = resolveHref(u, home);
    return abs ? [abs] : [];
  });
  return readSitemaps([...listed, new URL('/sitemap.xml', home).href], (url) => inScope(url, f.hosts), sitemapFetcher(robots, ctx, notes), ctx.options.sitemap, notes);
}

/** Crawl one portal; `seeds` (declared service URLs) are fetched right after the home page, within the budget, then the home page's links, then the sitemap's pages. */
export async function crawlPortal(agency: AgencyRef, ctx: CrawlContext, seeds: string[] = []): Promise<SiteArtifacts> {
  const opts = ctx.options;
  const home = canonicalUrl(agency.homepage);
  const f: Frontier = { hosts: siteHosts(home, agency.hosts), seen: new Set([home]), referrers: new Map(), patterns: new Map(), skipped: new Map(), posts: new Map() };
  const postbacks: PostbackCount = { reached: 0, repeated: 0, refused: 0 };
  const robots: RobotsCache = ctx.robots ?? new Map();
  let blocked: BlockedFacts | null = null;
  let sitemap: SitemapFacts | null = null;
  const notes: string[] = [];
  const attempts: PageArtifact[] = [];
  const work = crawlWork(ctx, f.hosts);
  let level = [home];
  try {
    for (let depth = 0; level.length && attempts.length < opts.maxPagesPerPortal && Date.now() < work.deadline; depth++) {
      const batch: string[] = [];
      for (const url of level) {
        if (attempts.length + batch.length >= opts.maxPagesPerPortal) break;
        if ((await robotsFor(robots, url, ctx, notes)).isAllowed(url)) batch.push(url);
      }
      const raw = await Promise.all(batch.map((url) => obtainPage(url, depth, ctx, work, f.posts.get(url))));
      const built = raw.flatMap((p, i) => (p ? [buildPageArtifact({ ...p, referrer: f.referrers.get(batch[i]) ?? null })] : []));
      const done = withoutRepeatedViews(built, attempts, postbacks);
      attempts.push(...done);
      // A portal that refuses the crawler is asked nothing more.
      if (depth === 0 && (blocked = detectBlocked(done[0]))) break;
      if (depth === 0 && done[0] && isUsable(done[0])) {
        f.hosts.add(new URL(done[0].finalUrl).host.toLowerCase());
        sitemap = await discoverSitemaps(done[0].finalUrl, f, robots, ctx, notes);
      }
      const next: string[] = [];
      if (depth === 0) for (const seed of seeds) enqueue(f, next, canonicalUrl(seed), opts, null);
      for (const page of done.filter(isUsable)) {
        for (const href of [...page.links.map((l) => l.href), ...(page.frames ?? [])]) enqueue(f, next, href, opts, page.finalUrl);
        rememberPostbacks(page, f);
      }
      if (depth === 0) for (const entry of sitemap?.entries ?? []) enqueue(f, next, entry.url, opts, null);
      level = next;
    }
  } finally {
    await work.tabs.closeAll();
  }
  const first = attempts[0] && isUsable(attempts[0]) ? attempts[0] : null;
  const robotsSource = robots.get(new URL(home).origin);
  return {
    agency, home: blocked ? null : first, pages: blocked ? [] : attempts.filter(isUsable), attempts,
    ...(blocked ? { blocked } : {}), ...(sitemap ? { sitemap } : {}),
    robots: robotsSource ? (await robotsSource).source : 'unreachable',
    crawlNotes: [...notes, ...crawlNotes(f, attempts.length, opts, Date.now() >= work.deadline, level.length), ...postbackNotes(postbacks), ...pageLimitNotes(attempts)],
  };
}

/** Why the home page failed, for the agency's error message. */
export function homeFailure(site: SiteArtifacts): string | null {
  if (site.blocked) return `the portal blocked the crawler: ${site.blocked.detail}`;
  if (site.home) return null;
  const first = site.attempts[0];
  if (!first) return 'robots.txt disallows the home page';
  if (first.error) return first.error;
  return `home page answered HTTP ${first.status}`;
}
