// Lighthouse against the agency thread's own Chromium, through its debugging
// port. Accessibility in snapshot mode on every sampled page: the page is
// loaded once in a tab and Lighthouse reads it as rendered (no reload, no
// trace), about 1.5 s a page. Performance in navigation mode on the home page
// only, while nothing else of the run works on the machine (the run-wide
// exclusive slot): a loaded machine skews its timings.
import PQueue from 'p-queue';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { withTimeout } from './browser.ts';

export type LighthouseCategory = 'accessibility' | 'performance';

export interface LighthouseResult {
  url: string;
  /** Category scores in [0,1], or null when Lighthouse could not score them (performance: null on all but the home page). */
  accessibility: number | null;
  performance: number | null;
  /** Lighthouse's JSON report for each category measured on this page, kept as evidence. */
  reports: Partial<Record<LighthouseCategory, string>>;
  /** Why a category measured on this page has no score. */
  error: string | null;
}

export interface LighthouseOptions {
  enabled: boolean;
  /** Service pages sampled besides the home page (accessibility is measured on each). */
  maxServicePages: number;
  timeoutMs: number;
}

export const DEFAULT_LIGHTHOUSE_OPTIONS: LighthouseOptions = { enabled: true, maxServicePages: 2, timeoutMs: 120_000 };

/** Runs a task when no other Lighthouse run of the whole audit is running. */
export type OneAtATime = <T>(task: () => Promise<T>) => Promise<T>;

/** The slots a runner works under. */
export interface LighthouseGates {
  /** The performance run: nothing else of the run may work on this machine meanwhile. */
  exclusive: OneAtATime;
  /** Loading a page for its snapshot: the page's host politeness slot. */
  host: <T>(url: string, task: () => Promise<T>) => Promise<T>;
}

/** Lighthouse's full-page screenshot is not judged and costs seconds a run; the evidence has its own shots. */
const LEAN = { output: 'json', logLevel: 'error', disableFullPageScreenshot: true } as const;

type Scored = { score: number | null; report: string | null; error: string | null };

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

/** A category's score and report out of a Lighthouse result. */
function scored(res: { lhr: { categories: Record<string, { score: number | null } | undefined>; runtimeError?: { message: string } }; report: string | string[] } | undefined, category: LighthouseCategory): Scored {
  if (!res) return { score: null, report: null, error: 'Lighthouse returned no result' };
  const score = res.lhr.categories[category]?.score ?? null;
  const report = typeof res.report === 'string' ? res.report : JSON.stringify(res.lhr);
  return { score, report, error: res.lhr.runtimeError?.message ?? (score === null ? 'no score' : null) };
}

function failed(err: unknown): Scored {
  return { score: null, report: null, error: firstLine(err) };
}

let modules: Promise<{ lighthouse: typeof import('lighthouse'); puppeteer: typeof import('puppeteer-core').default }> | null = null;

/**
 * Lighthouse and Puppeteer, loaded once per thread. Loaded only when Lighthouse
 * is on (about 100 MB, 1–3 s of CPU); an agency thread starts loading them
 * beside its first crawl, so the load is not on the agency's path.
 */
export function loadLighthouse(): NonNullable<typeof modules> {
  modules ??= Promise.all([import('lighthouse'), import('puppeteer-core')]).then(([lighthouse, p]) => ({ lighthouse, puppeteer: p.default }));
  return modules;
}

export class LighthouseRunner {
  private readonly gates: LighthouseGates;
  private readonly port: number;
  private readonly timeoutMs: number;
  /** `gates`: the run's slots when agencies run in several threads; by default this runner's own queue and no host limit. */
  constructor(port: number, timeoutMs: number, gates?: LighthouseGates) {
    this.port = port;
    this.timeoutMs = timeoutMs;
    const queue = new PQueue({ concurrency: 1 });
    this.gates = gates ?? { exclusive: (task) => queue.add(task) as never, host: (_url, task) => task() };
  }

  /** Accessibility on every page, performance on the first (the home page). */
  async measure(urls: string[]): Promise<LighthouseResult[]> {
    if (urls.length === 0) return [];
    const a11y = await this.accessibility(urls);
    const perf = await this.gates.exclusive(() => this.performance(urls[0]));
    return urls.map((url, i) => {
      const parts: Array<[LighthouseCategory, Scored]> = i === 0 ? [['accessibility', a11y[i]], ['performance', perf]] : [['accessibility', a11y[i]]];
      const errors = parts.filter(([, s]) => s.error).map(([c, s]) => (parts.length > 1 ? `${c}: ${s.error}` : s.error!));
      const reports: LighthouseResult['reports'] = {};
      for (const [c, s] of parts) if (s.report) reports[c] = s.report;
      return { url, accessibility: a11y[i].score, performance: i === 0 ? perf.score : null, reports, error: errors.length ? errors.join('; ') : null };
    });
  }

  /** Snapshot mode, one tab in a browser context of its own: each page is loaded once, then read as rendered. */
  private async accessibility(urls: string[]): Promise<Scored[]> {
    const { lighthouse: { snapshot }, puppeteer } = await loadLighthouse();
    let browser: Browser | null = null;
    let context: BrowserContext | null = null;
    try {
      browser = await withTimeout(puppeteer.connect({ browserURL: `http://127.0.0.1:${this.port}`, defaultViewport: null }), this.timeoutMs, 'connecting Lighthouse to the browser');
      context = await browser.createBrowserContext();
      const tab = await context.newPage();
      const out: Scored[] = [];
      for (const url of urls) out.push(await this.gates.host(url, () => this.snapshotOf(tab, url, snapshot)));
      return out;
    } catch (err) {
      return urls.map(() => failed(err));
    } finally {
      await context?.close().catch(() => {});
      await browser?.disconnect().catch(() => {});
    }
  }

  private async snapshotOf(tab: Page, url: string, snapshot: typeof import('lighthouse').snapshot): Promise<Scored> {
    try {
      await tab.goto(url, { waitUntil: 'load', timeout: this.timeoutMs / 2 });
      const res = await withTimeout(snapshot(tab, { flags: { ...LEAN, onlyCategories: ['accessibility'] } }), this.timeoutMs, `Lighthouse snapshot of ${url}`);
      return scored(res, 'accessibility');
    } catch (err) {
      return failed(err);
    }
  }

  /** Navigation mode, as Lighthouse measures load performance. */
  private async performance(url: string): Promise<Scored> {
    try {
      const { lighthouse: { default: lighthouse, defaultConfig } } = await loadLighthouse();
      // Only the metrics the category score weighs: the same score, without the diagnostics' gatherers (about 1 s of the run's 5 s).
      const weighted = (defaultConfig.categories?.performance.auditRefs ?? []).filter((r) => r.weight > 0).map((r) => r.id);
      const res = await withTimeout(lighthouse(url, {
        ...LEAN, port: this.port, onlyAudits: weighted, maxWaitForLoad: this.timeoutMs / 2,
      }), this.timeoutMs, `Lighthouse on ${url}`);
      return scored(res, 'performance');
    } catch (err) {
      return failed(err);
    }
  }
}
