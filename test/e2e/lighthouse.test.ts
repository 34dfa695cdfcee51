// Lighthouse in the run's Lighthouse thread: the stored accessibility scores of
// the home page (navigation mode, the load that measures its performance) and
// of a service page (snapshot mode) agree with separate runs of the lighthouse CLI, the
// home page's performance score (navigation mode, alone on the machine)
// agrees between a run of one agency and a run where two more crawl beside it,
// and --no-lighthouse leaves its indicators unassessed (null), never 0.
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
import { startReferenceChromium } from '../support/reference-chromium.ts';

let portals: ServedPortal[] = [];
let dir: string;

interface Row { indicator_id: string; outcome: string; score: number | null; data_json: string }

/** The findings of one agency (the first sample portal unless told). */
function findings(db: string, agency = 'tazirat'): Map<string, Row> {
  const store = new Database(db, { readonly: true });
  const rows = store.prepare('SELECT indicator_id, outcome, score, data_json FROM findings WHERE agency_id = ?').all(agency) as Row[];
  store.close();
  return new Map(rows.map((r) => [r.indicator_id, r]));
}

/** The pages a Lighthouse-backed finding scored. */
function scoredPages(db: string, indicator: string, agency?: string): Array<{ url: string; score: number }> {
  return JSON.parse(findings(db, agency).get(indicator)!.data_json).pages;
}

function coverage(db: string): number {
  const store = new Database(db, { readonly: true });
  const c = store.prepare(`SELECT coverage FROM run_agencies WHERE agency_id = 'tazirat'`).pluck().get() as number;
  store.close();
  return c;
}

beforeAll(async () => {
  portals = await serveSamplePortals(SAMPLE_PORTALS_DIR, ['tazirat', 'keshvar', 'markazi']);
  dir = mkdtempSync(join(tmpdir(), 'lighthouse-'));
  writeFileSync(join(dir, 'agencies.json'), JSON.stringify({ agencies: portalAgencies(portals.slice(0, 1)) }));
  writeFileSync(join(dir, 'three.json'), JSON.stringify({ agencies: portalAgencies(portals) }));
});

afterAll(async () => {
  await closePortals(portals);
});

describe('Lighthouse', () => {
  it('stores accessibility of the home page (navigation) and a service page (snapshot) within ±0.05 of separate lighthouse CLI runs, with the reports as evidence', async () => {
    const db = join(dir, 'with.sqlite');
    const res = await runCli(['audit', '--no-external-probes', '--agencies', join(dir, 'agencies.json'), '--db', db, '--as-of', SAMPLE_AS_OF, '--host-delay-ms', '0']);
    expect(res.code, res.stderr).toBe(0);
    const a11y = findings(db).get('accessibility')!;
    const pages = scoredPages(db, 'accessibility');
    const home = pages.find((p) => p.url === `${portals[0].origin}/`)!;
    // Accessibility on every sampled page (home and services), performance on the home page only.
    expect(pages.length).toBeGreaterThan(1);
    expect(scoredPages(db, 'performance').map((p) => p.url)).toEqual([home.url]);
    expect(home.score).toBeGreaterThan(0);
    expect(a11y.score).not.toBeNull();
    const store = new Database(db, { readonly: true });
    const kinds = store.prepare(`SELECT e.kind FROM evidence e JOIN findings f ON f.id = e.finding_id WHERE f.indicator_id = 'accessibility'`).pluck().all();
    const reports = store.prepare(`SELECT DISTINCT b.bytes FROM evidence e JOIN blobs b ON b.sha256 = e.sha256 WHERE e.kind = 'lighthouse'`).pluck().all() as Buffer[];
    const perfReports = store.prepare(`SELECT b.bytes FROM evidence e JOIN findings f ON f.id = e.finding_id JOIN blobs b ON b.sha256 = e.sha256
      WHERE f.indicator_id = 'performance' AND e.kind = 'lighthouse' AND f.agency_id = 'tazirat'`).pluck().all() as Buffer[];
    // Each scored page's report beside a screenshot of that page: the shots are taken while Lighthouse measures.
    const cited = store.prepare(`SELECT f.indicator_id AS indicator, e.kind, e.url FROM evidence e JOIN findings f ON f.id = e.finding_id
      WHERE f.indicator_id IN ('accessibility', 'performance') AND f.agency_id = 'tazirat'`).all() as Array<{ indicator: string; kind: string; url: string }>;
    store.close();
    expect(kinds).toContain('lighthouse');
    expect(kinds).toContain('screenshot');
    for (const indicator of ['accessibility', 'performance']) {
      const of = (kind: string) => cited.filter((c) => c.indicator === indicator && c.kind === kind).map((c) => c.url).sort();
      expect(of('lighthouse'), indicator).toEqual(scoredPages(db, indicator).map((p) => p.url).sort());
      expect(of('screenshot'), indicator).toEqual(of('lighthouse'));
    }
    // One navigation of the home page backs both its findings; the machine is measured once for every report.
    expect(perfReports).toHaveLength(1);
    const report = JSON.parse(perfReports[0].toString('utf8'));
    expect(Object.keys(report.categories).sort()).toEqual(['accessibility', 'performance']);
    const benchmarks = new Set(reports.map((r) => JSON.parse(r.toString('utf8')).environment.benchmarkIndex as number));
    expect(reports.length).toBeGreaterThan(1);
    expect([...benchmarks]).toHaveLength(1);
    expect([...benchmarks][0]).toBeGreaterThan(0);

    // Separate CLI runs, each in a fresh tab of a Chromium the test started (not the audit's).
    const chrome = await startReferenceChromium(findChromium()!);
    try {
      const service = pages.find((p) => p.url !== home.url)!;
      for (const page of [home, service]) {
        const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/lighthouse/cli/index.js'), page.url,
          '--output=json', '--output-path=stdout', '--only-categories=accessibility', '--quiet', `--port=${chrome.port}`],
          { maxBuffer: 64 * 1024 * 1024, timeout: 180_000 });
        const cli = JSON.parse(stdout).categories.accessibility.score as number;
        expect(Math.abs(cli - page.score), page.url).toBeLessThanOrEqual(0.05);
      }
    } finally {
      await chrome.stop();
    }
  }, 300_000);

  it('scores the home page\'s performance within ±0.05 whether it is audited alone or beside two agencies being crawled', async () => {
    const db = join(dir, 'three.sqlite');
    const res = await runCli(['audit', '--no-external-probes', '--agencies', join(dir, 'three.json'), '--db', db, '--as-of', SAMPLE_AS_OF, '--host-delay-ms', '0', '--concurrency', '3']);
    expect(res.code, res.stderr).toBe(0);
    const [alone] = scoredPages(join(dir, 'with.sqlite'), 'performance');
    const beside = scoredPages(db, 'performance');
    expect(beside.map((p) => p.url)).toEqual([alone.url]);
    expect(Math.abs(beside[0].score - alone.score)).toBeLessThanOrEqual(0.05);
    for (const other of ['keshvar', 'markazi']) expect(scoredPages(db, 'performance', other)).toHaveLength(1);
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
