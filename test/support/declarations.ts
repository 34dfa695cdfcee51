// Builds declarations files for tests: Windows-1256 bytes, XLSX workbooks.
import ExcelJS from 'exceljs';

let table: Map<string, number> | null = null;

/** Persian letters that Windows-1256 lacks, written as Excel writes them: Persian ye as Arabic yeh. */
const BEST_FIT: Record<string, string> = { 'ی': 'ي' };

/** Windows-1256 encoder, the inverse of Node's decoder (Node has no encoder for it). */
export function encodeWindows1256(text: string): Buffer {
  if (!table) {
    const decoder = new TextDecoder('windows-1256');
    table = new Map();
    for (let b = 0; b < 256; b++) table.set(decoder.decode(Uint8Array.of(b)), b);
  }
  return Buffer.from(Array.from(text, (ch) => {
    const b = table!.get(BEST_FIT[ch] ?? ch);
    if (b === undefined) throw new Error(`not in Windows-1256: ${ch} U+${ch.codePointAt(0)!.toString(16)}`);
    return b;
  }));
}

export type SheetCell = string | number | { formula: string; result?: string | number } | { percent: number };

export async function xlsx(sheets: Record<string, SheetCell[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    rows.forEach((row, r) => row.forEach((v, c) => {
      const cell = ws.getCell(r + 1, c + 1);
      if (typeof v === 'object' && 'percent' in v) {
        cell.value = v.percent;
        cell.numFmt = '0%';
      } else {
        cell.value = v as ExcelJS.CellValue;
      }
    }));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
