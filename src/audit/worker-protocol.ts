// The messages between the audit (main thread) and its worker threads: the
// agency threads, and the one Lighthouse thread that measures their pages.
import type { LighthouseResult } from '../../crawlers/lighthouse.ts';
import type { Agency } from '../registry/registry.ts';
import type { AgencyResult } from '../store/runs.ts';

/**
 * A run-wide slot the worker must hold: a host's politeness slot, for a page
 * loaded in a browser (`host`) or a request over HTTP (`request`: the
 * performance run does not wait for one in flight); CPU-heavy work (judging,
 * evidence screenshots); or the Lighthouse performance run, alone on the
 * machine (none of the others started meanwhile).
 */
export type Slot = { kind: 'host' | 'request'; url: string } | { kind: 'work' } | { kind: 'lighthouse' };

/** The Chromium each thread launches for itself. */
export interface BrowserSpec {
  executablePath: string;
  /** The run measures with Lighthouse (in its Lighthouse thread, whose browser opens a debugging port for it). */
  lighthouse: boolean;
}

/** What a thread does: audit agencies, or measure pages with Lighthouse one agency at a time. */
export type ThreadRole = 'agency' | 'lighthouse';

/** What a thread is started with. `marker` names its browser's process, so the main thread can kill it. */
export interface ThreadData { options: import('./run-audit.ts').AuditOptions; browser: BrowserSpec; marker: string; role: ThreadRole }

export type ToWorker =
  | { type: 'audit'; agency: Agency; seeds: string[] }
  | { type: 'granted'; id: number }
  /** To the Lighthouse thread: measure one agency's sampled pages. */
  | { type: 'measure'; urls: string[] }
  /** To an agency thread: the Lighthouse results it asked for. */
  | { type: 'measured'; id: number; results: LighthouseResult[] }
  /** The run is over: close the browser, then say so. */
  | { type: 'close' };

export type AgencyWork = Omit<AgencyResult, 'startedAt'>;

export type FromWorker =
  | { type: 'acquire'; id: number; slot: Slot }
  | { type: 'release'; id: number }
  | { type: 'slow-down'; host: string; delayMs: number }
  | { type: 'warn'; message: string }
  | { type: 'result'; result: AgencyWork }
  /** From an agency thread: have these pages measured by the run's Lighthouse thread. */
  | { type: 'measure'; id: number; agencyId: string; urls: string[] }
  /** From the Lighthouse thread: its answer to `measure`. */
  | { type: 'measured'; results: LighthouseResult[] }
  | { type: 'failed'; message: string }
  | { type: 'closed' };
