// The council's tables as one workbook (`export --format xlsx`): one sheet per
// table, right to left in Persian, typed cells (numbers stay numbers, shares
// are numbers formatted as percentages), a frozen header row with a filter,
// and columns as wide as their content. Text a spreadsheet could run as a
// formula is defused exactly as in the CSV.
import ExcelJS from 'exceljs';
import type { Model } from '../../rules/catalog.ts';
import type { Lang } from '../i18n/messages.ts';
import { tableLabel } from '../i18n/tables.ts';
import type { ExportDoc } from './json.ts';
import { COUNCIL_TABLES, defuseFormula, tableData, type Cell, type Column, type ColumnKind } from './table-data.ts';
import { councilTables } from './tables.ts';

const NUMBER_FORMATS: Partial<Record<ColumnKind, string>> = { number: '0.0#', integer: '0', share: '0%' };
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

function label(column: Column, model: Model, lang: Lang): string {
  const pillar = model.pillars.find((p) => p.id === column.id);
  return pillar ? pillar.title[lang] : tableLabel(lang, `col.${column.id}`) ?? column.id;
}

function cellValue(value: Cell): ExcelJS.CellValue {
  return typeof value === 'string' ? defuseFormula(value) : value;
}

/** Characters a value shows as, for the column's width. */
function shownLength(value: Cell, kind: ColumnKind): number {
  if (value === null) return 0;
  if (kind === 'share') return 5;
  if (typeof value === 'number') return kind === 'integer' ? String(value).length : String(Math.round(value * 100) / 100).length;
  return String(value).length;
}

function addSheet(wb: ExcelJS.Workbook, name: string, header: string[], columns: Column[], rows: Cell[][], lang: Lang): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, rightToLeft: lang === 'fa' }] });
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r.map(cellValue));
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    const format = NUMBER_FORMATS[c.kind];
    if (format) col.numFmt = format;
    const widest = Math.max(header[i].length, ...rows.map((r) => shownLength(r[i], c.kind)));
    col.width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2));
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

export async function renderXlsx(doc: ExportDoc, model: Model, lang: Lang): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'portal-audit';
  wb.title = `portal-audit run ${doc.run.id}`;
  const tables = councilTables(doc, model);
  for (const table of COUNCIL_TABLES) {
    const { columns, rows } = tableData(doc, model, table, tables);
    addSheet(wb, tableLabel(lang, `sheet.${table}`)!, columns.map((c) => label(c, model, lang)), columns, rows, lang);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
