// npm run accuracy [-- DIR …]: audit each labelled set of sample portals
// (folders in the test/fixtures/portals/ format) and compare every labelled
// indicator with what the rules found. Without arguments it measures the
// default sets: sample, realistic, heldout, unseen and blind … blind15. "Positive" means
// the feature is there (pass or partial); needs-review on either side is
// counted apart. Prints, per set, a table per indicator, the totals
// (precision, recall, exact, Cohen's κ) and the mismatches, then one summary
// line per set. A report, not a test: exit 0 (bad input exits 1). The audit
// runs with --no-external-probes: a script never contacts a real host.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli.ts';
import { portalAgencies, SAMPLE_AS_OF } from '../src/commands/demo.ts';
import { closePortals, listSamplePortals, serveSamplePortals, type ServedPortal } from '../src/demo/sample-portals.ts';
import type { ExportDoc } from '../src/report/json.ts';

interface Tally { tp: number; fp: number; tn: number; fn: number; review: number; exact: number; total: number }
interface SetResult { name: string; dir: string; portals: number; byIndicator: Map<string, Tally>; totals: Tally; mismatches: string[] }

const POSITIVE = new Set(['pass', 'partial']);
const OUTCOMES = new Set(['pass', 'partial', 'fail', 'needs-review', 'not-applicable']);
const FIXTURES = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
const DEFAULT_SETS = ['portals', 'portals-realistic', 'portals-heldout', 'portals-unseen', 'portals-blind', 'portals-blind2', 'portals-blind3', 'portals-blind4', 'portals-blind5', 'portals-blind6', 'portals-blind7', 'portals-blind8', 'portals-blind9', 'portals-blind10', 'portals-blind11', 'portals-blind12', 'portals-blind13', 'portals-blind14', 'portals-blind15'].map((d) => join(FIXTURES, d));
const SET_NAMES: Record<string, string> = Object.fromEntries(['sample', 'realistic', 'heldout', 'unseen', 'blind', 'blind2', 'blind3', 'blind4', 'blind5', 'blind6', 'blind7', 'blind8', 'blind9', 'blind10', 'blind11', 'blind12', 'blind13', 'blind14', 'blind15'].map((name, i) => [resolve(DEFAULT_SETS[i]), name]));

class InputError extends Error {}

function quietIo(sink: string[]) {
  return { out: (s: string) => { sink.push(s); }, err: () => {}, isTty: false, env: process.env, lang: 'en' as const, cwd: process.cwd() };
}

const emptyTally = (): Tally => ({ tp: 0, fp: 0, tn: 0, fn: 0, review: 0, exact: 0, total: 0 });

function tally(map: Map<string, Tally>, id: string, expected: string, got: string): void {
  const t = map.get(id) ?? emptyTally();
  t.total++;
  if (expected === got) t.exact++;
  if (expected === 'needs-review' || got === 'needs-review') t.review++;
  else if (POSITIVE.has(expected)) POSITIVE.has(got) ? t.tp++ : t.fn++;
  else POSITIVE.has(got) ? t.fp++ : t.tn++;
  map.set(id, t);
}

const ratio = (n: number, d: number) => (d === 0 ? '—' : (n / d).toFixed(3));

/** Cohen's κ of labels against findings on positive/negative (needs-review pairs left out). */
function kappa(t: Tally): string {
  const n = t.tp + t.fp + t.tn + t.fn;
  if (n === 0) return '—';
  const observed = (t.tp + t.tn) / n;
  const chance = ((t.tp + t.fp) * (t.tp + t.fn) + (t.tn + t.fn) * (t.tn + t.fp)) / (n * n);
  return chance === 1 ? '—' : ((observed - chance) / (1 - chance)).toFixed(3);
}

const COLUMNS = ['indicator', 'TP', 'FP', 'TN', 'FN', 'rev', 'precision', 'recall', 'kappa', 'exact'];
const cell = (c: string | number, i: number) => (i === 0 ? String(c).padEnd(24) : String(c).padStart(i >= 6 ? 9 : 5));

function row(id: string, t: Tally): string {
  return [id, t.tp, t.fp, t.tn, t.fn, t.review, ratio(t.tp, t.tp + t.fp), ratio(t.tp, t.tp + t.fn), kappa(t), `${t.exact}/${t.total}`].map(cell).join(' ');
}

