import { readFileSync } from 'node:fs';
import { MODEL } from '../../rules/catalog.ts';
import { importDeclarations } from '../declarations/import.ts';
import type { ImportIssue } from '../declarations/table.ts';
import { UserError } from '../errors.ts';
import { td } from '../i18n/declarations.ts';
import type { Lang } from '../i18n/messages.ts';
import { loadRegistry } from '../registry/registry.ts';
import { type Command, type Io, DEFAULT_AGENCIES, dbPath, parse } from './common.ts';

/** `FILE:ROW:COLUMN: reason`; `-` stands for a row or column that does not apply. */
export function formatIssue(file: string, issue: ImportIssue, lang: Lang): string {
  return `${file}:${issue.row ?? '-'}:${issue.column ?? '-'}: ${td(lang, issue.key, issue.params)}`;
}

function readBytes(file: string, lang: Lang): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new UserError(`${file}: ${td(lang, 'file.unreadable', { detail: (err as NodeJS.ErrnoException).code ?? (err as Error).message })}`);
  }
}

async function importCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, { db: { type: 'string' }, round: { type: 'string' }, agencies: { type: 'string' } }, 'declarations import', true);
  if (values.help) {
    io.out(declarationsCommand.usage + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UserError(td(io.lang, 'cli.oneFile'));
  const [file] = positionals;
  if (values.round !== undefined && values.round.trim() === '') throw new UserError(td(io.lang, 'cli.roundName'));
  const registryFile = values.agencies ?? DEFAULT_AGENCIES;
  const agencies = loadRegistry(registryFile);
  const bytes = readBytes(file, io.lang);
  const db = dbPath(values.db, io.env);
  const outcome = await importDeclarations({ file, db, round: values.round?.trim(), agencies, registryFile, model: MODEL }, bytes);
  if (!outcome.ok) {
    for (const issue of outcome.issues) io.err(formatIssue(file, issue, io.lang) + '\n');
    io.err(td(io.lang, 'failed', { file, count: outcome.issues.length }) + '\n');
    return 2;
  }
  const { round } = outcome;
  io.out(td(io.lang, 'imported', { rows: round.rowCount, agencies: outcome.agencies, file, format: round.format, encoding: round.encoding, round: round.name }) + '\n');
  if (outcome.replaced) io.out(td(io.lang, 'replaced', { round: round.name, count: outcome.replaced }) + '\n');
  io.out(td(io.lang, 'next', { command: `portal-audit export --db ${db} --round ${round.name} --format html --out report.html` }) + '\n');
  return 0;
}

export const declarationsCommand: Command = {
  name: 'declarations',
  summary: 'Import the agencies\' self-declarations (CSV, XLSX or JSON).',
  usage: `Usage: portal-audit declarations import FILE [options]

Imports self-declarations: one row per agency × indicator (and per service),
columns agency_id, indicator_id, declared, service_url, note. CSV may be
UTF-8 or Windows-1256; XLSX must have one sheet and no formulas; JSON is an
array of objects with the same keys. All or nothing: any problem is printed
as FILE:ROW:COLUMN: reason, and nothing is imported. Re-importing a round
replaces its rows. Verdicts appear in \`export\` (json, csv, html).

Options:
  --db FILE         SQLite database (default $PORTAL_AUDIT_DB or data/audit.sqlite)
  --round NAME      round name (default: the file's name without extension)
  --agencies FILE   agency registry, to check agency ids and service hosts (default ${DEFAULT_AGENCIES})
  -h, --help        show this help`,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
      io.out(this.usage + '\n');
      return sub === undefined ? 2 : 0;
    }
    if (sub !== 'import') throw new UserError(td(io.lang, 'cli.subcommand', { sub }));
    return importCommand(rest, io);
  },
};
