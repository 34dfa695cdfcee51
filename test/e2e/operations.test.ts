// Nightly operation: retries, certificates, the audit lock, and resuming a
// run killed with SIGKILL.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineAgency, portalAgencies, SAMPLE_AS_OF } from '../../src/commands/demo.ts';
import { closePortals, SAMPLE_PORTALS_DIR, serveSamplePortals, type ServedPortal } from '../../src/demo/sample-portals.ts';
import type { ExportDoc } from '../../src/report/json.ts';
import { query, ROOT, runCli } from '../support/cli.ts';
import { html, isPhoneCheck, portalPage, serve, serveSelfSigned, type TestServer } from '../support/servers.ts';

const name = { fa: 'آزمایشی', en: 'Test' };
let dir: string;

function registry(file: string, agencies: unknown[]): string {
  const path = join(dir, file);
  writeFileSync(path, JSON.stringify({ agencies }));
  return path;
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'operations-'));
});

describe('retries', () => {
  const servers: TestServer[] = [];
  afterAll(async () => { await Promise.all(servers.map((s) => s.close())); });

  it('a portal that answers 503 twice and then 200 is audited, with the retries recorded', async () => {
    let homeCalls = 0;
    const flaky = await serve((req, res) => {
      if (req.url === '/' && !isPhoneCheck(req) && ++homeCalls <= 2) return html(res, 'busy', 503);
      return portalPage(req, res);
    });
    servers.push(flaky);
    const db = join(dir, 'retries.sqlite');
    const res = await runCli(['audit', '--no-external-probes', '--agencies', registry('flaky.json', [{ id: 'flaky', name, homepage: `${flaky.origin}/` }]), '--db', db, '--host-delay-ms', '0', '--no-lighthouse']);
    expect(res.code, res.stderr).toBe(0);
    const [agency] = query<{ error: string | null; retries: number; checks_json: string }>(db, 'SELECT error, retries, checks_json FROM run_agencies');
    expect(agency.error).toBeNull();
    expect(JSON.parse(agency.checks_json).home).toMatchObject({ status: 200, retries: 2 });
    const [home] = query<{ status: number; retries: number; attempts_json: string }>(db, 'SELECT status, retries, attempts_json FROM pages WHERE url = ?', `${flaky.origin}/`);
    expect(home).toMatchObject({ status: 200, retries: 2 });
    expect(JSON.parse(home.attempts_json).map((a: { status: number }) => a.status)).toEqual([503, 503]);
    const [complaints] = query<{ outcome: string }>(db, `SELECT outcome FROM findings WHERE indicator_id = 'complaints-channel'`);
    expect(complaints.outcome).toBe('pass');
    expect(res.stdout).toMatch(/1 with retried pages/);
  }, 120_000);

  it('a portal with an invalid certificate is not retried: https fails with the reason, and the portal is still read', async () => {
    const bad = await serveSelfSigned(portalPage);
    const good = await serve(portalPage);
    servers.push(bad, good);
    const db = join(dir, 'cert.sqlite');
    const res = await runCli(['audit', '--no-external-probes', '--agencies', registry('cert.json', [
      { id: 'bad-cert', name, homepage: `${bad.origin}/` }, { id: 'good', name, homepage: `${good.origin}/` },
    ]), '--db', db, '--host-delay-ms', '0', '--no-lighthouse']);
    expect(res.code, res.stderr).toBe(0);
    const rows = query<{ agency_id: string; error: string | null; checks_json: string }>(db, 'SELECT agency_id, error, checks_json FROM run_agencies ORDER BY agency_id');
    expect(rows.map((r) => [r.agency_id, r.error])).toEqual([['bad-cert', null], ['good', null]]);
    const checks = JSON.parse(rows[0].checks_json);
    expect(checks.tls).toMatch(/ERR_CERT/);
    const [https] = query<{ outcome: string; data_json: string }>(db, `SELECT outcome, data_json FROM findings WHERE agency_id = 'bad-cert' AND indicator_id = 'https'`);
    expect(https.outcome).toBe('fail');
    expect(JSON.parse(https.data_json).error).toMatch(/ERR_CERT_AUTHORITY_INVALID/);
    // One refused handshake, no retries of it: the pages read afterwards ignore the certificate.
    const retried = query<{ n: number }>(db, `SELECT SUM(retries) AS n FROM pages WHERE agency_id = 'bad-cert'`)[0].n;
    expect(retried).toBe(0);
    const [complaints] = query<{ outcome: string }>(db, `SELECT outcome FROM findings WHERE agency_id = 'bad-cert' AND indicator_id = 'complaints-channel'`);
    expect(complaints.outcome).toBe('pass');
  }, 120_000);
});

describe('the audit lock', () => {
  it('a second audit started during a run exits ≠ 0 and says who is running', async () => {
    const slow = await serve((_, res) => { setTimeout(() => html(res), 1500); });
    const db = join(dir, 'lock.sqlite');
    const file = registry('slow.json', [{ id: 'slow', name, homepage: `${slow.origin}/` }]);
    const first = runCli(['audit', '--no-external-probes', '--agencies', file, '--db', db, '--host-delay-ms', '0', '--no-lighthouse']);
    await waitFor(() => {
      try {
        return query(db, 'SELECT 1 FROM locks').length > 0;
      } catch {
        return false;
      }
    }, 60_000);
    const second = await runCli(['audit', '--no-external-probes', '--agencies', file, '--db', db]);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/another audit is running \(pid \d+ on .*\); wait for it to finish/);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect((await first).code).toBe(0);
    expect(query(db, 'SELECT 1 FROM locks')).toHaveLength(0);
    await slow.close();
  }, 120_000);
});

