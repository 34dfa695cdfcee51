// Runs each agency's audit in a worker thread under a wall-clock deadline
// enforced from the main thread, which does nothing heavy and so is always
// free to enforce it: at the deadline the thread is terminated (V8 stops it
// even inside a busy loop), its browser contexts go with its connection, and
// the run goes on. The main thread also grants the run-wide slots (per-host
// politeness, one Lighthouse run at a time), and takes them back from a
// stopped thread.
import { Worker } from 'node:worker_threads';
import PQueue from 'p-queue';
import { withTimeout } from '../../crawlers/browser.ts';
import type { HostLimiter } from '../../crawlers/portal.ts';
import type { Agency } from '../registry/registry.ts';
import type { AuditOptions } from './run-audit.ts';
import type { BrowserHost } from './browser-host.ts';
import type { AgencyWork, FromWorker, Slot, ToWorker } from './worker-protocol.ts';

/** What became of one agency's work. */
export type WorkOutcome = { ok: true; result: AgencyWork } | { ok: false; error: string };

export interface AgencyWorkersOptions {
  host: BrowserHost;
  limiter: HostLimiter;
  options: AuditOptions;
  warn: (message: string) => void;
}

const WORKER_URL = new URL('./agency-worker.ts', import.meta.url);
const TERMINATE_MS = 10_000;
/**
 * A worker's heap: an agency whose pages make the tool allocate past this
 * fails alone. The young generation is kept small: four threads' default
 * nurseries added about 150 MB to the peak for nothing.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 1_536, maxYoungGenerationSizeMb: 8 };

/** Why an agency's work ended before its result. */
type Ended = { why: 'deadline' } | { why: 'crashed'; message: string } | { why: 'browser-replaced' } | { why: 'stopped' };

/** One worker thread, reused from agency to agency until it has to be stopped. */
class AgencyThread {
  readonly worker: Worker;
  private readonly held = new Map<number, () => void>();
  private closed = false;
  /** Set while an agency is in it: settles the agency's outcome. */
  private settle: ((o: FromWorker | Ended) => void) | null = null;
  private readonly pool: AgencyWorkers;

  constructor(pool: AgencyWorkers, options: AuditOptions) {
    this.pool = pool;
    this.worker = new Worker(WORKER_URL, { workerData: { options }, resourceLimits: WORKER_LIMITS });
    this.worker.on('message', (m: FromWorker) => this.onMessage(m));
    this.worker.on('error', (err: Error) => this.end({ why: 'crashed', message: err.message.split('\n')[0] }));
    this.worker.on('exit', (code) => this.end({ why: 'crashed', message: `the agency's thread exited (code ${code})` }));
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'acquire') this.acquire(m.id, m.slot);
    else if (m.type === 'release') this.release(m.id);
    else if (m.type === 'slow-down') this.pool.limiter.slowDown(m.host, m.delayMs);
    else if (m.type === 'warn') this.pool.warn(m.message);
    else this.settle?.(m);
  }

  /** Grant the slot when its queue allows, and hold it until released (or the thread is gone). */
  private acquire(id: number, slot: Slot): void {
    const hold = () => new Promise<void>((release) => {
      if (this.closed) return release();
      this.held.set(id, release);
      this.worker.postMessage({ type: 'granted', id } satisfies ToWorker);
    });
    const queued = slot.kind === 'lighthouse' ? this.pool.lighthouse.add(hold) : this.pool.limiter.run(slot.url, hold);
    queued.catch(() => {});
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

  /** The agency's work, or why it ended without a result. */
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

  async stop(): Promise<void> {
    this.closed = true;
    for (const id of [...this.held.keys()]) this.release(id);
    await withTimeout(this.worker.terminate(), TERMINATE_MS, 'stopping an agency thread').catch(() => {});
  }
}

