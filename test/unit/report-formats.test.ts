// The council's report as XLSX and PDF over a store written directly (no
// crawl): the workbook against the CSV tables, right to left, typed and
// defused; the PDF's header, page numbers and repeated table headers.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL } from '../../rules/catalog.ts';
import { startLocalBrowser } from '../../src/audit/run-audit.ts';
import { renderCsv } from '../../src/report/csv.ts';
import { formatters } from '../../src/report/format.ts';
import { buildExport, type ExportAgency, type ExportDoc } from '../../src/report/json.ts';
import { renderPdf } from '../../src/report/pdf.ts';
import { COUNCIL_TABLES } from '../../src/report/table-data.ts';
import { renderXlsx } from '../../src/report/xlsx.ts';
import { asCsvText, csvRows, readWorkbook } from '../support/council-formats.ts';
import { comparable, pdfPages, pdfPageTexts, showsPersianPageNumber } from '../support/pdf.ts';
import { buildUiStore } from '../support/ui-store.ts';

let doc: ExportDoc;
let browser: Browser;

beforeAll(async () => {
  const { db } = await buildUiStore(join(mkdtempSync(join(tmpdir(), 'formats-')), 'ui.sqlite'));
  doc = buildExport(db, 'latest', { model: MODEL, lang: 'fa' });
  db.close();
  browser = await startLocalBrowser(process.env);
});

afterAll(async () => {
  await browser?.close();
});

/** Letters for the made-up Persian names (no digits: the bidi algorithm may move a number next to the agency's id). */
const LETTERS = 'ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی';

/** `count` agencies, each a copy of the first with its own id, name and score. */
function manyAgencies(count: number): ExportDoc {
  const base = doc.agencies[0];
  const agencies: ExportAgency[] = Array.from({ length: count }, (_, i) => ({
    ...base, id: `agency-${i + 1}`, rank: i + 1, score: 90 - i / 2, error: null,
    name: { fa: `سازمان آزمایشی ${LETTERS[i % LETTERS.length]}${LETTERS[Math.floor(i / LETTERS.length)]}`, en: `Organisation number ${i + 1}` },
  }));
  return { ...doc, agencies };
}

describe('export --format xlsx', () => {
  it('holds one sheet per council table with the same values as its CSV', async () => {
    const sheets = await readWorkbook(await renderXlsx(doc, MODEL, 'en'));
    expect(sheets.map((s) => s.name)).toEqual(['Ranking', 'Best per pillar', 'Electronic services', 'Largest gaps', 'Claims', 'National']);
    COUNCIL_TABLES.forEach((table, i) => {
      const [, ...csv] = csvRows(renderCsv(doc, MODEL, table));
      expect(sheets[i].rows.map((r) => r.map(asCsvText)), table).toEqual(csv);
    });
  });

  it('types its cells: scores and counts are numbers, shares are numbers shown as percentages', async () => {
    const [ranking, , , , claims] = await readWorkbook(await renderXlsx(doc, MODEL, 'en'));
    const col = (name: string) => ranking.header.indexOf(name);
    const first = ranking.rows[0];
    expect(typeof first[col('Rank')]).toBe('number');
    expect(typeof first[col('Score')]).toBe('number');
    expect(first[col('Coverage')]).toBe(doc.agencies[0].coverage);
    expect(ranking.numFmts[col('Coverage')]).toBe('0%');
    expect(ranking.numFmts[col('Score')]).toBe('0.0#');
    expect(typeof first[col('Low coverage')]).toBe('boolean');
    expect(claims.rows[0][claims.header.indexOf('Declared')]).toBe(1);
  });

  it('is right to left in Persian, with a frozen header row and columns as wide as their content', async () => {
    const fa = await readWorkbook(await renderXlsx(doc, MODEL, 'fa'));
    const en = await readWorkbook(await renderXlsx(doc, MODEL, 'en'));
    expect(fa.every((s) => s.rightToLeft && s.frozenRows === 1)).toBe(true);
    expect(en.every((s) => !s.rightToLeft && s.frozenRows === 1)).toBe(true);
    expect(fa[0].name).toBe('رتبه‌بندی');
    expect(fa[0].header).toContain('امتیاز');
    const ranking = en[0];
    const nameEn = ranking.header.indexOf('Name (English)');
    expect(ranking.widths[nameEn]).toBeGreaterThanOrEqual(Math.min(60, doc.agencies[0].name.en.length));
    expect(ranking.widths[ranking.header.indexOf('Rank')]).toBeLessThan(12);
  });

  it('defuses text a spreadsheet would run as a formula, as the CSV does', async () => {
    const hostile = { ...doc, agencies: doc.agencies.map((a, i) => (i === 0 ? { ...a, name: { fa: '=HYPERLINK("http://x.test","x")', en: '+cmd|calc' }, error: '@SUM(1)' } : a)) };
    const [ranking] = await readWorkbook(await renderXlsx(hostile, MODEL, 'en'));
    const row = ranking.rows[0];
    expect(row[ranking.header.indexOf('Name (Persian)')]).toBe('\'=HYPERLINK("http://x.test","x")');
    expect(row[ranking.header.indexOf('Name (English)')]).toBe('\'+cmd|calc');
    expect(row[ranking.header.indexOf('Not audited because')]).toBe('\'@SUM(1)');
  });
});

describe('export --format pdf', () => {
  it('prints the report in Persian with the run, model and manifest on every page and numbered pages', async () => {
    const big = manyAgencies(60);
    const pdf = await renderPdf(big, MODEL, 'fa', browser);
    const pages = pdfPageTexts(pdf);
    expect(pages.length).toBe(pdfPages(pdf));
    expect(pages.length).toBeGreaterThan(2);
    const f = formatters('fa', '—');
    pages.map(comparable).forEach((text, i) => {
      expect(text, `page ${i + 1}`).toContain('اجرای');
      expect(text).toContain(doc.run.manifestSha256!);
      expect(text).toContain(doc.run.model);
      expect(showsPersianPageNumber(text, i + 1, pages.length), `page ${i + 1}`).toBe(true);
    });
    const all = comparable(pages.join(' '));
    for (const a of big.agencies) {
      expect(all).toContain(comparable(a.name.fa));
      expect(all).toContain(f.num(a.score));
    }
  });

  it('repeats the ranking\'s header row on every page the table runs onto', async () => {
    const big = manyAgencies(60);
    const pages = pdfPageTexts(await renderPdf(big, MODEL, 'en', browser));
    // The pages before the one where the next table starts hold the ranking alone.
    const rankingPages = pages.slice(0, pages.findIndex((p) => p.includes('Best agency per pillar')));
    expect(rankingPages.length).toBeGreaterThan(1);
    for (const p of rankingPages) expect(p).toMatch(/Rank Agency Score Coverage User-/);
    expect(pages.filter((p) => p.includes('Rank Agency Score Coverage'))).toHaveLength(rankingPages.length + (pages[rankingPages.length].includes('Rank Agency') ? 1 : 0));
    pages.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of ${pages.length}`));
  });
});
