// Runs each agency's audit in a worker thread (audit-thread.ts) under a
// wall-clock deadline enforced from the main thread, which does nothing heavy
// and so is always free to enforce it: at the deadline the thread and its own
// Chromium are stopped (the next agency gets fresh ones), and the run goes on.
// The agencies' Lighthouse requests go to the run's one Lighthouse thread
// (lighthouse-thread.ts), whose performance runs hold the gate alone.
import type { LighthouseResult } from '../../crawlers/lighthouse.ts';
import type { HostLimiter } from '../../crawlers/portal.ts';
import type { Agency } from '../registry/registry.ts';
import type { AuditOptions } from './run-audit.ts';
import type { BrowserHost } from './browser-host.ts';
import { ExclusiveGate } from './exclusive-gate.ts';
import { AuditThread, type ThreadHost } from './audit-thread.ts';
import { LighthouseThread } from './lighthouse-thread.ts';
import type { AgencyWork } from './worker-protocol.ts';

/** What became of one agency's work. */
export type WorkOutcome = { ok: true; result: AgencyWork } | { ok: false; error: string };

/** Measures an agency's sampled pages somewhere else: on the Lighthouse queue (a queue worker). */
export type MeasureElsewhere = ThreadHost['measure'];

export interface AgencyWorkersOptions {
  host: BrowserHost;
  limiter: HostLimiter;
  options: AuditOptions;
  warn: (message: string) => void;
  /** Where the agencies' Lighthouse requests go; by default the run's own Lighthouse thread (when the run measures). */
  lighthouse?: MeasureElsewhere;
  /** Shared by every run of a queue worker, so its Lighthouse thread's performance runs are alone on the machine. */
  gate?: ExclusiveGate;
}

export class AgencyWorkers implements ThreadHost {
  readonly limiter: HostLimiter;
  readonly gate: ExclusiveGate;
  /** The run's Lighthouse thread, started with the run; null when Lighthouse is off or measures elsewhere. */
  private readonly lighthouse: LighthouseThread | null;
  private readonly elsewhere: MeasureElsewhere | null;
  readonly warn: (message: string) => void;
  private readonly host: BrowserHost;
  private readonly options: AuditOptions;
  private readonly idle: AuditThread[] = [];
  /** Threads with an agency in them. */
  private readonly busy = new Set<AuditThread>();
  private stopping = false;

  constructor(o: AgencyWorkersOptions) {
    this.host = o.host;
    this.limiter = o.limiter;
    this.options = o.options;
    this.warn = o.warn;
    this.gate = o.gate ?? new ExclusiveGate();
    this.elsewhere = o.lighthouse ?? null;
    this.lighthouse = o.host.spec.lighthouse && !o.lighthouse ? new LighthouseThread(this, o.options, o.host) : null;
  }

  measure(agencyId: string, urls: string[], wanted: () => boolean): Promise<LighthouseResult[]> {
    if (this.elsewhere) return this.elsewhere(agencyId, urls, wanted);
    return this.lighthouse ? this.lighthouse.measure(urls, wanted) : Promise.resolve([]);
  }

  /** Audit one agency in a thread, within the agency time limit. */
  async run(agency: Agency, seeds: string[]): Promise<WorkOutcome> {
    if (this.stopping) return { ok: false, error: 'the audit was stopped' };
    const thread = this.idle.pop() ?? new AuditThread(this, this.options, this.host, 'agency');
    this.busy.add(thread);
    const limitMs = this.options.agencyTimeoutMs;
    const ended = await thread.within({ type: 'audit', agency, seeds }, limitMs);
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
    await Promise.all([...[...this.idle.splice(0), ...this.busy].map((t) => t.stop(this.host)), this.lighthouse?.stop()]);
  }

  /** The run is over: each idle thread closes its own browser. */
  async close(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.idle.splice(0).map((t) => t.close(this.host)), this.lighthouse?.close()]);
    await this.stop();
  }
}

/** Buffers arrive from a thread as plain Uint8Arrays; the store wants Buffers. */
function reviveBuffers(work: AgencyWork): AgencyWork {
  for (const items of work.evidence) for (const item of items) item.bytes = Buffer.from(item.bytes.buffer, item.bytes.byteOffset, item.bytes.byteLength);
  return work;
}
