import { freePort } from '../../crawlers/ports.ts';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL } from '../../rules/catalog.ts';
import { importDeclarations } from '../declarations/import.ts';
import { td } from '../i18n/declarations.ts';
import { closePortals, serveSamplePortals, type ServedPortal } from '../demo/sample-portals.ts';
import { t } from '../i18n/messages.ts';
import type { Agency } from '../registry/registry.ts';
import { auditOptions, AUDIT_FLAGS, executeAudit } from './audit.ts';
import { type Command, type Io, parse } from './common.ts';
import { formatIssue } from './declarations.ts';

/** The date the sample portals' dates were written against. */
export const SAMPLE_AS_OF = '2025-12-22';
export const DEMO_DB = 'data/demo.sqlite';
export const DEMO_REPORT = 'data/demo-report.html';
/** Sample self-declarations for the sample portals, with deliberate over- and under-claims. */
export const EXAMPLE_DECLARATIONS = fileURLToPath(new URL('../../data/declarations.example.csv', import.meta.url));

/** The sample declarations, checked against the registry the demo built (whose ports change every time). */
async function importExampleDeclarations(agencies: Agency[], db: string, io: Io): Promise<boolean> {
  const file = relative(io.cwd, EXAMPLE_DECLARATIONS) || EXAMPLE_DECLARATIONS;
  const outcome = await importDeclarations({ file, db, agencies, registryFile: 'the demo registry', model: MODEL }, readFileSync(EXAMPLE_DECLARATIONS));
  if (!outcome.ok) {
    for (const issue of outcome.issues) io.err(formatIssue(file, issue, io.lang) + '\n');
    return false;
  }
  const r = outcome.round;
  io.out(td(io.lang, 'imported', { rows: r.rowCount, agencies: outcome.agencies, file, format: r.format, encoding: r.encoding, round: r.name }) + '\n');
  return true;
}

/** A loopback port with nothing listening: the demo's unreachable portal. */
export const closedPort = freePort;

export function portalAgencies(portals: ServedPortal[]): Agency[] {
  return portals.map((p) => ({ id: p.config.id, name: p.config.name, homepage: `${p.origin}/`, hosts: [] }));
}

export async function offlineAgency(): Promise<Agency> {
  return {
    id: 'offline-agency', name: { fa: 'دستگاه نمونهٔ خارج از دسترس', en: 'Offline sample agency' },
    homepage: `http://127.0.0.1:${await closedPort()}/`, hosts: [],
  };
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Serve the bundled sample portals on loopback and audit them.',
  usage: `Usage: portal-audit demo [options]

Serves the bundled sample portals (test/fixtures/portals/) on loopback, adds
one unreachable portal to show how a failing portal is reported, audits them
all, prints the ranked summary and where the database is, then imports the
sample self-declarations (data/declarations.example.csv) and prints how to
write the council's tables as HTML.

Options:
  --db FILE            SQLite database (default ${DEMO_DB})
  --as-of YYYY-MM-DD   audit date (default ${SAMPLE_AS_OF}, the date the samples were written for)
  --max-pages N, --concurrency N, --host-delay-ms N (default 0), --timeout-ms N: as for audit
  -h, --help           show this help`,
  async run(argv, io) {
    const { values } = parse(argv, AUDIT_FLAGS, 'demo');
    if (values.help) {
      io.out(this.usage + '\n');
      return 0;
    }
    const options = auditOptions(values, { asOf: () => SAMPLE_AS_OF, hostDelayMs: 0 });
    // Lighthouse on the home pages only: the demo shows it without minutes of waiting.
    options.lighthouse.maxServicePages = 0;
    const portals = await serveSamplePortals();
    try {
      io.err(t(io.lang, 'demo.serving', { count: portals.length }) + '\n');
      io.err(t(io.lang, 'demo.note', { asOf: options.asOf }) + '\n');
      const agencies = [...portalAgencies(portals), await offlineAgency()];
      const db = values.db ?? DEMO_DB;
      await executeAudit(agencies, db, options, io);
      const imported = await importExampleDeclarations(agencies, db, io);
      io.out(t(io.lang, 'summary.export', { command: `npm run cli -- export --db ${db}` }) + '\n');
      if (!imported) return 2;
      io.out(td(io.lang, 'demo.report', { command: `npm run cli -- export --db ${db} --format html --out ${DEMO_REPORT}` }) + '\n');
    } finally {
      await closePortals(portals);
    }
    return 0;
  },
};
