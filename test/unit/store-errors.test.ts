// SQLite's errors end in one line naming the database file and what to do:
// the mapping for each code, real errors through the command line (a damaged
// file, a file that is not a database), and a full database (SQLite's page
// limit, a real SQLITE_FULL) under the review UI: a 503 page, nothing saved.
import { mkdtempSync, openSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL } from '../../rules/catalog.ts';
import { RULES } from '../../rules/index.ts';
import { main } from '../../src/cli.ts';
import type { Io } from '../../src/commands/common.ts';
import { UserError } from '../../src/errors.ts';
import type { Db } from '../../src/store/db.ts';
import { describeStoreError, storeError } from '../../src/store/errors.ts';
import { reviewHistory } from '../../src/store/reviews.ts';
import { createUi } from '../../src/ui/app.ts';
import { UiClient } from '../support/ui-client.ts';
import { buildUiStore, PASSWORD } from '../support/ui-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'store-errors-'));

function io(): Io & { errText: () => string } {
  let err = '';
  return { out: () => {}, err: (s) => { err += s; }, isTty: false, env: {}, lang: 'en', cwd: dir, errText: () => err };
}

describe('the mapping', () => {
  const cases: Array<[string, RegExp]> = [
    ['SQLITE_FULL', /is full, so nothing more was written\. Free some space, or pass --db on another disk/],
    ['SQLITE_READONLY', /is read-only, and this command writes to it\. Make the file and its directory writable/],
    ['SQLITE_READONLY_DIRECTORY', /is read-only, and this command writes to it/],
    ['SQLITE_CANTOPEN', /cannot be opened\. Check that it exists/],
    ['SQLITE_CORRUPT', /is damaged\. Restore it from a backup/],
    ['SQLITE_IOERR_WRITE', /input\/output error\. Check the disk/],
    ['SQLITE_MISMATCH', /SQLite reported: boom\. Run `verify`/],
  ];
  for (const [code, advice] of cases) {
    it(`${code}: one line naming the file, the code and what to do`, () => {
      const thrown = new Database.SqliteError('boom', code);
      const message = describeStoreError(thrown, 'data/audit.sqlite')!;
      expect(message).toMatch(new RegExp(`^data/audit\\.sqlite: .*\\(${code}\\)\\.$`));
      expect(message).toMatch(advice);
      expect(message).not.toContain('\n');
      const mapped = storeError(thrown, 'data/audit.sqlite');
      expect(mapped).toBeInstanceOf(UserError);
      expect((mapped as UserError).message).toBe(message);
    });
  }

  it('leaves every other error alone', () => {
    const other = new Error('a bug');
    expect(describeStoreError(other, 'x.sqlite')).toBeNull();
    expect(storeError(other, 'x.sqlite')).toBe(other);
    expect(describeStoreError(Object.assign(new Error('no'), { code: 'ENOENT' }), 'x.sqlite')).toBeNull();
  });
});

describe('through the command line', () => {
  it('a file that is not a database: one line for verify and export, exit 2', async () => {
    const file = join(dir, 'notes.sqlite');
    writeFileSync(file, 'these are my notes, not a database '.repeat(200));
    for (const argv of [['verify', '--db', file], ['export', `--db=${file}`]]) {
      const out = io();
      expect(await main(argv, out)).toBe(2);
      expect(out.errText()).toMatch(new RegExp(`^error: ${file.replaceAll('/', '\\/')}: this is not an SQLite database\\. .*\\(SQLITE_NOTADB\\)\\.\\n$`));
    }
  });

  it('a damaged database: one line naming it, not a stack', async () => {
    const file = join(dir, 'damaged.sqlite');
    const { db } = await buildUiStore(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    // Every page after the first two overwritten: the schema still reads, the tables do not.
    const size = readFileSync(file).length;
    const fd = openSync(file, 'r+');
    for (let at = 2 * pageSize; at < size; at += pageSize) writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, at);
    closeSync(fd);
    const out = io();
    expect(await main(['verify', '--db', file], out)).toBe(2);
    expect(out.errText()).toMatch(/^error: .*damaged\.sqlite: .*\((SQLITE_CORRUPT|SQLITE_NOTADB)\w*\)\.\n$/);
  });
});

describe('a full database under the review UI', () => {
  let db: Db;
  beforeAll(async () => {
    ({ db } = await buildUiStore(join(dir, 'full.sqlite')));
  });
  afterAll(() => db.close());

  it('answers 503 with a page saying nothing was saved, logs one line, and keeps no half review', async () => {
    const client = new UiClient(createUi({ db, model: MODEL, rules: RULES, loopbackOnly: true }).app);
    expect((await client.login('eva', PASSWORD)).status).toBe(303);
    const findingId = db.prepare(`SELECT id FROM findings WHERE indicator_id = 'help-faq' ORDER BY id DESC LIMIT 1`).pluck().get() as number;
    const form = await client.get(`/findings/${findingId}?lang=en`);
    // No page may be added: a review of 4,000 bytes needs more room than any page has left.
    expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const logged: string[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => logged.push(args.map(String).join(' '));
    try {
      const res = await client.post(`/findings/${findingId}/reviews`, {
        _csrf: UiClient.csrf(form.text), action: 'override', outcome: 'pass', score: '1', reason: 'ب'.repeat(2000),
      });
      expect(res.status).toBe(503);
      expect(res.text).toContain('could not be read or written');
    } finally {
      console.error = error;
      db.pragma('max_page_count = 1073741823');
    }
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^error: .*full\.sqlite: the disk .* is full.*\(SQLITE_FULL\)\.$/);
    expect(reviewHistory(db, findingId)).toEqual([]);
  });
});
