import { writeFileSync, renameSync } from 'node:fs';
import { MODEL } from '../../rules/catalog.ts';
import { UserError } from '../errors.ts';
import type { Lang } from '../i18n/messages.ts';
import { CSV_TABLES, renderCsv, type CsvTable } from '../report/csv.ts';
import { renderHtml } from '../report/html.ts';
import { buildExport, type ExportDoc } from '../report/json.ts';
import { openStoreReadOnly } from '../store/db.ts';
import { type Command, dbPath, parse } from './common.ts';

const FORMATS = ['json', 'csv', 'html'] as const;
type Format = (typeof FORMATS)[number];
const LANGS: readonly Lang[] = ['fa', 'en'];

interface RenderOptions { format: Format; table: CsvTable; lang: Lang }

function options(values: { format?: string; table?: string; lang?: string }): RenderOptions {
  const format = (values.format ?? 'json') as Format;
  if (!FORMATS.includes(format)) throw new UserError(`--format ${format}: not supported; use one of ${FORMATS.join(', ')}.`);
  if (values.table !== undefined && format !== 'csv') throw new UserError('--table applies to --format csv only.');
  if (values.lang !== undefined && format !== 'html') throw new UserError('--lang applies to --format html only.');
  const table = (values.table ?? 'ranking') as CsvTable;
  if (!CSV_TABLES.includes(table)) throw new UserError(`--table ${table}: no such table; use one of ${CSV_TABLES.join(', ')}.`);
  const lang = (values.lang ?? 'fa') as Lang;
  if (!LANGS.includes(lang)) throw new UserError(`--lang ${lang}: use fa or en.`);
  return { format, table, lang };
}

function render(doc: ExportDoc, o: RenderOptions): string {
  if (o.format === 'csv') return renderCsv(doc, MODEL, o.table);
  if (o.format === 'html') return renderHtml(doc, MODEL, o.lang);
  return JSON.stringify(doc, null, 2) + '\n';
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write a run\'s results: JSON (portal-audit/export@1), the council\'s tables as CSV or HTML.',
  usage: `Usage: portal-audit export [options]

Writes the results of one run, with the verdicts of a declarations round
(the latest imported, unless --round names one). JSON follows schema
portal-audit/export@1. CSV writes one of the council's tables. HTML is one
self-contained file (no scripts, no external resources) with the ranking,
the best agency per pillar, the electronic-service buckets, the largest
declared − observed gaps and the national score. Output goes to standard
output unless --out is given.

Options:
  --db FILE           SQLite database (default $PORTAL_AUDIT_DB or data/audit.sqlite)
  --run latest|ID     which run (default latest: the newest completed run)
  --round NAME        declarations round to verify against (default: the latest imported)
  --format FORMAT     json (default), csv or html
  --table NAME        with csv: ${CSV_TABLES.join(', ')} (default ranking)
  --lang fa|en        with html: language (default fa: RTL, Persian digits, Jalali dates)
  --out FILE          write to FILE instead of standard output
  -h, --help          show this help`,
  async run(argv, io) {
    const flags = { db: { type: 'string' }, run: { type: 'string' }, round: { type: 'string' }, format: { type: 'string' },
      table: { type: 'string' }, lang: { type: 'string' }, out: { type: 'string' } } as const;
    const { values } = parse(argv, flags, 'export');
    if (values.help) {
      io.out(this.usage + '\n');
      return 0;
    }
    const o = options(values);
    const db = openStoreReadOnly(dbPath(values.db, io.env));
    try {
      const text = render(buildExport(db, values.run ?? 'latest', { model: MODEL, round: values.round }), o);
      if (values.out) {
        // Write whole or not at all.
        writeFileSync(`${values.out}.tmp`, text);
        renameSync(`${values.out}.tmp`, values.out);
      } else {
        io.out(text);
      }
    } finally {
      db.close();
    }
    return 0;
  },
};
