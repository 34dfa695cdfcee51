// One worker thread of the audit and the main thread's side of it: an agency
// thread, or the run's Lighthouse thread. The main thread grants the slots a
// thread asks for (per-host politeness, judging and evidence screenshots apart
// from Lighthouse's performance run, which runs alone on the machine), takes them back from a stopped thread, and can stop a thread at
// any moment: V8 terminates it even inside a busy loop, and its own Chromium
// (found by the marker in its command line) is killed, frozen or not.
import { Worker } from 'node:worker_threads';
import { withTimeout } from '../../crawlers/browser.ts';
import { unscoredBy, type LighthouseResult } from '../../crawlers/lighthouse.ts';
import type { HostLimiter } from '../../crawlers/portal.ts';
import type { BrowserHost } from './browser-host.ts';
import type { ExclusiveGate } from './exclusive-gate.ts';
import type { AuditOptions } from './run-audit.ts';
import type { FromWorker, Slot, ThreadData, ThreadRole, ToWorker } from './worker-protocol.ts';

/** What a thread asks of the main thread: run-wide slots, slowing a host down, warnings, Lighthouse. */
export interface ThreadHost {
  limiter: HostLimiter;
  /** Host slots share it; Lighthouse's performance run takes it alone. */
  gate: ExclusiveGate;
  warn: (message: string) => void;
  /** An agency's sampled pages; `wanted`: false once the asking thread is gone, so its pages are not measured for nothing. */
  measure(agencyId: string, urls: string[], wanted: () => boolean): Promise<LighthouseResult[]>;
}

/**
 * Runs `hold` once `slot` is granted: Lighthouse's performance run alone;
 * CPU-heavy work beside other work and the crawl but never beside that run; a
 * host slot under the host's politeness limit too (a request's, once started,
 * is not waited for by that run). Nothing a thread sends may
 * throw here: a URL that does not parse gets no host slot, only its grant.
 */
export function heldIn(slot: Slot, pool: Pick<ThreadHost, 'gate' | 'limiter'>, hold: () => Promise<void>): Promise<void> {
  const { gate } = pool;
  if (slot.kind === 'lighthouse') return gate.withExclusive(hold);
  if (slot.kind === 'work') return gate.withShared(hold);
  return URL.canParse(slot.url) ? pool.limiter.run(slot.url, () => gate.withShared(hold, slot.kind === 'request')) : hold();
}

const WORKER_URL = new URL('./agency-worker.ts', import.meta.url);
const TERMINATE_MS = 10_000;
/**
 * A worker's heap: an agency whose pages make the tool allocate past this
 * fails alone. The young generation is kept small: four threads' default
 * nurseries added about 150 MB to the peak for nothing.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 1_536, maxYoungGenerationSizeMb: 8 };

/** Why a thread's work ended before its answer. */
export type Ended = { why: 'deadline' } | { why: 'crashed'; message: string } | { why: 'stopped' };

let threads = 0;

/** One worker thread, reused from agency to agency (or Lighthouse job to job) until it has to be stopped. */
export class AuditThread {
  readonly worker: Worker;
  private readonly held = new Map<number, () => void>();
  private closed = false;
  /** Set while an agency is in it: settles the agency's outcome. */
  private settle: ((o: FromWorker | Ended) => void) | null = null;
  private readonly pool: ThreadHost;
  /** Names this thread's Chromium in its command line. */
  readonly marker = `${process.pid}-${++threads}`;

  constructor(pool: ThreadHost, options: AuditOptions, host: BrowserHost, role: ThreadRole) {
    this.pool = pool;
    const data: ThreadData = { options, browser: host.spec, marker: this.marker, role };
    this.worker = new Worker(WORKER_URL, { workerData: data, resourceLimits: WORKER_LIMITS });
    this.worker.on('message', (m: FromWorker) => this.onMessage(m));
    this.worker.on('error', (err: Error) => this.end({ why: 'crashed', message: err.message.split('\n')[0] }));
    this.worker.on('exit', (code) => this.end({ why: 'crashed', message: `the agency's thread exited (code ${code})` }));
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'acquire') this.acquire(m.id, m.slot);
    else if (m.type === 'release') this.release(m.id);
    else if (m.type === 'slow-down') this.pool.limiter.slowDown(m.host, m.delayMs);
    else if (m.type === 'warn') this.pool.warn(m.message);
    else if (m.type === 'measure') this.measure(m.id, m.agencyId, m.urls);
    else this.settle?.(m);
  }

  /** An agency's pages go to the run's Lighthouse; the answer comes back unless this thread is gone. */
  private measure(id: number, agencyId: string, urls: string[]): void {
    const answer = (results: LighthouseResult[]) => {
      if (this.usable) this.worker.postMessage({ type: 'measured', id, results } satisfies ToWorker);
    };
    // A request that fails (Redis lost) leaves the pages unscored, with the reason: the agency goes on.
    this.pool.measure(agencyId, urls, () => this.usable).then(answer, (err: unknown) => answer(unscoredBy(urls, err)));
  }

  /** Grant the slot when its queue allows, and hold it until released (or the thread is gone). */
  private acquire(id: number, slot: Slot): void {
    const hold = () => new Promise<void>((release) => {
      if (this.closed) return release();
      this.held.set(id, release);
      this.worker.postMessage({ type: 'granted', id } satisfies ToWorker);
    });
    heldIn(slot, this.pool, hold).catch(() => {});
  }

  private release(id: number): void {
    this.held.get(id)?.();
    this.held.delete(id);
  }

  private end(e: Ended): void {
    this.closed = true;
    for (const id of [...this.held.keys()]) this.release(id);
    this.settle?.(e);
  }

  get usable(): boolean {
    return !this.closed;
  }

  /** The thread's answer within `limitMs`, or why it ended without one (at the deadline the thread is not stopped here). */
  async within(message: ToWorker, limitMs: number): Promise<FromWorker | Ended> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<Ended>((resolve) => { timer = setTimeout(() => resolve({ why: 'deadline' }), limitMs); });
    try {
      return await Promise.race([this.run(message), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The thread's answer, or why it ended without one. */
  run(message: ToWorker): Promise<FromWorker | Ended> {
    return new Promise((resolve) => {
      this.settle = (o) => {
        this.settle = null;
        resolve(o);
      };
      this.worker.postMessage(message);
    });
  }

  interrupt(e: Ended): void {
    this.settle?.(e);
  }

  /** At the end of the run: the thread closes its browser itself (its profile is removed), then ends. */
  async close(host: BrowserHost): Promise<void> {
    if (!this.closed) await withTimeout(this.run({ type: 'close' }), TERMINATE_MS, 'closing an agency thread\'s browser').catch(() => {});
    await this.stop(host);
  }

  /** Now: terminate the thread and kill its browser. */
  async stop(host: BrowserHost): Promise<void> {
    this.closed = true;
    for (const id of [...this.held.keys()]) this.release(id);
    await withTimeout(this.worker.terminate(), TERMINATE_MS, 'stopping an agency thread').catch(() => {});
    host.kill(this.marker);
  }
}

