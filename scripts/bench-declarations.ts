// Benchmark: declarations at national volume. On a synthetic nation (one
// completed run of --agencies agencies) it times, in one run:
//   1. importing --rows declaration rows (read, validate, write one round);
//   2. `export --format json` of the run with their verdicts (the CLI, as a child process);
//   3. the review UI (`serve`, a child process): the national page and an agency
//      page, at start-up (while the server computes the verdicts in the background)
//      and again, and the sign-in page asked for meanwhile (does one page block the others?).
// Targets: import of 50,000 rows < 5 s, export of 200,000 rows < 20 s, every UI page < 1 s
// once the verdicts are computed, and the sign-in page < 1 s while they are.
// Run: npm run bench:declarations -- [--rows N] [--agencies N] [--keep DIR]
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MODEL } from '../rules/catalog.ts';
import { importDeclarations } from '../src/declarations/import.ts';
import { openStore } from '../src/store/db.ts';
import { agencyOutcomes } from '../src/store/reads.ts';
import { addReview } from '../src/store/reviews.ts';
import { insertUser } from '../src/store/users.ts';
import { hashPassword } from '../src/ui/auth/password.ts';
import { benchAgencies, writeBenchRun, writeDeclarationsCsv } from './bench/declarations-store.ts';

const { values } = parseArgs({ options: { rows: { type: 'string' }, agencies: { type: 'string' }, keep: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log('Usage: node scripts/bench-declarations.ts [--rows N (default 200000)] [--agencies N (default 20)] [--keep DIR (keep the database there)]');
  process.exit(0);
}
const ROWS = Number(values.rows ?? 200_000);
const AGENCIES = Number(values.agencies ?? 20);
const TARGETS = { importMsPer50k: 5_000, exportMs: 20_000, pageMs: 1_000 };
const ROOT = new URL('../', import.meta.url);
const PASSWORD = 'bench password 1';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const verdictOf = (ok: boolean) => (ok ? 'ok' : 'TOO SLOW');
const results: Array<{ figure: string; ms: number; targetMs: number | null; note?: string }> = [];

/** The CLI in a child process, timed by bash's `time`: its CPU seconds (user + system) as well as the wall clock. */
function cli(args: string[]): Promise<{ code: number; stderr: string; cpuMs: number }> {
  const command = `TIMEFORMAT='cpu %3U %3S'; time "$0" src/cli.ts "$@"`;
  return new Promise((resolve) => {
    execFile('bash', ['-c', command, process.execPath, ...args], { cwd: ROOT, maxBuffer: 1 << 30 }, (err, _out, stderr) => {
      const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      resolve({ code: err ? Number(err.code ?? 1) : 0, stderr, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN });
    });
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await work();
  return { ms: performance.now() - t0, value };
}

async function startServe(db: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['src/cli.ts', 'serve', '--db', db, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PORTAL_AUDIT_LANG: 'en' } });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

/** Signs in; returns the session cookie. */
async function signIn(base: string): Promise<string> {
  const form = await fetch(`${base}/login`);
  const csrfCookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
  const res = await fetch(`${base}/login`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ _csrf: csrf, username: 'bench', password: PASSWORD, next: '/' }),
    headers: { cookie: csrfCookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' },
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('pa_session='));
  if (res.status !== 303 || !session) throw new Error(`sign-in failed: ${res.status}`);
  return session.split(';')[0];
}

async function getPage(base: string, path: string, cookie?: string): Promise<{ ms: number; bytes: number; status: number }> {
  const { ms, value } = await timed(async () => {
    const res = await fetch(`${base}${path}`, { headers: cookie ? { cookie } : {} });
    return { status: res.status, bytes: (await res.arrayBuffer()).byteLength };
  });
  if (value.status !== 200) throw new Error(`${path}: HTTP ${value.status}`);
  return { ms, ...value };
}

async function benchUi(db: string): Promise<void> {
  const serve = await startServe(db);
  try {
    const cookie = await signIn(serve.url);
    // Right after start the server computes the newest run's verdicts in the background: the national
    // page asked for now waits for them; the sign-in page asked for 50 ms later must not.
    const national = getPage(serve.url, '/runs/1', cookie);
    await new Promise((r) => setTimeout(r, 50));
    const login = await getPage(serve.url, '/login');
    const cold = await national;
    results.push({ figure: 'UI national page at start-up (waits for the verdicts)', ms: cold.ms, targetMs: null, note: 'the background computation after a start or an import' });
    results.push({ figure: 'UI sign-in page, asked for meanwhile', ms: login.ms, targetMs: TARGETS.pageMs });
    const warm = await getPage(serve.url, '/runs/1', cookie);
    results.push({ figure: 'UI national page, again', ms: warm.ms, targetMs: TARGETS.pageMs });
    const runs = await getPage(serve.url, '/', cookie);
    results.push({ figure: 'UI runs page', ms: runs.ms, targetMs: TARGETS.pageMs });
    const filtered = await getPage(serve.url, '/runs/1?verdict=over-claimed', cookie);
    results.push({ figure: 'UI national page filtered by over-claims', ms: filtered.ms, targetMs: TARGETS.pageMs });
    const agency = await getPage(serve.url, '/runs/1/agencies/agency-0', cookie);
    results.push({ figure: 'UI agency page (agency-0)', ms: agency.ms, targetMs: TARGETS.pageMs, note: `${(agency.bytes / 1024).toFixed(0)} KiB` });
    const last = await getPage(serve.url, `/runs/1/agencies/agency-${AGENCIES - 1}?claims=20`, cookie);
    results.push({ figure: `UI agency page, claims page 20 (agency-${AGENCIES - 1})`, ms: last.ms, targetMs: TARGETS.pageMs, note: `${(last.bytes / 1024).toFixed(0)} KiB` });
  } finally {
    serve.stop();
  }
}

const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'bench-declarations-'));
mkdirSync(dir, { recursive: true });
try {
  const agencies = benchAgencies(AGENCIES);
  const dbFile = join(dir, 'bench.sqlite');
  rmSync(dbFile, { force: true });
  const store = openStore(dbFile);
  const runId = writeBenchRun(store, agencies, ROWS);
  // One override, so the pages show reviewed scores beside the observed ones.
  const outcomes = agencyOutcomes(store);
  const failed = agencies.flatMap((a) => outcomes(runId, a.id)).find((f) => f.outcome === 'fail')!.id;
  addReview(store, { findingId: failed, action: 'override', outcome: 'pass', score: 1, reason: 'benchmark', username: 'bench', role: 'evaluator' });
  insertUser(store, 'bench', 'viewer', await hashPassword(PASSWORD, { logN: 10, r: 8, p: 1 }));
  store.close();
  const csv = join(dir, 'declarations.csv');
  writeDeclarationsCsv(csv, agencies, ROWS);

  const loadBefore = loadavg()[0];
  const cpu0 = process.cpuUsage();
  const imported = await timed(() => importDeclarations({ file: csv, db: dbFile, agencies, registryFile: 'bench registry', model: MODEL }));
  const importCpu = process.cpuUsage(cpu0);
  if (!imported.value.ok) throw new Error(`the generated file did not import: ${JSON.stringify(imported.value.issues.slice(0, 3))}`);
  results.push({ figure: `import of ${ROWS} rows`, ms: imported.ms, targetMs: Math.max(TARGETS.importMsPer50k, (TARGETS.importMsPer50k * ROWS) / 50_000), note: `CPU ${seconds((importCpu.user + importCpu.system) / 1000)}, ${Math.round(ROWS / (imported.ms / 1000))} rows/s` });

  const out = join(dir, 'export.json');
  const exported = await timed(() => cli(['export', '--db', dbFile, '--format', 'json', '--out', out]));
  if (exported.value.code !== 0) throw new Error(`export failed: ${exported.value.stderr}`);
  const doc = JSON.parse(readFileSync(out, 'utf8')) as { agencies: Array<{ claims: unknown[] }> };
  const claims = doc.agencies.reduce((n, a) => n + a.claims.length, 0);
  if (claims !== ROWS) throw new Error(`the export carries ${claims} claims, not ${ROWS}`);
  results.push({ figure: 'export --format json (CLI, whole process)', ms: exported.ms, targetMs: TARGETS.exportMs, note: `CPU ${seconds(exported.value.cpuMs)}, ${(statSync(out).size / 1_048_576).toFixed(0)} MiB, ${claims} claims` });

  await benchUi(dbFile);

  console.log(`declarations benchmark: ${ROWS} rows, ${AGENCIES} agencies × ${MODEL.indicators.length} indicators, one run; Node ${process.versions.node}`);
  // Wall times stretch with the machine's load; the CPU seconds much less.
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end\n`);
  const width = Math.max(...results.map((r) => r.figure.length));
  for (const r of results) {
    const target = r.targetMs === null ? 'no target' : `target < ${seconds(r.targetMs)}: ${verdictOf(r.ms < r.targetMs)}`;
    console.log(`${r.figure.padEnd(width)}  ${seconds(r.ms).padStart(8)}  ${target}${r.note ? `  (${r.note})` : ''}`);
  }
  process.exitCode = results.every((r) => r.targetMs === null || r.ms < r.targetMs) ? 0 : 1;
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