describe('resume after SIGKILL', () => {
  let portals: ServedPortal[] = [];
  // Three portals and the dead one keep the test within a few minutes on a loaded machine.
  beforeAll(async () => { portals = await serveSamplePortals(SAMPLE_PORTALS_DIR, ['example-ministry', 'markazi', 'tazirat']); });
  afterAll(async () => { await closePortals(portals); });

  const shape = (d: ExportDoc) => d.agencies.map((a) => ({
    id: a.id, score: a.score, error: a.error,
    indicators: a.indicators.map((i) => ({ id: i.id, outcome: i.outcome, score: i.score, data: i.data, evidence: i.evidence.map((e) => `${e.kind} ${e.selector}`) })),
  })).sort((x, y) => x.id.localeCompare(y.id));

  it('finishes the same run: done agencies are not crawled again, and the findings equal an uninterrupted run', async () => {
    const agencies = [...portalAgencies(portals), await offlineAgency()];
    const file = registry('samples.json', agencies);
    const common = ['--agencies', file, '--as-of', SAMPLE_AS_OF, '--host-delay-ms', '0', '--concurrency', '1', '--no-lighthouse'];
    const killedDb = join(dir, 'killed.sqlite');
    const child = spawn(process.execPath, ['src/cli.ts', 'audit', '--no-external-probes', ...common, '--db', killedDb], { cwd: ROOT, stdio: 'ignore' });
    const stored = () => {
      try {
        return query<{ n: number }>(killedDb, 'SELECT COUNT(*) AS n FROM run_agencies')[0].n;
      } catch {
        return 0;
      }
    };
    await waitFor(() => stored() >= 2, 120_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const doneBefore = query<{ agency_id: string }>(killedDb, 'SELECT agency_id FROM run_agencies').map((r) => r.agency_id);
    expect(query<{ status: string }>(killedDb, 'SELECT status FROM runs')).toEqual([{ status: 'running' }]);
    const hitsBefore = new Map(portals.map((p) => [p.config.id, p.hits]));

    const resumed = await runCli(['audit', '--no-external-probes', ...common, '--db', killedDb, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming run 1/);
    for (const id of doneBefore) {
      const portal = portals.find((p) => p.config.id === id);
      if (portal) expect(portal.hits, `${id} was crawled again`).toBe(hitsBefore.get(id));
    }
    expect(query(killedDb, 'SELECT id FROM runs')).toHaveLength(1);
    const perAgency = query<{ agency_id: string; n: number }>(killedDb, 'SELECT agency_id, COUNT(*) AS n FROM run_agencies GROUP BY agency_id');
    expect(perAgency.map((r) => r.n)).toEqual(agencies.map(() => 1));

    const cleanDb = join(dir, 'clean.sqlite');
    expect((await runCli(['audit', '--no-external-probes', ...common, '--db', cleanDb])).code).toBe(0);
    const exportOf = async (db: string) => JSON.parse((await runCli(['export', '--db', db])).stdout) as ExportDoc;
    const [killed, clean] = [await exportOf(killedDb), await exportOf(cleanDb)];
    expect(killed.run.status).toBe('completed');
    expect(killed.national.score).toBe(clean.national.score);
    // The offline agency's error names its (random) port: compare the rest.
    const strip = (d: ExportDoc) => shape(d).map((a) => (a.id === 'offline-agency' ? { ...a, error: 'x', indicators: [] } : a));
    expect(strip(killed)).toEqual(strip(clean));
    expect((await runCli(['verify', '--db', killedDb])).code).toBe(0);
  }, 480_000);
});

describe('schedule', () => {
  it('runs audits on its cron expression until SIGTERM, then exits 0', async () => {
    const portal = await serve((_, res) => html(res));
    const db = join(dir, 'schedule.sqlite');
    const file = registry('scheduled.json', [{ id: 'scheduled', name, homepage: `${portal.origin}/` }]);
    const child = spawn(process.execPath, ['src/cli.ts', 'schedule', '--cron', '*/2 * * * * *', '--agencies', file, '--db', db, '--host-delay-ms', '0', '--no-lighthouse'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORTAL_AUDIT_LANG: 'en' } });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const completed = () => {
      try {
        return query<{ n: number }>(db, `SELECT COUNT(*) AS n FROM runs WHERE status = 'completed'`)[0].n;
      } catch {
        return 0;
      }
    };
    await waitFor(() => completed() >= 1, 90_000);
    await waitFor(() => query(db, 'SELECT 1 FROM locks').length === 0, 60_000);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code).toBe(0);
    expect(stderr).toMatch(/scheduled: "\*\/2 \* \* \* \* \*"; next run at/);
    expect(query<{ as_of: string }>(db, 'SELECT as_of FROM runs')[0].as_of).toBe(new Date().toISOString().slice(0, 10));
    await portal.close();
  }, 150_000);

  it('refuses a bad cron expression in one line', async () => {
    const res = await runCli(['schedule', '--cron', 'every night', '--agencies', registry('cron.json', [{ id: 'x', name, homepage: 'http://127.0.0.1:1/' }])]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--cron "every night": not a cron expression/);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
  });
});
