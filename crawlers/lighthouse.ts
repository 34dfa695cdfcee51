// Lighthouse against a Chromium through its debugging port (the run's
// Lighthouse thread's own). The home page in navigation mode, while nothing
// else of the run works on the machine (the run-wide exclusive slot, since a
// loaded machine skews the timings): its performance, and its accessibility
// from the same load. The sampled service pages in snapshot mode: each is
// loaded once in a tab and read as rendered (no trace), under the host's
// politeness slot, beside the crawl.
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { leaveDocumentFor, withTimeout } from './browser.ts';
import { gatherNavigation, type Alone, type Gathered } from './lighthouse-gather.ts';

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

/** Pages Lighthouse gave no scores for, each with the reason. */
export function unscored(urls: string[], error: string): LighthouseResult[] {
  return urls.map((url) => ({ url, accessibility: null, performance: null, reports: {}, error }));
}

/** Pages a Lighthouse request that failed (a lost queue, a rejected promise) left unscored, with the error's first line. */
export function unscoredBy(urls: string[], err: unknown): LighthouseResult[] {
  return unscored(urls, `Lighthouse failed: ${firstLine(err)}`);
}

/** Whatever measures an agency's sampled pages: a runner here, or the run's Lighthouse thread or queue. */
export interface Measurer {
  /** Accessibility on every page, performance on the first (the home page). */
  measure(urls: string[]): Promise<LighthouseResult[]>;
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
  /** The performance run's load and trace: nothing else of the run may work on this machine meanwhile. */
  exclusive: OneAtATime;
  /** CPU work after the trace (scoring the gathered artifacts): beside the crawl, never beside a performance run. */
  work: OneAtATime;
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

type PageFunctions = { computeBenchmarkIndex: () => number };
/** Lighthouse's `navigation()` is a gather (lighthouse-gather.ts: only its load needs the machine to itself), then this. */
type NavigationSteps = {
  audit: (artifacts: Gathered['artifacts'], runnerOptions: Gathered['runnerOptions']) => Promise<LighthouseRun | undefined>;
};
type LighthouseRun = Awaited<ReturnType<typeof import('lighthouse').navigation>>;
let modules: Promise<{ lighthouse: typeof import('lighthouse'); puppeteer: typeof import('puppeteer-core').default; pageFunctions: PageFunctions; steps: NavigationSteps }> | null = null;

/**
 * Lighthouse and Puppeteer, loaded once per thread. Loaded only when Lighthouse
 * is on (about 100 MB, 1–3 s of CPU); the Lighthouse thread loads them while
 * its browser starts, beside the first crawls.
 */
export function loadLighthouse(): NonNullable<typeof modules> {
  modules ??= Promise.all([import('lighthouse'), import('puppeteer-core'), import('lighthouse/core/lib/page-functions.js'), import('lighthouse/core/runner.js')])
    .then(([lighthouse, p, f, runner]) => ({
      lighthouse, puppeteer: p.default, pageFunctions: (f as unknown as { pageFunctions: PageFunctions }).pageFunctions,
      steps: {
        audit: (artifacts, runnerOptions) => (runner as unknown as { Runner: { audit: NavigationSteps['audit'] } }).Runner.audit(artifacts, runnerOptions),
      },
    }));
  return modules;
}

/** Set once the thread's figure stands for every later run. */
let benchmarkReused = false;

/**
 * Lighthouse measures the machine (its BenchmarkIndex: a busy loop of about a
 * second in the page) at the start of every run; no score weighs it, the
 * report only shows it. The thread's first run is a home page's navigation,
 * alone on the machine, so its figure is measured on a quiet machine; it is
 * kept, once, and the later runs report it instead of spending a second of CPU each.
 */
function reuseBenchmarkIndex(pageFunctions: PageFunctions, value: unknown): void {
  if (benchmarkReused) return;
  benchmarkReused = true;
  if (typeof value === 'number' && Number.isFinite(value)) pageFunctions.computeBenchmarkIndex = new Function(`return ${value};`) as () => number;
}

/** Whether this thread has its figure for the machine (its first run measured it). */
export function machineMeasured(): boolean {
  return benchmarkReused;
}

/** After the thread's first run: its measured figure stands for the later runs. */
async function afterRun(res: { lhr: { environment?: { benchmarkIndex?: number } } } | undefined): Promise<void> {
  if (benchmarkReused || !res) return;
  const { pageFunctions } = await loadLighthouse();
  reuseBenchmarkIndex(pageFunctions, res.lhr.environment?.benchmarkIndex);
}

type Config = typeof import('lighthouse').defaultConfig;
const slimConfigs = new Map<string, Config>();

/**
 * Lighthouse's default config cut to `categories` and the audits they weigh
 * (accessibility keeps all of its own). The scores are the same. A run no
 * longer resolves the other audits, whose titles Lighthouse formats again on
 * every run (about half of a snapshot's configuration), and the performance
 * diagnostics no score weighs are not gathered.
 */
function slimConfig(config: Config, categories: LighthouseCategory[]): Config {
  const key = categories.join();
  const known = slimConfigs.get(key);
  if (known) return known;
  const refs = categories.map((c) => config.categories?.[c]).filter((c) => c !== undefined);
  const weighed = new Set(refs.flatMap((c, i) => c.auditRefs.filter((r) => categories[i] === 'accessibility' || r.weight > 0).map((r) => r.id)));
  const audits = (config.audits ?? []).filter((a) => weighed.has(auditId(a)));
  const kept = Object.fromEntries(categories.map((c, i) => [c, { ...refs[i], auditRefs: refs[i].auditRefs.filter((r) => weighed.has(r.id)) }]));
  const slim = { ...config, audits, categories: kept };
  slimConfigs.set(key, slim);
  return slim;
}

/** An audit entry's id: its module path's last part, or its `path` when given as an object. */
function auditId(entry: NonNullable<Config['audits']>[number]): string {
  const path = typeof entry === 'string' ? entry : 'path' in entry && typeof entry.path === 'string' ? entry.path : '';
  return path.split('/').pop() ?? '';
}

/** The home page's result: one report backs both categories. */
function homeResult(url: string, home: Record<LighthouseCategory, Scored>): LighthouseResult {
  const parts = Object.entries(home) as Array<[LighthouseCategory, Scored]>;
  const errors = parts.filter(([, s]) => s.error).map(([c, s]) => `${c}: ${s.error}`);
  const reports: LighthouseResult['reports'] = {};
  for (const [c, s] of parts) if (s.report) reports[c] = s.report;
  return { url, accessibility: home.accessibility.score, performance: home.performance.score, reports, error: errors.length ? errors.join('; ') : null };
}

export class LighthouseRunner implements Measurer {
  private readonly gates: LighthouseGates;
  private readonly port: number;
  private readonly timeoutMs: number;
  /** One DevTools connection for the runner's life (each connection costs a round of target discovery). */
  private connection: Promise<Browser> | null = null;
  /** `gates`: the run's slots, granted by the main thread. */
  constructor(port: number, timeoutMs: number, gates: LighthouseGates) {
    this.port = port;
    this.timeoutMs = timeoutMs;
    this.gates = gates;
  }

