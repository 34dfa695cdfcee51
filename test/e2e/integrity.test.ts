// Tamper evidence: `verify` names every kind of alteration, and `prune`
// keeps it green.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalAgencies, SAMPLE_AS_OF } from '../../src/commands/demo.ts';
import { closePortals, SAMPLE_PORTALS_DIR, serveSamplePortals, type ServedPortal } from '../../src/demo/sample-portals.ts';
import { runCli } from '../support/cli.ts';

let portals: ServedPortal[] = [];
let dir: string;
let db: string;

/** A copy of the audited database, altered by `tamper`. */
function tampered(label: string, tamper: (store: Database.Database) => void): string {
  const copy = join(dir, `${label}.sqlite`);
  copyFileSync(db, copy);
  const store = new Database(copy);
  tamper(store);
  store.close();
  return copy;
}

beforeAll(async () => {
  portals = await serveSamplePortals(SAMPLE_PORTALS_DIR, ['tazirat']);
  dir = mkdtempSync(join(tmpdir(), 'integrity-'));
  db = join(dir, 'audit.sqlite');
  const file = join(dir, 'agencies.json');
  writeFileSync(file, JSON.stringify({ agencies: portalAgencies(portals) }));
  for (let i = 0; i < 2; i++) {
    const res = await runCli(['audit', '--no-external-probes', '--agencies', file, '--db', db, '--as-of', SAMPLE_AS_OF, '--host-delay-ms', '0', '--no-lighthouse']);
    expect(res.code, res.stderr).toBe(0);
  }
  const store = new Database(db);
  store.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
}, 240_000);

afterAll(async () => {
  await closePortals(portals);
});

