// Runs each agency's audit in a worker thread under a wall-clock deadline
// enforced from the main thread, which does nothing heavy and so is always
// free to enforce it: at the deadline the thread is terminated (V8 stops it
// even inside a busy loop), the thread's own Chromium is killed (frozen or
// not; the next thread launches a fresh one), and the run goes on. The main
// thread also grants the run-wide slots (per-host politeness, and Lighthouse's
// performance run alone on the machine), and takes them back from a stopped thread.
import { Worker } from 'node:worker_threads';
import PQueue from 'p-queue';
import { withTimeout } from '../../crawlers/browser.ts';
import type { HostLimiter } from '../../crawlers/portal.ts';
import type { Agency } from '../registry/registry.ts';
import type { AuditOptions } from './run-audit.ts';
import type { BrowserHost } from './browser-host.ts';
import { ExclusiveGate } from './exclusive-gate.ts';
import type { AgencyWork, FromWorker, Slot, ThreadData, ToWorker } from './worker-protocol.ts';

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
type Ended = { why: 'deadline' } | { why: 'crashed'; message: string } | { why: 'stopped' };

let threads = 0;

/** One worker thread, reused from agency to agency until it has to be stopped. */
class AgencyThread {
  readonly worker: Worker;
  private readonly held = new Map<number, () => void>();
  private closed = false;
  /** Set while an agency is in it: settles the agency's outcome. */
  private settle: ((o: FromWorker | Ended) => void) | null = null;
  private readonly pool: AgencyWorkers;
  /** Names this thread's Chromium in its command line. */
  readonly marker = `${process.pid}-${++threads}`;

  constructor(pool: AgencyWorkers, options: AuditOptions, host: BrowserHost) {
    this.pool = pool;
    const data: ThreadData = { options, browser: host.spec, marker: this.marker };
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
    else this.settle?.(m);
  }

  /** Grant the slot when its queue allows, and hold it until released (or the thread is gone). */
  private acquire(id: number, slot: Slot): void {
    const hold = () => new Promise<void>((release) => {
      if (this.closed) return release();
      this.held.set(id, release);
      this.worker.postMessage({ type: 'granted', id } satisfies ToWorker);
    });
    // Nothing a thread sends may throw in this thread: a URL that does not parse gets no host slot, only its grant.
    const { gate } = this.pool;
    const queued = slot.kind === 'lighthouse' ? this.pool.lighthouse.add(() => gate.withExclusive(hold))
      : URL.canParse(slot.url) ? this.pool.limiter.run(slot.url, () => gate.withShared(hold)) : hold();
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

export class AgencyWorkers {
  readonly limiter: HostLimiter;
  readonly lighthouse = new PQueue({ concurrency: 1 });
  /** Host slots share it; Lighthouse's performance run takes it alone. */
  readonly gate = new ExclusiveGate();
  readonly warn: (message: string) => void;
  private readonly host: BrowserHost;
  private readonly options: AuditOptions;
  private readonly idle: AgencyThread[] = [];
  /** Threads with an agency in them. */
  private readonly busy = new Set<AgencyThread>();
  private stopping = false;

  constructor(o: AgencyWorkersOptions) {
    this.host = o.host;
    this.limiter = o.limiter;
    this.options = o.options;
    this.warn = o.warn;
  }

  /** Audit one agency in a thread, within the agency time limit. */
  async run(agency: Agency, seeds: string[]): Promise<WorkOutcome> {
    if (this.stopping) return { ok: false, error: 'the audit was stopped' };
    const thread = this.idle.pop() ?? new AgencyThread(this, this.options, this.host);
    this.busy.add(thread);
    const limitMs = this.options.agencyTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<Ended>((resolve) => { timer = setTimeout(() => resolve({ why: 'deadline' }), limitMs); });
    const ended = await Promise.race([thread.run({ type: 'audit', agency, seeds }), deadline]);
    clearTimeout(timer);
    this.busy.delete(thread);
    if ('type' in ended) {
      if (thread.usable && !this.stopping) this.idle.push(thread);
      if (ended.type === 'result') return { ok: true, result: reviveBuffers(ended.result) };
      return { ok: false, error: `audit of this portal failed: ${ended.type === 'failed' ? ended.message : 'unexpected message from its thread'}` };
    }
    await thread.stop(this.host);
    if (ended.why === 'stopped') return { ok: false, error: 'the audit was stopped' };
    if (ended.why === 'crashed') return { ok: false, error: `audit of this portal failed: ${ended.message}` };
    this.warn(`${agency.id}: not done within the agency time limit (${limitMs} ms); its thread and its browser were stopped, the next agency gets fresh ones`);
    return { ok: false, error: `audit of this portal stopped: it was not done within the agency time limit (${limitMs} ms, --agency-timeout-ms); its browser was closed` };
  }

  /** Stop every thread now (a signal): agencies in progress end without a result. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const thread of this.busy) thread.interrupt({ why: 'stopped' });
    await Promise.all([...this.idle.splice(0), ...this.busy].map((t) => t.stop(this.host)));
  }

  /** The run is over: each idle thread closes its own browser. */
  async close(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.idle.splice(0).map((t) => t.close(this.host)));
    await this.stop();
  }
}

/** Buffers arrive from a thread as plain Uint8Arrays; the store wants Buffers. */
function reviveBuffers(work: AgencyWork): AgencyWork {
  for (const items of work.evidence) for (const item of items) item.bytes = Buffer.from(item.bytes.buffer, item.bytes.byteOffset, item.bytes.byteLength);
  return work;
}
