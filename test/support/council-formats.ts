// Checks shared by the PDF/XLSX tests: the workbook read back with exceljs,
// cell by cell against the CSV of the same table.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';

export interface SheetBack { name: string; rightToLeft: boolean; frozenRows: number; header: string[]; rows: ExcelJS.CellValue[][]; numFmts: Array<string | undefined>; widths: number[] }

export async function readWorkbook(bytes: Uint8Array): Promise<SheetBack[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return wb.worksheets.map((ws) => {
    const width = ws.columnCount;
    const row = (n: number) => Array.from({ length: width }, (_, c) => ws.getRow(n).getCell(c + 1).value);
    const view = ws.views[0] as { rightToLeft?: boolean; state?: string; ySplit?: number };
    return {
      name: ws.name, rightToLeft: !!view?.rightToLeft, frozenRows: view?.state === 'frozen' ? view.ySplit ?? 0 : 0,
      header: row(1).map(String), rows: Array.from({ length: ws.rowCount - 1 }, (_, i) => row(i + 2)),
      numFmts: Array.from({ length: width }, (_, c) => ws.getRow(2).getCell(c + 1).numFmt),
      widths: Array.from({ length: width }, (_, c) => ws.getColumn(c + 1).width ?? 0),
    };
  });
}

/** A cell as the CSV writes it: numbers in full, booleans as true/false, empty for null. */
export function asCsvText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

export function csvRows(csv: string): string[][] {
  return parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: false }) as string[][];
}
