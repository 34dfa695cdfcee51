// npm run accuracy: audit the sample portals and compare every labelled
// indicator with what the rules found. "Positive" means the feature is
// there (pass or partial); needs-review labels are counted apart. Prints a
// table per indicator and the totals last. A report, not a test: exit 0.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli.ts';
import { portalAgencies, SAMPLE_AS_OF } from '../src/commands/demo.ts';
import { closePortals, serveSamplePortals } from '../src/demo/sample-portals.ts';
import type { ExportDoc } from '../src/report/json.ts';

interface Tally { tp: number; fp: number; tn: number; fn: number; review: number; exact: number; total: number }

const POSITIVE = new Set(['pass', 'partial']);

function quietIo(sink: string[]) {
  return { out: (s: string) => { sink.push(s); }, err: () => {}, isTty: false, env: process.env, lang: 'en' as const, cwd: process.cwd() };
}

function tally(map: Map<string, Tally>, id: string, expected: string, got: string): void {
  const t = map.get(id) ?? { tp: 0, fp: 0, tn: 0, fn: 0, review: 0, exact: 0, total: 0 };
  t.total++;
  if (expected === got) t.exact++;
  if (expected === 'needs-review' || got === 'needs-review') t.review++;
  else if (POSITIVE.has(expected)) POSITIVE.has(got) ? t.tp++ : t.fn++;
  else POSITIVE.has(got) ? t.fp++ : t.tn++;
  map.set(id, t);
}

const ratio = (n: number, d: number) => (d === 0 ? '—' : (n / d).toFixed(2));

function row(id: string, t: Tally): string {
  const cells = [id, t.tp, t.fp, t.tn, t.fn, t.review, ratio(t.tp, t.tp + t.fp), ratio(t.tp, t.tp + t.fn), `${t.exact}/${t.total}`];
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(24) : String(c).padStart(i >= 6 ? 9 : 5))).join(' ');
}

const portals = await serveSamplePortals();
try {
  const dir = mkdtempSync(join(tmpdir(), 'accuracy-'));
  const registry = join(dir, 'agencies.json');
  const db = join(dir, 'audit.sqlite');
  writeFileSync(registry, JSON.stringify({ agencies: portalAgencies(portals) }));
  process.stderr.write(`auditing ${portals.length} sample portals as of ${SAMPLE_AS_OF} (without Lighthouse)…\n`);
  const ignored: string[] = [];
  const code = await main(['audit', '--no-external-probes', '--agencies', registry, '--db', db, '--as-of', SAMPLE_AS_OF, '--host-delay-ms', '0', '--no-lighthouse'], quietIo(ignored));
  if (code !== 0) throw new Error(`audit exited ${code}`);
  const out: string[] = [];
  await main(['export', '--db', db], quietIo(out));
  const doc = JSON.parse(out.join('')) as ExportDoc;
  const byIndicator = new Map<string, Tally>();
  const mismatches: string[] = [];
  for (const portal of portals) {
    const labels = JSON.parse(readFileSync(join(portal.dir, 'labels.json'), 'utf8')) as Record<string, unknown>;
    const agency = doc.agencies.find((a) => a.id === portal.config.id)!;
    for (const [id, expected] of Object.entries(labels)) {
      if (id.startsWith('_') || typeof expected !== 'string') continue;
      const got = agency.indicators.find((i) => i.id === id)?.outcome ?? '(missing)';
      tally(byIndicator, id, expected, got);
      if (got !== expected) mismatches.push(`${portal.config.id}/${id}: labelled ${expected}, found ${got}`);
    }
  }
  const header = ['indicator', 'TP', 'FP', 'TN', 'FN', 'rev', 'precision', 'recall', 'exact'];
  console.log(header.map((c, i) => (i === 0 ? c.padEnd(24) : c.padStart(i >= 6 ? 9 : 5))).join(' '));
  const totals: Tally = { tp: 0, fp: 0, tn: 0, fn: 0, review: 0, exact: 0, total: 0 };
  for (const [id, t] of [...byIndicator].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(row(id, t));
    for (const k of Object.keys(totals) as Array<keyof Tally>) totals[k] += t[k];
  }
  console.log('-'.repeat(90));
  console.log(row('TOTAL', totals));
  console.log(mismatches.length ? `\nMismatches:\n${mismatches.map((m) => `  ${m}`).join('\n')}` : '\nNo mismatches.');
} finally {
  await closePortals(portals);
}
