// Lighthouse against the run's own Chromium, through its debugging port,
// one run at a time (Lighthouse's guidance: parallel runs skew the scores).
import PQueue from 'p-queue';
import { withTimeout } from './browser.ts';

export interface LighthouseResult {
  url: string;
  /** Category scores in [0,1], or null when Lighthouse could not score them. */
  accessibility: number | null;
  performance: number | null;
  /** The full Lighthouse JSON report, kept as evidence. */
  report: string | null;
  error: string | null;
}

export interface LighthouseOptions {
  enabled: boolean;
  /** Service pages sampled besides the home page. */
  maxServicePages: number;
  timeoutMs: number;
}

export const DEFAULT_LIGHTHOUSE_OPTIONS: LighthouseOptions = { enabled: true, maxServicePages: 2, timeoutMs: 120_000 };

/** Runs a task when no other Lighthouse run of the whole audit is running. */
export type OneAtATime = <T>(task: () => Promise<T>) => Promise<T>;

export class LighthouseRunner {
  private readonly gate: OneAtATime;
  private readonly port: number;
  private readonly timeoutMs: number;
  /** `gate`: the run's one-at-a-time slot when agencies run in several threads; by default this runner's own queue. */
  constructor(port: number, timeoutMs: number, gate?: OneAtATime) {
    this.port = port;
    this.timeoutMs = timeoutMs;
    const queue = new PQueue({ concurrency: 1 });
    this.gate = gate ?? (<T>(task: () => Promise<T>) => queue.add(task) as Promise<T>);
  }

  run(url: string): Promise<LighthouseResult> {
    return this.gate(() => this.once(url));
  }

  private async once(url: string): Promise<LighthouseResult> {
    try {
      // Loaded on first use: it costs about 100 MB, and most runs here skip it.
      const { default: lighthouse } = await import('lighthouse');
      const res = await withTimeout(lighthouse(url, {
        port: this.port, output: 'json', logLevel: 'error', onlyCategories: ['accessibility', 'performance'], maxWaitForLoad: this.timeoutMs / 2,
      }), this.timeoutMs, `Lighthouse on ${url}`);
      if (!res) return { url, accessibility: null, performance: null, report: null, error: 'Lighthouse returned no result' };
      const { categories, runtimeError } = res.lhr;
      return {
        url, accessibility: categories.accessibility?.score ?? null, performance: categories.performance?.score ?? null,
        report: typeof res.report === 'string' ? res.report : JSON.stringify(res.lhr), error: runtimeError?.message ?? null,
      };
    } catch (err) {
      return { url, accessibility: null, performance: null, report: null, error: (err as Error).message.split('\n')[0] };
    }
  }
}
