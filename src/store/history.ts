// Run history for the alerts: which completed runs came before a run.
import type { Db } from './db.ts';

/** The completed runs up to and including `runId`, newest first, at most `count`. */
export function completedRunsUpTo(db: Db, runId: number, count: number): number[] {
  return db.prepare(`SELECT id FROM runs WHERE status = 'completed' AND id <= ? ORDER BY id DESC LIMIT ?`).pluck().all(runId, count) as number[];
}
