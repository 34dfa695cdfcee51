// The store's reads for the scripts: what a run stored, counted for the
// benchmark (runVolume), and the checkpoint that empties the write-ahead log so
// a database file can be copied alone (ui-screenshots --db). On a real store
// file, written through the store's own functions.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPageArtifact, type FetchedBy } from '../../crawlers/artifacts.ts';
import { MODEL } from '../../rules/catalog.ts';
import type { EvidenceItem } from '../../src/evidence/capture.ts';
import { sha256 } from '../../src/evidence/hash.ts';
import type { Agency } from '../../src/registry/registry.ts';
import { checkpoint, openStore, type Db } from '../../src/store/db.ts';
import { runVolume } from '../../src/store/reads.ts';
import { createRun, finishRun, saveAgencyResult } from '../../src/store/runs.ts';

const dir = mkdtempSync(join(tmpdir(), 'store-run-volume-'));
const file = join(dir, 'audit.sqlite');
let db: Db;
let runs: number[];

const agency = (id: string): Agency => ({ id, name: { fa: id, en: id }, homepage: `http://${id}.test/`, hosts: [] });
const page = (url: string, fetchedBy: FetchedBy, status: number | null, error: string | null = null) =>
  buildPageArtifact({ url, finalUrl: url, status, headers: {}, html: '<p>x</p>', depth: 1, fetchedBy, error, timing: { startedAt: '2025-12-22T02:00:00.000Z', durationMs: 1 } });
const item = (kind: EvidenceItem['kind'], bytes: string): EvidenceItem => ({
  kind, url: 'http://alpha.test/', selector: null, snippet: '', sha256: sha256(Buffer.from(bytes)), mime: 'image/png', capturedAt: '2025-12-22T02:00:00.000Z',
  selectorFound: null, box: null, serviceUrl: null, bytes: Buffer.from(bytes),
});
const scores = { score: null, pillars: {} as never, coverage: 0, lowCoverage: true };

/** A run: alpha with three loaded pages (http, http, browser), a 404 and an error, and evidence of every kind; beta failed with one page; `extra` more loaded pages for alpha. */
function saveRun(extra: number): number {
  const runId = createRun(db, { asOf: '2025-12-22', modelVersion: MODEL.version, modelHash: 'test-model', options: {} });
  const pages = [
    page('http://alpha.test/', 'http', 200), page('http://alpha.test/a', 'http', 301), page('http://alpha.test/b', 'browser', 200),
    page('http://alpha.test/gone', 'http', 404), page('http://alpha.test/down', 'http', null, 'net::ERR_CONNECTION_RESET'),
    ...Array.from({ length: extra }, (_, i) => page(`http://alpha.test/x${i}`, 'http', 200)),
  ];
  const finding = { ruleId: 'org-chart', pillar: 'transparent' as const, outcome: 'pass' as const, score: 1, evidence: [] };
  const evidence = [[item('screenshot', 's'), item('element', 'e'), item('html', 'h'), item('headers', 'x'), item('screenshot', `s${extra}`)]];
  saveAgencyResult(db, runId, { agency: agency('alpha'), error: null, scores, pages, findings: [finding], evidence, startedAt: '2025-12-22T02:00:00.000Z', checks: {} });
  saveAgencyResult(db, runId, { agency: agency('beta'), error: 'crashed', scores, pages: [page('http://beta.test/', 'http', 200)], findings: [], evidence: [], startedAt: '2025-12-22T02:00:00.000Z', checks: {} });
  finishRun(db, runId, null, 'test-model');
  return runId;
}

beforeAll(() => {
  db = openStore(file);
  runs = [saveRun(0), saveRun(2)];
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('runVolume', () => {
  it('counts one run\'s pages by fetch, its loaded pages by agency, its failed agencies and its screenshots', () => {
    expect(runVolume(db, runs[0])).toEqual({
      pagesByFetch: { http: 5, browser: 1 },
      pagesOkByAgency: { alpha: 3, beta: 1 },
      failedAgencies: 1,
      screenshots: 3,
    });
    expect(runVolume(db, runs[1])).toEqual({
      pagesByFetch: { http: 7, browser: 1 },
      pagesOkByAgency: { alpha: 5, beta: 1 },
      failedAgencies: 1,
      screenshots: 3,
    });
  });

  it('is empty for a run that stored nothing', () => {
    expect(runVolume(db, 999)).toEqual({ pagesByFetch: {}, pagesOkByAgency: {}, failedAgencies: 0, screenshots: 0 });
  });
});

describe('checkpoint', () => {
  it('TRUNCATE folds the whole log into the database file and empties it', () => {
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    checkpoint(db, 'TRUNCATE');
    expect(statSync(`${file}-wal`).size).toBe(0);
  });
});
