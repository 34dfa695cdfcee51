// One audit of the sample portals, then the example declarations imported
// through the CLI: verdicts against the expected-verdicts file, the service
// catalog check, and the council's tables as JSON, CSV and HTML.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineAgency, portalAgencies, SAMPLE_AS_OF } from '../../src/commands/demo.ts';
import { closePortals, SAMPLE_PORTALS_DIR, serveSamplePortals, type ServedPortal } from '../../src/demo/sample-portals.ts';
import type { ExportAgency, ExportDoc } from '../../src/report/json.ts';
import { formatters } from '../../src/report/format.ts';
import { COUNCIL_TABLES } from '../../src/report/table-data.ts';
import { ROOT, runCli, type CliResult } from '../support/cli.ts';
import { asCsvText, csvRows, readWorkbook } from '../support/council-formats.ts';
import { comparable, pdfPages, pdfPageTexts, showsPersianPageNumber, showsPhrase } from '../support/pdf.ts';

const EXAMPLE = join(ROOT, 'data/declarations.example.csv');
const HOSTILE_NAME = 'Offline <script>alert(1)</script> & "co"';
/** Pages of the sample run's PDF report in Persian. */
const SAMPLE_PDF_PAGES = 2;

let portals: ServedPortal[] = [];
let dir: string;
let db: string;
let registry: string;
let imported: CliResult;
let doc: ExportDoc;

async function exportDoc(): Promise<ExportDoc> {
  const res = await runCli(['export', '--db', db]);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as ExportDoc;
}

beforeAll(async () => {
  portals = await serveSamplePortals();
  dir = mkdtempSync(join(tmpdir(), 'e2e-declarations-'));
  db = join(dir, 'audit.sqlite');
  registry = join(dir, 'agencies.json');
  const offline = { ...(await offlineAgency()), name: { fa: HOSTILE_NAME, en: HOSTILE_NAME } };
  writeFileSync(registry, JSON.stringify({ agencies: [...portalAgencies(portals), offline] }));
  const audit = await runCli(['audit', '--no-external-probes', '--agencies', registry, '--db', db, '--as-of', SAMPLE_AS_OF, '--host-delay-ms', '0', '--no-lighthouse']);
  expect(audit.code, audit.stderr).toBe(0);
  imported = await runCli(['declarations', 'import', EXAMPLE, '--db', db, '--agencies', registry]);
  doc = await exportDoc();
}, 300_000);

afterAll(async () => {
  await closePortals(portals);
});

const agency = (id: string): ExportAgency => doc.agencies.find((a) => a.id === id)!;
const pathOf = (url: string) => new URL(url).pathname;

