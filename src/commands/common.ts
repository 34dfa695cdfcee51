// What every command shares: I/O, option parsing helpers, the summary table.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { em, UserError } from '../errors.ts';
import { t, type Lang } from '../i18n/messages.ts';
import pino from 'pino';
import type { AuditReporter, AuditSummary } from '../audit/run-audit.ts';
import type { AgencyResult } from '../store/runs.ts';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  isTty: boolean;
  env: NodeJS.ProcessEnv;
  lang: Lang;
  cwd: string;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: Io): Promise<number>;
}

export const DEFAULT_AGENCIES = 'data/agencies.json';
export const DEFAULT_DB = 'data/audit.sqlite';

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, command: string, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (err) {
    throw new UserError(em('cli.parse', { command, detail: (err as Error).message.split('\n')[0] }));
  }
}

export function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(em('cli.positiveInt', { flag, value }));
  return n;
}

export function nonNegativeInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UserError(em('cli.nonNegativeInt', { flag, value }));
  return n;
}

export function isoDate(value: string | undefined, flag: string, fallback: () => string): string {
  if (value === undefined) return fallback();
  const time = Date.parse(`${value}T00:00:00Z`);
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
  if (!ok) throw new UserError(em('cli.date', { flag, value }));
  return value;
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

export function dbPath(value: string | undefined, env: NodeJS.ProcessEnv): string {
  return value ?? env.PORTAL_AUDIT_DB ?? DEFAULT_DB;
}

/** The --db value in a command's arguments (`--db FILE` or `--db=FILE`), to name the file in an error. */
export function dbFlag(argv: readonly string[]): string | undefined {
  const i = argv.lastIndexOf('--db');
  const joined = argv.findLast((a) => a.startsWith('--db='));
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : joined?.slice('--db='.length);
}

function fmt(n: number | null, digits = 1): string {
  return n === null ? '—' : n.toFixed(digits);
}

/** Progress: a bar with an ETA on a TTY; structured JSON log lines (pino) otherwise. */
export function reporter(io: Io): AuditReporter {
  return io.isTty ? ttyReporter(io) : jsonReporter(io);
}

function agencyLine(io: Io, r: AgencyResult, done: number, total: number): string {
  const status = r.error
    ? t(io.lang, 'progress.failed', { error: r.error })
    : t(io.lang, 'progress.score', { score: fmt(r.scores.score), coverage: Math.round(r.scores.coverage * 100), pages: r.pages.length });
  return t(io.lang, 'progress.done', { done, total, agency: r.agency.id, status });
}

function ttyReporter(io: Io): AuditReporter {
  let t0 = Date.now();
  return {
    runStarted() {
      t0 = Date.now();
    },
    agencyStarted() {},
    agencyFinished(r, done, total) {
      const width = 24;
      const filled = Math.round((done / total) * width);
      const etaS = Math.round(((Date.now() - t0) / done) * (total - done) / 1000);
      const eta = done < total ? ` · ${t(io.lang, 'progress.eta', { seconds: etaS })}` : '';
      io.err(`\r\x1b[2K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${agencyLine(io, r, done, total)}${eta}${done === total ? '\n' : ''}`);
    },
    warn(message) {
      io.err(`\r\x1b[2Kwarning: ${message}\n`);
    },
  };
}

/** Structured JSON log lines (pino) on standard error, for unattended runs. */
export function jsonLog(io: Io): pino.Logger {
  return pino({ base: { app: 'portal-audit' } }, { write: (line: string) => io.err(line) });
}

/** Lines for the operator: plain on a TTY, JSON log lines otherwise. */
export function operatorLog(io: Io, event: string): { info: (line: string) => void; warn: (line: string) => void } {
  if (io.isTty) return { info: (line) => io.err(`${line}\n`), warn: (line) => io.err(`warning: ${line}\n`) };
  const log = jsonLog(io);
  return { info: (line) => log.info({ event }, line), warn: (line) => log.warn({ event }, line) };
}

function jsonReporter(io: Io): AuditReporter {
  const log = jsonLog(io);
  return {
    runStarted(runId, resumed, remaining, total) {
      log.info({ event: 'run-started', runId, resumed, remaining, total }, resumed ? 'resuming run' : 'run started');
    },
    agencyStarted(agency) {
      log.debug({ event: 'agency-started', agency: agency.id }, 'agency started');
    },
    agencyFinished(r, done, total) {
      const fields = { event: 'agency-finished', agency: r.agency.id, done, total, score: r.scores.score, coverage: r.scores.coverage, pages: r.pages.length, retries: r.pages.reduce((n, p) => n + p.retries, 0), error: r.error, blocked: r.blocked?.kind ?? null };
      if (r.error) log.warn(fields, agencyLine(io, r, done, total));
      else log.info(fields, agencyLine(io, r, done, total));
    },
    warn(message) {
      log.warn({ event: 'warning' }, message);
    },
  };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export interface StoreGrowth { beforeBytes: number; afterBytes: number }

function mb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

export function summaryTable(summary: AuditSummary, asOf: string, io: Io, growth?: StoreGrowth): string {
  const L = io.lang;
  const ranked = [...summary.results].sort((a, b) => (b.scores.score ?? -1) - (a.scores.score ?? -1));
  const header = [t(L, 'summary.rank'), t(L, 'summary.agency'), t(L, 'summary.score'), t(L, 'summary.coverage'), 'UC', 'TR', 'IN', 'PA', 'TE', t(L, 'summary.status')];
  // Ties share a rank, as in the export.
  const rankOf = (score: number | null) => (score === null ? '—' : String(ranked.findIndex((x) => x.scores.score === score) + 1));
  const rows = ranked.map((r) => {
    const p = r.scores.pillars;
    const status = r.blocked ? `${t(L, 'summary.blocked')}: ${r.blocked.detail}` : r.error ? `${t(L, 'summary.error')}: ${r.error}` : r.scores.lowCoverage ? t(L, 'summary.lowCoverage') : t(L, 'summary.ok');
    return [rankOf(r.scores.score), `${r.agency.id} (${r.agency.name[L]})`, fmt(r.scores.score), `${Math.round(r.scores.coverage * 100)}%`,
      fmt(p['user-centric']), fmt(p.transparent), fmt(p.integrated), fmt(p.participatory), fmt(p.technical), status];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]))).join('  ');
  const scored = summary.results.filter((r) => r.scores.score !== null).length;
  return [
    t(L, 'summary.title', { runId: summary.runId, asOf, agencies: summary.results.length, duration: `${(summary.durationMs / 1000).toFixed(1)} s` }),
    '', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '',
    t(L, 'summary.national', { score: fmt(summary.national), scored }),
    t(L, 'summary.totals', {
      audited: summary.results.length, failed: summary.results.filter((r) => r.error).length,
      retried: summary.results.filter((r) => r.pagesRetried > 0).length, resumed: summary.resumedAgencies,
      duration: `${(summary.durationMs / 1000).toFixed(1)} s`,
      pages: summary.results.reduce((n, r) => n + r.pagesFetched, 0),
      rendered: summary.results.reduce((n, r) => n + r.pagesRendered, 0),
      // The tool's own peak resident memory; Chromium's processes are not counted here.
      peak: mb(process.resourceUsage().maxRSS * 1024),
      growth: growth ? `+${mb(Math.max(0, growth.afterBytes - growth.beforeBytes))} (${mb(growth.afterBytes)})` : '—',
    }),
  ].join('\n') + '\n';
}
