import { appendFileSync, readFileSync } from 'node:fs';
import { em, UserError } from '../errors.ts';
import { currentHead, HEAD_PATTERN } from '../store/anchors.ts';
import { openStoreReadOnly } from '../store/db.ts';
import { type Command, dbPath, parse } from './common.ts';

/** The head tokens of a checkpoint file: one per line (`TOKEN TIME`), `#` starts a comment. */
export function readCheckpoint(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(em('head.unreadable', { file, detail: (err as NodeJS.ErrnoException).code ?? (err as Error).message }));
  }
  const tokens: string[] = [];
  text.split('\n').forEach((line, i) => {
    const token = line.replace(/#.*/, '').trim().split(/\s+/)[0];
    if (!token) return;
    if (!HEAD_PATTERN.test(token)) throw new UserError(em('head.badLine', { file, line: i + 1, token: token.slice(0, 80) }));
    tokens.push(token);
  });
  if (tokens.length === 0) throw new UserError(em('head.empty', { file }));
  return tokens;
}

export const headCommand: Command = {
  name: 'head',
  summary: 'Print the head (newest run and review) to publish, or append it to a checkpoint file.',
  usage: `Usage: portal-audit head [options]

Prints the database's head: RUN.REVIEW.SHA256, where RUN is the newest
completed run, REVIEW the newest review (0 when none), and SHA256 binds the
run's manifest to the review's hash. Publish it each night, somewhere the
database's keepers cannot rewrite (a file served or committed elsewhere, a
mail). Later, \`verify --head TOKEN\` (or \`--checkpoint FILE\`) tells whether
that run or that review was since hidden, deleted or replaced.

Options:
  --db FILE      SQLite database (default $PORTAL_AUDIT_DB or data/audit.sqlite)
  --out FILE     also append "TOKEN TIME" to FILE (a checkpoint file for verify --checkpoint)
  -h, --help     show this help`,
  async run(argv, io) {
    const { values } = parse(argv, { db: { type: 'string' }, out: { type: 'string' } }, 'head');
    if (values.help) {
      io.out(this.usage + '\n');
      return 0;
    }
    const db = openStoreReadOnly(dbPath(values.db, io.env));
    try {
      const head = currentHead(db);
      if (head.runId === 0) throw new UserError(em('head.noRun'));
      if (values.out) {
        try {
          appendFileSync(values.out, `${head.token} ${new Date().toISOString()}\n`);
        } catch (err) {
          throw new UserError(em('head.append', { file: values.out, detail: (err as NodeJS.ErrnoException).code ?? (err as Error).message }));
        }
      }
      io.out(`${head.token}\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};
