// Malformed declarations files through the real CLI: every problem on its
// own line as FILE:ROW:COLUMN, exit ≠ 0, and the database byte-for-byte as
// it was. Needs no audit: importing checks agencies against the registry.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.ts';
import { runCli } from '../support/cli.ts';
import { encodeWindows1256, xlsx } from '../support/declarations.ts';

const HEADER = 'agency_id,indicator_id,declared,service_url,note';
let dir: string;
let db: string;
let registry: string;
let dbBytes: Buffer;

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const importFile = (path: string, dbFile = db) => runCli(['declarations', 'import', path, '--db', dbFile, '--agencies', registry]);

function expectUnchanged(): void {
  expect(readFileSync(db).equals(dbBytes)).toBe(true);
  expect(existsSync(`${db}-wal`) ? readFileSync(`${db}-wal`).length : 0).toBe(0);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'declarations-errors-'));
  registry = file('agencies.json', JSON.stringify({ agencies: [
    { id: 'tazirat', name: { fa: 'سازمان تعزیرات حکومتی', en: 'Tazirat' }, homepage: 'https://tazirat.gov.ir/', hosts: ['e.tazirat.gov.ir'] },
    { id: 'miras', name: { fa: 'میراث فرهنگی', en: 'Miras' }, homepage: 'https://www.mcth.ir/' },
  ] }));
  db = join(dir, 'audit.sqlite');
  // A store that already holds a round, so "unchanged" means something.
  const first = await importFile(file('first.csv', `${HEADER}\ntazirat,org-chart,yes,,\n`));
  expect(first.code, first.stderr).toBe(0);
  const store = openStore(db);
  store.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  dbBytes = readFileSync(db);
});

/** Error lines (without the closing summary line). */
function errorLines(stderr: string): string[] {
  return stderr.trim().split('\n').filter((l) => !/nothing was imported/.test(l));
}

