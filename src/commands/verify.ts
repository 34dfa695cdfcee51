import { em, UserError } from '../errors.ts';
import { openStoreReadOnly } from '../store/db.ts';
import { verifyStore } from '../store/integrity.ts';
import { type Command, dbPath, parse } from './common.ts';

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Recompute every evidence hash, finding digest and the run chain.',
  usage: `Usage: portal-audit verify [options]

Recomputes the SHA-256 of every stored blob (screenshots, HTML, headers), the
digest of every finding over its row and its evidence rows, each run's
manifest, the chain from each run to the one before it, and the chain of
evaluators' reviews (each bound to the finding it reviewed). Prints every
altered blob, altered finding, missing row and broken link. Exit 0 only when
everything is intact; pruned blobs (bytes dropped, hash kept) are not errors.

Options:
  --db FILE      SQLite database (default $PORTAL_AUDIT_DB or data/audit.sqlite)
  --run ID       check this run's findings and manifest only (blobs are always checked)
  -h, --help     show this help`,
  async run(argv, io) {
    const { values } = parse(argv, { db: { type: 'string' }, run: { type: 'string' } }, 'verify');
    if (values.help) {
      io.out(this.usage + '\n');
      return 0;
    }
    if (values.run !== undefined && !/^\d+$/.test(values.run)) throw new UserError(em('verify.run', { value: values.run }));
    const db = openStoreReadOnly(dbPath(values.db, io.env));
    try {
      const report = verifyStore(db, values.run === undefined ? undefined : Number(values.run));
      for (const note of report.notes) io.out(`note: ${note}\n`);
      for (const problem of report.problems) io.out(`ALTERED: ${problem}\n`);
      io.out(`${report.problems.length === 0 ? 'intact' : `${report.problems.length} problem(s)`}: ${report.runs} run(s), ${report.findings} finding(s), ${report.blobs} blob(s) checked, ${report.prunedBlobs} pruned, ${report.reviews} review(s)\n`);
      return report.problems.length === 0 ? 0 : 1;
    } finally {
      db.close();
    }
  },
};
