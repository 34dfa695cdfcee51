// SQLite's errors as one line an operator can act on: which database file,
// what went wrong, and what to do next (the error catalog, en/fa). Anything
// the store throws passes through here on its way to the command line or the
// review UI.
import { em, UserError, type ErrorMessage } from '../errors.ts';
import { errorText, type ErrorKey } from '../i18n/errors.ts';

/** What better-sqlite3 throws: an Error with SQLite's extended result code (SQLITE_FULL, SQLITE_READONLY_DBMOVED, …). */
export function sqliteCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

/** Catalog keys by SQLite's primary result code (SQLITE_READONLY_DIRECTORY → SQLITE_READONLY). */
const KEYS: Record<string, ErrorKey> = {
  SQLITE_FULL: 'store.full',
  SQLITE_READONLY: 'store.readonly',
  SQLITE_CANTOPEN: 'store.cantopen',
  SQLITE_CORRUPT: 'store.corrupt',
  SQLITE_NOTADB: 'store.notadb',
  SQLITE_BUSY: 'store.busy',
  SQLITE_LOCKED: 'store.busy',
  SQLITE_IOERR: 'store.ioerr',
  SQLITE_PERM: 'store.perm',
  SQLITE_AUTH: 'store.perm',
};

/** The catalog message naming the file, SQLite's code and what to do; null when `err` is not an SQLite error. */
export function storeErrorMessage(err: unknown, file: string): ErrorMessage | null {
  const code = sqliteCode(err);
  if (!code) return null;
  const key = KEYS[code.split('_').slice(0, 2).join('_')] ?? 'store.other';
  return em(key, { file, code, detail: (err as Error).message });
}

/** The same in English, one line: for logs. */
export function describeStoreError(err: unknown, file: string): string | null {
  const message = storeErrorMessage(err, file);
  return message ? errorText('en', message.key, message.params) : null;
}

/** An SQLite error as a UserError (one line, no stack, in the command line's language); anything else unchanged. */
export function storeError(err: unknown, file: string): unknown {
  const message = storeErrorMessage(err, file);
  return message ? new UserError(message) : err;
}
