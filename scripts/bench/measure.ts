// Runs a command as a child process and measures it: wall time, CPU of the
// whole process tree, peak memory of the child itself and of its descendants
// (Chromium, for both the audit and the baseline).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { descendants, processTable, reapedChildrenTicks, ticksPerSecond, TreeSampler, type SamplerOptions } from './proc.ts';

export interface Measurement {
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  wallS: number;
  cpu: {
    /** The whole tree: the larger of the reaped total and the per-process samples. */
    totalS: number;
    /** The child process alone (the tool's or the baseline's Node process). */
    toolS: number;
    /** Everything below it: Chromium's processes. */
    browserS: number;
    /** What the total came from. */
    source: 'reaped' | 'sampled';
  };
  memory: {
    /** The child process's peak RSS. */
    toolPeakBytes: number;
    /** Chromium's peak PSS (see browserMethod). */
    browserPeakBytes: number;
    /** Chromium's peak summed RSS (shared pages counted in every process): an upper bound. */
    browserPeakRssBytes: number;
    browserMethod: string;
    browserPeakProcesses: number;
  };
  sampler: { samples: number; pssSamples: number; intervalMs: number; pssEvery: number };
  /** CPU seconds of the benchmark's own process during the run (the portal servers and the sampler). */
  benchCpuS: number;
  stdout: string;
  stderrFile: string;
}

const active = new Set<ChildProcess>();
let stopping = false;

/** Thrown by measure() once stopActive() was called: no result is trusted, and no further run starts. */
export class Interrupted extends Error {}

/** Stops every child still running (on SIGINT or SIGTERM) and its process tree, and refuses further runs. */
export function stopActive(): void {
  stopping = true;
  for (const child of active) terminateTree(child.pid!, 'SIGTERM');
}

/** Signals the child and its descendants, by pid, deepest first. */
function terminateTree(rootPid: number, signal: NodeJS.Signals): void {
  for (const p of descendants(rootPid, processTable()).reverse()) {
    try {
      process.kill(p.pid, signal);
    } catch {
      // Already gone.
    }
  }
}

export interface MeasureOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Where the child's stderr goes (logs can be large). */
  stderrFile: string;
  /** Default: every 200 ms, PSS every fifth sample. */
  sampling?: SamplerOptions;
}

export async function measure(command: string, args: string[], opts: MeasureOptions): Promise<Measurement> {
  if (stopping) throw new Interrupted('interrupted');
  const hz = ticksPerSecond();
  const reapedBefore = reapedChildrenTicks();
  const errFd = openSync(opts.stderrFile, 'w');
  const t0 = performance.now();
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', errFd] });
  closeSync(errFd);
  active.add(child);
  const cpuBefore = process.cpuUsage();
  const sampling = opts.sampling ?? { intervalMs: 200, pssEvery: 5 };
  const sampler = new TreeSampler(child.pid!, sampling);
  const chunks: Buffer[] = [];
  child.stdout!.on('data', (b: Buffer) => chunks.push(b));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    terminateTree(child.pid!, 'SIGTERM');
    setTimeout(() => terminateTree(child.pid!, 'SIGKILL'), 10_000).unref();
  }, opts.timeoutMs);
  let exit: [number | null, NodeJS.Signals | null];
  try {
    exit = await new Promise((ok, fail) => {
      child.once('error', fail);
      child.once('close', (c, s) => ok([c, s]));
    });
  } catch (err) {
    await sampler.stop();
    throw err;
  } finally {
    clearTimeout(timer);
    active.delete(child);
  }
  const [code, signal] = exit;
  const wallS = (performance.now() - t0) / 1000;
  const usage = await sampler.stop();
  if (stopping) throw new Interrupted('interrupted');
  const benchCpu = process.cpuUsage(cpuBefore);
  const reapedS = (reapedChildrenTicks() - reapedBefore) / hz;
  const totalS = Math.max(reapedS, usage.sampledTreeCpuS);
  const { pss, rss } = usage.childrenMemory;
  return {
    code, signal, timedOut, wallS,
    cpu: { totalS, toolS: usage.rootCpuS, browserS: Math.max(0, totalS - usage.rootCpuS), source: reapedS >= usage.sampledTreeCpuS ? 'reaped' : 'sampled' },
    memory: {
      toolPeakBytes: usage.rootPeakRssBytes, browserPeakRssBytes: usage.childrenPeakRssBytes, browserPeakProcesses: usage.childrenPeakProcesses,
      // A run too short for a PSS sample with descendants alive falls back to the RSS peak.
      browserPeakBytes: pss + rss ? usage.childrenPeakPssBytes : usage.childrenPeakRssBytes,
      browserMethod: pss + rss === 0 ? 'RSS (no PSS sample)' : rss === 0 ? 'PSS' : pss === 0 ? 'RSS' : `PSS where readable (${Math.floor((100 * pss) / (pss + rss))}% of readings), else RSS`,
    },
    sampler: { samples: usage.samples, pssSamples: usage.pssSamples, ...sampling },
    benchCpuS: (benchCpu.user + benchCpu.system) / 1e6,
    stdout: Buffer.concat(chunks).toString('utf8'),
    stderrFile: opts.stderrFile,
  };
}

/** The last lines of a file, for an error message. */
export function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
