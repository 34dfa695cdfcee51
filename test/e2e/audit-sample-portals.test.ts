// Audits the sample portals (and one unreachable portal) through the real CLI,
// then checks the export against each portal's labels file and the evidence
// against the bytes in the database.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePortals, serveSamplePortals, type ServedPortal } from '../../src/demo/sample-portals.ts';
import { offlineAgency, portalAgencies, SAMPLE_AS_OF } from '../../src/commands/demo.ts';
import type { ExportDoc } from '../../src/report/json.ts';
import { MODEL } from '../../rules/catalog.ts';
import { runCli, type CliResult } from '../support/cli.ts';

let portals: ServedPortal[] = [];
let dir: string;
let db: string;
let audit: CliResult;
let doc: ExportDoc;

function labelsOf(portal: ServedPortal): Record<string, string> {
  const raw = JSON.parse(readFileSync(join(portal.dir, 'labels.json'), 'utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith('_'))) as Record<string, string>;
}

async function exportRun(run: string): Promise<ExportDoc> {
  const res = await runCli(['export', '--db', db, '--run', run]);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as ExportDoc;
}

beforeAll(async () => {
  portals = await serveSamplePortals();
  dir = mkdtempSync(join(tmpdir(), 'e2e-audit-'));
  db = join(dir, 'audit.sqlite');
  const registry = join(dir, 'agencies.json');
  writeFileSync(registry, JSON.stringify({ agencies: [...portalAgencies(portals), await offlineAgency()] }));
  audit = await runCli(['audit', '--no-external-probes', '--agencies', registry, '--db', db, '--as-of', SAMPLE_AS_OF, '--host-delay-ms', '0', '--no-lighthouse']);
  doc = await exportRun('latest');
}, 300_000);

afterAll(async () => {
  await closePortals(portals);
});

describe('audit of the sample portals', () => {
  it('completes with exit 0 and prints a ranked summary', () => {
    expect(audit.code, audit.stderr).toBe(0);
    expect(audit.stdout).toMatch(/National score: \d/);
    for (const p of portals) expect(audit.stdout).toContain(p.config.id);
    expect(portals.length).toBeGreaterThanOrEqual(5);
  });

  it('matches every portal\'s labels file', () => {
    const mismatches: string[] = [];
    for (const portal of portals) {
      const agency = doc.agencies.find((a) => a.id === portal.config.id);
      expect(agency, portal.config.id).toBeDefined();
      for (const [indicator, expected] of Object.entries(labelsOf(portal))) {
        const got = agency!.indicators.find((i) => i.id === indicator)?.outcome ?? '(missing)';
        if (got !== expected) mismatches.push(`${portal.config.id}/${indicator}: expected ${expected}, got ${got}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('backs every pass with a screenshot whose sha256 matches the stored bytes', () => {
    const store = new Database(db, { readonly: true });
    const blob = store.prepare('SELECT bytes FROM blobs WHERE sha256 = ?').pluck();
    let passes = 0;
    for (const agency of doc.agencies) {
      for (const ind of agency.indicators.filter((i) => i.outcome === 'pass')) {
        passes++;
        const shots = ind.evidence.filter((e) => e.kind === 'screenshot');
        expect(shots.length, `${agency.id}/${ind.id}`).toBeGreaterThan(0);
        for (const e of shots) {
          const bytes = blob.get(e.sha256) as Buffer;
          expect(createHash('sha256').update(bytes).digest('hex')).toBe(e.sha256);
          expect(bytes.subarray(1, 4).toString()).toBe('PNG');
        }
        expect(ind.evidence.some((e) => e.kind === 'html')).toBe(true);
      }
    }
    expect(passes).toBeGreaterThan(0);
    store.close();
  });

  it('lists every sampled service under its per-service indicator, with its own score and evidence', () => {
    const perService = MODEL.indicators.filter((i) => i.perService).map((i) => i.id);
    let sampled = 0;
    for (const agency of doc.agencies.filter((a) => !a.error)) {
      for (const id of perService) {
        const ind = agency.indicators.find((i) => i.id === id)!;
        expect(ind.services, `${agency.id}/${id}`).toBeDefined();
        expect(ind.services!.length).toBeLessThanOrEqual(20);
        sampled += ind.services!.length;
        for (const svc of ind.services!) {
          expect(svc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
          if (svc.outcome === 'pass') expect(svc.evidence.some((e) => e.kind === 'screenshot'), `${agency.id}/${id} ${svc.url}`).toBe(true);
        }
        const scored = ind.services!.filter((svc) => svc.score !== null);
        if (scored.length) expect(ind.score).toBeCloseTo(scored.reduce((a, svc) => a + svc.score!, 0) / scored.length, 2);
      }
    }
    expect(sampled).toBeGreaterThan(0);
  });

  it('reports an unreachable portal as an agency error with null scores, and audits the rest', () => {
    const offline = doc.agencies.find((a) => a.id === 'offline-agency')!;
    expect(offline.error).toMatch(/ERR_CONNECTION_REFUSED|refused/i);
    expect(offline.score).toBeNull();
    expect(Object.values(offline.pillars).every((v) => v === null)).toBe(true);
    expect(offline.indicators.every((i) => i.outcome === 'error' && i.score === null)).toBe(true);
    const others = doc.agencies.filter((a) => a.id !== 'offline-agency');
    expect(others.every((a) => a.error === null && a.score !== null)).toBe(true);
    expect(doc.national.score).not.toBeNull();
    expect(doc.national.scored).toBe(others.length);
  });

  it('follows the export schema and records the model', () => {
    expect(doc.schema).toBe('portal-audit/export@1');
    expect(doc.run).toMatchObject({ status: 'completed', model: '2026.1', asOf: SAMPLE_AS_OF });
    expect(doc.run.modelHash).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.run.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    for (const a of doc.agencies) {
      expect(Object.keys(a.pillars).sort()).toEqual(['integrated', 'participatory', 'technical', 'transparent', 'user-centric']);
      for (const i of a.indicators) {
        expect(['pass', 'partial', 'fail', 'needs-review', 'not-applicable', 'error']).toContain(i.outcome);
        if (i.score !== null) expect(i.score).toBeGreaterThanOrEqual(0);
        if (i.outcome === 'pass' || i.outcome === 'partial') expect(i.evidence.length).toBeGreaterThan(0);
      }
    }
    const scores = doc.agencies.map((a) => a.score).filter((s) => s !== null) as number[];
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
  });

  it('gives the same findings when the same pages are audited again with the same --as-of, and keeps both runs', async () => {
    const registry = join(dir, 'agencies-again.json');
    writeFileSync(registry, JSON.stringify({ agencies: portalAgencies(portals) }));
    const again = await runCli(['audit', '--no-external-probes', '--agencies', registry, '--db', db, '--as-of', SAMPLE_AS_OF, '--host-delay-ms', '0', '--no-lighthouse']);
    expect(again.code, again.stderr).toBe(0);
    const second = await exportRun('latest');
    expect(second.run.id).toBe(doc.run.id + 1);
    const shape = (d: ExportDoc) => d.agencies.filter((a) => a.id !== 'offline-agency').map((a) => ({
      id: a.id, score: a.score,
      indicators: a.indicators.map((i) => ({ id: i.id, outcome: i.outcome, score: i.score, data: i.data, cited: i.evidence.map((e) => `${e.kind} ${e.selector}`) })),
    })).sort((x, y) => x.id.localeCompare(y.id));
    expect(shape(second)).toEqual(shape(doc));
    const store = new Database(db, { readonly: true });
    const runs = store.prepare('SELECT id, prev_manifest_sha256 AS prev, manifest_sha256 AS manifest FROM runs ORDER BY id').all() as Array<{ prev: string | null; manifest: string }>;
    store.close();
    expect(runs).toHaveLength(2);
    expect(runs[1].prev).toBe(runs[0].manifest);
  }, 300_000);
});
