// Declarations at volume, for correctness only (speed is the benchmark's:
// npm run bench:declarations): a synthetic nation with thousands of claims,
// mostly about single services of one large agency. Every claim's verdict
// matches an independent reading of the rules (INDICATORS.md), the review UI's
// cached verdicts equal the export's, computing them gives other requests
// their turn, and the agency page pages through every claim exactly once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL } from '../../rules/catalog.ts';
import { RULES } from '../../rules/index.ts';
import { benchAgencies, writeBenchRun, writeDeclarationsCsv } from '../../scripts/bench/declarations-store.ts';
import { importDeclarations } from '../../src/declarations/import.ts';
import { urlKey } from '../../src/declarations/service-check.ts';
import { verdict } from '../../src/engine/verdicts.ts';
import { buildExport, type ExportDoc } from '../../src/report/json.ts';
import { openStore, type Db } from '../../src/store/db.ts';
import { replaceRound } from '../../src/store/declarations.ts';
import { addReview } from '../../src/store/reviews.ts';
import { insertUser } from '../../src/store/users.ts';
import { createUi } from '../../src/ui/app.ts';
import { hashPassword } from '../../src/ui/auth/password.ts';
import { ExportCache } from '../../src/ui/data.ts';
import { CLAIMS_PER_PAGE } from '../../src/ui/views/agency.ts';
import { UiClient } from '../support/ui-client.ts';

const ROWS = 6_000;
const agencies = benchAgencies(4);
let db: Db;
let runId: number;
let doc: ExportDoc;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'declarations-volume-'));
  const file = join(dir, 'audit.sqlite');
  db = openStore(file);
  runId = writeBenchRun(db, agencies, ROWS);
  insertUser(db, 'viv', 'viewer', await hashPassword('volume password', { logN: 10, r: 8, p: 1 }));
  writeDeclarationsCsv(join(dir, 'round.csv'), agencies, ROWS);
  const imported = await importDeclarations({ file: join(dir, 'round.csv'), db: file, agencies, registryFile: 'test registry', model: MODEL });
  expect(imported.ok).toBe(true);
  doc = buildExport(db, String(runId), { model: MODEL });
});
afterAll(() => db.close());

