// The run's one Lighthouse thread: it measures the agencies' sampled pages one
// agency at a time, in a Chromium of its own. Lighthouse is loaded once a run
// rather than once per agency thread, and its runs never overlap one another,
// so only the crawls share the machine with an accessibility snapshot and
// nothing does with a performance run (the exclusive slot). A job that outlives
// its deadline stops the thread and kills its browser; the next job gets fresh ones.
import PQueue from 'p-queue';
import { unscored, type LighthouseResult } from '../../crawlers/lighthouse.ts';
import { AuditThread, type Ended, type ThreadHost } from './audit-thread.ts';
import type { BrowserHost } from './browser-host.ts';
import type { AuditOptions } from './run-audit.ts';
import type { FromWorker } from './worker-protocol.ts';

/** Besides Lighthouse's own limit per page: starting the thread, its browser and Lighthouse itself. */
const START_MS = 60_000;

/** Why a job ended without results, in one line. */
function whyUnmeasured(answer: FromWorker | Ended, limitMs: number): string {
  if (!('type' in answer)) {
    if (answer.why === 'deadline') return `Lighthouse did not finish within ${limitMs} ms; its thread and browser were stopped`;
    return `Lighthouse failed: ${answer.why === 'crashed' ? answer.message : 'it was stopped'}`;
  }
  return `Lighthouse failed: ${answer.type === 'failed' ? answer.message : 'it was stopped'}`;
}

export class LighthouseThread {
  private thread: AuditThread | null = null;
  private readonly jobs = new PQueue({ concurrency: 1 });
  private readonly host: ThreadHost;
  private readonly options: AuditOptions;
  private readonly browser: BrowserHost;
  private stopped = false;

  constructor(host: ThreadHost, options: AuditOptions, browser: BrowserHost) {
    this.host = host;
    this.options = options;
    this.browser = browser;
    // Started with the run: Lighthouse and its browser are ready by the first agency's request.
    this.thread = new AuditThread(host, options, browser, 'lighthouse');
  }

  /** One agency's pages, after the agencies queued before it; none when nobody waits for them any more. */
  measure(urls: string[], wanted: () => boolean = () => true): Promise<LighthouseResult[]> {
    return this.jobs.add(() => (wanted() && !this.stopped ? this.run(urls) : Promise.resolve([]))) as Promise<LighthouseResult[]>;
  }

  private async run(urls: string[]): Promise<LighthouseResult[]> {
    if (urls.length === 0) return [];
    if (!this.thread?.usable) this.thread = new AuditThread(this.host, this.options, this.browser, 'lighthouse');
    // A snapshot on each page and the home page's performance run, each bounded by Lighthouse's limit.
    const limitMs = this.options.lighthouse.timeoutMs * (urls.length + 1) + START_MS;
    const answer = await this.thread.within({ type: 'measure', urls }, limitMs);
    if ('type' in answer && answer.type === 'measured') return answer.results;
    await this.thread.stop(this.browser);
    this.thread = null;
    return unscored(urls, whyUnmeasured(answer, limitMs));
  }

  /** A signal: stop now. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.jobs.clear();
    await this.thread?.stop(this.browser);
  }

  /** The run is over: the thread closes its browser itself. */
  async close(): Promise<void> {
    this.stopped = true;
    await this.thread?.close(this.browser);
  }
}
