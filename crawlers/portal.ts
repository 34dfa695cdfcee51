// Discovery inside one portal: breadth-first from the home page, level by
// level so the pages crawled within the budget do not depend on timing.
import PQueue from 'p-queue';
import type { BrowserContext } from 'playwright';
import type { AgencyRef, PageArtifact, SiteArtifacts } from './artifacts.ts';
import { buildPageArtifact, stripFragment } from './artifacts.ts';
import { renderPage } from './browser.ts';
import { fetchRobots, type RobotsPolicy } from './robots.ts';
import { DEFAULT_RETRY_OPTIONS, withRetries, type RetryOptions } from './retry.ts';

export interface CrawlOptions {
  maxPagesPerPortal: number;
  navigationTimeoutMs: number;
  settleMs: number;
  /** The whole portal's crawl stops scheduling pages after this. */
  portalTimeoutMs: number;
  robotsTimeoutMs: number;
  perHostConcurrency: number;
  sameHostDelayMs: number;
  userAgent: string;
  retry: RetryOptions;
}

export const DEFAULT_CRAWL_OPTIONS: CrawlOptions = {
  maxPagesPerPortal: 60,
  navigationTimeoutMs: 20_000,
  settleMs: 1_500,
  portalTimeoutMs: 5 * 60_000,
  robotsTimeoutMs: 10_000,
  perHostConcurrency: 2,
  sameHostDelayMs: 250,
  userAgent: 'portal-audit/0.1 (+https://github.com/portal-audit/portal-audit; government portal audit bot)',
  retry: DEFAULT_RETRY_OPTIONS,
};

/** Per-host queues shared by the whole run, so two agencies on one host still respect its limit. */
export class HostLimiter {
  private readonly queues = new Map<string, PQueue>();
  private readonly concurrency: number;
  private readonly delayMs: number;
  constructor(concurrency: number, delayMs: number) {
    this.concurrency = concurrency;
    this.delayMs = delayMs;
  }
  run<T>(url: string, task: () => Promise<T>, delayMs = this.delayMs): Promise<T> {
    const host = new URL(url).host;
    let q = this.queues.get(host);
    if (!q) this.queues.set(host, (q = new PQueue({ concurrency: this.concurrency })));
    return q.add(async () => {
      try {
        return await task();
      } finally {
        if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      }
    }) as Promise<T>;
  }
}

export interface CrawlContext {
  browserContext: BrowserContext;
  limiter: HostLimiter;
  options: CrawlOptions;
}

/** Links we never navigate to: files, not pages. */
const NOT_A_PAGE = /\.(pdf|zip|rar|7z|docx?|xlsx?|pptx?|csv|jpe?g|png|gif|svg|webp|mp4|mp3|apk|exe|iso|tar|gz)(\?|$)/i;

function inScope(url: string, hosts: Set<string>): boolean {
  const u = new URL(url);
  return (u.protocol === 'http:' || u.protocol === 'https:') && hosts.has(u.host.toLowerCase());
}

function isUsable(page: PageArtifact): boolean {
  return !page.error && page.status !== null && page.status < 400 && page.html !== '';
}

async function robotsFor(cache: Map<string, Promise<RobotsPolicy>>, url: string, opts: CrawlOptions): Promise<RobotsPolicy> {
  const origin = new URL(url).origin;
  let p = cache.get(origin);
  if (!p) cache.set(origin, (p = fetchRobots(origin, opts.userAgent, opts.robotsTimeoutMs)));
  return p;
}

/** Crawl one portal; `seeds` (declared service URLs) are fetched right after the home page, within the budget. */
export async function crawlPortal(agency: AgencyRef, ctx: CrawlContext, seeds: string[] = []): Promise<SiteArtifacts> {
  const opts = ctx.options;
  const deadline = Date.now() + opts.portalTimeoutMs;
  const hosts = new Set([new URL(agency.homepage).host.toLowerCase(), ...agency.hosts.map((h) => h.toLowerCase())]);
  const robots = new Map<string, Promise<RobotsPolicy>>();
  const seen = new Set<string>();
  const referrers = new Map<string, string>();
  const attempts: PageArtifact[] = [];
  let level = [stripFragment(agency.homepage)];
  seen.add(level[0]);

  for (let depth = 0; level.length && attempts.length < opts.maxPagesPerPortal && Date.now() < deadline; depth++) {
    const batch: string[] = [];
    for (const url of level) {
      if (attempts.length + batch.length >= opts.maxPagesPerPortal) break;
      if ((await robotsFor(robots, url, opts)).isAllowed(url)) batch.push(url);
    }
    const pages = await Promise.all(batch.map((url) => ctx.limiter.run(url, async () =>
      buildPageArtifact({ ...(await withRetries(() => renderPage(ctx.browserContext, url, depth, opts), opts.retry)), referrer: referrers.get(url) ?? null }))));
    attempts.push(...pages);
    if (depth === 0 && pages[0] && isUsable(pages[0])) hosts.add(new URL(pages[0].finalUrl).host.toLowerCase());
    level = [];
    if (depth === 0) {
      for (const seed of seeds.map(stripFragment)) {
        if (seen.has(seed) || !inScope(seed, hosts)) continue;
        seen.add(seed);
        level.push(seed);
      }
    }
    for (const page of pages.filter(isUsable)) {
      for (const link of page.links) {
        if (seen.has(link.href) || NOT_A_PAGE.test(new URL(link.href).pathname) || !inScope(link.href, hosts)) continue;
        seen.add(link.href);
        referrers.set(link.href, page.finalUrl);
        level.push(link.href);
      }
    }
  }
  const home = attempts[0] && isUsable(attempts[0]) ? attempts[0] : null;
  const robotsSource = robots.get(new URL(agency.homepage).origin);
  return { agency, home, pages: attempts.filter(isUsable), attempts, robots: robotsSource ? (await robotsSource).source : 'unreachable' };
}

/** Why the home page failed, for the agency's error message. */
export function homeFailure(site: SiteArtifacts): string | null {
  if (site.home) return null;
  const first = site.attempts[0];
  if (!first) return 'robots.txt disallows the home page';
  if (first.error) return first.error;
  return `home page answered HTTP ${first.status}`;
}
