// Runs the real CLI in a child process, as an operator would.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult { code: number; stdout: string; stderr: string }

export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 240_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, PORTAL_AUDIT_LANG: 'en', ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

/** The CLI with `input` on its standard input (passwords: `users add --password-stdin`). */
export function runCliWithInput(args: string[], input: string, env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, PORTAL_AUDIT_LANG: 'en', ...env }, timeout: timeoutMs },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
    child.stdin!.end(input);
  });
}

export interface LongRunning {
  child: ChildProcess;
  /** The first match of `ready` in standard output. */
  match: RegExpMatchArray;
  stdout: () => string;
  stderr: () => string;
  /** SIGTERM, then the exit code. */
  stop: () => Promise<number | null>;
}

/** Starts a CLI command that keeps running (serve, demo) and waits until its output matches `ready`. */
export function startCli(args: string[], ready: RegExp, env: Record<string, string> = {}, timeoutMs = 60_000): Promise<LongRunning> {
  const child = spawn(process.execPath, ['src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, PORTAL_AUDIT_LANG: 'en', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { void stop(); reject(new Error(`no ${ready} within ${timeoutMs} ms:\n${out}\n${err}`)); }, timeoutMs);
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = out.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, stdout: () => out, stderr: () => err, stop });
      }
    });
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`exited with ${code} before ${ready}:\n${out}\n${err}`)); });
  });
}

/** Rows of a query on an audited database, opened read-only (the test never writes what it checks). */
export function query<T>(db: string, sql: string, ...params: unknown[]): T[] {
  const store = new Database(db, { readonly: true });
  try {
    return store.prepare(sql).all(...params) as T[];
  } finally {
    store.close();
  }
}
