// `declarations import`: read, validate everything, and only then open the
// store and replace the round in one transaction. A file with any problem
// writes nothing, not even a migration.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Model } from '../../rules/catalog.ts';
import type { Agency } from '../registry/registry.ts';
import { openStore } from '../store/db.ts';
import { replaceRound, type Round } from '../store/declarations.ts';
import { readTable } from './read-table.ts';
import type { ImportIssue } from './table.ts';
import { validateRows, type Declaration } from './validate.ts';

export interface ImportRequest {
  file: string;
  db: string;
  /** Round name; default: the file's base name without its extension. */
  round?: string;
  agencies: readonly Agency[];
  registryFile: string;
  model: Model;
}

export type ImportOutcome =
  | { ok: true; round: Round; replaced: number; agencies: number }
  | { ok: false; issues: ImportIssue[] };

export function defaultRoundName(file: string): string {
  return basename(file, extname(file)) || 'default';
}

/** Issues in reading order: file-wide first, then by row. */
function sortIssues(issues: ImportIssue[]): ImportIssue[] {
  return issues.map((issue, i) => ({ issue, i })).sort((a, b) => (a.issue.row ?? 0) - (b.issue.row ?? 0) || a.i - b.i).map((x) => x.issue);
}

export async function checkFile(file: string, bytes: Uint8Array, ctx: Pick<ImportRequest, 'agencies' | 'registryFile' | 'model'>) {
  const table = await readTable(file, bytes);
  // A missing column would make every row repeat the same complaint.
  const headerBroken = table.issues.some((i) => i.key === 'column.missing' || i.key === 'csv.delimiter' || i.key === 'xlsx.sheets');
  const checked = headerBroken ? { declarations: [] as Declaration[], issues: [] } : validateRows(table.rows, ctx);
  return { table, declarations: checked.declarations, issues: sortIssues([...table.issues, ...checked.issues]) };
}

export async function importDeclarations(req: ImportRequest, bytes: Uint8Array = readFileSync(req.file)): Promise<ImportOutcome> {
  const { table, declarations, issues } = await checkFile(req.file, bytes, req);
  if (issues.length) return { ok: false, issues };
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const store = openStore(req.db);
  try {
    const source = { name: req.round ?? defaultRoundName(req.file), file: req.file, sha256, format: table.format, encoding: table.encoding };
    const { round, replaced } = replaceRound(store, source, declarations);
    return { ok: true, round, replaced, agencies: new Set(declarations.map((d) => d.agencyId)).size };
  } finally {
    store.close();
  }
}
