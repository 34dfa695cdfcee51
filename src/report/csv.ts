// The council's tables as CSV, one table per file (`export --format csv
// --table NAME`). UTF-8 with a BOM so that Excel shows Persian names; column
// names are stable English ids for scripts.
import type { Model } from '../../rules/catalog.ts';
import type { ExportDoc } from './json.ts';
import { COUNCIL_TABLES, defuseFormula, tableData, type Cell, type CouncilTable } from './table-data.ts';

export const CSV_TABLES = COUNCIL_TABLES;
export type CsvTable = CouncilTable;

/** Quote when needed; formula-like text is defused (defuseFormula). */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = defuseFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderCsv(doc: ExportDoc, model: Model, table: CsvTable): string {
  const { columns, rows } = tableData(doc, model, table);
  return '\uFEFF' + [columns.map((c) => c.id), ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
