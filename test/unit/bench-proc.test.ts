// The benchmark's /proc reading (scripts/bench/proc.ts, measure.ts) and its flags (args.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../scripts/bench/args.ts';
import { measure } from '../../scripts/bench/measure.ts';
import { descendants, kbField, parseStat, type ProcStat } from '../../scripts/bench/proc.ts';

const stat = (pid: number, comm: string, ppid: number, utime: number, stime: number) =>
  `${pid} (${comm}) S ${ppid} ${pid} 9391 0 -1 4194304 100 0 0 0 ${utime} ${stime} 7 3 20 0 1 0 1000979 3133440 390 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0`;

describe('/proc parsing', () => {
  it('reads a stat line whose command name holds spaces and parentheses', () => {
    const s = parseStat(stat(4242, 'Chrome_ChildIOT) (x y', 4200, 150, 25));
    expect(s).toMatchObject({ pid: 4242, comm: 'Chrome_ChildIOT) (x y', state: 'S', ppid: 4200, utime: 150, stime: 25, cutime: 7, cstime: 3, starttime: 1000979 });
  });

  it('refuses a line that is not a stat line', () => {
    expect(() => parseStat('garbage')).toThrow(/not a \/proc stat line/);
    expect(() => parseStat('1 (x) S')).toThrow(/field 4/);
  });

  it('reads kB fields of status and smaps_rollup as bytes', () => {
    const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n';
    expect(kbField(status, 'VmHWM')).toBe(204800 * 1024);
    expect(kbField('Rss:               73752 kB\nPss:               13779 kB\n', 'Pss')).toBe(13779 * 1024);
    expect(kbField(status, 'Pss')).toBeNull();
  });

  it('takes the root and all its descendants, and nothing else', () => {
    const table: ProcStat[] = [[1, 0], [10, 1], [11, 10], [12, 11], [13, 10], [20, 1], [21, 20]].map(([pid, ppid]) => parseStat(stat(pid, 'p', ppid, 0, 0)));
    expect(descendants(10, table).map((p) => p.pid).sort()).toEqual([10, 11, 12, 13]);
    expect(descendants(99, table)).toEqual([]);
  });
});

describe('measuring a child process', () => {
  it('counts the CPU and peak memory of a child and of its own child', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-proc-'));
    try {
      // The child holds 64 MB and spins for 0.5 s of CPU; its own child spins too (CPU time, not wall time: the machine may be busy).
      const spin = 'while (process.cpuUsage().user + process.cpuUsage().system < 500_000);';
      const script = `const b = Buffer.alloc(64 * 2 ** 20, 1); const c = require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(spin)}]); ${spin} c.on('exit', () => console.log(b[0]));`;
      const m = await measure(process.execPath, ['-e', script], { cwd: dir, env: process.env, timeoutMs: 20_000, stderrFile: join(dir, 'err.log'), sampling: { intervalMs: 100, pssEvery: 2 } });
      expect(m.code).toBe(0);
      expect(m.stdout.trim()).toBe('1');
      expect(m.memory.toolPeakBytes).toBeGreaterThan(64 * 2 ** 20);
      expect(m.cpu.toolS).toBeGreaterThan(0.35);
      expect(m.cpu.browserS).toBeGreaterThan(0.35);
      expect(m.memory.browserPeakBytes).toBeGreaterThan(10 * 2 ** 20);
      // PSS, or mostly: a process that exits between being listed and being read falls back to RSS for that reading.
      expect(m.memory.browserMethod).toMatch(/^PSS/);
      expect(m.wallS).toBeGreaterThan(0.4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('flags', () => {
  it('has the issue\'s defaults', () => {
    expect(parseBenchArgs([])).toMatchObject({ portals: 40, pages: 25, latencyMs: 80, concurrency: 4, scaling: null, skipBaseline: false, json: null });
    expect(parseBenchArgs(['--scaling', '160,10,40']).scaling).toEqual([10, 40, 160]);
    expect(parseBenchArgs(['--workers', '4,1,2']).workers).toEqual([1, 2, 4]);
    expect(parseBenchArgs(['--portals=5', '--pages', '10', '--skip-baseline', '--json', 'out.json'])).toMatchObject({ portals: 5, pages: 10, skipBaseline: true, json: 'out.json' });
  });

  it('names the bad flag in one line', () => {
    const error = (argv: string[]) => { try { parseBenchArgs(argv); return ''; } catch (e) { return (e as Error).message; } };
    expect(error(['--portal', '5'])).toBe('--portal: unknown flag (see --help)');
    expect(error(['--pages', '0'])).toBe('--pages 0: expected a whole number ≥ 1');
    expect(error(['--latency-ms', '-5'])).toBe('--latency-ms -5: expected a whole number ≥ 0');
    expect(error(['--concurrency'])).toBe('--concurrency: needs a value');
    expect(error(['--scaling', '10,x'])).toBe('--scaling x: expected a whole number ≥ 1');
    expect(error(['--scaling', '10', '--portals', '4'])).toMatch(/^--scaling: /);
    expect(error(['--workers', '1,1'])).toBe('--workers 1,1: a count is repeated');
    expect(error(['--workers', '1', '--scaling', '10'])).toMatch(/^--workers: one mode at a time/);
    expect(error(['--workers', '2', '--skip-baseline'])).toMatch(/^--skip-baseline: --workers never runs the baseline/);
    for (const argv of [['--portal', '5'], ['--pages', '0'], ['--json']]) expect(error(argv)).not.toContain('\n');
  });
});
