// JSON declarations: an array of objects with the CSV's column names as keys
// (CONTRACT.md). A row number is the object's place in the array, from 1.
import { decodeText } from './read-csv.ts';
import { canonicalColumn, COLUMNS, REQUIRED_COLUMNS, type Column, type ImportIssue, type RawRow, type RawTable } from './table.ts';

function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function readObject(obj: Record<string, unknown>, row: number, issues: ImportIssue[]): RawRow {
  const cells: RawRow['cells'] = {};
  for (const [key, value] of Object.entries(obj)) {
    const name = canonicalColumn(key);
    if (!COLUMNS.includes(name)) {
      issues.push({ row, column: key, key: 'column.unknown', params: { column: key } });
      continue;
    }
    const text = cellText(value);
    if (text === null) issues.push({ row, column: name, key: 'json.cell', params: { type: Array.isArray(value) ? 'an array' : 'an object' } });
    else cells[name as Column] = text;
  }
  // An absent key reads as an empty cell, so validation says which one to fill in.
  for (const column of REQUIRED_COLUMNS) cells[column] ??= '';
  return { row, cells };
}

export function readJson(bytes: Uint8Array): RawTable {
  const table: RawTable = { format: 'json', encoding: 'utf-8', rows: [], issues: [] };
  const { text, encoding } = decodeText(bytes);
  table.encoding = encoding;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    table.issues.push({ row: null, column: null, key: 'json.invalid', params: { detail: (err as Error).message } });
    return table;
  }
  if (!Array.isArray(data)) {
    table.issues.push({ row: null, column: null, key: 'json.shape' });
    return table;
  }
  data.forEach((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) table.issues.push({ row: i + 1, column: null, key: 'json.row' });
    else table.rows.push(readObject(item as Record<string, unknown>, i + 1, table.issues));
  });
  if (data.length === 0) table.issues.push({ row: null, column: null, key: 'file.empty' });
  return table;
}
