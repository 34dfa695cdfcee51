// The agency deadline: a portal whose pages carry 200,000 links each (more
// work than the limit allows, in code that blocks its thread for seconds at a
// time) and a portal whose script eats memory until Chromium kills the
// renderer, each audited beside an ordinary sample portal. The run must
// complete within the agency limit plus a margin, the lock must be released,
// the ordinary portal must be judged as its labels say, and the hostile one
// must end with its reason: the link portal failed at its deadline, the
// memory eater judged from its HTTP copy with the crashed render recorded. Then SIGTERM in the middle of such a run stops it
// at once, leaving it resumable and the lock released.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_AS_OF } from '../../src/commands/demo.ts';
import { closePortals, SAMPLE_PORTALS_DIR, servePortal, type ServedPortal } from '../../src/demo/sample-portals.ts';
import { query, ROOT, runCli, type CliResult } from '../support/cli.ts';
import { serveHostilePortals, type HostileCase, type HostilePortal } from '../support/hostile-portals.ts';

const LIMIT_MS = 60_000;
/** Start-up, storing, and the last agency's own time: generous, since the machine is shared. */
const MARGIN_MS = 90_000;

let dir: string;
let hostile: HostilePortal[];
let control: ServedPortal;

function registry(name: string, cases: HostileCase[], withControl = true, extra: Array<{ id: string; homepage: string }> = []): string {
  const file = join(dir, `${name}.json`);
  const label = { fa: 'آزمایشی', en: 'Test' };
  writeFileSync(file, JSON.stringify({ agencies: [
    ...extra.map((a) => ({ ...a, name: label })),
    ...hostile.filter((h) => cases.includes(h.id)).map((h) => ({ id: h.id, name: label, homepage: h.homepage })),
    ...(withControl ? [{ id: 'markazi', name: label, homepage: `${control.origin}/` }] : []),
  ] }));
  return file;
}

/** The Chromium browser process an agency thread of the CLI started (a direct child of it, marked in its command line). */
function chromiumOf(pid: number): number | null {
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [, , rest] = /^\d+ \((.*)\) (.*)$/s.exec(stat)!;
      const marked = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').some((a) => a.startsWith('--portal-audit-thread='));
      if (Number(rest.split(' ')[1]) === pid && marked) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return null;
}

const auditArgs = (agencies: string, db: string) => ['audit', '--agencies', agencies, '--db', db, '--as-of', SAMPLE_AS_OF, '--no-lighthouse',
  '--timeout-ms', '10000', '--host-delay-ms', '0', '--concurrency', '3', '--agency-timeout-ms', String(LIMIT_MS)];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deadline-'));
  hostile = await serveHostilePortals(['many-links', 'memory-eater']);
  control = await servePortal(join(SAMPLE_PORTALS_DIR, 'markazi'));
});

afterAll(async () => {
  await Promise.all(hostile.map((h) => h.server.close()));
  await closePortals([control]);
});

function expectOrdinaryJudged(db: string): void {
  const labels = JSON.parse(readFileSync(join(SAMPLE_PORTALS_DIR, 'markazi', 'labels.json'), 'utf8')) as Record<string, string>;
  const ids = Object.keys(labels).filter((id) => !id.startsWith('_'));
  const outcomes = Object.fromEntries(query<{ indicator_id: string; outcome: string }>(db, `SELECT indicator_id, outcome FROM findings WHERE agency_id = 'markazi'`).map((r) => [r.indicator_id, r.outcome]));
  expect(Object.fromEntries(ids.map((id) => [id, outcomes[id]]))).toEqual(Object.fromEntries(ids.map((id) => [id, labels[id]])));
}

function expectCompletedAndUnlocked(db: string, audit: CliResult, ms: number): void {
  expect(audit.code, audit.stderr).toBe(0);
  expect(query<{ status: string }>(db, 'SELECT status FROM runs')).toEqual([{ status: 'completed' }]);
  expect(query(db, 'SELECT * FROM locks')).toEqual([]);
  expect(ms).toBeLessThan(LIMIT_MS + MARGIN_MS);
  expect(JSON.parse(query<{ options_json: string }>(db, 'SELECT options_json FROM runs')[0].options_json).agencyTimeoutMs).toBe(LIMIT_MS);
}

