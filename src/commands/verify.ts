import { readFileSync } from 'node:fs';
import { em, UserError } from '../errors.ts';
import { loadPublicKey, type PublicKey } from '../evidence/signing.ts';
import { checkBundle } from '../report/bundle-check.ts';
import { checkHead, verifySignatures } from '../store/anchors.ts';
import { openStoreReadOnly, type Db } from '../store/db.ts';
import { verifyStore } from '../store/integrity.ts';
import { type Command, type Io, dbPath, parse } from './common.ts';
import { readCheckpoint } from './head.ts';

function verifyBundleFile(file: string, key: PublicKey, io: Io): number {
  let zip: Buffer;
  try {
    zip = readFileSync(file);
  } catch (err) {
    throw new UserError(em('verify.bundleUnreadable', { file, detail: (err as NodeJS.ErrnoException).code ?? (err as Error).message }));
  }
  const check = checkBundle(zip, key);
  for (const note of check.notes) io.out(`note: ${note}\n`);
  for (const problem of check.problems) io.out(`ALTERED: ${problem}\n`);
  io.out(`${check.problems.length === 0 ? 'intact' : `${check.problems.length} problem(s)`}: bundle ${file}, ${check.files} file(s) checked, against the key ${key.fingerprint}\n`);
  return check.problems.length === 0 ? 0 : 1;
}

interface Anchors { heads: string[]; key: PublicKey | null }

function verifyDatabase(db: Db, onlyRun: number | undefined, anchors: Anchors, io: Io): number {
  const report = verifyStore(db, onlyRun);
  const signatures = verifySignatures(db, anchors.key);
  const problems = [...report.problems, ...signatures.problems, ...anchors.heads.flatMap((h) => checkHead(db, h))];
  for (const note of [...report.notes, ...signatures.notes]) io.out(`note: ${note}\n`);
  for (const problem of problems) io.out(`ALTERED: ${problem}\n`);
  const key = anchors.key ? `, against the key ${anchors.key.fingerprint}` : ', no --public-key given';
  io.out(`anchors: ${signatures.signed} signed run(s)${key}; ${anchors.heads.length} head(s) checked\n`);
  io.out(`${problems.length === 0 ? 'intact' : `${problems.length} problem(s)`}: ${report.runs} run(s), ${report.findings} finding(s), ${report.blobs} blob(s) checked, ${report.prunedBlobs} pruned, ${report.reviews} review(s)\n`);
  return problems.length === 0 ? 0 : 1;
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Recompute every evidence hash, finding digest and the run chain; check signatures, heads and bundles.',
  usage: `Usage: portal-audit verify [options]
       portal-audit verify --bundle FILE.zip --public-key FILE

Recomputes the SHA-256 of every stored blob (screenshots, HTML, headers), the
digest of every finding over its row and its evidence rows, each run's
manifest, the chain from each run to the one before it, and the chain of
evaluators' reviews (each bound to the finding it reviewed). Prints every
altered blob, altered finding, missing row and broken link. Exit 0 only when
everything is intact; pruned blobs (bytes dropped, hash kept) are not errors.

The chains alone cannot show that their newest end was cut off or rewritten
whole. Anchors kept outside the database can:
  --head TOKEN        a head printed by \`portal-audit head\` and published: its run
                      and its review must still be there, unchanged (repeatable)
  --checkpoint FILE   every head in a checkpoint file (\`head --out FILE\`)
  --public-key FILE   the operator's public key: every run signature must be by
                      it, and no run after the first it signed may be unsigned
Every stored run signature is checked against its run's manifest in any case.

With --bundle, checks a dispute bundle instead of a database: SHA256SUMS
signed by the key given with --public-key, every file as SHA256SUMS lists
it, and the run's signature in manifest.json.

Options:
  --db FILE      SQLite database (default $PORTAL_AUDIT_DB or data/audit.sqlite)
  --run ID       check this run's findings and manifest only (blobs are always checked)
  -h, --help     show this help`,
  async run(argv, io) {
    const { values } = parse(argv, {
      db: { type: 'string' }, run: { type: 'string' }, head: { type: 'string', multiple: true }, checkpoint: { type: 'string' },
      'public-key': { type: 'string' }, bundle: { type: 'string' },
    }, 'verify');
    if (values.help) {
      io.out(this.usage + '\n');
      return 0;
    }
    const key = values['public-key'] === undefined ? null : loadPublicKey(values['public-key']);
    if (values.bundle !== undefined) {
      if (!key) throw new UserError(em('verify.bundleKey'));
      if (values.db !== undefined || values.run !== undefined || values.head || values.checkpoint) throw new UserError(em('verify.bundleAlone'));
      return verifyBundleFile(values.bundle, key, io);
    }
    if (values.run !== undefined && !/^\d+$/.test(values.run)) throw new UserError(em('verify.run', { value: values.run }));
    const heads = [...(values.head ?? []), ...(values.checkpoint ? readCheckpoint(values.checkpoint) : [])];
    const db = openStoreReadOnly(dbPath(values.db, io.env));
    try {
      return verifyDatabase(db, values.run === undefined ? undefined : Number(values.run), { heads, key }, io);
    } finally {
      db.close();
    }
  },
};