function expectedVerdicts(): Record<string, Record<string, string>> {
  const raw = JSON.parse(readFileSync(join(SAMPLE_PORTALS_DIR, 'expected-verdicts.json'), 'utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith('_'))) as Record<string, Record<string, string>>;
}

describe('declarations of the sample portals', () => {
  it('imports the example file as a round named after it', () => {
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/Imported 43 declarations for 6 agencies .* as round "declarations\.example"/);
    expect(doc.declarations).toMatchObject({ round: 'declarations.example', rows: 43, format: 'csv', encoding: 'utf-8', notInRun: [] });
    expect(doc.declarations!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives every claim the verdict in expected-verdicts.json, and no other claims', () => {
    const got: Record<string, Record<string, string>> = {};
    for (const a of doc.agencies) {
      for (const c of a.claims) (got[a.id] ??= {})[c.serviceUrl ? `${c.indicator}@${pathOf(c.serviceUrl)}` : c.indicator] = c.verdict;
    }
    expect(got).toEqual(expectedVerdicts());
  });

  it('puts the agency-level verdict on each observed indicator, and flags untrusted over-claims as suspected', () => {
    for (const a of doc.agencies) {
      for (const ind of a.indicators) {
        const claim = a.claims.find((c) => c.indicator === ind.id && c.serviceUrl === null);
        const perService = a.claims.filter((c) => c.indicator === ind.id && c.serviceUrl !== null);
        if (claim || perService.length === 0) {
          expect(ind.verdict, `${a.id}/${ind.id}`).toBe(claim?.verdict ?? null);
          expect(ind.declared).toBe(claim?.declared ?? null);
        } else {
          // Declared only per service: the agency's value is the mean of its service claims.
          expect(ind.declared, `${a.id}/${ind.id}`).toBeCloseTo(perService.reduce((n, c) => n + c.declared!, 0) / perService.length, 6);
          if (ind.score !== null) expect(ind.verdict, `${a.id}/${ind.id}`).not.toBeNull();
        }
        expect(ind.suspected).toBe(ind.verdict === 'over-claimed');
      }
    }
    expect(agency('markazi').claims.filter((c) => c.verdict === 'over-claimed').every((c) => c.suspected)).toBe(true);
  });

  it('scores declared against observed: gap and verification rate', () => {
    const tazirat = agency('tazirat');
    expect(tazirat.gap).toBe(0);
    expect(tazirat.verificationRate).toBe(1);
    const markazi = agency('markazi');
    expect(markazi.verificationRate).toBe(0);
    expect(markazi.declaredScore! - markazi.score!).toBeCloseTo(markazi.gap!, 1);
    const gaps = doc.agencies.filter((a) => a.gap !== null).map((a) => a.gap!);
    expect(Math.max(...gaps)).toBe(markazi.gap);
    // Under-claims pull the declared score below the observed one.
    expect(agency('example-ministry').gap).toBeLessThan(0);
    const offline = agency('offline-agency');
    expect([offline.declaredScore, offline.gap, offline.verificationRate]).toEqual([null, null, null]);
  });

  it('checks the service catalog: counts, dead declared services, services never declared', () => {
    const tazirat = agency('tazirat').serviceCatalog!;
    expect([tazirat.declaredCount, tazirat.observedCount]).toEqual([9, 9]);
    expect(tazirat.declaredServices.map((s) => [pathOf(s.url), s.state, s.status])).toEqual([['/services/appeal', 'alive', 200], ['/services/inquiry', 'alive', 200]]);
    expect(tazirat.undeclared).toContain('https://my.gov.ir/tazirat/services/30412');
    expect(tazirat.undeclared.map(pathOf)).not.toContain('/services/appeal');
    const keshvar = agency('keshvar').serviceCatalog!;
    expect([keshvar.declaredCount, keshvar.observedCount]).toEqual([12, 7]);
    const markazi = agency('markazi').serviceCatalog!;
    expect([markazi.declaredCount, markazi.observedCount, markazi.undeclared]).toEqual([120, null, []]);
    expect(markazi.declaredServices.map((s) => [pathOf(s.url), s.state, s.status])).toEqual([['/services', 'dead', 500], ['/services/currency-allocation', 'not-checked', null]]);
  });

  it('writes the council\'s tables as CSV', async () => {
    const ranking = await runCli(['export', '--db', db, '--format', 'csv']);
    expect(ranking.code, ranking.stderr).toBe(0);
    const lines = ranking.stdout.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('rank,agency_id,name_fa,name_en,score,coverage,low_coverage,user-centric,transparent,integrated,participatory,technical,declared_score,gap,verification_rate,online_declared,online_observed,error,blocked');
    expect(lines).toHaveLength(doc.agencies.length + 1);
    expect(lines[1].startsWith(`1,${doc.agencies[0].id},`)).toBe(true);
    const claims = await runCli(['export', '--db', db, '--format', 'csv', '--table', 'claims']);
    expect(claims.stdout.trim().split('\r\n')).toHaveLength(44);
    expect(claims.stdout).toMatch(/markazi,org-chart,,yes,1,0,over-claimed,true,/);
    const buckets = await runCli(['export', '--db', db, '--format', 'csv', '--table', 'buckets']);
    // Declared 100%: tazirat and markazi; observed 100%: tazirat and example-ministry.
    expect(buckets.stdout).toContain('b100,2,tazirat;markazi,2,tazirat;example-ministry');
    expect(buckets.stdout).toContain('b80,2,');
    const bad = await runCli(['export', '--db', db, '--format', 'csv', '--table', 'nope']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--table nope: no such table; use one of ranking, pillars, buckets, gaps, claims, national/);
  });

  it('writes one self-contained HTML file, Persian by default and English on request', async () => {
    const out = join(dir, 'report.html');
    const fa = await runCli(['export', '--db', db, '--format', 'html', '--out', out]);
    expect(fa.code, fa.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/<html lang="fa" dir="rtl">/);
    expect(html).toContain('۱۴۰۴/۱۰/۰۱'); // 2025-12-22 in the Jalali calendar
    expect(html).toContain('رتبه‌بندی');
    expect(html).toContain('برترین دستگاه در هر محور');
    expect(html).toContain('بیشترین فاصلهٔ اظهارشده و مشاهده‌شده');
    expect(html).toContain(doc.national.score!.toLocaleString('fa-IR', { maximumFractionDigits: 2 }));
    // Offline and inert: no scripts, no external resources; the hostile name is escaped.
    expect(html).not.toMatch(/<script|<link|<img|src=|@import|url\(/i);
    expect(html).toContain('Offline &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;');
    const en = await runCli(['export', '--db', db, '--format', 'html', '--lang', 'en']);
    expect(en.stdout).toMatch(/<html lang="en" dir="ltr">/);
    expect(en.stdout).toContain('2025-12-22');
    expect(en.stdout).toContain('Best agency per pillar');
    expect(en.stdout).not.toMatch(/[۰-۹]/);
  });

  it('prints the report as a PDF: Persian, every agency\'s name and score, the expected pages', async () => {
    const out = join(dir, 'report.pdf');
    const res = await runCli(['export', '--db', db, '--format', 'pdf', '--out', out]);
    expect(res.code, res.stderr).toBe(0);
    // The sample run's report: the national score and the ranking, then the other tables (the demo's first page: docs/report-fa.png).
    expect(pdfPages(out)).toBe(SAMPLE_PDF_PAGES);
    const pages = pdfPageTexts(out);
    const text = comparable(pages.join(' '));
    const f = formatters('fa', '—');
    for (const a of doc.agencies) {
      expect(pages.some((p) => showsPhrase(p, a.name.fa)), a.id).toBe(true);
      if (a.score !== null) expect(text, a.id).toContain(f.num(a.score));
    }
    expect(text).toContain(comparable('رتبه‌بندی'));
    expect(text).toContain('۱۴۰۴/۱۰/۰۱');
    pages.forEach((p, i) => {
      expect(comparable(p)).toContain(doc.run.manifestSha256!);
      expect(showsPersianPageNumber(p, i + 1, pages.length), `page ${i + 1}`).toBe(true);
    });
    const none = await runCli(['export', '--db', db, '--format', 'pdf', '--out', join(dir, 'none.pdf')], { PORTAL_AUDIT_CHROMIUM: join(dir, 'no-such-chromium') });
    expect(none.code).not.toBe(0);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toMatch(/PORTAL_AUDIT_CHROMIUM=.*no-such-chromium: not an executable file/);
    expect(existsSync(join(dir, 'none.pdf'))).toBe(false);
  });

  it('writes every council table into one workbook with the CSV\'s values', async () => {
    const out = join(dir, 'tables.xlsx');
    const res = await runCli(['export', '--db', db, '--format', 'xlsx', '--out', out]);
    expect(res.code, res.stderr).toBe(0);
    const sheets = await readWorkbook(readFileSync(out));
    expect(sheets).toHaveLength(COUNCIL_TABLES.length);
    for (const [i, table] of COUNCIL_TABLES.entries()) {
      const csv = await runCli(['export', '--db', db, '--format', 'csv', '--table', table]);
      const [, ...rows] = csvRows(csv.stdout);
      expect(sheets[i].rows.map((r) => r.map(asCsvText)), table).toEqual(rows);
      expect(sheets[i].rightToLeft).toBe(true);
    }
    expect(sheets[0].rows.map((r) => r[4])).toEqual(doc.agencies.map((a) => a.score));
  });

  it('replaces a round on re-import, and keeps other rounds apart', async () => {
    const again = await runCli(['declarations', 'import', EXAMPLE, '--db', db, '--agencies', registry]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/its 43 earlier rows were replaced/);
    const other = join(dir, 'round-2.csv');
    writeFileSync(other, 'agency_id,indicator_id,declared\nmarkazi,org-chart,no\n');
    const second = await runCli(['declarations', 'import', other, '--db', db, '--agencies', registry, '--round', '1404-h2']);
    expect(second.code, second.stderr).toBe(0);
    const store = new Database(db, { readonly: true });
    const counts = store.prepare('SELECT r.name, COUNT(d.id) AS n FROM declaration_rounds r LEFT JOIN declarations d ON d.round_id = r.id GROUP BY r.id ORDER BY r.name').all();
    store.close();
    expect(counts).toEqual([{ name: '1404-h2', n: 1 }, { name: 'declarations.example', n: 43 }]);
    // The latest round is the default; --round picks another.
    expect((await exportDoc()).agencies.find((a) => a.id === 'markazi')!.claims.map((c) => c.verdict)).toEqual(['confirmed-absent']);
    const named = await runCli(['export', '--db', db, '--round', 'declarations.example']);
    expect((JSON.parse(named.stdout) as ExportDoc).declarations!.round).toBe('declarations.example');
    const missing = await runCli(['export', '--db', db, '--round', 'nope']);
    expect(missing.stderr).toMatch(/--round nope: no such round\. Imported rounds: 1404-h2, declarations\.example\./);
  });
});
