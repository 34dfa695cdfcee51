// A declarations file as read, before validation: rows of named cells with
// the row number a person sees (the spreadsheet row, or the CSV line), and
// the problems found while reading. Every reader (CSV, XLSX, JSON) ends here.
import type { DeclMessageKey } from '../i18n/declarations.ts';

export const REQUIRED_COLUMNS = ['agency_id', 'indicator_id', 'declared'] as const;
export const OPTIONAL_COLUMNS = ['service_url', 'note'] as const;
export const COLUMNS: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

export type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

export interface ImportIssue {
  /** The row a person sees (header = 1 in CSV and XLSX; element number in JSON); null for the whole file. */
  row: number | null;
  /** A column name, a cell reference, or null. */
  column: string | null;
  key: DeclMessageKey;
  params?: Record<string, unknown>;
}

export interface RawRow {
  row: number;
  cells: Partial<Record<Column, string>>;
}

export interface RawTable {
  format: 'csv' | 'xlsx' | 'json';
  encoding: string;
  rows: RawRow[];
  issues: ImportIssue[];
}

export function canonicalColumn(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toLowerCase();
}

/** Header problems: missing, unknown or repeated columns. */
export function headerIssues(header: string[], row: number): ImportIssue[] {
  const issues: ImportIssue[] = [];
  const seen = new Set<string>();
  for (const name of header.map(canonicalColumn)) {
    if (name === '') continue;
    if (!COLUMNS.includes(name)) issues.push({ row, column: name, key: 'column.unknown', params: { column: name } });
    else if (seen.has(name)) issues.push({ row, column: name, key: 'column.repeated', params: { column: name } });
    seen.add(name);
  }
  for (const column of REQUIRED_COLUMNS) {
    if (!seen.has(column)) issues.push({ row, column, key: 'column.missing', params: { column } });
  }
  return issues;
}

/**
 * Rows of a grid (CSV records, sheet rows) keyed by the header's columns.
 * Blank rows are skipped; cells beyond the header are an error.
 */
export function rowsFromGrid(header: string[], grid: Array<{ row: number; cells: string[] }>): { rows: RawRow[]; issues: ImportIssue[] } {
  const names = header.map(canonicalColumn);
  const rows: RawRow[] = [];
  const issues: ImportIssue[] = [];
  for (const { row, cells } of grid) {
    if (cells.every((c) => c.trim() === '')) continue;
    const lastFilled = cells.findLastIndex((c) => c.trim() !== '');
    if (lastFilled >= names.length) issues.push({ row, column: null, key: 'row.extra', params: { count: lastFilled + 1, expected: names.length } });
    const out: RawRow['cells'] = {};
    names.forEach((name, i) => {
      if (COLUMNS.includes(name)) out[name as Column] = cells[i] ?? '';
    });
    rows.push({ row, cells: out });
  }
  return { rows, issues };
}
