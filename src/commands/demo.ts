import { freePort } from '../../crawlers/ports.ts';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL } from '../../rules/catalog.ts';
import type { AuditOptions } from '../audit/run-audit.ts';
import { importDeclarations } from '../declarations/import.ts';
import { td } from '../i18n/declarations.ts';
import { signingKeyFrom, type SigningKey } from '../evidence/signing.ts';
import { closePortals, serveSamplePortals, type ServedPortal } from '../demo/sample-portals.ts';
import { t } from '../i18n/messages.ts';
import type { Agency } from '../registry/registry.ts';
import { buildComparison } from '../report/compare.ts';
import { tu } from '../i18n/ui.ts';
import { openStore, openStoreReadOnly } from '../store/db.ts';
import { findUser, insertUser, setPassword } from '../store/users.ts';
import { generatePassword, hashPassword } from '../ui/auth/password.ts';
import { startUi } from '../ui/server.ts';
import { auditOptions, AUDIT_FLAGS, executeAudit } from './audit.ts';
import { type Command, type Io, parse } from './common.ts';
import { formatIssue } from './declarations.ts';
import { DEFAULT_PORT, servePort, untilSignal } from './serve.ts';

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

/** Where the second night breaks a page, so the history shows a regression. */
export const SECOND_NIGHT_BREAK = { portal: 'tazirat', path: '/tracking', status: 500 };

/** The next night: one page of one portal is down; audit again and print what changed. */
async function secondNight(portals: ServedPortal[], agencies: Agency[], db: string, options: AuditOptions, io: Io, signingKey: SigningKey | null): Promise<void> {
  portals.find((p) => p.config.id === SECOND_NIGHT_BREAK.portal)?.breakPath(SECOND_NIGHT_BREAK.path, SECOND_NIGHT_BREAK.status);
  const asOf = new Date(Date.parse(`${options.asOf}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  io.err(t(io.lang, 'demo.secondNight', { asOf, portal: SECOND_NIGHT_BREAK.portal, path: SECOND_NIGHT_BREAK.path, status: SECOND_NIGHT_BREAK.status }) + '\n');
  await executeAudit(agencies, db, { ...options, asOf }, io, { signingKey });
  const store = openStoreReadOnly(db);
  try {
    const changes = buildComparison(store, 'latest', 'previous');
    io.out(t(io.lang, 'demo.changes', { from: changes.from.id, to: changes.to.id }) + '\n');
    for (const a of changes.agencies) {
      const list = a.changes.map((c) => `${c.direction} ${c.id}`).join(', ');
      io.out(`  ${a.id}: ${a.scoreBefore ?? '—'} → ${a.scoreAfter ?? '—'} (${list || t(io.lang, 'demo.scoreOnly')})\n`);
    }
    io.out(t(io.lang, 'demo.compare', { command: `npm run cli -- export --db ${db} --compare previous` }) + '\n');
  } finally {
    store.close();
  }
}

/** The demo's evaluator account; its password is new every time the demo serves. */
export const DEMO_USER = 'demo';

/** Serve the review UI over the demo database until Ctrl-C, with an evaluator account whose password is printed. */
async function serveDemo(db: string, port: number, io: Io): Promise<void> {
  const store = openStore(db);
  try {
    const password = generatePassword();
    const hash = await hashPassword(password);
    if (findUser(store, DEMO_USER)) setPassword(store, DEMO_USER, hash);
    else insertUser(store, DEMO_USER, 'evaluator', hash);
    const ui = await startUi({ db: store, host: '127.0.0.1', port });
    io.out(tu(io.lang, 'demo.ui', { url: ui.url }) + '\n');
    io.out(tu(io.lang, 'demo.account', { user: DEMO_USER, password }) + '\n');
    await untilSignal();
    await ui.close();
  } finally {
    store.close();
  }
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Serve the bundled sample portals on loopback and audit them.',
  usage: `Usage: portal-audit demo [options]

Serves the bundled sample portals (test/fixtures/portals/) on loopback, adds
one unreachable portal to show how a failing portal is reported, audits them
all, prints the ranked summary and where the database is, then imports the
sample self-declarations (data/declarations.example.csv) and prints how to
write the council's tables as HTML. Then a second night: one page of one
portal breaks, the audit runs again, and the changes are printed, regressions
first. Lighthouse is off unless --lighthouse is given (it adds about a minute
a night); accessibility and performance are then not assessed.

Last, it serves the review UI on 127.0.0.1 (as \`serve\` does) with an
evaluator account "${DEMO_USER}" whose new password it prints, until Ctrl-C.
--no-serve ends the demo after the second night instead.

Options:
  --db FILE            SQLite database (default ${DEMO_DB})
  --as-of YYYY-MM-DD   first night's audit date (default ${SAMPLE_AS_OF}, the date the samples were written for)
  --lighthouse         run Lighthouse on each portal's home page
  --no-serve           do not serve the review UI at the end
  --port N             port of the review UI (default ${DEFAULT_PORT}; 0 picks a free one)
  --max-pages N, --concurrency N, --host-delay-ms N (default 0), --timeout-ms N, --max-probes N, --signing-key FILE: as for audit
                       (external probes are always off: the demo contacts only loopback)
  -h, --help           show this help`,
  async run(argv, io) {
    const { values } = parse(argv, { ...AUDIT_FLAGS, lighthouse: { type: 'boolean' }, 'no-serve': { type: 'boolean' }, port: { type: 'string' } }, 'demo');
    if (values.help) {
      io.out(this.usage + '\n');
      return 0;
    }
    // The demo runs on loopback only: links into real national systems are recorded, never asked.
    const options = auditOptions({ ...values, 'no-lighthouse': !values.lighthouse, 'no-external-probes': true }, { asOf: () => SAMPLE_AS_OF, hostDelayMs: 0 });
    // With --lighthouse, home pages only: the demo shows it without minutes of waiting.
    options.lighthouse.maxServicePages = 0;
    const port = servePort(values.port);
    const signingKey = signingKeyFrom(values['signing-key'], io.env);
    const db = values.db ?? DEMO_DB;
    const portals = await serveSamplePortals();
    try {
      io.err(t(io.lang, 'demo.serving', { count: portals.length }) + '\n');
      io.err(t(io.lang, 'demo.note', { asOf: options.asOf }) + '\n');
      const agencies = [...portalAgencies(portals), await offlineAgency()];
      await executeAudit(agencies, db, options, io, { signingKey });
      const imported = await importExampleDeclarations(agencies, db, io);
      await secondNight(portals, agencies, db, options, io, signingKey);
      io.out(t(io.lang, 'summary.export', { command: `npm run cli -- export --db ${db}` }) + '\n');
      if (!imported) return 2;
      io.out(td(io.lang, 'demo.report', { command: `npm run cli -- export --db ${db} --format html --out ${DEMO_REPORT}` }) + '\n');
    } finally {
      await closePortals(portals);
    }
    if (!values['no-serve']) await serveDemo(db, port, io);
    return 0;
  },
};
