// A thread stopped at its deadline gives back the run-wide slots it held: an
// agency whose home page never answers holds its host's only politeness slot
// when its limit comes; the next agency on that host must then get the slot
// (without it, that agency would wait for ever).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit, startBrowser, type AuditReporter } from '../../src/audit/run-audit.ts';
import type { BrowserHost } from '../../src/audit/browser-host.ts';
import { auditOptions } from '../../src/commands/audit.ts';
import { openStore, type Db } from '../../src/store/db.ts';
import { html, PAGE, serve, type TestServer } from '../support/servers.ts';

let server: TestServer;
let host: BrowserHost;
let db: Db;

beforeAll(async () => {
  server = await serve((req, res) => {
    if (req.url === '/robots.txt') return void res.writeHead(404).end();
    if (req.url === '/silent') return; // never answers, holding the host's slot
    html(res, PAGE);
  });
  host = await startBrowser(process.env, false);
  db = openStore(join(mkdtempSync(join(tmpdir(), 'slots-')), 'slots.sqlite'));
});

afterAll(async () => {
  db.close();
  await host.close();
  await server.close();
});

describe('slots held by a stopped thread', () => {
  it('go back to the run, so the next agency on the same host is audited', async () => {
    const base = auditOptions({ 'no-lighthouse': true, 'host-delay-ms': '0', 'timeout-ms': '120000', 'max-retries': '0', 'max-pages': '3', concurrency: '1', 'agency-timeout-ms': '25000' }, { asOf: () => '2025-12-22' });
    const options = { ...base, crawl: { ...base.crawl, perHostConcurrency: 1 } };
    const name = { fa: 'آزمایشی', en: 'Test' };
    const agencies = [
      { id: 'silent', name, homepage: `${server.origin}/silent`, hosts: [] },
      { id: 'next', name, homepage: `${server.origin}/`, hosts: [] },
    ];
    const warnings: string[] = [];
    const reporter: AuditReporter = { runStarted() {}, agencyStarted() {}, agencyFinished() {}, warn: (m) => warnings.push(m) };
    const t0 = Date.now();
    const summary = await runAudit(db, agencies, options, reporter, host);
    expect(Date.now() - t0).toBeLessThan(90_000);
    const byId = Object.fromEntries(summary.results.map((r) => [r.agency.id, r]));
    expect(byId.silent.error).toBe('audit of this portal stopped: it was not done within the agency time limit (25000 ms, --agency-timeout-ms); its browser was closed');
    expect(byId.next.error, 'the next agency on the host').toBeNull();
    expect(byId.next.pagesFetched).toBeGreaterThan(0);
    expect(warnings.join('\n')).toMatch(/silent: not done within the agency time limit/);
  }, 120_000);
});