describe('verify', () => {
  it('passes an untouched database', async () => {
    const res = await runCli(['verify', '--db', db]);
    expect(res.code, res.stdout).toBe(0);
    expect(res.stdout).toMatch(/^intact: 2 run\(s\)/m);
  });

  it('names a screenshot with one byte changed', async () => {
    const copy = tampered('byte', (s) => {
      const row = s.prepare(`SELECT b.sha256, b.bytes FROM blobs b JOIN evidence e ON e.sha256 = b.sha256 WHERE e.kind = 'screenshot' LIMIT 1`).get() as { sha256: string; bytes: Buffer };
      row.bytes[row.bytes.length - 10] ^= 0xff;
      s.prepare('UPDATE blobs SET bytes = ? WHERE sha256 = ?').run(row.bytes, row.sha256);
    });
    const res = await runCli(['verify', '--db', copy]);
    expect(res.code).not.toBe(0);
    expect(res.stdout).toMatch(/ALTERED: altered blob [0-9a-f]{64}: .*cited by run \d tazirat\//);
  });

  it('names a finding whose outcome was changed', async () => {
    const copy = tampered('outcome', (s) => {
      const { changes } = s.prepare(`UPDATE findings SET outcome = 'fail', score = 0 WHERE run_id = 2 AND indicator_id = 'org-chart' AND outcome = 'pass'`).run();
      expect(changes).toBe(1);
    });
    const res = await runCli(['verify', '--db', copy]);
    expect(res.code).not.toBe(0);
    expect(res.stdout).toMatch(/run 2: altered finding tazirat\/org-chart/);
    expect(res.stdout).toMatch(/run 2: manifest mismatch/);
  });

  it('names the finding whose evidence row was deleted', async () => {
    let victim = '';
    const copy = tampered('deleted', (s) => {
      const row = s.prepare(`SELECT e.id, f.indicator_id FROM evidence e JOIN findings f ON f.id = e.finding_id WHERE f.run_id = 1 LIMIT 1`).get() as { id: number; indicator_id: string };
      victim = row.indicator_id;
      s.prepare('DELETE FROM evidence WHERE id = ?').run(row.id);
    });
    const res = await runCli(['verify', '--db', copy]);
    expect(res.code).not.toBe(0);
    expect(res.stdout).toContain(`run 1: altered finding tazirat/${victim}`);
  });

  it('names a broken chain when a previous-run hash is changed', async () => {
    const copy = tampered('chain', (s) => {
      s.prepare(`UPDATE runs SET prev_manifest_sha256 = ? WHERE id = 2`).run('0'.repeat(64));
    });
    const res = await runCli(['verify', '--db', copy]);
    expect(res.code).not.toBe(0);
    expect(res.stdout).toMatch(/run 2: broken chain/);
  });

  it('stays green after prune, which keeps hashes but drops old bytes', async () => {
    const copy = tampered('prune', () => {});
    const pruned = await runCli(['prune', '--db', copy, '--keep-runs', '1']);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toMatch(/kept the evidence of run\(s\) 2/);
    const res = await runCli(['verify', '--db', copy]);
    expect(res.code, res.stdout).toBe(0);
    const store = new Database(copy, { readonly: true });
    const run1 = store.prepare(`SELECT COUNT(*) FROM evidence e JOIN findings f ON f.id = e.finding_id JOIN blobs b ON b.sha256 = e.sha256
      WHERE f.run_id = 1 AND b.bytes IS NULL`).pluck().get() as number;
    const run2 = store.prepare(`SELECT COUNT(*) FROM evidence e JOIN findings f ON f.id = e.finding_id JOIN blobs b ON b.sha256 = e.sha256
      WHERE f.run_id = 2 AND b.bytes IS NULL`).pluck().get() as number;
    store.close();
    expect(run2).toBe(0);
    // Identical screenshots are shared between runs; run 1's own (its headers card shows its fetch time) lose their bytes.
    expect(run1).toBeGreaterThan(0);
    expect(pruned.stderr).toBe('');
  });
});

describe('dispute bundle', () => {
  it('holds every evidence file named by its hash, checkable with sha256sum -c alone', async () => {
    const zip = join(dir, 'tazirat.zip');
    const res = await runCli(['export', '--db', db, '--format', 'bundle', '--agency', 'tazirat', '--out', zip]);
    expect(res.code, res.stderr).toBe(0);
    const out = join(dir, 'bundle');
    execFileSync('unzip', ['-q', zip, '-d', out]);
    const check = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' });
    expect(check).toMatch(/manifest\.json: OK/);
    expect(check).not.toMatch(/FAILED/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const exported = JSON.parse((await runCli(['export', '--db', db])).stdout).agencies.find((a: { id: string }) => a.id === 'tazirat');
    type Ev = { sha256: string };
    const cited = exported.indicators.flatMap((i: { evidence: Ev[]; services?: Array<{ evidence: Ev[] }> }) =>
      [...i.evidence, ...(i.services ?? []).flatMap((svc) => svc.evidence)].map((e) => e.sha256));
    expect(manifest.files.map((f: { sha256: string }) => f.sha256).sort()).toEqual([...cited].sort());
    expect(manifest.run.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    writeFileSync(join(out, manifest.files[0].path), 'forged');
    expect(() => execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: out, stdio: 'pipe' })).toThrow();
  });

  it('needs --agency and --out, and names an unknown agency', async () => {
    expect((await runCli(['export', '--db', db, '--format', 'bundle'])).stderr).toMatch(/--format bundle needs --agency ID and --out FILE\.zip/);
    const res = await runCli(['export', '--db', db, '--format', 'bundle', '--agency', 'nobody', '--out', join(dir, 'x.zip')]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/--agency nobody: not in run 2/);
  });
});

describe('export --compare', () => {
  it('lists the indicators that changed since a previous run, regressions first', async () => {
    const copy = tampered('history', (s) => {
      s.prepare(`UPDATE findings SET outcome = 'fail', score = 0 WHERE run_id = 2 AND indicator_id = 'status-tracking'`).run();
      s.prepare(`UPDATE findings SET outcome = 'pass', score = 1 WHERE run_id = 2 AND indicator_id = 'security-headers'`).run();
      s.prepare(`UPDATE findings SET outcome = 'fail', score = 0 WHERE run_id = 1 AND indicator_id = 'security-headers'`).run();
    });
    const res = await runCli(['export', '--db', copy, '--compare', 'previous']);
    expect(res.code, res.stderr).toBe(0);
    const doc = JSON.parse(res.stdout);
    expect(doc).toMatchObject({ schema: 'portal-audit/compare@1', from: { id: 1 }, to: { id: 2 } });
    const changes = doc.agencies[0].changes.map((c: { id: string; direction: string }) => `${c.direction} ${c.id}`);
    expect(changes).toEqual(['regression status-tracking', 'improvement security-headers']);
    expect(doc.agencies[0].regressions).toBe(1);
  });

  it('finds nothing changed between two audits of the same pages', async () => {
    const doc = JSON.parse((await runCli(['export', '--db', db, '--compare', '1', '--run', '2'])).stdout);
    expect(doc.agencies).toEqual([]);
  });
});
