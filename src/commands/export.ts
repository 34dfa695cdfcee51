import { writeFileSync, renameSync } from 'node:fs';
import { MODEL } from '../../rules/catalog.ts';
import { em, UserError } from '../errors.ts';
import { SIGNING_KEY_ENV, signingKeyFrom } from '../evidence/signing.ts';
import { td } from '../i18n/declarations.ts';
import type { Lang } from '../i18n/messages.ts';
import { CSV_TABLES, renderCsv, type CsvTable } from '../report/csv.ts';
import { renderHtml } from '../report/html.ts';
import { renderPdf } from '../report/pdf.ts';
import { renderXlsx } from '../report/xlsx.ts';
import { startLocalBrowser } from '../audit/run-audit.ts';
import { buildBundle } from '../report/bundle.ts';
import { buildComparison } from '../report/compare.ts';
import { buildExport, type ExportDoc } from '../report/json.ts';
import { openStoreReadOnly } from '../store/db.ts';
import { type Command, dbPath, parse } from './common.ts';

const FORMATS = ['json', 'csv', 'html', 'pdf', 'xlsx', 'bundle'] as const;
type Format = (typeof FORMATS)[number];
/** Binary formats are written to a file, never to a terminal. */
const FILE_ONLY: readonly Format[] = ['pdf', 'xlsx'];
const LOCALISED: readonly Format[] = ['html', 'pdf', 'xlsx'];
const LANGS: readonly Lang[] = ['fa', 'en'];

interface RenderOptions { format: Format; table: CsvTable; lang: Lang }

function options(values: { format?: string; table?: string; lang?: string; agency?: string; out?: string; compare?: string; 'signing-key'?: string }, lang: Lang): RenderOptions {
  const format = (values.format ?? 'json') as Format;
  if (!FORMATS.includes(format)) throw new UserError(em('export.format', { format, formats: FORMATS.join(', ') }));
  if (format === 'bundle' && (!values.agency || !values.out)) throw new UserError(em('export.bundle'));
  if (values.agency !== undefined && format !== 'bundle') throw new UserError(em('export.agencyBundle'));
  if (values['signing-key'] !== undefined && format !== 'bundle') throw new UserError(em('export.signingKey'));
  if (values.compare !== undefined && format !== 'json') throw new UserError(em('export.compareJson'));
  if (values.table !== undefined && format !== 'csv') throw new UserError(td(lang, 'export.tableCsv'));
  if (FILE_ONLY.includes(format) && !values.out) throw new UserError(em('export.out', { format }));
  if (values.lang !== undefined && !LOCALISED.includes(format)) throw new UserError(td(lang, 'export.langHtml'));
  const table = (values.table ?? 'ranking') as CsvTable;
  if (!CSV_TABLES.includes(table)) throw new UserError(td(lang, 'export.table', { table, tables: CSV_TABLES.join(', ') }));
  const html = (values.lang ?? 'fa') as Lang;
  if (!LANGS.includes(html)) throw new UserError(td(lang, 'export.lang', { lang: html }));
  return { format, table, lang: html };
}

/** Write whole or not at all. */
function writeAtomically(path: string, data: string | Uint8Array): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

/** The PDF is printed by the Chromium the audit uses; without one, the same one-line error as the audit's. */
async function printPdf(doc: ExportDoc, lang: Lang, env: NodeJS.ProcessEnv): Promise<Uint8Array> {
  const browser = await startLocalBrowser(env);
  try {
    return await renderPdf(doc, MODEL, lang, browser);
  } finally {
    await browser.close().catch(() => {});
  }
}

async function render(doc: ExportDoc, o: RenderOptions, env: NodeJS.ProcessEnv): Promise<string | Uint8Array> {
  if (o.format === 'csv') return renderCsv(doc, MODEL, o.table);
  if (o.format === 'html') return renderHtml(doc, MODEL, o.lang);
  if (o.format === 'pdf') return printPdf(doc, o.lang, env);
  if (o.format === 'xlsx') return renderXlsx(doc, MODEL, o.lang);
  return JSON.stringify(doc, null, 2) + '\n';
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write a run\'s results: JSON (portal-audit/export@1), the council\'s tables as CSV, HTML, PDF or XLSX.',
  usage: `Usage: portal-audit export [options]

Writes the results of one run, with the verdicts of a declarations round
(the latest imported, unless --round names one). JSON follows schema
portal-audit/export@1. CSV writes one of the council's tables. HTML is one
self-contained file (no scripts, no external resources) with the ranking,
the best agency per pillar, the electronic-service buckets, the largest
declared − observed gaps and the national score. PDF is that report printed
by Chromium (A4, Vazirmatn embedded, the run, model and manifest hash on every
page, numbered pages). XLSX is one workbook with a sheet per table (typed
cells, right to left in Persian). Output goes to standard output unless --out
is given; PDF and XLSX need --out.

Options:
  --db FILE           SQLite database (default $PORTAL_AUDIT_DB or data/audit.sqlite)
  --run latest|ID     which run (default latest: the newest completed run)
  --round NAME        declarations round to verify against (default: the latest imported)
  --format FORMAT     json (default), csv, html, pdf or xlsx
  --table NAME        with csv: ${CSV_TABLES.join(', ')} (default ranking)
  --lang fa|en        with html, pdf, xlsx: language (default fa: RTL, Persian digits, Jalali dates)
  --format bundle --agency ID --out FILE.zip
                      a dispute bundle: the agency's screenshots, pages and headers, a manifest
                      with every hash, and SHA256SUMS (check with: sha256sum -c SHA256SUMS)
  --signing-key FILE  with bundle: sign SHA256SUMS (SHA256SUMS.sig) with the operator's key
                      (default $PORTAL_AUDIT_SIGNING_KEY); check with verify --bundle
  --compare PREV      JSON of the indicators that changed per agency since run PREV (a run id,
                      or "previous": the completed run before --run), regressions first
  --out FILE          write to FILE instead of standard output
  -h, --help          show this help`,
  async run(argv, io) {
    const flags = { db: { type: 'string' }, run: { type: 'string' }, round: { type: 'string' }, format: { type: 'string' },
      table: { type: 'string' }, lang: { type: 'string' }, out: { type: 'string' }, agency: { type: 'string' }, compare: { type: 'string' },
      'signing-key': { type: 'string' } } as const;
    const { values } = parse(argv, flags, 'export');
    if (values.help) {
      io.out(this.usage + '\n');
      return 0;
    }
    const o = options(values, io.lang);
    const db = openStoreReadOnly(dbPath(values.db, io.env));
    try {
      const run = values.run ?? 'latest';
      if (values.compare !== undefined) {
        const text = JSON.stringify(buildComparison(db, run, values.compare), null, 2) + '\n';
        if (values.out) writeAtomically(values.out, text);
        else io.out(text);
        return 0;
      }
      const doc = buildExport(db, run, { model: MODEL, round: values.round, lang: io.lang });
      if (o.format === 'bundle') {
        const key = signingKeyFrom(values['signing-key'], io.env);
        writeAtomically(values.out!, buildBundle(db, doc, values.agency!, key));
        if (!key) io.err(`note: ${values.out} is not signed (no --signing-key, no $${SIGNING_KEY_ENV}): a rewritten copy with a fresh SHA256SUMS could not be told from it.\n`);
        return 0;
      }
      const output = await render(doc, o, io.env);
      if (values.out) writeAtomically(values.out, output);
      else io.out(output as string);
    } finally {
      db.close();
    }
    return 0;
  },
};