describe('verdicts at volume', () => {
  it('exports every row as a claim, each with the verdict the rules give it', () => {
    expect(doc.agencies.reduce((n, a) => n + a.claims.length, 0)).toBe(ROWS);
    const big = doc.agencies.find((a) => a.id === 'agency-0')!;
    expect(big.claims.length).toBeGreaterThan(ROWS / 3);
    let checked = 0;
    for (const a of doc.agencies) {
      for (const c of a.claims) {
        const indicator = a.indicators.find((i) => i.id === c.indicator)!;
        // A service claim is judged by that service's own result, when the run sampled it; else it cannot be checked.
        const observed = c.serviceUrl === null ? indicator.score : indicator.services?.find((s) => urlKey(s.url) === urlKey(c.serviceUrl!))?.score ?? null;
        expect([c.row, c.observed, c.verdict]).toEqual([c.row, observed, verdict(c.declared, observed)]);
        if (observed !== null && c.serviceUrl !== null) checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('gives each indicator the agency-level d of its own row, else the mean of its service rows', () => {
    const big = doc.agencies.find((a) => a.id === 'agency-0')!;
    for (const i of big.indicators.filter((x) => x.declared !== null)) {
      const own = big.claims.filter((c) => c.indicator === i.id);
      const agencyLevel = own.find((c) => c.serviceUrl === null);
      const services = own.filter((c) => c.serviceUrl !== null);
      const d = agencyLevel ? agencyLevel.declared : services.reduce((s, c) => s + c.declared, 0) / services.length;
      expect([i.id, i.declared, i.verdict]).toEqual([i.id, d, verdict(d, i.score)]);
    }
  });

  it('the review UI computes the same document, giving other work a turn between agencies', async () => {
    const cache = new ExportCache(db, MODEL);
    let turns = 0;
    let done = false;
    const tick = () => {
      turns++;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    const cached = await cache.get(runId);
    done = true;
    expect(cached).toEqual(doc);
    expect(turns).toBeGreaterThanOrEqual(agencies.length);
    expect(await cache.get(runId)).toBe(cached);
  });
});

describe('the agency page at volume', () => {
  it(`shows ${CLAIMS_PER_PAGE} claims a page, and every claim about a service on exactly one page`, async () => {
    const client = new UiClient(createUi({ db, model: MODEL, rules: RULES, loopbackOnly: true }).app);
    expect((await client.login('viv', 'volume password')).status).toBe(303);
    const big = doc.agencies.find((a) => a.id === 'agency-0')!;
    const expected = big.claims.filter((c) => c.serviceUrl !== null).map((c) => c.row);
    const pages = Math.ceil(expected.length / CLAIMS_PER_PAGE);
    const seen: number[] = [];
    for (let n = 1; n <= pages; n++) {
      const res = await client.get(`/runs/${runId}/agencies/agency-0?claims=${n}&lang=en`);
      expect(res.status).toBe(200);
      const section = res.text.slice(res.text.indexOf('id="claims"'));
      const rows = [...section.matchAll(/<td class="num">([\d,]+)<\/td><\/tr>/g)].map((m) => Number(m[1].replaceAll(',', '')));
      expect(rows.length).toBe(n < pages ? CLAIMS_PER_PAGE : expected.length - (pages - 1) * CLAIMS_PER_PAGE);
      const first = (n - 1) * CLAIMS_PER_PAGE + 1;
      expect(section).toContain(`Claims ${first.toLocaleString('en')}–${(first + rows.length - 1).toLocaleString('en')} of ${expected.length.toLocaleString('en')}`);
      expect(section.includes('rel="next"')).toBe(n < pages);
      expect(section.includes('rel="prev"')).toBe(n > 1);
      seen.push(...rows);
    }
    expect(seen).toEqual(expected);
    // Past the end is the last page; anything that is not a page number is the first.
    expect((await client.get(`/runs/${runId}/agencies/agency-0?claims=${pages + 5}&lang=en`)).text).toContain(`of ${expected.length.toLocaleString('en')}`);
    for (const bad of ['0', '-1', 'x', '1.5']) {
      expect((await client.get(`/runs/${runId}/agencies/agency-0?claims=${bad}&lang=en`)).text, bad).toContain(`Claims 1–${CLAIMS_PER_PAGE} of`);
    }
  });
});

describe('the runs page at volume', () => {
  it('gives each run its reviewed national score without computing a verdict', async () => {
    const cache = new ExportCache(db, MODEL);
    expect(cache.reviewedNational(runId)).toBe(doc.national.score);
    const finding = db.prepare(`SELECT id FROM findings WHERE run_id = ? AND agency_id = 'agency-1' AND outcome = 'fail' LIMIT 1`).pluck().get(runId) as number;
    addReview(db, { findingId: finding, action: 'override', outcome: 'pass', score: 1, reason: 'the page was there', username: 'eva', role: 'evaluator' });
    const reviewed = buildExport(db, String(runId), { model: MODEL }).national.reviewedScore;
    expect(reviewed).not.toBe(doc.national.score);
    expect(cache.reviewedNational(runId)).toBe(reviewed);
  });
});

describe('a declarations import while the UI computes the verdicts', () => {
  it('is noticed: the verdicts are computed again, against the new round', async () => {
    const cache = new ExportCache(db, MODEL);
    const pending = cache.get(runId);
    await new Promise((resolve) => setImmediate(resolve));
    replaceRound(db, { name: 'round-2', file: 'round-2.csv', sha256: 'f'.repeat(64), format: 'csv', encoding: 'utf-8' }, [
      { row: 2, agencyId: 'agency-2', indicatorId: 'org-chart', serviceUrl: null, declaredRaw: 'yes', share: 1, count: null, note: '' },
    ]);
    const fresh = await pending;
    expect(fresh.declarations?.round).toBe('round-2');
    expect(fresh.agencies.flatMap((a) => a.claims).map((c) => [c.indicator, c.declared])).toEqual([['org-chart', 1]]);
    expect(fresh).toEqual(buildExport(db, String(runId), { model: MODEL }));
  });
});
