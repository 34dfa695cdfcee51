// Accounts from the command line, and `serve`'s refusals: passwords only from
// standard input (or generated), never from argv; no public address while
// the database has no accounts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/ui/auth/password.ts';
import { runCli, runCliWithInput } from '../support/cli.ts';

let db: string;

beforeAll(() => {
  db = join(mkdtempSync(join(tmpdir(), 'ui-cli-')), 'audit.sqlite');
});

function storedHash(name: string): string {
  const store = new Database(db, { readonly: true });
  try {
    return store.prepare('SELECT password_hash FROM users WHERE username = ?').pluck().get(name) as string;
  } finally {
    store.close();
  }
}

describe('users', () => {
  it('adds an account with the password from standard input, hashed with scrypt', async () => {
    const res = await runCliWithInput(['users', 'add', 'Maryam', '--role', 'evaluator', '--password-stdin', '--db', db], 'a long enough password\n');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toBe('Added maryam (evaluator).\n');
    expect(storedHash('maryam')).toMatch(/^scrypt\$ln=17,r=8,p=1\$/);
    expect(await verifyPassword('a long enough password', storedHash('maryam'))).toBe(true);
  });

  it('refuses a password it cannot read safely, a short one, a taken name and an unknown role', async () => {
    const noStdin = await runCliWithInput(['users', 'add', 'reza', '--role', 'viewer', '--db', db], 'secret password\n');
    expect(noStdin.code).toBe(2);
    expect(noStdin.stderr).toMatch(/standard input is not a terminal; pass the password with --password-stdin/);
    expect((await runCliWithInput(['users', 'add', 'reza', '--role', 'viewer', '--password-stdin', '--db', db], 'short\n')).stderr).toMatch(/at least 8 characters/);
    expect((await runCliWithInput(['users', 'add', 'maryam', '--role', 'viewer', '--password-stdin', '--db', db], 'another long one\n')).stderr).toMatch(/maryam already exists/);
    expect((await runCli(['users', 'add', 'reza', '--role', 'root', '--db', db])).stderr).toMatch(/give --role viewer\|evaluator\|admin/);
    expect((await runCli(['users', 'add', 'reza', '--role', 'viewer', '--password', 'x', '--db', db])).stderr).toMatch(/Unknown option '--password'/);
  });

  it('generates a password, lists, changes a password and removes', async () => {
    const gen = await runCli(['users', 'add', 'admin1', '--role', 'admin', '--generate-password', '--db', db]);
    expect(gen.code, gen.stderr).toBe(0);
    const password = /Password for admin1 \(shown once\): (\S+)/.exec(gen.stdout)![1];
    expect(await verifyPassword(password, storedHash('admin1'))).toBe(true);
    expect((await runCli(['users', 'list', '--db', db])).stdout).toMatch(/^admin1\tadmin\t.*\nmaryam\tevaluator\t/);
    expect((await runCliWithInput(['users', 'passwd', 'admin1', '--password-stdin', '--db', db], 'a brand new password\n')).code).toBe(0);
    expect(await verifyPassword('a brand new password', storedHash('admin1'))).toBe(true);
    expect((await runCli(['users', 'remove', 'admin1', '--db', db])).stdout).toBe('Removed admin1; its reviews are kept.\n');
    expect((await runCli(['users', 'remove', 'admin1', '--db', db])).code).toBe(2);
  });
});

describe('serve', () => {
  it('refuses an address other than loopback while there are no accounts, and a database that does not exist', async () => {
    expect((await runCli(['users', 'remove', 'maryam', '--db', db])).code).toBe(0);
    const res = await runCli(['serve', '--db', db, '--host', '0.0.0.0', '--port', '0']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/refusing to listen on 0\.0\.0\.0 while the database has no accounts/);
    const missing = await runCli(['serve', '--db', join(db, '..', 'none.sqlite'), '--port', '0']);
    expect(missing.stderr).toMatch(/no such database/);
    expect((await runCli(['serve', '--db', db, '--port', '70000'])).stderr).toMatch(/--port 70000/);
  });
});
