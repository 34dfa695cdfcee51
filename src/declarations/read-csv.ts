// CSV declarations: UTF-8 (with or without a BOM) or Windows-1256, the
// encoding Persian Excel often saves in. Bytes that are not valid UTF-8 are
// read as Windows-1256. Every record is kept with its line number, so a
// file that breaks off still reports the rows before the break.
import { parse } from 'csv-parse/sync';
import { headerIssues, rowsFromGrid, type ImportIssue, type RawTable } from './table.ts';

const SUSPECT_DELIMITERS = [';', '\t', '|', '،'];

export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: hasBom ? 'utf-8 (BOM)' : 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1256').decode(bytes), encoding: 'windows-1256' };
  }
}

const newlines = (cells: string[]) => cells.reduce((n, c) => n + (c.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

/** The first non-blank line after `afterLine`: where a record that never ended began. */
function startOfNextRecord(text: string, afterLine: number): number {
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = afterLine; i < lines.length; i++) if (lines[i].trim() !== '') return i + 1;
  return afterLine + 1;
}

interface CsvError extends Error { code?: string; lines?: number; index?: number }

function records(text: string): { grid: Array<{ row: number; cells: string[] }>; error: CsvError | null } {
  const grid: Array<{ row: number; cells: string[] }> = [];
  try {
    parse(text, {
      bom: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'],
      on_record: (cells: string[], ctx) => {
        grid.push({ row: ctx.lines - newlines(cells), cells });
        return null;
      },
    });
    return { grid, error: null };
  } catch (err) {
    return { grid, error: err as CsvError };
  }
}

function parseIssue(text: string, err: CsvError, grid: Array<{ row: number; cells: string[] }>, header: string[]): ImportIssue {
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
    const lastLine = grid.length ? grid[grid.length - 1].row + newlines(grid[grid.length - 1].cells) : 0;
    const column = err.index !== undefined ? (header[err.index]?.trim() || null) : null;
    return { row: startOfNextRecord(text, lastLine), column, key: 'csv.unterminated' };
  }
  return { row: err.lines ?? null, column: null, key: 'csv.invalid', params: { detail: err.message.split('\n')[0] } };
}

export function readCsv(bytes: Uint8Array): RawTable {
  const { text, encoding } = decodeText(bytes);
  const { grid, error } = records(text);
  const table: RawTable = { format: 'csv', encoding, rows: [], issues: [] };
  const [head, ...body] = grid;
  if (!head) {
    table.issues.push(error ? parseIssue(text, error, grid, []) : { row: null, column: null, key: 'file.empty' });
    return table;
  }
  if (head.cells.length === 1) {
    const delimiter = SUSPECT_DELIMITERS.find((d) => head.cells[0].includes(d));
    if (delimiter) {
      table.issues.push({ row: head.row, column: null, key: 'csv.delimiter', params: { delimiter: delimiter === '\t' ? 'TAB' : delimiter } });
      return table;
    }
  }
  table.issues.push(...headerIssues(head.cells, head.row));
  const { rows, issues } = rowsFromGrid(head.cells, body);
  table.rows = rows;
  table.issues.push(...issues);
  if (error) table.issues.push(parseIssue(text, error, grid, head.cells));
  if (rows.length === 0 && !error) table.issues.push({ row: null, column: null, key: 'file.empty' });
  return table;
}