describe('declarations import refuses bad files and writes nothing', () => {
  it('a truncated CSV: the row and column where the open quote begins', async () => {
    const path = file('truncated.csv', `${HEADER}\ntazirat,org-chart,yes,,\ntazirat,status-tracking,yes,,"cut off in the mid`);
    const res = await importFile(path);
    expect(res.code).not.toBe(0);
    expect(errorLines(res.stderr)).toEqual([`${path}:3:note: a quoted value opened here is never closed, so the file looks truncated: close the quote, or export the file again.`]);
    expect(res.stderr).toMatch(/1 error\(s\); nothing was imported\. Fix them and run the import again\./);
    expectUnchanged();
  });

  it('a wrong delimiter: one line naming it', async () => {
    const path = file('semicolons.csv', 'agency_id;indicator_id;declared\ntazirat;org-chart;yes\nmiras;org-chart;no\n');
    const res = await importFile(path);
    expect(res.code).not.toBe(0);
    expect(errorLines(res.stderr)).toEqual([`${path}:1:-: the header reads as one column separated by ";": save the file comma-separated (CSV, comma delimited).`]);
    expectUnchanged();
  });

  it('a Windows-1256 file with a bad row: the row is reported', async () => {
    const path = file('cp1256-bad.csv', encodeWindows1256(`${HEADER}\r\ntazirat,org-chart,بله,,\r\nmiras,status-tracking,شاید,,\r\n`));
    const res = await importFile(path);
    expect(res.code).not.toBe(0);
    expect(errorLines(res.stderr)).toEqual([`${path}:3:declared: "شايد" is not a declared value: use yes/no/true/false/1/0/بله/خیر or a percentage such as 80%.`]);
    expectUnchanged();
  });

  it('an XLSX with an extra sheet', async () => {
    const path = file('two-sheets.xlsx', await xlsx({ Declarations: [['agency_id', 'indicator_id', 'declared'], ['tazirat', 'org-chart', 'yes']], Sheet2: [['notes']] }));
    const res = await importFile(path);
    expect(res.code).not.toBe(0);
    expect(errorLines(res.stderr)).toEqual([`${path}:-:-: the workbook has 2 sheets (Declarations, Sheet2): keep the declarations on one sheet and delete the others.`]);
    expectUnchanged();
  });

  it('an XLSX formula cell', async () => {
    const path = file('formula.xlsx', await xlsx({ Sheet1: [['agency_id', 'indicator_id', 'declared'], ['tazirat', 'org-chart', 'yes'], ['miras', 'online-service', { formula: 'B1*0+0.8', result: 0.8 }]] }));
    const res = await importFile(path);
    expect(res.code).not.toBe(0);
    expect(errorLines(res.stderr)).toEqual([`${path}:3:declared: the cell holds a formula (=B1*0+0.8): replace it with its value (copy, then paste values only).`]);
    expectUnchanged();
  });

  it('50,000 rows with one bad row at the end: that row, and nothing imported', async () => {
    const rows = Array.from({ length: 49_999 }, (_, i) => `${i % 2 ? 'tazirat' : 'miras'},online-service,${i % 3 ? 'yes' : '75%'},/services/s${i},`);
    const path = file('large.csv', [HEADER, ...rows, 'miras,online-service,perhaps,/services/last,'].join('\n') + '\n');
    const t0 = Date.now();
    const res = await importFile(path);
    expect(res.code).not.toBe(0);
    expect(errorLines(res.stderr)).toEqual([`${path}:50001:declared: "perhaps" is not a declared value: use yes/no/true/false/1/0/بله/خیر or a percentage such as 80%.`]);
    expectUnchanged();
    expect(Date.now() - t0).toBeLessThan(30_000);
  });

  it('every error of a file, each on its own line, in row order', async () => {
    const path = file('many.csv', [HEADER, 'nobody,org-chart,yes,,', 'tazirat,help-faq,yes,,', 'tazirat,org-chart,maybe,,', 'miras,service-card,yes,https://evil.example/x,'].join('\n'));
    const res = await importFile(path);
    expect(errorLines(res.stderr).map((l) => l.slice(path.length + 1, l.indexOf(': ')))).toEqual(['2:agency_id', '3:indicator_id', '4:declared', '5:service_url']);
    expect(res.stderr).toMatch(/4 error\(s\); nothing was imported/);
    expectUnchanged();
  });

  it('a missing file and a missing FILE argument', async () => {
    const res = await importFile(join(dir, 'nope.csv'));
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/nope\.csv: cannot read the file \(ENOENT\)\. Check the path\./);
    const none = await runCli(['declarations', 'import', '--db', db]);
    expect(none.stderr).toMatch(/name one file/);
    expectUnchanged();
  });
});

describe('declarations import accepts good files', () => {
  it('a valid Windows-1256 file imports, with Persian values read correctly', async () => {
    const fresh = join(dir, 'cp1256.sqlite');
    const path = file('cp1256-ok.csv', encodeWindows1256(`${HEADER}\r\ntazirat,org-chart,بله,,نمودار سازمانی به‌روز است\r\nmiras,online-service,80%,/services/visa,\r\nmiras,status-tracking,خیر,,\r\n`));
    const res = await importFile(path, fresh);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Imported 3 declarations for 2 agencies .*\(csv, windows-1256\) as round "cp1256-ok"/);
    const store = new Database(fresh, { readonly: true });
    const rows = store.prepare('SELECT agency_id, indicator_id, service_url, declared_raw, declared, note FROM declarations ORDER BY source_row').all();
    store.close();
    expect(rows).toEqual([
      { agency_id: 'tazirat', indicator_id: 'org-chart', service_url: '', declared_raw: 'بله', declared: 1, note: 'نمودار سازماني به‌روز است' },
      { agency_id: 'miras', indicator_id: 'online-service', service_url: 'https://www.mcth.ir/services/visa', declared_raw: '80%', declared: 0.8, note: '' },
      { agency_id: 'miras', indicator_id: 'status-tracking', service_url: '', declared_raw: 'خير', declared: 0, note: '' },
    ]);
  });
});
