// Process-tree sampling from /proc (Linux only, no dependencies): CPU time
// and memory of a child process and everything it spawns.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  /** Clock ticks. */
  utime: number;
  stime: number;
  /** Clock ticks of children this process has waited for. */
  cutime: number;
  cstime: number;
  /** Clock ticks after boot: with the pid, identifies a process across pid reuse. */
  starttime: number;
}

/** Parses /proc/<pid>/stat. The command name may hold spaces and parentheses, so fields are counted from the last ')'. */
export function parseStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc stat line: ${text.slice(0, 80)}`);
  const rest = text.slice(close + 2).trim().split(/\s+/);
  // rest[0] is field 3 (state); field n is rest[n - 3].
  const field = (n: number) => {
    const v = Number(rest[n - 3]);
    if (!Number.isFinite(v)) throw new Error(`/proc stat field ${n} is not a number: ${text.slice(0, 80)}`);
    return v;
  };
  return {
    pid: Number(text.slice(0, open).trim()), comm: text.slice(open + 1, close), state: rest[0], ppid: field(4),
    utime: field(14), stime: field(15), cutime: field(16), cstime: field(17), starttime: field(22),
  };
}

/** A "Name:   1234 kB" field of /proc/<pid>/status or smaps_rollup, in bytes; null when absent. */
export function kbField(text: string, name: string): number | null {
  const m = new RegExp(`^${name}:\\s+(\\d+)\\s*kB`, 'm').exec(text);
  return m ? Number(m[1]) * 1024 : null;
}

/** The root and all its descendants, from one snapshot of the process table. */
export function descendants(rootPid: number, stats: ProcStat[]): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) {
    const list = children.get(s.ppid);
    if (list) list.push(s);
    else children.set(s.ppid, [s]);
  }
  const root = stats.find((s) => s.pid === rootPid);
  if (!root) return [];
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i].pid) ?? []));
  return out;
}

let clockTicks: number | null = null;
/** Clock ticks per second (getconf CLK_TCK; 100 on every common Linux). */
export function ticksPerSecond(): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

async function readAsync(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

export function readStat(pid: number | 'self'): ProcStat | null {
  const text = read(`/proc/${pid}/stat`);
  return text ? parseStat(text) : null;
}

const numeric = (names: string[]) => names.filter((n) => /^\d+$/.test(n));

/** One snapshot of every process's stat. */
export function processTable(): ProcStat[] {
  return numeric(readdirSync('/proc')).map((pid) => readStat(Number(pid))).filter((s): s is ProcStat => s !== null);
}

/** CPU ticks of the children this process has reaped (they include their own reaped descendants). */
export function reapedChildrenTicks(): number {
  const self = readStat('self');
  return self ? self.cutime + self.cstime : 0;
}

export interface TreeUsage {
  /** CPU seconds of the root process itself (its last sample). */
  rootCpuS: number;
  /** CPU seconds of every process seen in the tree, each at its last sample. */
  sampledTreeCpuS: number;
  /** Peak resident set of the root (VmHWM, the kernel's high-water mark), bytes. */
  rootPeakRssBytes: number;
  /** Peak, over the PSS samples, of the summed PSS of the root's descendants (RSS for a process whose smaps_rollup is unreadable), bytes. */
  childrenPeakPssBytes: number;
  /** Peak, over all samples, of the summed RSS of the root's descendants (counts shared pages once per process), bytes. */
  childrenPeakRssBytes: number;
  /** Readings of descendants' memory for the PSS figure: from smaps_rollup, or RSS in its place. */
  childrenMemory: { pss: number; rss: number };
  /** Most descendants alive at one sample. */
  childrenPeakProcesses: number;
  samples: number;
  pssSamples: number;
}

export interface SamplerOptions {
  intervalMs: number;
  /** Read PSS every this many samples: smaps_rollup walks a process's page tables and costs far more than stat. */
  pssEvery: number;
}

const sum = (values: Array<number | null>) => values.reduce<number>((n, v) => n + (v ?? 0), 0);

/** Samples the tree under `rootPid` every `intervalMs` until stopped, one sample at a time. */
export class TreeSampler {
  private readonly rootPid: number;
  private readonly opts: SamplerOptions;
  private readonly lastTicks = new Map<string, number>();
  private rootTicks = 0;
  private rootPeak = 0;
  private pssPeak = 0;
  private rssPeak = 0;
  private peakProcesses = 0;
  private readings = { pss: 0, rss: 0 };
  private samples = 0;
  private pssSamples = 0;
  private inFlight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(rootPid: number, opts: SamplerOptions = { intervalMs: 200, pssEvery: 5 }) {
    this.rootPid = rootPid;
    this.opts = opts;
    this.tick();
    this.timer = setInterval(() => this.tick(), opts.intervalMs);
  }

  private tick(): void {
    if (this.inFlight) return;
    this.inFlight = this.sample().catch(() => {}).finally(() => { this.inFlight = null; });
  }

  /** stat and status are cheap and read synchronously (~2 ms for a hundred processes); smaps_rollup is not, and is read off the event loop. */
  private async sample(): Promise<void> {
    const tree = descendants(this.rootPid, processTable());
    if (!tree.length) return;
    const withPss = this.samples % this.opts.pssEvery === 0;
    this.samples++;
    for (const p of tree) this.lastTicks.set(`${p.pid}:${p.starttime}`, p.utime + p.stime);
    const [root, ...children] = tree;
    this.rootTicks = root.utime + root.stime;
    const rootStatus = read(`/proc/${root.pid}/status`);
    this.rootPeak = Math.max(this.rootPeak, (rootStatus ? kbField(rootStatus, 'VmHWM') ?? kbField(rootStatus, 'VmRSS') : null) ?? 0);
    const rss = children.map((p) => {
      const status = read(`/proc/${p.pid}/status`);
      return status ? kbField(status, 'VmRSS') : null;
    });
    this.rssPeak = Math.max(this.rssPeak, sum(rss));
    this.peakProcesses = Math.max(this.peakProcesses, children.length);
    if (!withPss) return;
    this.pssSamples++;
    const pss = await Promise.all(children.map(async (p, i) => {
      const rollup = await readAsync(`/proc/${p.pid}/smaps_rollup`);
      const value = rollup ? kbField(rollup, 'Pss') : null;
      if (value !== null) this.readings.pss++;
      else if (rss[i] !== null) this.readings.rss++;
      return value ?? rss[i];
    }));
    this.pssPeak = Math.max(this.pssPeak, sum(pss));
  }

  async stop(): Promise<TreeUsage> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
    const hz = ticksPerSecond();
    return {
      rootCpuS: this.rootTicks / hz, sampledTreeCpuS: sum([...this.lastTicks.values()]) / hz, rootPeakRssBytes: this.rootPeak,
      childrenPeakPssBytes: this.pssPeak, childrenPeakRssBytes: this.rssPeak, childrenMemory: { ...this.readings },
      childrenPeakProcesses: this.peakProcesses, samples: this.samples, pssSamples: this.pssSamples,
    };
  }
}