export class AgencyWorkers {
  readonly limiter: HostLimiter;
  readonly lighthouse = new PQueue({ concurrency: 1 });
  readonly warn: (message: string) => void;
  private readonly host: BrowserHost;
  private readonly options: AuditOptions;
  private readonly idle: AgencyThread[] = [];
  /** Threads with an agency in them, and the browser generation it started on. */
  private readonly busy = new Map<AgencyThread, number>();
  private stopping = false;
  /** One browser check at a time, shared by every agency that hit its deadline meanwhile. */
  private checking: Promise<void> | null = null;

  constructor(o: AgencyWorkersOptions) {
    this.host = o.host;
    this.limiter = o.limiter;
    this.options = o.options;
    this.warn = o.warn;
  }

  /**
   * Audit one agency in a thread, within the agency time limit. Work cut
   * short by a browser replaced under it is done once more on the new one.
   */
  async run(agency: Agency, seeds: string[]): Promise<WorkOutcome> {
    const first = await this.once(agency, seeds);
    return 'retry' in first ? this.once(agency, seeds).then((o) => ('retry' in o ? { ok: false, error: o.retry } : o)) : first;
  }

  private async once(agency: Agency, seeds: string[]): Promise<WorkOutcome | { retry: string }> {
    if (this.stopping) return { ok: false, error: 'the audit was stopped' };
    const thread = this.take();
    this.busy.set(thread, this.host.generation);
    const limitMs = this.options.agencyTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<Ended>((resolve) => { timer = setTimeout(() => resolve({ why: 'deadline' }), limitMs); });
    const ended = await Promise.race([thread.run({ type: 'audit', agency, seeds, browser: this.host.endpoint() }), deadline]);
    clearTimeout(timer);
    this.busy.delete(thread);
    if ('type' in ended) {
      if (thread.usable && !this.stopping) this.idle.push(thread);
      return ended.type === 'result' ? { ok: true, result: reviveBuffers(ended.result) } : ended.type === 'failed' ? { ok: false, error: `audit of this portal failed: ${ended.message}` } : { ok: false, error: 'unexpected message from the agency thread' };
    }
    await thread.stop();
    if (ended.why === 'browser-replaced') return { retry: 'audit of this portal failed: the browser stopped answering twice during it' };
    if (ended.why === 'stopped') return { ok: false, error: 'the audit was stopped' };
    if (ended.why === 'crashed') return { ok: false, error: `audit of this portal failed: ${ended.message}` };
    await this.checkBrowser();
    return { ok: false, error: `audit of this portal stopped: it was not done within the agency time limit (${limitMs} ms, --agency-timeout-ms); its browser context was closed` };
  }

  private take(): AgencyThread {
    return this.idle.pop() ?? new AgencyThread(this, this.options);
  }

  /** After a deadline: if Chromium no longer answers, replace it, and send the agencies that were on it round again. */
  private checkBrowser(): Promise<void> {
    this.checking ??= (async () => {
      if (await this.host.healthy()) return;
      this.warn('the browser stopped answering; it is replaced for the rest of the run, and the agencies in progress are audited again');
      const generation = this.host.generation;
      await this.host.replace();
      for (const [thread, gen] of this.busy) if (gen <= generation) thread.interrupt({ why: 'browser-replaced' });
    })().finally(() => { this.checking = null; });
    return this.checking;
  }

  /** Stop every thread now (a signal): agencies in progress end without a result. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const thread of this.busy.keys()) thread.interrupt({ why: 'stopped' });
    await Promise.all([...this.idle.splice(0), ...this.busy.keys()].map((t) => t.stop()));
  }
}

/** Buffers arrive from a thread as plain Uint8Arrays; the store wants Buffers. */
function reviveBuffers(work: AgencyWork): AgencyWork {
  for (const items of work.evidence) for (const item of items) item.bytes = Buffer.from(item.bytes.buffer, item.bytes.byteOffset, item.bytes.byteLength);
  return work;
}