/** Checks a set's folder and every portal's labels before anything is served. */
function readLabels(dir: string): Map<string, Record<string, string>> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`${dir}: not a directory; pass folders laid out like test/fixtures/portals/`);
  const ids = listSamplePortals(dir);
  if (ids.length === 0) throw new InputError(`${dir}: no <id>/portal.json found; each portal needs portal.json, labels.json and site/`);
  const all = new Map<string, Record<string, string>>();
  for (const id of ids) {
    const file = join(dir, id, 'labels.json');
    if (!existsSync(file)) throw new InputError(`${file}: missing; label every indicator id with pass|partial|fail|needs-review|not-applicable`);
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new InputError(`${file}: not valid JSON (${(e as Error).message}); fix the file and run again`);
    }
    const labels: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw)) {
      if (key.startsWith('_')) continue;
      if (typeof value !== 'string' || !OUTCOMES.has(value)) throw new InputError(`${file}: "${key}" is ${JSON.stringify(value)}; use one of ${[...OUTCOMES].join('|')}`);
      labels[key] = value;
    }
    all.set(id, labels);
  }
  return all;
}

async function auditSet(portals: ServedPortal[]): Promise<ExportDoc> {
  const work = mkdtempSync(join(tmpdir(), 'accuracy-'));
  try {
    const registry = join(work, 'agencies.json');
    const db = join(work, 'audit.sqlite');
    writeFileSync(registry, JSON.stringify({ agencies: portalAgencies(portals) }));
    const code = await main(['audit', '--no-external-probes', '--agencies', registry, '--db', db, '--as-of', SAMPLE_AS_OF, '--host-delay-ms', '0', '--no-lighthouse'], quietIo([]));
    if (code !== 0) throw new Error(`audit exited ${code}`);
    const out: string[] = [];
    await main(['export', '--db', db], quietIo(out));
    return JSON.parse(out.join('')) as ExportDoc;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function measureSet(dir: string, labelsById: Map<string, Record<string, string>>): Promise<SetResult> {
  const name = SET_NAMES[resolve(dir)] ?? basename(resolve(dir));
  const portals = await serveSamplePortals(dir, [...labelsById.keys()]);
  try {
    process.stderr.write(`auditing the ${name} set: ${portals.length} portals as of ${SAMPLE_AS_OF} (without Lighthouse)…\n`);
    const doc = await auditSet(portals);
    const byIndicator = new Map<string, Tally>();
    const mismatches: string[] = [];
    for (const portal of portals) {
      const agency = doc.agencies.find((a) => a.id === portal.config.id);
      for (const [id, expected] of Object.entries(labelsById.get(portal.config.id) ?? {})) {
        const got = agency?.indicators.find((i) => i.id === id)?.outcome ?? '(missing)';
        tally(byIndicator, id, expected, got);
        if (got !== expected) mismatches.push(`${portal.config.id}/${id}: labelled ${expected}, found ${got}`);
      }
    }
    const totals = emptyTally();
    for (const t of byIndicator.values()) for (const k of Object.keys(totals) as Array<keyof Tally>) totals[k] += t[k];
    return { name, dir, portals: portals.length, byIndicator, totals, mismatches };
  } finally {
    await closePortals(portals);
  }
}

function printSet(r: SetResult): void {
  console.log(`\n== ${r.name} set (${relative(process.cwd(), r.dir) || r.dir}): ${r.portals} portals ==`);
  console.log(COLUMNS.map(cell).join(' '));
  for (const [id, t] of [...r.byIndicator].sort(([a], [b]) => a.localeCompare(b))) console.log(row(id, t));
  console.log('-'.repeat(100));
  console.log(row('TOTAL', r.totals));
  console.log(r.mismatches.length ? `\nMismatches (${r.mismatches.length}):\n${r.mismatches.map((m) => `  ${m}`).join('\n')}` : '\nNo mismatches.');
}

function summary(r: SetResult): string {
  const t = r.totals;
  return `${r.name}: ${r.portals} portals, precision ${ratio(t.tp, t.tp + t.fp)}, recall ${ratio(t.tp, t.tp + t.fn)}, kappa ${kappa(t)}, exact ${t.exact}/${t.total}, mismatches ${r.mismatches.length}`;
}

const dirs = process.argv.slice(2).filter((a) => a !== '--');
try {
  const sets = dirs.length ? dirs.map((d) => resolve(d)) : DEFAULT_SETS;
  // Every set's input is checked before the first audit starts.
  const labelled = sets.map((dir) => ({ dir, labels: readLabels(dir) }));
  const results: SetResult[] = [];
  for (const { dir, labels } of labelled) {
    const result = await measureSet(dir, labels);
    printSet(result);
    results.push(result);
  }
  console.log(`\nSummary (as of ${SAMPLE_AS_OF}):\n${results.map((r) => `  ${summary(r)}`).join('\n')}`);
} catch (e) {
  if (!(e instanceof InputError)) throw e;
  process.stderr.write(`accuracy: ${e.message}\n`);
  process.exitCode = 1;
}
