// The SQLite store: WAL, foreign keys, numbered migrations (migrations/NNN-*.sql).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { em, UserError } from '../errors.ts';
import { storeErrorMessage, sqliteCode } from './errors.ts';

export type Db = Database.Database;

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{3}-.*\.sql$/.test(f)).sort();
  for (const file of files) {
    const version = Number(file.slice(0, 3));
    if (applied.has(version)) continue;
    db.transaction(() => {
      db.exec(readFileSync(join(MIGRATIONS_DIR, file), 'utf8'));
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(version, file, new Date().toISOString());
    })();
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message}` : String((err as Error).message ?? err);
}

/** Open (creating if needed) a writable store. Fails with a one-line UserError. */
export function openStore(path: string): Db {
  let db: Db;
  try {
    mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (err) {
    throw new UserError(storeErrorMessage(err, path) ?? em('db.writable', { path, detail: describe(err) }));
  }
  return db;
}

/** A read is refused for want of a writable directory (SQLite keeps a WAL database's index beside it). */
function unreadableInPlace(err: unknown): boolean {
  const code = sqliteCode(err) ?? '';
  return code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR');
}

/**
 * Open an existing store read-only (export, verify). A database in a directory
 * this process cannot write (a read-only copy, a read-only mount) cannot be
 * read in place in WAL mode; it is then copied, with its WAL if any, to a
 * temporary directory, read there, and the copy is removed on close.
 */
export function openStoreReadOnly(path: string): Db {
  if (!existsSync(path)) throw new UserError(em('db.missing', { path }));
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (err) {
      db.close();
      if (!unreadableInPlace(err)) throw err;
      return openTemporaryCopy(path);
    }
    db.pragma('foreign_keys = ON');
    return db;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(storeErrorMessage(err, path) ?? em('db.open', { path, detail: describe(err) }));
  }
}

function openTemporaryCopy(path: string): Db {
  const dir = mkdtempSync(join(tmpdir(), 'portal-audit-readonly-'));
  try {
    const copy = join(dir, basename(path));
    copyFileSync(path, copy);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
    const db = new Database(copy, { fileMustExist: true });
    db.pragma('foreign_keys = ON');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    const close = db.close.bind(db);
    db.close = () => {
      close();
      rmSync(dir, { recursive: true, force: true });
      return db;
    };
    return db;
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const full = (err as NodeJS.ErrnoException).code === 'ENOSPC';
    throw new UserError(full ? em('db.copyNoRoom', { path, tmp: tmpdir() }) : storeErrorMessage(err, path) ?? em('db.copyFailed', { path, detail: describe(err) }));
  }
}

/**
 * Fold the write-ahead log into the database file: PASSIVE (after a run) folds
 * what no reader holds and never waits; TRUNCATE waits for readers, folds all of
 * it and empties the log file, so the database file alone can be copied.
 */
export function checkpoint(db: Db, mode: 'PASSIVE' | 'TRUNCATE' = 'PASSIVE'): void {
  db.pragma(`wal_checkpoint(${mode})`);
}

/** Give the pages freed by a prune back to the file system. */
export function vacuum(db: Db): void {
  db.exec('VACUUM');
}
