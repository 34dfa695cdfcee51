// npm run bench:lighthouse: audits three sample agencies on loopback through
// the CLI without Lighthouse and with it, in the same run against the same
// servers, and prints both times, the ratio (the target is at most 2.5×),
// Lighthouse's seconds per agency, and each agency's home-page scores.
// Rounds alternate the order so a machine that warms up or gets busier during
// the run does not favour one side. A report, not a test: it exits 0 when the
// audits completed, whatever the figures.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findChromium } from '../crawlers/browser.ts';
import { portalAgencies, SAMPLE_AS_OF } from '../src/commands/demo.ts';
import { closePortals, SAMPLE_PORTALS_DIR, serveSamplePortals } from '../src/demo/sample-portals.ts';
import { openStoreReadOnly } from '../src/store/db.ts';
import { agencyFindingData, runRow } from '../src/store/reads.ts';
import { storedAgencyIds } from '../src/store/runs.ts';
import { machine, machineLine } from './bench/report.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const USAGE = 'usage: npm run bench:lighthouse -- [--portals id,id,id] [--rounds N]';
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Audit { lighthouse: boolean; wallS: number; db: string }

function audit(dir: string, agencies: string, lighthouse: boolean, round: number): Promise<Audit> {
  const db = join(dir, `${lighthouse ? 'with' : 'without'}-${round}.sqlite`);
  const args = ['src/cli.ts', 'audit', '--no-external-probes', '--agencies', agencies, '--db', db, '--as-of', SAMPLE_AS_OF, '--host-delay-ms', '0', ...(lighthouse ? [] : ['--no-lighthouse'])];
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: ROOT, env: { ...process.env, PORTAL_AUDIT_LANG: 'en' }, maxBuffer: 64 * 1024 * 1024 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`the audit${lighthouse ? '' : ' --no-lighthouse'} failed: ${stderr.trim().split('\n').at(-1) ?? err.message}`));
      else resolve({ lighthouse, wallS: (performance.now() - t0) / 1000, db });
    });
  });
}

/** Each agency's home-page accessibility and performance, from the stored findings. */
function homeScores(db: string): string[] {
  const store = openStoreReadOnly(db);
  const runId = runRow<{ id: number }>(store, 'latest')!.id;
  const lines = storedAgencyIds(store, runId).sort().flatMap((agency) => {
    const findings = agencyFindingData<{ indicator_id: string; data_json: string }>(store, runId, agency);
    return ['accessibility', 'performance'].flatMap((indicator) => {
      const finding = findings.find((f) => f.indicator_id === indicator);
      if (!finding) return [];
      const pages = (JSON.parse(finding.data_json).pages ?? []) as Array<{ url: string; score: number }>;
      return [`  ${agency} ${indicator}: ${pages.map((p) => `${new URL(p.url).pathname} ${p.score}`).join(', ') || 'not scored'}`];
    });
  });
  store.close();
  return lines;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { portals: { type: 'string', default: 'tazirat,keshvar,markazi' }, rounds: { type: 'string', default: '1' } } });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a whole number ≥ 1, got "${values.rounds}"\n${USAGE}`);
  const chromium = findChromium();
  if (!chromium) throw new Error('no Chromium found: set PORTAL_AUDIT_CHROMIUM to its path');
  const host = machine(chromium);
  const ids = values.portals!.split(',').filter(Boolean);
  const portals = await serveSamplePortals(SAMPLE_PORTALS_DIR, ids);
  const dir = mkdtempSync(join(tmpdir(), 'bench-lighthouse-'));
  try {
    const agencies = join(dir, 'agencies.json');
    writeFileSync(agencies, JSON.stringify({ agencies: portalAgencies(portals) }));
    const runs: Audit[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const lighthouse of round % 2 === 0 ? [false, true] : [true, false]) {
        log(`round ${round + 1}: auditing ${ids.length} agencies ${lighthouse ? 'with' : 'without'} Lighthouse…`);
        runs.push(await audit(dir, agencies, lighthouse, round));
        log(`  ${runs.at(-1)!.wallS.toFixed(1)} s`);
      }
    }
    const perRound = Array.from({ length: rounds }, (_, i) => runs.slice(2 * i, 2 * i + 2)).map((pair) => {
      const [w, wo] = [pair.find((r) => r.lighthouse)!, pair.find((r) => !r.lighthouse)!];
      return `${(w.wallS / wo.wallS).toFixed(2)}×`;
    });
    const without = median(runs.filter((r) => !r.lighthouse).map((r) => r.wallS));
    const withLh = median(runs.filter((r) => r.lighthouse).map((r) => r.wallS));
    console.log([
      'portal-audit Lighthouse benchmark', machineLine(host),
      `workload: ${ids.length} sample agencies (${ids.join(', ')}) on loopback, audit --as-of ${SAMPLE_AS_OF} --host-delay-ms 0 --no-external-probes, default concurrency; ${rounds} round(s), order alternating, medians`,
      '',
      `without Lighthouse: ${without.toFixed(1)} s`,
      `with Lighthouse:    ${withLh.toFixed(1)} s`,
      `ratio:              ${(withLh / without).toFixed(2)}× of the medians (target: at most 2.5×); per round: ${perRound.join(', ')}`,
      `Lighthouse per agency: ${((withLh - without) / ids.length).toFixed(1)} s of wall time (accessibility snapshots on each sampled page, performance navigation on the home page alone)`,
      '',
      'scores per page (last run with Lighthouse):', ...homeScores(runs.filter((r) => r.lighthouse).at(-1)!.db),
    ].join('\n'));
  } finally {
    await closePortals(portals);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`bench:lighthouse: ${(err as Error).message}`);
  process.exit(1);
});
