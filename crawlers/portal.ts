// Discovery inside one portal: breadth-first from the home page, level by
// level so the pages crawled within the budget do not depend on timing.
// Pages come over HTTP first; Chromium renders only those that need scripts.
import PQueue from 'p-queue';
import type { BrowserContext } from 'playwright';
import type { AgencyRef, PageArtifact, RawPage, SiteArtifacts } from './artifacts.ts';
import { buildPageArtifact } from './artifacts.ts';
import { readOnlyTabs, renderPage, TabPool } from './browser.ts';
import { loadDom } from './dom.ts';
import { fetchHttp, type HttpClient } from './http.ts';
import { renderReason } from './needs-render.ts';
import { fetchRobots, type RobotsPolicy } from './robots.ts';
import { DEFAULT_RETRY_OPTIONS, withRetries, type RetryOptions } from './retry.ts';
import { canonicalUrl, urlPattern } from './urls.ts';
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
};

interface HostPolicy { queue: PQueue; delayMs: number }

/** Politeness slots per host: held while a request runs, shared by every agency of the run. */
export interface HostSlots {
  run<T>(url: string, task: () => Promise<T>): Promise<T>;
  /** robots.txt asked for a Crawl-delay. */
  slowDown(host: string, delayMs: number): void;
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
  /** robots.txt asked for a Crawl-delay: one request at a time, that far apart. */
  slowDown(host: string, delayMs: number): void {
    const p = this.policy(host);
    p.queue.concurrency = 1;
    p.delayMs = Math.max(p.delayMs, delayMs);
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
}

/** Links we never navigate to: files, not pages. */
const NOT_A_PAGE = /\.(pdf|zip|rar|7z|docx?|xlsx?|pptx?|csv|jpe?g|png|gif|svg|webp|mp4|mp3|apk|exe|iso|tar|gz)(\?|$)/i;


function isUsable(page: PageArtifact): boolean {
  return !page.error && page.status !== null && page.status < 400 && page.html !== '';
}

/** The browser's reading of a page fetched over HTTP; the HTTP response stays the record of status and headers. */
async function renderFetched(fetched: RawPage, reason: string, ctx: CrawlContext, tabs: TabPool): Promise<RawPage> {
  const opts = ctx.options;
  const rendered = await renderPage(tabs, fetched.finalUrl, fetched.depth, { ...opts, document: fetched });
  if (rendered.error) return { ...fetched, renderReason: `${reason}; rendering failed: ${rendered.error}` };
  return { ...fetched, html: rendered.html, visibleText: rendered.visibleText, insecureRequests: rendered.insecureRequests, fetchedBy: 'browser', renderReason: reason, timing: { ...fetched.timing, durationMs: fetched.timing.durationMs + rendered.timing.durationMs } };
}

/** One request's worth of a page, the way the crawl's mode says: held inside the host's politeness slot. */
async function fetchPage(url: string, depth: number, ctx: CrawlContext, work: CrawlWork): Promise<RawPage> {
  const opts = ctx.options;
  if (opts.fetchMode === 'browser') {
    return withRetries(() => renderPage(work.tabs, url, depth, opts), opts.retry);
  }
  return withRetries(() => fetchHttp(ctx.http, url, depth, opts, ctx.ignoreCertificateErrors, (u) => inScope(u, work.hosts)), opts.retry);
}

/**
 * A page over HTTP, rendered afterwards when its content needs scripts. The
 * render gets its document from the HTTP copy, so it runs outside the host's
 * slot, on the agency's own render queue.
 */
async function obtainPage(url: string, depth: number, ctx: CrawlContext, work: CrawlWork): Promise<RawPage | null> {
  const fetched = await ctx.limiter.run(url, async () => (Date.now() < work.deadline ? fetchPage(url, depth, ctx, work) : null));
  if (!fetched || ctx.options.fetchMode === 'browser' || fetched.error || fetched.status === null || fetched.status >= 400 || !fetched.html) return fetched;
  const reason = renderReason(loadDom(fetched.html));
  return reason ? (work.renders.add(() => renderFetched(fetched, reason, ctx, work.tabs)) as Promise<RawPage>) : fetched;
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

async function robotsFor(cache: Map<string, Promise<RobotsPolicy>>, url: string, ctx: CrawlContext, notes: string[]): Promise<RobotsPolicy> {
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

/** Crawl one portal; `seeds` (declared service URLs) are fetched right after the home page, within the budget. */
export async function crawlPortal(agency: AgencyRef, ctx: CrawlContext, seeds: string[] = []): Promise<SiteArtifacts> {
  const opts = ctx.options;
  const home = canonicalUrl(agency.homepage);
  const f: Frontier = { hosts: siteHosts(home, agency.hosts), seen: new Set([home]), referrers: new Map(), patterns: new Map(), skipped: new Map() };
  const robots = new Map<string, Promise<RobotsPolicy>>();
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
      const raw = await Promise.all(batch.map((url) => obtainPage(url, depth, ctx, work)));
      const done = raw.flatMap((p, i) => (p ? [buildPageArtifact({ ...p, referrer: f.referrers.get(batch[i]) ?? null })] : []));
      attempts.push(...done);
      if (depth === 0 && done[0] && isUsable(done[0])) f.hosts.add(new URL(done[0].finalUrl).host.toLowerCase());
      const next: string[] = [];
      if (depth === 0) for (const seed of seeds) enqueue(f, next, canonicalUrl(seed), opts, null);
      for (const page of done.filter(isUsable)) for (const link of page.links) enqueue(f, next, link.href, opts, page.finalUrl);
      level = next;
    }
  } finally {
    await work.tabs.closeAll();
  }
  const first = attempts[0] && isUsable(attempts[0]) ? attempts[0] : null;
  const robotsSource = robots.get(new URL(home).origin);
  return {
    agency, home: first, pages: attempts.filter(isUsable), attempts,
    robots: robotsSource ? (await robotsSource).source : 'unreachable',
    crawlNotes: [...notes, ...crawlNotes(f, attempts.length, opts, Date.now() >= work.deadline, level.length), ...pageLimitNotes(attempts)],
  };
}

/** Why the home page failed, for the agency's error message. */
export function homeFailure(site: SiteArtifacts): string | null {
  if (site.home) return null;
  const first = site.attempts[0];
  if (!first) return 'robots.txt disallows the home page';
  if (first.error) return first.error;
  return `home page answered HTTP ${first.status}`;
}
