// The README's first command: the demo audits the sample portals twice and
// shows the ranking, the declarations and what changed between the nights.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

describe('demo', () => {
  it('prints a ranked summary, imports the declarations, and reports the second night\'s regression', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'demo-')), 'demo.sqlite');
    const res = await runCli(['demo', '--db', db], {}, 420_000);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^Run 1 · as of 2025-12-22 · 6 agencies/m);
    expect(res.stdout).toMatch(/^Run 2 · as of 2025-12-23 · 6 agencies/m);
    expect(res.stdout).toMatch(/^1 {2}\S+ \(/m);
    expect(res.stdout).toMatch(/offline-agency .*error: net::ERR_CONNECTION_REFUSED/);
    expect(res.stdout).toMatch(/National score: \d+\.\d/);
    expect(res.stdout).toContain(`Database: ${db}`);
    expect(res.stdout).toMatch(/Changes from run 1 to run 2, regressions first:\n(?:.*\n)*? {2}tazirat: [\d.]+ → [\d.]+ \(regression /);
    expect((await runCli(['verify', '--db', db])).code).toBe(0);
  }, 480_000);
});
