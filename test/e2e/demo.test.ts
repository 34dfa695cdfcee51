// The README's first command: the demo audits the sample portals twice, shows
// the ranking, the declarations and what changed between the nights, and then
// serves the review UI with an evaluator account it prints, until stopped.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/cli.ts';

async function signIn(base: string, user: string, password: string): Promise<string> {
  const form = await fetch(new URL('/login', base));
  const cookie = form.headers.getSetCookie()[0].split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
  const res = await fetch(new URL('/login', base), {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ _csrf: csrf, username: user, password }),
    headers: { cookie, origin: base.slice(0, -1), 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(res.status).toBe(303);
  return res.headers.getSetCookie().find((c) => c.startsWith('pa_session='))!.split(';')[0];
}

describe('demo', () => {
  it('prints a ranked summary, imports the declarations, reports the second night\'s regression, then serves the UI', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'demo-')), 'demo.sqlite');
    const demo = await startCli(['demo', '--db', db, '--port', '0'], /The review UI, .*: (http:\/\/127\.0\.0\.1:\d+\/)\nSign in as (\S+) \(evaluator\) with the password (\S+)\./, {}, 420_000);
    const [, base, user, password] = demo.match;
    const session = await signIn(base, user, password);
    const national = await fetch(new URL('/runs/2', base), { headers: { cookie: session } });
    expect(national.status).toBe(200);
    expect(await national.text()).toContain('سازمان تعزیرات حکومتی');
    expect(await demo.stop()).toBe(0);

    const stdout = demo.stdout();
    expect(stdout).toMatch(/^Run 1 · as of 2025-12-22 · 6 agencies/m);
    expect(stdout).toMatch(/^Run 2 · as of 2025-12-23 · 6 agencies/m);
    expect(stdout).toMatch(/^1 {2}\S+ \(/m);
    expect(stdout).toMatch(/offline-agency .*error: net::ERR_CONNECTION_REFUSED/);
    expect(stdout).toMatch(/National score: \d+\.\d/);
    expect(stdout).toContain(`Database: ${db}`);
    expect(stdout).toMatch(/Changes from run 1 to run 2, regressions first:\n(?:.*\n)*? {2}tazirat: [\d.]+ → [\d.]+ \(regression /);
    expect((await runCli(['verify', '--db', db])).code).toBe(0);
  }, 480_000);
});
