import { em, UserError } from '../errors.ts';
import { openStore, vacuum } from '../store/db.ts';
import { acquireAuditLock } from '../store/lock.ts';
import { pruneBlobs } from '../store/prune.ts';
import { type Command, dbPath, parse, positiveInt } from './common.ts';

export const pruneCommand: Command = {
  name: 'prune',
  summary: 'Drop the screenshot and page bytes that only older runs use.',
  usage: `Usage: portal-audit prune --keep-runs N [options]

Keeps the bytes of every blob that one of the N newest completed runs (or an
unfinished run, which may still be resumed) cites, and drops the bytes of the rest. Their hashes, findings and evidence rows stay, so the
history and the hash chain remain verifiable (\`verify\` stays green).

Options:
  --keep-runs N  how many of the newest completed runs keep their evidence bytes (required)
  --db FILE      SQLite database (default $PORTAL_AUDIT_DB or data/audit.sqlite)
  -h, --help     show this help`,
  async run(argv, io) {
    const { values } = parse(argv, { db: { type: 'string' }, 'keep-runs': { type: 'string' } }, 'prune');
    if (values.help) {
      io.out(this.usage + '\n');
      return 0;
    }
    if (values['keep-runs'] === undefined) throw new UserError(em('prune.keepRuns'));
    const keep = positiveInt(values['keep-runs'], '--keep-runs', 1);
    const db = openStore(dbPath(values.db, io.env));
    // Not while an audit writes: the lock says who is running.
    const lock = acquireAuditLock(db);
    try {
      const r = pruneBlobs(db, keep);
      vacuum(db);
      io.out(`kept the evidence of run(s) ${r.keptRuns.join(', ') || '—'}; dropped the bytes of ${r.prunedBlobs} blob(s), ${(r.freedBytes / 1_048_576).toFixed(1)} MB\n`);
      return 0;
    } finally {
      lock.release();
      db.close();
    }
  },
};
