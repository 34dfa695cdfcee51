import { describe, expect, it } from 'vitest';
import { MODEL } from '../../rules/catalog.ts';
import { checkFile } from '../../src/declarations/import.ts';
import { formatIssue } from '../../src/commands/declarations.ts';
import type { Agency } from '../../src/registry/registry.ts';
import { encodeWindows1256, xlsx } from '../support/declarations.ts';

const agencies: Agency[] = [
  { id: 'tazirat', name: { fa: 'تعزیرات', en: 'Tazirat' }, homepage: 'https://tazirat.gov.ir/', hosts: ['e.tazirat.gov.ir'] },
  { id: 'miras', name: { fa: 'میراث', en: 'Miras' }, homepage: 'http://127.0.0.1:8081/', hosts: [] },
];
const ctx = { agencies, registryFile: 'agencies.json', model: MODEL };
const HEADER = 'agency_id,indicator_id,declared,service_url,note';

async function check(file: string, content: string | Buffer) {
  const r = await checkFile(file, typeof content === 'string' ? Buffer.from(content) : content, ctx);
  return { ...r, lines: r.issues.map((i) => formatIssue(file, i, 'en')) };
}

describe('declarations files: CSV', () => {
  it('reads UTF-8 with and without a BOM', async () => {
    const body = `${HEADER}\ntazirat,org-chart,بله,,یادداشت\nmiras,online-service,۸۰٪,,\n`;
    for (const bytes of [Buffer.from(body), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)])]) {
      const r = await check('d.csv', bytes);
      expect(r.issues).toEqual([]);
      expect(r.declarations.map((d) => [d.agencyId, d.indicatorId, d.share, d.note])).toEqual([['tazirat', 'org-chart', 1, 'یادداشت'], ['miras', 'online-service', 0.8, '']]);
    }
  });

  it('reads Windows-1256 when the bytes are not UTF-8', async () => {
    const r = await check('d.csv', encodeWindows1256(`${HEADER}\r\ntazirat,org-chart,بله,,نمودار سازمانی\r\ntazirat,status-tracking,خیر,,\r\n`));
    expect(r.issues).toEqual([]);
    expect(r.table.encoding).toBe('windows-1256');
    // Windows-1256 has no Persian ye: the file carries the Arabic one, kept as written.
    expect(r.declarations.map((d) => [d.share, d.note])).toEqual([[1, 'نمودار سازماني'], [0, '']]);
  });

  it('reports every bad row as FILE:ROW:COLUMN with what to do', async () => {
    const r = await check('d.csv', [HEADER,
      'tazirat,org-chart,yes,,',
      'nobody,org-chart,yes,,',
      'tazirat,no-such-indicator,yes,,',
      'tazirat,help-faq,yes,,',
      'tazirat,status-tracking,maybe,,',
      'tazirat,online-service,120%,,',
      'tazirat,online-service,80,,',
      'tazirat,org-chart,no,,',
      'tazirat,service-card,yes,https://evil.example/x,',
      'tazirat,service-card,yes,ftp://tazirat.gov.ir/x,',
      'tazirat,,yes,,',
    ].join('\n'));
    expect(r.lines).toEqual([
      'd.csv:3:agency_id: unknown agency "nobody": use an id from agencies.json.',
      'd.csv:4:indicator_id: unknown indicator "no-such-indicator": use an id from the indicator catalog (INDICATORS.md).',
      'd.csv:5:indicator_id: "help-faq" is not a declarable indicator (agencies do not self-declare it): delete the row.',
      'd.csv:6:declared: "maybe" is not a declared value: use yes/no/true/false/1/0/بله/خیر or a percentage such as 80%.',
      'd.csv:7:declared: "120%" is over 100%: a percentage runs from 0% to 100%.',
      'd.csv:8:declared: "80" is a number, which only service-catalog takes (its service count): write yes/no or a percentage such as 80%.',
      'd.csv:9:indicator_id: repeats row 2 (same agency_id, indicator_id and service_url): keep one of them.',
      'd.csv:10:service_url: evil.example is not a host of tazirat (tazirat.gov.ir, e.tazirat.gov.ir): use a URL on the agency\'s portal, or add the host to its "hosts" in agencies.json.',
      'd.csv:11:service_url: "ftp://tazirat.gov.ir/x" is not an http(s) URL: write the full address (https://…) or a path on the portal (/services/…).',
      'd.csv:12:indicator_id: is empty: fill it in.',
    ]);
  });

  it('says the same in Persian', async () => {
    const r = await checkFile('d.csv', Buffer.from(`${HEADER}\ntazirat,org-chart,شاید,,\n`), ctx);
    expect(r.issues.map((i) => formatIssue('d.csv', i, 'fa'))).toEqual([
      'd.csv:2:declared: «شاید» مقدار اظهارشدهٔ معتبری نیست: yes/no/true/false/1/0/بله/خیر یا درصدی مانند ۸۰٪ بنویسید.',
    ]);
  });

  it('resolves a service path against the agency\'s home page, and accepts its extra hosts', async () => {
    const r = await check('d.csv', `${HEADER}\nmiras,service-card,yes,/services/card#top,\ntazirat,service-card,yes,https://e.tazirat.gov.ir/appeal,\n`);
    expect(r.issues).toEqual([]);
    expect(r.declarations.map((d) => d.serviceUrl)).toEqual(['http://127.0.0.1:8081/services/card', 'https://e.tazirat.gov.ir/appeal']);
  });

  it('treats the same service with a different spelling as a duplicate only when the URL is the same', async () => {
    const r = await check('d.csv', `${HEADER}\nmiras,service-card,yes,/a,\nmiras,service-card,no,http://127.0.0.1:8081/a,\nmiras,service-card,no,/b,\n`);
    expect(r.lines).toEqual(['d.csv:3:service_url: repeats row 2 (same agency_id, indicator_id and service_url): keep one of them.']);
  });

  it('names a wrong delimiter once instead of failing every row', async () => {
    const r = await check('d.csv', 'agency_id;indicator_id;declared\ntazirat;org-chart;yes\n');
    expect(r.lines).toEqual(['d.csv:1:-: the header reads as one column separated by ";": save the file comma-separated (CSV, comma delimited).']);
  });

  it('names missing and unknown columns in the header, and rows with extra cells', async () => {
    expect((await check('d.csv', 'agency_id,indicator,declared\ntazirat,org-chart,yes\n')).lines).toEqual([
      'd.csv:1:indicator: unknown column "indicator": the columns are agency_id, indicator_id, declared, service_url, note; rename or delete it.',
      'd.csv:1:indicator_id: the header has no indicator_id column: the columns are agency_id, indicator_id, declared, service_url, note (the last two optional).',
    ]);
    expect((await check('d.csv', 'agency_id,indicator_id,declared\ntazirat,org-chart,yes,extra\n')).lines).toEqual([
      'd.csv:2:-: the row has 4 cells but the header names 3 columns: delete the extra cells, or quote values that contain commas.',
    ]);
  });

  it('reports a truncated file at the row where the open quote starts, with the rows before it', async () => {
    const r = await check('d.csv', `${HEADER}\ntazirat,org-chart,maybe,,\n\ntazirat,status-tracking,yes,,"a note that never\nends`);
    expect(r.lines).toEqual([
      'd.csv:2:declared: "maybe" is not a declared value: use yes/no/true/false/1/0/بله/خیر or a percentage such as 80%.',
      'd.csv:4:note: a quoted value opened here is never closed, so the file looks truncated: close the quote, or export the file again.',
    ]);
  });

  it('numbers rows by line, also after a value that spans lines', async () => {
    const r = await check('d.csv', `${HEADER}\ntazirat,org-chart,yes,,"two\nlines"\ntazirat,status-tracking,maybe,,\n`);
    expect(r.lines).toEqual(['d.csv:4:declared: "maybe" is not a declared value: use yes/no/true/false/1/0/بله/خیر or a percentage such as 80%.']);
  });

  it('refuses an empty file and an old binary spreadsheet', async () => {
    expect((await check('d.csv', '')).lines).toEqual([
      'd.csv:-:-: the file holds no declarations: add a header row (agency_id, indicator_id, declared, service_url, note) and one row per claim.',
    ]);
    expect((await check('d.xls', 'x')).lines).toEqual(['d.xls:-:-: a .xls file cannot be read: save it as .xlsx (Excel workbook) or .csv.']);
  });
});