describe('the agency deadline', () => {
  it('a portal of 200,000-link pages is stopped at the limit and failed with the reason; the ordinary one beside it is judged', async () => {
    const db = join(dir, 'links.sqlite');
    const t0 = Date.now();
    const audit = await runCli(auditArgs(registry('links', ['many-links']), db), {}, LIMIT_MS + MARGIN_MS + 60_000);
    expectCompletedAndUnlocked(db, audit, Date.now() - t0);
    const row = query<{ error: string | null; score: number | null }>(db, `SELECT error, score FROM run_agencies WHERE agency_id = 'many-links'`)[0];
    expect(row.error).toBe(`audit of this portal stopped: it was not done within the agency time limit (${LIMIT_MS} ms, --agency-timeout-ms); its browser was closed`);
    expect(row.score).toBeNull();
    const exported = JSON.parse((await runCli(['export', '--db', db, '--format', 'json'])).stdout);
    expect(exported.agencies.find((a: { id: string }) => a.id === 'many-links').error).toBe(row.error);
    expectOrdinaryJudged(db);
  }, LIMIT_MS + MARGIN_MS + 120_000);

  it('a script that eats memory until Chromium kills its renderer does not hold the run: its render failure is recorded, the ordinary one is judged', async () => {
    const db = join(dir, 'memory.sqlite');
    const t0 = Date.now();
    const audit = await runCli(auditArgs(registry('memory', ['memory-eater']), db), {}, LIMIT_MS + MARGIN_MS + 60_000);
    expectCompletedAndUnlocked(db, audit, Date.now() - t0);
    const row = query<{ error: string | null; checks_json: string }>(db, `SELECT error, checks_json FROM run_agencies WHERE agency_id = 'memory-eater'`)[0];
    const home = query<{ render_reason: string | null; fetched_by: string }>(db, `SELECT render_reason, fetched_by FROM pages WHERE agency_id = 'memory-eater' AND url LIKE '%/'`)[0];
    // Every DevTools call is bounded, so the crashed renderer fails that render (the HTTP copy is judged) and that screenshot, not the agency.
    expect(home).toEqual({ render_reason: 'empty-app-root; rendering failed: Page crashed', fetched_by: 'http' });
    expect(row.error).toBeNull();
    expect(JSON.parse(row.checks_json).capture.errors.join('\n')).toMatch(/Page crashed/);
    expectOrdinaryJudged(db);
  }, LIMIT_MS + MARGIN_MS + 120_000);

  it('SIGTERM during a run stops it at once: the run stays resumable and the lock is released', async () => {
    const db = join(dir, 'signal.sqlite');
    const child = spawn(process.execPath, ['src/cli.ts', ...auditArgs(registry('signal', ['many-links'], false), db)], { cwd: ROOT, env: { ...process.env, PORTAL_AUDIT_LANG: 'en' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // The agency's thread is busy with 200,000-link pages by now.
    await new Promise((r) => setTimeout(r, 15_000));
    const t0 = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/audit stopped by SIGTERM: run 1 is left unfinished with 0 of 1 agencies stored; `audit --resume` finishes it\./);
    expect(query<{ status: string }>(db, 'SELECT status FROM runs')).toEqual([{ status: 'running' }]);
    expect(query(db, 'SELECT * FROM locks')).toEqual([]);
  }, 120_000);

  it('a Chromium that stops answering is replaced: the agency caught in it fails at its limit, the next one is judged on the new browser', async () => {
    const db = join(dir, 'wedged.sqlite');
    const agencies = registry('wedged', [], true, [{ id: 'caught', homepage: `${control.origin}/` }]);
    const args = auditArgs(agencies, db).map((a) => (a === '3' ? '1' : a));
    expect(args).toContain('--concurrency');
    const child = spawn(process.execPath, ['src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, PORTAL_AUDIT_LANG: 'en' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Once the first agency's thread has launched its browser, the browser freezes: every DevTools call into it hangs.
    let chromium: number | null = null;
    for (let i = 0; i < 300 && !(chromium = chromiumOf(child.pid!)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(chromium, stderr).not.toBeNull();
    process.kill(chromium!, 'SIGSTOP');
    const t0 = Date.now();
    expect(await exited, stderr).toBe(0);
    expect(Date.now() - t0).toBeLessThan(2 * LIMIT_MS + MARGIN_MS);
    expect(stderr).toMatch(/caught: not done within the agency time limit \(60000 ms\); its thread and its browser were stopped, the next agency gets fresh ones/);
    expect(existsSync(`/proc/${chromium}`) && !/^Z/.test(readFileSync(`/proc/${chromium}/stat`, 'utf8').split(') ')[1])).toBe(false);
    expect(query<{ agency_id: string; error: string | null }>(db, 'SELECT agency_id, error FROM run_agencies ORDER BY agency_id')).toEqual([
      { agency_id: 'caught', error: `audit of this portal stopped: it was not done within the agency time limit (${LIMIT_MS} ms, --agency-timeout-ms); its browser was closed` },
      { agency_id: 'markazi', error: null },
    ]);
    expect(query<{ status: string }>(db, 'SELECT status FROM runs')).toEqual([{ status: 'completed' }]);
    expect(query(db, 'SELECT * FROM locks')).toEqual([]);
    expectOrdinaryJudged(db);
  }, 2 * LIMIT_MS + MARGIN_MS + 60_000);
});
