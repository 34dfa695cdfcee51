// One audit writes at a time. The lock is a row; a row whose process is gone
// (same host: the pid no longer exists; another host: no heartbeat for a
// while) is taken over, so a crash at 3 a.m. does not block the next night.
import { hostname } from 'node:os';
import { em, UserError } from '../errors.ts';
import type { Db } from './db.ts';

export const AUDIT_LOCK = 'audit';
const HEARTBEAT_MS = 30_000;
const STALE_AFTER_MS = 10 * 60_000;

interface LockRow { pid: number; host: string; run_id: number | null; acquired_at: string; heartbeat_at: string }

export interface HeldLock {
  setRun(runId: number): void;
  release(): void;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockIsLive(row: LockRow, now = Date.now()): boolean {
  if (row.host === hostname()) return processAlive(row.pid);
  return now - Date.parse(row.heartbeat_at) < STALE_AFTER_MS;
}

export function currentLock(db: Db): LockRow | null {
  return (db.prepare('SELECT * FROM locks WHERE name = ?').get(AUDIT_LOCK) as LockRow | undefined) ?? null;
}

/** Take the audit lock or fail with a message that says who holds it. */
export function acquireAuditLock(db: Db, pid = process.pid): HeldLock {
  const host = hostname();
  const take = db.transaction(() => {
    const row = currentLock(db);
    if (row && lockIsLive(row) && !(row.pid === pid && row.host === host)) {
      throw new UserError(em(row.run_id ? 'lock.heldRun' : 'lock.held', { pid: row.pid, host: row.host, runId: row.run_id, since: row.acquired_at }));
    }
    const now = new Date().toISOString();
    db.prepare(`INSERT INTO locks (name, pid, host, run_id, acquired_at, heartbeat_at) VALUES (?, ?, ?, NULL, ?, ?)
      ON CONFLICT(name) DO UPDATE SET pid = excluded.pid, host = excluded.host, run_id = NULL, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`)
      .run(AUDIT_LOCK, pid, host, now, now);
  });
  take.immediate();
  const beat = setInterval(() => {
    try {
      db.prepare('UPDATE locks SET heartbeat_at = ? WHERE name = ? AND pid = ?').run(new Date().toISOString(), AUDIT_LOCK, pid);
    } catch {
      // A busy database delays one heartbeat; the next one catches up.
    }
  }, HEARTBEAT_MS);
  beat.unref();
  return {
    setRun(runId) {
      db.prepare('UPDATE locks SET run_id = ? WHERE name = ? AND pid = ?').run(runId, AUDIT_LOCK, pid);
    },
    release() {
      clearInterval(beat);
      db.prepare('DELETE FROM locks WHERE name = ? AND pid = ?').run(AUDIT_LOCK, pid);
    },
  };
}