describe('declarations files: XLSX and JSON', () => {
  it('reads one sheet, with percent-formatted cells as percentages', async () => {
    const r = await check('d.xlsx', await xlsx({ Declarations: [
      ['agency_id', 'indicator_id', 'declared', 'service_url', 'note'],
      ['tazirat', 'online-service', { percent: 0.85 }],
      ['tazirat', 'service-catalog', 42],
      ['tazirat', 'org-chart', 'بله', '', 'ok'],
    ] }));
    expect(r.issues).toEqual([]);
    expect(r.declarations.map((d) => [d.indicatorId, d.share, d.count])).toEqual([['online-service', 0.85, null], ['service-catalog', 1, 42], ['org-chart', 1, null]]);
  });

  it('refuses a workbook with more than one sheet', async () => {
    const r = await check('d.xlsx', await xlsx({ Declarations: [['agency_id', 'indicator_id', 'declared'], ['tazirat', 'org-chart', 'yes']], Notes: [['x']] }));
    expect(r.lines).toEqual(['d.xlsx:-:-: the workbook has 2 sheets (Declarations, Notes): keep the declarations on one sheet and delete the others.']);
  });

  it('refuses formula cells, naming the row and column', async () => {
    const r = await check('d.xlsx', await xlsx({ Sheet1: [
      ['agency_id', 'indicator_id', 'declared'],
      ['tazirat', 'org-chart', 'yes'],
      ['tazirat', 'status-tracking', { formula: 'IF(1=1,"yes","no")', result: 'yes' }],
    ] }));
    expect(r.lines).toEqual(['d.xlsx:3:declared: the cell holds a formula (=IF(1=1,"yes","no")): replace it with its value (copy, then paste values only).']);
  });

  it('refuses a file that is not a workbook', async () => {
    const r = await check('d.xlsx', 'not a zip');
    expect(r.lines[0]).toMatch(/^d\.xlsx:-:-: not a readable XLSX workbook \(.*\): save it again as \.xlsx\.$/);
  });

  it('reads JSON arrays, with numbers and booleans as values', async () => {
    const r = await check('d.json', JSON.stringify([
      { agency_id: 'tazirat', indicator_id: 'org-chart', declared: true },
      { agency_id: 'tazirat', indicator_id: 'service-catalog', declared: 12, note: 'n' },
      { agency_id: 'tazirat', indicator_id: 'online-service', declared: '80%', service_url: null },
    ]));
    expect(r.issues).toEqual([]);
    expect(r.declarations.map((d) => [d.share, d.count])).toEqual([[1, null], [1, 12], [0.8, null]]);
  });

  it('names bad JSON elements by their place in the array', async () => {
    const r = await check('d.json', JSON.stringify([{ agency_id: 'tazirat', indicator_id: 'org-chart', declared: 'yes' }, 'oops', { agency_id: 'tazirat', indicator_id: 'org-chart', declared: 'yes', extra: 1 }]));
    expect(r.lines).toEqual([
      'd.json:2:-: expected an object with the keys agency_id, indicator_id, declared, service_url, note.',
      'd.json:3:extra: unknown column "extra": the columns are agency_id, indicator_id, declared, service_url, note; rename or delete it.',
      'd.json:3:indicator_id: repeats row 1 (same agency_id, indicator_id and service_url): keep one of them.',
    ]);
    expect((await check('d.json', '{"agency_id": 1')).lines[0]).toMatch(/^d\.json:-:-: not valid JSON/);
  });
});
