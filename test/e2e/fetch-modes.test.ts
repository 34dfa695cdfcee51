// HTTP-first fetching must not change what the audit finds: the sample
// portals audited with every page rendered in Chromium (--fetch browser) and
// HTTP-first give the same findings, with the same evidence locations.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalAgencies, SAMPLE_AS_OF } from '../../src/commands/demo.ts';
import { closePortals, serveSamplePortals, type ServedPortal } from '../../src/demo/sample-portals.ts';
import type { ExportDoc } from '../../src/report/json.ts';
import { runCli } from '../support/cli.ts';

let portals: ServedPortal[] = [];
let dir: string;
const docs: Record<'browser' | 'http-first', ExportDoc> = {} as never;
const dbs: Record<'browser' | 'http-first', string> = {} as never;

/** What an evaluator would compare: outcome, score, message, and where the evidence points. */
function findings(doc: ExportDoc): Record<string, unknown> {
  return Object.fromEntries(doc.agencies.flatMap((a) => a.indicators.map((i) => [`${a.id}/${i.id}`, {
    outcome: i.outcome, score: i.score,
    evidence: [...new Set(i.evidence.filter((e) => e.kind === 'screenshot').map((e) => `${new URL(e.url).pathname} ${e.selector ?? ''}`))].sort(),
  }])));
}

beforeAll(async () => {
  portals = await serveSamplePortals();
  dir = mkdtempSync(join(tmpdir(), 'fetch-modes-'));
  const registry = join(dir, 'agencies.json');
  writeFileSync(registry, JSON.stringify({ agencies: portalAgencies(portals) }));
  for (const mode of ['browser', 'http-first'] as const) {
    dbs[mode] = join(dir, `${mode}.sqlite`);
    const audit = await runCli(['audit', '--no-external-probes', '--agencies', registry, '--db', dbs[mode], '--as-of', SAMPLE_AS_OF, '--host-delay-ms', '0', '--no-lighthouse', '--fetch', mode]);
    expect(audit.code, audit.stderr).toBe(0);
    const exported = await runCli(['export', '--db', dbs[mode]]);
    docs[mode] = JSON.parse(exported.stdout) as ExportDoc;
  }
}, 400_000);

afterAll(async () => {
  await closePortals(portals);
});

function fetchedBy(mode: 'browser' | 'http-first'): Array<{ url: string; fetched_by: string; render_reason: string | null }> {
  const store = new Database(dbs[mode], { readonly: true });
  try {
    return store.prepare('SELECT url, fetched_by, render_reason FROM pages ORDER BY url').all() as Array<{ url: string; fetched_by: string; render_reason: string | null }>;
  } finally {
    store.close();
  }
}

describe('HTTP-first and full rendering', () => {
  it('give the same findings on the sample portals, with evidence on the same elements', () => {
    const browser = findings(docs.browser);
    expect(Object.keys(browser).length).toBe(portals.length * 37);
    expect(findings(docs['http-first'])).toEqual(browser);
  });

  it('crawl the same pages', () => {
    expect(fetchedBy('http-first').map((p) => p.url)).toEqual(fetchedBy('browser').map((p) => p.url));
  });

  it('HTTP-first renders only the pages that need scripts, and says why', () => {
    const rendered = fetchedBy('http-first').filter((p) => p.fetched_by === 'browser');
    // miras lists its services with a script and a noscript warning; nothing else needs one.
    expect(rendered.map((p) => [new URL(p.url).pathname, p.render_reason])).toEqual([['/services/', 'noscript-warning']]);
    expect(fetchedBy('browser').every((p) => p.fetched_by === 'browser' && p.render_reason === null)).toBe(true);
  });
});
