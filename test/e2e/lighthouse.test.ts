// Lighthouse on the run's own Chromium: the stored home-page accessibility
// score agrees with a separate run of the lighthouse CLI, and --no-lighthouse
// leaves its indicators unassessed (null), never 0.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../crawlers/browser.ts';
import { portalAgencies, SAMPLE_AS_OF } from '../../src/commands/demo.ts';
import { closePortals, SAMPLE_PORTALS_DIR, serveSamplePortals, type ServedPortal } from '../../src/demo/sample-portals.ts';
import { ROOT, runCli } from '../support/cli.ts';

let portals: ServedPortal[] = [];
let dir: string;

interface Row { indicator_id: string; outcome: string; score: number | null; data_json: string }

function findings(db: string): Map<string, Row> {
  const store = new Database(db, { readonly: true });
  const rows = store.prepare('SELECT indicator_id, outcome, score, data_json FROM findings').all() as Row[];
  store.close();
  return new Map(rows.map((r) => [r.indicator_id, r]));
}

function coverage(db: string): number {
  const store = new Database(db, { readonly: true });
  const c = store.prepare('SELECT coverage FROM run_agencies').pluck().get() as number;
  store.close();
  return c;
}

beforeAll(async () => {
  portals = await serveSamplePortals(SAMPLE_PORTALS_DIR, ['tazirat']);
  dir = mkdtempSync(join(tmpdir(), 'lighthouse-'));
  writeFileSync(join(dir, 'agencies.json'), JSON.stringify({ agencies: portalAgencies(portals) }));
});

afterAll(async () => {
  await closePortals(portals);
});

describe('Lighthouse', () => {
  it('stores home-page accessibility within ±0.05 of a separate lighthouse CLI run, with the report as evidence', async () => {
    const db = join(dir, 'with.sqlite');
    const res = await runCli(['audit', '--no-external-probes', '--agencies', join(dir, 'agencies.json'), '--db', db, '--as-of', SAMPLE_AS_OF, '--host-delay-ms', '0']);
    expect(res.code, res.stderr).toBe(0);
    const a11y = findings(db).get('accessibility')!;
    const pages = JSON.parse(a11y.data_json).pages as Array<{ url: string; score: number }>;
    const home = pages.find((p) => p.url === `${portals[0].origin}/`)!;
    expect(home.score).toBeGreaterThan(0);
    expect(a11y.score).not.toBeNull();
    const store = new Database(db, { readonly: true });
    const kinds = store.prepare(`SELECT e.kind FROM evidence e JOIN findings f ON f.id = e.finding_id WHERE f.indicator_id = 'accessibility'`).pluck().all();
    store.close();
    expect(kinds).toContain('lighthouse');
    expect(kinds).toContain('screenshot');

    const flags = '--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run';
    const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/lighthouse/cli/index.js'), home.url,
      '--output=json', '--output-path=stdout', '--only-categories=accessibility', '--quiet', `--chrome-flags=${flags}`],
      { env: { ...process.env, CHROME_PATH: findChromium()! }, maxBuffer: 64 * 1024 * 1024, timeout: 180_000 });
    const cli = JSON.parse(stdout).categories.accessibility.score as number;
    expect(Math.abs(cli - home.score)).toBeLessThanOrEqual(0.05);
  }, 300_000);

  it('--no-lighthouse leaves accessibility and performance null (not 0) and lowers coverage; mobile-friendly still runs', async () => {
    const db = join(dir, 'without.sqlite');
    const res = await runCli(['audit', '--no-external-probes', '--agencies', join(dir, 'agencies.json'), '--db', db, '--as-of', SAMPLE_AS_OF, '--host-delay-ms', '0', '--no-lighthouse']);
    expect(res.code, res.stderr).toBe(0);
    const rows = findings(db);
    for (const id of ['accessibility', 'performance']) expect(rows.get(id), id).toMatchObject({ outcome: 'needs-review', score: null });
    expect(rows.get('mobile-friendly')!.score).not.toBeNull();
    expect(coverage(db)).toBeLessThan(coverage(join(dir, 'with.sqlite')));
  }, 120_000);
});
