// A read-only copy of the database (file and directory not writable, as an
// auditor receives it): `verify` and `export` read it and answer as on the
// original; the commands that must write say so in one line. Run as root, the
// CLI is started as the unprivileged user `nobody`, for whom the modes hold.
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, type CliResult } from '../support/cli.ts';
import { buildUiStore } from '../support/ui-store.ts';

const NOBODY = 65_534;
const base = mkdtempSync(join(tmpdir(), 'read-only-'));
const original = join(base, 'original', 'audit.sqlite');
const copyDir = join(base, 'copy');
const copy = join(copyDir, 'audit.sqlite');

/** The CLI as an operator without write access (as `nobody` when the tests run as root). */
function runReadOnly(args: string[]): Promise<CliResult> {
  const asNobody = process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};
  return new Promise((resolve) => {
    execFile(process.execPath, ['src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, PORTAL_AUDIT_LANG: 'en' }, maxBuffer: 64 << 20, ...asNobody },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

beforeAll(async () => {
  mkdirSync(join(base, 'original'));
  const { db } = await buildUiStore(original);
  db.close();
  mkdirSync(copyDir);
  copyFileSync(original, copy);
  chmodSync(copy, 0o444);
  chmodSync(copyDir, 0o555);
  chmodSync(base, 0o755);
});
afterAll(() => chmodSync(copyDir, 0o755));

describe('a read-only copy of the database', () => {
  it('verify reads it: intact, as the original', async () => {
    const res = await runReadOnly(['verify', '--db', copy]);
    expect(res.stderr).toBe('');
    expect([res.code, res.stdout]).toEqual([0, (await runCli(['verify', '--db', original])).stdout]);
    expect(res.stdout).toMatch(/^intact: 2 run\(s\)/m);
  });

  it('export writes the same JSON as from the original', async () => {
    const res = await runReadOnly(['export', '--db', copy, '--format', 'json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual(JSON.parse((await runCli(['export', '--db', original, '--format', 'json'])).stdout));
    const csv = await runReadOnly(['export', '--db', copy, '--format', 'csv', '--table', 'claims']);
    expect([csv.code, csv.stderr]).toEqual([0, '']);
  });

  it('is left as it was: no journal, no lock files beside it, the bytes unchanged', () => {
    expect(readdirSync(copyDir)).toEqual(['audit.sqlite']);
    expect(readFileSync(copy).equals(readFileSync(original))).toBe(true);
  });

  it('serve and users add, which write, end in one line naming the file and what to do', async () => {
    for (const args of [['serve', '--db', copy, '--port', '0'], ['users', 'add', 'ro', '--role', 'viewer', '--generate-password', '--db', copy]]) {
      const res = await runReadOnly(args);
      expect(res.code, args.join(' ')).not.toBe(0);
      const lines = res.stderr.trim().split('\n');
      expect(lines, res.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^error: .*copy\/audit\.sqlite: the database is read-only, and this command writes to it\. Make the file and its directory writable, or pass --db with a writable copy \(SQLITE_READONLY\w*\)\.$/);
    }
  });
});
