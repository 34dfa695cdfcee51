// The machine the benchmark ran on, and the printed report.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import type { AuditFigures, BaselineFigures, RunFigures } from './runs.ts';

export interface Machine {
  cpu: string;
  cores: number;
  ramBytes: number;
  os: string;
  node: string;
  chromium: string;
  chromiumPath: string;
  loadAverage: number[];
}

export function machine(chromiumPath: string): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    // Keep os.cpus()'s name.
  }
  let chromium = 'unknown';
  try {
    chromium = execFileSync(chromiumPath, ['--version'], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // Reported as unknown.
  }
  return {
    cpu, cores: availableParallelism(), ramBytes: totalmem(), os: `Linux ${release()}`, node: process.version, chromium, chromiumPath,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const sec = (s: number) => `${s.toFixed(1)} s`;
const num = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

export function machineLine(m: Machine): string {
  return `machine: ${m.cpu} · ${m.cores} cores · ${(m.ramBytes / 2 ** 30).toFixed(1)} GiB RAM · ${m.os} · Node ${m.node} · ${m.chromium} · load average ${m.loadAverage.join(' ')} at start`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('   ').trimEnd()).join('\n');
}

function commonRows(a: RunFigures, b: RunFigures | null): string[][] {
  const pair = (f: (r: RunFigures) => string) => [f(a), b ? f(b) : '—'];
  return [
    ['wall time', ...pair((r) => sec(r.wallS))],
    ['pages per second', ...pair((r) => num(r.pagesPerS))],
    ['CPU seconds per page', ...pair((r) => num(r.cpu.perPageS, 3))],
    ['  CPU total (tool / Chromium)', ...pair((r) => `${sec(r.cpu.totalS)} (${sec(r.cpu.toolS)} / ${sec(r.cpu.browserS)})`)],
    ['peak memory, tool process (RSS)', ...pair((r) => mib(r.memory.toolPeakBytes))],
    ['peak memory, Chromium (PSS, all processes)', ...pair((r) => `${mib(r.memory.browserPeakBytes)} (${r.memory.browserPeakProcesses} processes at most)`)],
    ['HTTP requests served', ...pair((r) => `${r.requests} (${num(r.requests / Math.max(1, r.pages), 1)} per page)`)],
    ['benchmark process CPU (servers, sampler)', ...pair((r) => sec(r.benchCpuS))],
  ];
}

export function comparisonReport(audit: AuditFigures, baseline: BaselineFigures | null): string {
  const rows = [
    ['', 'full audit (CLI, no Lighthouse)', baseline ? 'bare Playwright loop' : ''],
    ['pages', `${audit.pages} stored of ${audit.expectedPages} (${audit.pagesOk} loaded)`, baseline ? `${baseline.pages} rendered` : '—'],
    ...commonRows(audit, baseline),
    ['screenshots', `${audit.screenshots} evidence images`, baseline ? `${baseline.screenshots} (${mib(baseline.screenshotBytes)})` : '—'],
    ['database bytes per page', `${kib(audit.dbBytesPerPage)} (${mib(audit.dbBytes)} in all)`, baseline ? 'nothing stored' : '—'],
  ];
  const lines = [table(rows)];
  const fetched = Object.entries(audit.pagesByFetch).map(([how, n]) => `${how} ${n}`).join(', ');
  lines.push('', `audit pages by how they were obtained: ${fetched || 'none'}; script-rendered portals: ${audit.scriptRenderedPortals.pages} of ${audit.scriptRenderedPortals.expected} pages loaded; agencies failed: ${audit.failedAgencies}`);
  if (audit.pages < audit.expectedPages) lines.push(`warning: the audit stored ${audit.pages} of the nation's ${audit.expectedPages} pages, so per-page figures cover fewer pages than the baseline's.`);
  if (baseline?.errors.length) lines.push(`baseline errors (${baseline.errors.length}, first ones): ${baseline.errors.slice(0, 3).join(' | ')}`);
  if (baseline) {
    const ratio = audit.wallS / baseline.wallS;
    lines.push('', `ratio audit wall time / baseline wall time: ${ratio.toFixed(2)} (target ≤ 0.50: ${ratio <= 0.5 ? 'met' : 'not met'})`);
  }
  return lines.join('\n');
}

export interface ScalingRow {
  portals: number;
  figures: AuditFigures;
}

export function scalingReport(rows: ScalingRow[]): string {
  const first = rows[0];
  const growth = (r: ScalingRow, pick: (f: AuditFigures) => number) => {
    const ratio = pick(r.figures) / pick(first.figures);
    const n = r.portals / first.portals;
    // Memory ∝ portals^k: k < 1 is sub-linear.
    return r === first ? '—' : `×${ratio.toFixed(2)} (k=${(Math.log(ratio) / Math.log(n)).toFixed(2)})`;
  };
  const tool = (f: AuditFigures) => f.memory.toolPeakBytes;
  const chromium = (f: AuditFigures) => f.memory.browserPeakBytes;
  const both = (f: AuditFigures) => tool(f) + chromium(f);
  const header = ['portals', 'pages', 'wall', 'tool peak RSS', 'Chromium peak', 'together', 'portals ×', 'tool ×', 'Chromium ×', 'together ×'];
  const body = rows.map((r) => [
    String(r.portals), String(r.figures.pages), sec(r.figures.wallS), mib(tool(r.figures)), mib(chromium(r.figures)), mib(both(r.figures)),
    r === first ? '—' : `×${(r.portals / first.portals).toFixed(2)}`, growth(r, tool), growth(r, chromium), growth(r, both),
  ]);
  return `${table([header, ...body])}\n\nk is the exponent in memory ∝ portals^k between the smallest size and each row: k < 1 is sub-linear growth.`;
}

export const METHOD = [
  'How it is measured:',
  '- Wall time: from spawning the child process to its exit (Node start-up and Chromium launch included).',
  '- Pages: the audit\'s rows in the `pages` table (pages it attempted); the baseline\'s pages that reached `load`.',
  '- CPU: utime+stime from /proc/PID/stat of every process in the child\'s tree, sampled every 200 ms, each process at its last sample (so up to',
  '  200 ms of a process that exits between samples is missed). The reaped total (this process\'s cutime+cstime gained over the run) is used',
  '  instead if larger; it is usually smaller, because Chromium\'s sandboxed zygote processes are not reaped up the chain. "tool" is the child',
  '  Node process alone; Chromium is the rest of the tree.',
  '- Memory: the tool is the child Node process\'s VmHWM (the kernel\'s peak RSS). Chromium is the largest sum, over samples taken every',
  '  second, of every descendant\'s PSS (/proc/PID/smaps_rollup, so pages shared between Chromium\'s processes are counted once), or its RSS',
  '  where smaps_rollup cannot be read. The JSON also has the peak summed RSS, sampled every 200 ms.',
  '- Database bytes per page: size of the SQLite file plus its -wal after the audit exits, divided by the pages stored.',
  '- The portal servers and the sampler run in this benchmark\'s own process, outside both measured trees; its CPU is shown per run.',
].join('\n');
