// SQLite's errors as one line an operator can act on: which database file,
// what went wrong, and what to do next. Anything the store throws passes
// through here on its way to the command line or the review UI.
import { UserError } from '../errors.ts';

/** What better-sqlite3 throws: an Error with SQLite's extended result code (SQLITE_FULL, SQLITE_READONLY_DBMOVED, …). */
export function sqliteCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

/** The primary code of an extended one: SQLITE_READONLY_DIRECTORY → SQLITE_READONLY. */
function primary(code: string): string {
  return code.split('_').slice(0, 2).join('_');
}

const ADVICE: Record<string, string> = {
  SQLITE_FULL: 'the disk (or the temporary directory) is full, so nothing more was written. Free some space, or pass --db on another disk, and run the command again',
  SQLITE_READONLY: 'the database is read-only, and this command writes to it. Make the file and its directory writable, or pass --db with a writable copy',
  SQLITE_CANTOPEN: 'the database file cannot be opened. Check that it exists and that you may read it and its directory, or pass --db FILE',
  SQLITE_CORRUPT: 'the database file is damaged. Restore it from a backup, and keep the damaged copy for inspection',
  SQLITE_NOTADB: 'this is not an SQLite database. Pass --db with the audit database',
  SQLITE_BUSY: 'another process holds the database. Try again when it is done',
  SQLITE_LOCKED: 'another process holds the database. Try again when it is done',
  SQLITE_IOERR: 'the disk reported an input/output error. Check the disk (space, permissions, health) and run the command again',
  SQLITE_PERM: 'access to the database was refused. Check its permissions',
  SQLITE_AUTH: 'access to the database was refused. Check its permissions',
};

/** One line naming the file, SQLite's code and what to do; null when `err` is not an SQLite error. */
export function describeStoreError(err: unknown, file: string): string | null {
  const code = sqliteCode(err);
  if (!code) return null;
  const advice = ADVICE[code] ?? ADVICE[primary(code)] ?? `SQLite reported: ${(err as Error).message}. Run \`verify\` on the database, and report this if it persists`;
  return `${file}: ${advice} (${code}).`;
}

/** An SQLite error as a UserError (one line, no stack); anything else unchanged. */
export function storeError(err: unknown, file: string): unknown {
  const message = describeStoreError(err, file);
  return message ? new UserError(message) : err;
}
