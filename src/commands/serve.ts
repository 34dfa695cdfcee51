import { existsSync } from 'node:fs';
import { em, UserError } from '../errors.ts';
import { tu } from '../i18n/ui.ts';
import { openStore, type Db } from '../store/db.ts';
import { countUsers } from '../store/users.ts';
import { isLoopback } from '../ui/context.ts';
import { startUi } from '../ui/server.ts';
import { type Command, type Io, dbPath, nonNegativeInt, parse } from './common.ts';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;

export const SERVE_FLAGS = { host: { type: 'string' }, port: { type: 'string' } } as const;

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop).off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop).on('SIGTERM', stop);
  });
}

export function servePort(value: string | undefined): number {
  const port = nonNegativeInt(value, '--port', DEFAULT_PORT);
  if (port > 65_535) throw new UserError(em('serve.port', { value }));
  return port;
}

/** Serve the UI over an open store until a signal; refuses a non-loopback address while there are no accounts. */
export async function serveUntilSignal(db: Db, host: string, port: number, io: Io): Promise<void> {
  if (!isLoopback(host) && countUsers(db) === 0) {
    throw new UserError(em('serve.noAccounts', { host, loopback: DEFAULT_HOST }));
  }
  if (countUsers(db) === 0) io.err(tu(io.lang, 'serve.noUsers') + '\n');
  const ui = await startUi({ db, host, port });
  io.out(tu(io.lang, 'serve.listening', { url: ui.url }) + '\n');
  await untilSignal();
  await ui.close();
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'The evaluators\' review UI: evidence, verdicts and overrides, in Persian and English.',
  usage: `Usage: portal-audit serve [options]

Serves the review UI over the database: runs, the national ranking, each
agency, each finding with its screenshots and hashes, reviews (confirm, or
override with a reason; the observed result is never changed), and the
changes between runs. Persian (RTL, Jalali dates) by default, English one
click away. Everyone signs in: accounts are made with \`portal-audit users\`.

It listens on 127.0.0.1 unless --host says otherwise, and refuses any other
address while the database has no accounts. Stop it with Ctrl-C or SIGTERM.

Options:
  --db FILE      SQLite database (default $PORTAL_AUDIT_DB or data/audit.sqlite)
  --host ADDR    address to listen on (default ${DEFAULT_HOST})
  --port N       port (default ${DEFAULT_PORT}; 0 picks a free one)
  -h, --help     show this help`,
  async run(argv, io) {
    const { values } = parse(argv, { db: { type: 'string' }, ...SERVE_FLAGS }, 'serve');
    if (values.help) {
      io.out(this.usage + '\n');
      return 0;
    }
    const path = dbPath(values.db, io.env);
    const port = servePort(values.port);
    if (!existsSync(path)) throw new UserError(em('serve.noDb', { path }));
    const db = openStore(path);
    try {
      await serveUntilSignal(db, values.host ?? DEFAULT_HOST, port, io);
    } finally {
      db.close();
    }
    return 0;
  },
};
