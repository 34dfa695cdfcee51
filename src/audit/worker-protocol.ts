// The messages between the audit (main thread) and an agency's worker thread.
import type { Agency } from '../registry/registry.ts';
import type { AgencyResult } from '../store/runs.ts';

/** A run-wide slot the worker must hold: a host's politeness slot, or the one Lighthouse run at a time. */
export type Slot = { kind: 'host'; url: string } | { kind: 'lighthouse' };

/** Where the run's Chromium is, as of this agency (it changes when a wedged browser is replaced). */
export interface BrowserEndpoint {
  wsEndpoint: string;
  /** Chromium's debugging port for Lighthouse; null when Lighthouse is off. */
  lighthousePort: number | null;
}

export type ToWorker =
  | { type: 'audit'; agency: Agency; seeds: string[]; browser: BrowserEndpoint }
  | { type: 'granted'; id: number };

export type AgencyWork = Omit<AgencyResult, 'startedAt'>;

export type FromWorker =
  | { type: 'acquire'; id: number; slot: Slot }
  | { type: 'release'; id: number }
  | { type: 'slow-down'; host: string; delayMs: number }
  | { type: 'warn'; message: string }
  | { type: 'result'; result: AgencyWork }
  | { type: 'failed'; message: string };
