// The messages between the audit (main thread) and an agency's worker thread.
import type { Agency } from '../registry/registry.ts';
import type { AgencyResult } from '../store/runs.ts';

/** A run-wide slot the worker must hold: a host's politeness slot, or the Lighthouse performance run, alone on the machine (no host slot held meanwhile). */
export type Slot = { kind: 'host'; url: string } | { kind: 'lighthouse' };

/** The Chromium each agency thread launches for itself. */
export interface BrowserSpec {
  executablePath: string;
  /** Open a debugging port for Lighthouse. */
  lighthouse: boolean;
}

/** What a thread is started with. `marker` names its browser's process, so the main thread can kill it. */
export interface ThreadData { options: import('./run-audit.ts').AuditOptions; browser: BrowserSpec; marker: string }

export type ToWorker =
  | { type: 'audit'; agency: Agency; seeds: string[] }
  | { type: 'granted'; id: number }
  /** The run is over: close the browser, then say so. */
  | { type: 'close' };

export type AgencyWork = Omit<AgencyResult, 'startedAt'>;

export type FromWorker =
  | { type: 'acquire'; id: number; slot: Slot }
  | { type: 'release'; id: number }
  | { type: 'slow-down'; host: string; delayMs: number }
  | { type: 'warn'; message: string }
  | { type: 'result'; result: AgencyWork }
  | { type: 'failed'; message: string }
  | { type: 'closed' };
