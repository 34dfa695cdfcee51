// The benchmark's command line. A bad flag is one line naming the flag.
import { DEFAULT_AGENCY_CONCURRENCY } from '../../src/commands/audit.ts';

export interface BenchArgs {
  portals: number;
  pages: number;
  latencyMs: number;
  concurrency: number;
  hostDelayMs: number;
  /** Passed to the audit's --fetch when given (http-first or browser); null leaves the audit's default. */
  fetch: string | null;
  /** Portal counts for the memory-scaling mode; null runs the comparison with the baseline. */
  scaling: number[] | null;
  /** Worker counts for the queue mode (`audit --redis` and that many `worker`s, each at --concurrency); null: not that mode. */
  workers: number[] | null;
  skipBaseline: boolean;
  json: string | null;
  help: boolean;
}

/** The audit's own default concurrency, which the baseline then matches. */
export const DEFAULTS = { portals: 40, pages: 25, latencyMs: 80, concurrency: DEFAULT_AGENCY_CONCURRENCY, hostDelayMs: 0 } as const;

export const USAGE = `Usage: npm run bench -- [options]

Serves a synthetic nation of Persian government portals on loopback and times
the full audit (the CLI, without Lighthouse) against a bare Playwright loop
that renders and screenshots every page once, in the same run.

Options:
  --portals N        portals in the nation (default ${DEFAULTS.portals})
  --pages M          pages per portal; the audit's --max-pages is M (default ${DEFAULTS.pages})
  --latency-ms MS    added delay before every response (default ${DEFAULTS.latencyMs})
  --concurrency N    portals at a time, for the audit (its --concurrency) and the baseline alike (default ${DEFAULTS.concurrency})
  --host-delay-ms N  the audit's politeness pause per host (default ${DEFAULTS.hostDelayMs}: the baseline has none)
  --fetch MODE       passed to the audit's --fetch (http-first, browser); default: the audit's own default
  --scaling LIST     memory scaling instead: the audit alone at each portal count, e.g. 10,40,160
  --workers LIST     the queue instead: a local redis-server, that many \`worker\` processes (each at
                     --concurrency) and \`audit --redis\`, for each count, e.g. 1,2,4
  --skip-baseline    time the audit only
  --json FILE        also write the results as JSON
  -h, --help         show this help`;

export class BenchArgError extends Error {}

function whole(flag: string, value: string | undefined, min: number): number {
  if (value === undefined || value.startsWith('--')) throw new BenchArgError(`${flag}: needs a value`);
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new BenchArgError(`${flag} ${value}: expected a whole number ≥ ${min}`);
  return n;
}

/** A comma-separated list of distinct counts, sorted. */
function countList(flag: string, list: string | undefined, example: string): number[] {
  if (list === undefined || list.startsWith('--')) throw new BenchArgError(`${flag}: needs a value, such as ${example}`);
  const counts = list.split(',').map((s) => whole(flag, s.trim(), 1));
  if (new Set(counts).size !== counts.length) throw new BenchArgError(`${flag} ${list}: a count is repeated`);
  return counts.sort((a, b) => a - b);
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const out: BenchArgs = { ...DEFAULTS, fetch: null, scaling: null, workers: null, skipBaseline: false, json: null, help: false };
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    const value = () => inline ?? argv[++i];
    if (given.has(flag)) throw new BenchArgError(`${flag}: given twice`);
    given.add(flag);
    switch (flag) {
      case '--portals': out.portals = whole(flag, value(), 1); break;
      case '--pages': out.pages = whole(flag, value(), 1); break;
      case '--latency-ms': out.latencyMs = whole(flag, value(), 0); break;
      case '--concurrency': out.concurrency = whole(flag, value(), 1); break;
      case '--host-delay-ms': out.hostDelayMs = whole(flag, value(), 0); break;
      case '--scaling': out.scaling = countList(flag, value(), '10,40,160'); break;
      case '--workers': out.workers = countList(flag, value(), '1,2,4'); break;
      case '--skip-baseline':
        if (inline !== undefined) throw new BenchArgError(`${flag}: takes no value`);
        out.skipBaseline = true;
        break;
      case '--fetch': {
        const mode = value();
        if (!mode || !/^[a-z-]+$/.test(mode)) throw new BenchArgError(`${flag}: needs a mode, such as http-first or browser`);
        out.fetch = mode;
        break;
      }
      case '--json': {
        const file = value();
        if (!file || file.startsWith('--')) throw new BenchArgError(`${flag}: needs a file name`);
        out.json = file;
        break;
      }
      case '-h': case '--help': out.help = true; break;
      default: throw new BenchArgError(flag.startsWith('-') ? `${flag}: unknown flag (see --help)` : `${flag}: unexpected argument (see --help)`);
    }
  }
  if (out.scaling && given.has('--portals')) throw new BenchArgError('--scaling: gives the portal counts itself; leave out --portals');
  if (out.scaling && out.workers) throw new BenchArgError('--workers: one mode at a time; leave out --scaling');
  if (out.workers && given.has('--skip-baseline')) throw new BenchArgError('--skip-baseline: --workers never runs the baseline; leave it out');
  if (out.scaling && given.has('--skip-baseline')) throw new BenchArgError('--skip-baseline: --scaling never runs the baseline; leave it out');
  return out;
}