  /**
   * The home page in one navigation run, alone on the machine: its performance,
   * and its accessibility read from the same load (as the Lighthouse CLI reads
   * both). The other pages in snapshot mode, as rendered, beside the crawl.
   */
  async measure(urls: string[]): Promise<LighthouseResult[]> {
    if (urls.length === 0) return [];
    const home = await this.navigation(urls[0]);
    const others = await this.accessibility(urls.slice(1));
    return [homeResult(urls[0], home), ...others.map((s, i) => ({ url: urls[i + 1], accessibility: s.score, performance: null, reports: s.report ? { accessibility: s.report } : {}, error: s.error }))];
  }

  /** The connection, made again when it was lost. */
  private async browser(): Promise<Browser> {
    const current = await this.connection?.catch(() => null);
    if (current?.connected) return current;
    const { puppeteer } = await loadLighthouse();
    this.connection = withTimeout(puppeteer.connect({ browserURL: `http://127.0.0.1:${this.port}`, defaultViewport: null }), this.timeoutMs, 'connecting Lighthouse to the browser');
    return this.connection;
  }

  /** Snapshot mode, one tab in a browser context of its own: each page is loaded once, then read as rendered. */
  private async accessibility(urls: string[]): Promise<Scored[]> {
    if (urls.length === 0) return [];
    const { lighthouse: { snapshot, defaultConfig } } = await loadLighthouse();
    let context: BrowserContext | null = null;
    try {
      context = await (await this.browser()).createBrowserContext();
      const tab = await context.newPage();
      const out: Scored[] = [];
      for (const url of urls) out.push(await this.gates.host(url, () => this.snapshotOf(tab, url, snapshot, defaultConfig)));
      return out;
    } catch (err) {
      return urls.map(() => failed(err));
    } finally {
      await context?.close().catch(() => {});
    }
  }

  private async snapshotOf(tab: Page, url: string, snapshot: typeof import('lighthouse').snapshot, defaultConfig: Config): Promise<Scored> {
    try {
      await leaveDocumentFor(tab, url);
      await tab.goto(url, { waitUntil: 'load', timeout: this.timeoutMs / 2 });
      const config = slimConfig(defaultConfig, ['accessibility']);
      const res = await withTimeout(snapshot(tab, { config, flags: LEAN }), this.timeoutMs, `Lighthouse snapshot of ${url}`);
      await afterRun(res);
      return scored(res, 'accessibility');
    } catch (err) {
      return failed(err);
    }
  }

  /**
   * Navigation mode, as Lighthouse measures load performance: both categories
   * from one load. Only the load (its trace, and what is read from the page)
   * holds the machine alone; the tab is opened and prepared before, and the
   * gathered artifacts are scored after, as other work.
   */
  private async navigation(url: string): Promise<Record<LighthouseCategory, Scored>> {
    let tab: Page | null = null;
    try {
      const { lighthouse: { defaultConfig }, steps } = await loadLighthouse();
      tab = await (await this.browser()).newPage();
      const page = tab;
      const config = slimConfig(defaultConfig, ['performance', 'accessibility']);
      const flags = { ...LEAN, maxWaitForLoad: this.timeoutMs / 2 };
      // A load that never ends gives the slot back at Lighthouse's limit. Until the
      // thread has its figure for the machine, the tab's preparation measures it: alone too.
      const alone: Alone = (task) => this.gates.exclusive(() => withTimeout(task(), this.timeoutMs, `Lighthouse on ${url}`));
      const gathered = await withTimeout(gatherNavigation(page, url, { config, flags }, alone, !machineMeasured()), this.timeoutMs, `Lighthouse on ${url}`);
      const res = await this.gates.work(() => withTimeout(steps.audit(gathered.artifacts, gathered.runnerOptions), this.timeoutMs, `Lighthouse scoring ${url}`));
      await afterRun(res);
      return { performance: scored(res, 'performance'), accessibility: scored(res, 'accessibility') };
    } catch (err) {
      return { performance: failed(err), accessibility: failed(err) };
    } finally {
      await tab?.close().catch(() => {});
    }
  }
}
