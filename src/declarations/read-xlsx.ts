// XLSX declarations through exceljs. One sheet only, and no formulas: a
// declaration is a value someone typed and signed off, not a computation
// whose cached result may be stale.
import ExcelJS from 'exceljs';
import { headerIssues, rowsFromGrid, type ImportIssue, type RawTable } from './table.ts';

type Cell = ExcelJS.Cell;

/** 0.8 in a cell formatted as a percentage is what the user sees as 80%. */
function numberText(cell: Cell, n: number): string {
  const pct = typeof cell.numFmt === 'string' && cell.numFmt.includes('%');
  return pct ? `${Math.round(n * 100 * 1e6) / 1e6}%` : String(n);
}

function cellText(cell: Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return numberText(cell, v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('hyperlink' in v) return typeof v.text === 'string' ? v.text : v.hyperlink;
  if ('error' in v) return String(v.error);
  return cell.text;
}

function isFormula(cell: Cell): boolean {
  return cell.type === ExcelJS.ValueType.Formula || cell.formula !== undefined;
}

export async function readXlsx(bytes: Uint8Array): Promise<RawTable> {
  const table: RawTable = { format: 'xlsx', encoding: 'xlsx', rows: [], issues: [] };
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch (err) {
    table.issues.push({ row: null, column: null, key: 'xlsx.invalid', params: { detail: (err as Error).message.split('\n')[0] } });
    return table;
  }
  const sheets = workbook.worksheets;
  if (sheets.length !== 1) {
    table.issues.push(sheets.length === 0
      ? { row: null, column: null, key: 'file.empty' }
      : { row: null, column: null, key: 'xlsx.sheets', params: { count: sheets.length, names: sheets.map((s) => s.name).join(', ') } });
    return table;
  }
  const grid: Array<{ row: number; cells: string[] }> = [];
  const formulas: Array<{ row: number; index: number; address: string; formula: string }> = [];
  sheets[0].eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      if (isFormula(cell)) formulas.push({ row: rowNumber, index: col - 1, address: cell.address, formula: `=${cell.formula ?? ''}` });
      cells[col - 1] = cellText(cell);
    });
    grid.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? '') });
  });
  const [head, ...body] = grid;
  if (!head) {
    table.issues.push({ row: null, column: null, key: 'file.empty' });
    return table;
  }
  table.issues.push(...headerIssues(head.cells, head.row));
  const formulaIssues: ImportIssue[] = formulas.map((f) => ({
    row: f.row, column: (f.row !== head.row && head.cells[f.index]?.trim()) || f.address, key: 'xlsx.formula', params: { formula: f.formula },
  }));
  table.issues.push(...formulaIssues);
  const { rows, issues } = rowsFromGrid(head.cells, body);
  table.rows = rows;
  table.issues.push(...issues);
  if (rows.length === 0) table.issues.push({ row: null, column: null, key: 'file.empty' });
  return table;
}
