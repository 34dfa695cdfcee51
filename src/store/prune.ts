// Retention: drop the bytes of blobs that only older completed runs use. Their hashes,
// findings and evidence rows stay, so history and the chain stay verifiable.
import type { Db } from './db.ts';

export interface PruneResult { keptRuns: number[]; prunedBlobs: number; freedBytes: number }

export function pruneBlobs(db: Db, keepRuns: number): PruneResult {
  // An unfinished run may still be resumed: it keeps its evidence too.
  const kept = db.prepare(`SELECT id FROM runs WHERE status != 'completed'
    UNION SELECT id FROM (SELECT id FROM runs WHERE status = 'completed' ORDER BY id DESC LIMIT ?) ORDER BY id DESC`).pluck().all(keepRuns) as number[];
  const marks = kept.map(() => '?').join(',') || 'NULL';
  const stale = `SELECT sha256 FROM blobs WHERE bytes IS NOT NULL
    AND sha256 NOT IN (SELECT e.sha256 FROM evidence e JOIN findings f ON f.id = e.finding_id WHERE f.run_id IN (${marks}))
    AND sha256 NOT IN (SELECT html_sha256 FROM pages WHERE html_sha256 IS NOT NULL AND run_id IN (${marks}))`;
  return db.transaction(() => {
    const freedBytes = (db.prepare(`SELECT COALESCE(SUM(size), 0) FROM blobs WHERE sha256 IN (${stale})`).pluck().get(...kept, ...kept) as number);
    const { changes } = db.prepare(`UPDATE blobs SET bytes = NULL WHERE sha256 IN (${stale})`).run(...kept, ...kept);
    return { keptRuns: kept.reverse(), prunedBlobs: changes, freedBytes };
  })();
}
