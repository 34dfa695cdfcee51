// Bad input gets a one-line error that names the problem, and leaves the
// database exactly as it was.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.ts';
import { runCli } from '../support/cli.ts';

const name = { fa: 'دستگاه', en: 'Agency' };
let dir: string;
let db: string;
let dbBytes: Buffer;

function registry(file: string, agencies: unknown[]): string {
  const path = join(dir, file);
  writeFileSync(path, JSON.stringify({ agencies }));
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-errors-'));
  db = join(dir, 'audit.sqlite');
  const store = openStore(db);
  store.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  dbBytes = readFileSync(db);
});

const badRegistries: Array<[string, unknown[], RegExp]> = [
  ['duplicate id', [{ id: 'a', name, homepage: 'http://127.0.0.1:1/' }, { id: 'a', name, homepage: 'http://127.0.0.1:2/' }], /agencies\[1\]\.id "a" duplicates agencies\[0\]\.id/],
  ['missing homepage', [{ id: 'a', name }], /agencies\[0\]\.homepage is missing/],
  ['non-HTTP URL', [{ id: 'a', name, homepage: 'file:///etc/passwd' }], /agencies\[0\]\.homepage must be an http:\/\/ or https:\/\/ URL/],
];

describe('audit refuses bad input', () => {
  for (const [what, agencies, message] of badRegistries) {
    it(`a registry with a ${what}: one line, exit ≠ 0, database untouched`, async () => {
      const file = registry(`${what.replace(/\W+/g, '-')}.json`, agencies);
      const res = await runCli(['audit', '--no-external-probes', '--agencies', file, '--db', db]);
      expect(res.code).not.toBe(0);
      expect(res.stderr).toMatch(message);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toContain(file);
      expect(readFileSync(db).equals(dbBytes)).toBe(true);
      expect(existsSync(`${db}-wal`) ? readFileSync(`${db}-wal`).length : 0).toBe(0);
    });
  }

  it('a database path that cannot be written: one line, exit ≠ 0', async () => {
    const file = registry('ok.json', [{ id: 'a', name, homepage: 'http://127.0.0.1:1/' }]);
    const notADir = join(dir, 'plain-file');
    writeFileSync(notADir, 'x');
    const res = await runCli(['audit', '--no-external-probes', '--agencies', file, '--db', join(notADir, 'audit.sqlite')]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/plain-file\/audit\.sqlite: cannot open the database for writing .* Pass --db with a writable path\./);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a missing registry file and a bad --as-of name the problem', async () => {
    const missing = await runCli(['audit', '--no-external-probes', '--agencies', join(dir, 'nope.json'), '--db', db]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/nope\.json: cannot read the agency registry \(ENOENT\)/);
    const file = registry('ok2.json', [{ id: 'a', name, homepage: 'http://127.0.0.1:1/' }]);
    const asOf = await runCli(['audit', '--no-external-probes', '--agencies', file, '--db', db, '--as-of', '2025-13-40']);
    expect(asOf.stderr).toMatch(/--as-of 2025-13-40: expected a date as YYYY-MM-DD/);
    expect(readFileSync(db).equals(dbBytes)).toBe(true);
  });

  it('no browser: one line, exit ≠ 0, nothing written', async () => {
    const file = registry('ok3.json', [{ id: 'a', name, homepage: 'http://127.0.0.1:1/' }]);
    const fresh = join(dir, 'never-created.sqlite');
    const res = await runCli(['audit', '--no-external-probes', '--agencies', file, '--db', fresh], { PORTAL_AUDIT_CHROMIUM: join(dir, 'no-such-chromium') });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/PORTAL_AUDIT_CHROMIUM=.*no-such-chromium: not an executable file/);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(fresh)).toBe(false);
    const noPath = await runCli(['audit', '--no-external-probes', '--agencies', file, '--db', fresh], { PATH: dirname(process.execPath), PLAYWRIGHT_BROWSERS_PATH: join(dir, 'none'), PORTAL_AUDIT_CHROMIUM: '' });
    expect(noPath.code).not.toBe(0);
    expect(noPath.stderr).toMatch(/no Chromium found: install it/);
    expect(existsSync(fresh)).toBe(false);
  });
});

describe('commands', () => {
  it('lists only the built commands, and each has --help', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    const listed = [...top.stdout.matchAll(/^ {2}(\S+) {2,}/gm)].map((m) => m[1]);
    expect(listed).toEqual(['audit', 'worker', 'schedule', 'export', 'declarations', 'verify', 'head', 'keys', 'prune', 'serve', 'users', 'demo']);
    for (const cmd of listed) {
      const res = await runCli([cmd, '--help']);
      expect(res.code, cmd).toBe(0);
      expect(res.stdout).toContain(`Usage: portal-audit ${cmd}`);
    }
    // Twelve CLI starts, each about 1.5 s on an idle machine and several times that beside the browser tests.
  }, 180_000);

  it('rejects an unknown command and an unknown option', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    const res = await runCli(['export', '--bogus']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/export: .*--bogus/);
  });

  it('export says what to do when there is no database or no run', async () => {
    const none = await runCli(['export', '--db', join(dir, 'missing.sqlite')]);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/missing\.sqlite: no such database\. Run an audit first/);
    const empty = await runCli(['export', '--db', db]);
    expect(empty.stderr).toMatch(/no runs yet: run `audit` first/);
  });
});
