import { resolve } from 'node:path';
import { DEFAULT_CRAWL_OPTIONS } from '../../crawlers/portal.ts';
import { runAudit, startBrowser, type AuditOptions, type AuditSummary } from '../audit/run-audit.ts';
import { DEFAULT_RULE_CONFIG } from '../engine/run-rules.ts';
import { t } from '../i18n/messages.ts';
import { loadRegistry, selectAgencies, type Agency } from '../registry/registry.ts';
import { openStore } from '../store/db.ts';
import { type Command, type Io, DEFAULT_AGENCIES, dbPath, isoDate, nonNegativeInt, parse, positiveInt, reporter, summaryTable, todayIso } from './common.ts';

export const AUDIT_FLAGS = {
  db: { type: 'string' },
  'as-of': { type: 'string' },
  'max-pages': { type: 'string' },
  concurrency: { type: 'string' },
  'host-delay-ms': { type: 'string' },
  'timeout-ms': { type: 'string' },
  // Accepted for scripts written against CONTRACT.md; Lighthouse is not wired in yet, so nothing runs either way.
  'no-lighthouse': { type: 'boolean' },
} as const;

type AuditValues = { [K in keyof typeof AUDIT_FLAGS]?: (typeof AUDIT_FLAGS)[K]['type'] extends 'boolean' ? boolean : string };

export function auditOptions(values: AuditValues, defaults: { asOf: () => string; hostDelayMs?: number }): AuditOptions {
  const navigationTimeoutMs = positiveInt(values['timeout-ms'], '--timeout-ms', DEFAULT_CRAWL_OPTIONS.navigationTimeoutMs);
  return {
    asOf: isoDate(values['as-of'], '--as-of', defaults.asOf),
    concurrency: positiveInt(values.concurrency, '--concurrency', 2),
    crawl: {
      ...DEFAULT_CRAWL_OPTIONS,
      navigationTimeoutMs,
      maxPagesPerPortal: positiveInt(values['max-pages'], '--max-pages', DEFAULT_CRAWL_OPTIONS.maxPagesPerPortal),
      sameHostDelayMs: nonNegativeInt(values['host-delay-ms'], '--host-delay-ms', defaults.hostDelayMs ?? DEFAULT_CRAWL_OPTIONS.sameHostDelayMs),
    },
    capture: { navigationTimeoutMs, settleMs: DEFAULT_CRAWL_OPTIONS.settleMs, maxCitationsPerFinding: 3 },
    rules: DEFAULT_RULE_CONFIG,
  };
}

/** Validate everything, then open the store, then run: bad input writes nothing. */
export async function executeAudit(agencies: Agency[], db: string, options: AuditOptions, io: Io): Promise<AuditSummary> {
  const browser = await startBrowser(io.env);
  try {
    const store = openStore(db);
    try {
      const summary = await runAudit(store, agencies, options, reporter(io), browser);
      io.out(summaryTable(summary, options.asOf, io));
      io.out(t(io.lang, 'summary.database', { path: resolve(io.cwd, db) }) + '\n');
      return summary;
    } finally {
      store.close();
    }
  } finally {
    await browser.close().catch(() => {});
  }
}

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Crawl the registry\'s portals, judge the indicators, keep the evidence, score.',
  usage: `Usage: portal-audit audit [options]

Crawls every agency portal in the registry, judges the indicators, captures
screenshot evidence, stores everything in SQLite and prints a ranked summary.
Exit 0 when the run completed, even if some portals failed (a failed portal
is a finding); non-zero only when the run could not proceed.

Options:
  --agencies FILE      agency registry, JSON or CSV (default ${DEFAULT_AGENCIES})
  --db FILE            SQLite database (default $PORTAL_AUDIT_DB or data/audit.sqlite)
  --agency ID          audit only this agency; repeat for more
  --as-of YYYY-MM-DD   audit date that freshness is measured from (default today)
  --max-pages N        page budget per portal (default ${DEFAULT_CRAWL_OPTIONS.maxPagesPerPortal})
  --concurrency N      agencies audited at once (default 2)
  --host-delay-ms N    pause after each request to one host (default ${DEFAULT_CRAWL_OPTIONS.sameHostDelayMs})
  --timeout-ms N       timeout for one page load (default ${DEFAULT_CRAWL_OPTIONS.navigationTimeoutMs})
  -h, --help           show this help

Environment: PORTAL_AUDIT_DB, PORTAL_AUDIT_CHROMIUM (path to Chromium), PORTAL_AUDIT_LANG (en|fa).`,
  async run(argv, io) {
    const { values } = parse(argv, { ...AUDIT_FLAGS, agencies: { type: 'string' }, agency: { type: 'string', multiple: true } }, 'audit');
    if (values.help) {
      io.out(this.usage + '\n');
      return 0;
    }
    const file = values.agencies ?? DEFAULT_AGENCIES;
    const options = auditOptions(values, { asOf: todayIso });
    const agencies = selectAgencies(loadRegistry(file), values.agency ?? [], file);
    await executeAudit(agencies, dbPath(values.db, io.env), options, io);
    return 0;
  },
};
