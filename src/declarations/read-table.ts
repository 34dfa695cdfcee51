// Picks the reader by the file's extension, or by its first bytes when the
// extension says nothing (a zip is XLSX, a bracket is JSON, else CSV).
import { extname } from 'node:path';
import { readCsv } from './read-csv.ts';
import { readJson } from './read-json.ts';
import type { RawTable } from './table.ts';

const UNSUPPORTED = new Set(['xls', 'ods', 'numbers', 'xlsb']);

function sniff(bytes: Uint8Array): 'csv' | 'xlsx' | 'json' {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'xlsx';
  const first = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart()[0];
  return first === '[' || first === '{' ? 'json' : 'csv';
}

export async function readTable(file: string, bytes: Uint8Array): Promise<RawTable> {
  const ext = extname(file).slice(1).toLowerCase();
  if (UNSUPPORTED.has(ext)) return { format: 'csv', encoding: '', rows: [], issues: [{ row: null, column: null, key: 'file.format', params: { ext } }] };
  const format = ext === 'csv' || ext === 'txt' ? 'csv' : ext === 'xlsx' ? 'xlsx' : ext === 'json' ? 'json' : sniff(bytes);
  // exceljs is large: load it only for a workbook, so every other command starts faster.
  if (format === 'xlsx') return (await import('./read-xlsx.ts')).readXlsx(bytes);
  if (format === 'json') return readJson(bytes);
  return readCsv(bytes);
}
