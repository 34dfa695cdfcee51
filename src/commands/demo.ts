import { createServer } from 'node:net';
import { closePortals, serveSamplePortals, type ServedPortal } from '../demo/sample-portals.ts';
import { t } from '../i18n/messages.ts';
import type { Agency } from '../registry/registry.ts';
import { auditOptions, AUDIT_FLAGS, executeAudit } from './audit.ts';
import { type Command, parse } from './common.ts';

/** The date the sample portals' dates were written against. */
export const SAMPLE_AS_OF = '2025-12-22';
export const DEMO_DB = 'data/demo.sqlite';

/** A loopback port with nothing listening: the demo's unreachable portal. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

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
all, prints the ranked summary and where the database is.

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
    const portals = await serveSamplePortals();
    try {
      io.err(t(io.lang, 'demo.serving', { count: portals.length }) + '\n');
      io.err(t(io.lang, 'demo.note', { asOf: options.asOf }) + '\n');
      const agencies = [...portalAgencies(portals), await offlineAgency()];
      const db = values.db ?? DEMO_DB;
      await executeAudit(agencies, db, options, io);
      io.out(t(io.lang, 'summary.export', { command: `npm run cli -- export --db ${db}` }) + '\n');
    } finally {
      await closePortals(portals);
    }
    return 0;
  },
};
