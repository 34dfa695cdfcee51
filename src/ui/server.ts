// Starts the review UI on a host and port (0: any free port) and says where.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { MODEL } from '../../rules/catalog.ts';
import { RULES } from '../../rules/index.ts';
import { em, UserError } from '../errors.ts';
import type { Db } from '../store/db.ts';
import { deleteExpiredSessions } from '../store/users.ts';
import { createUi } from './app.ts';
import { isLoopback } from './context.ts';
import { listRuns } from './data.ts';

/** How often the newest run's cached verdicts are checked against the store. */
const WARM_INTERVAL_MS = 5_000;

export interface RunningUi {
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  db: Db;
  host: string;
  port: number;
}

function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}/`;
}

export async function startUi(o: StartOptions): Promise<RunningUi> {
  const { app, ctx } = createUi({ db: o.db, model: MODEL, rules: RULES, loopbackOnly: isLoopback(o.host) });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(new UserError(
      err.code === 'EADDRINUSE' ? em('serve.inUse', { port: o.port, host: o.host })
        : em('serve.listen', { host: o.host, port: o.port, detail: err.code ?? err.message }))));
    server.listen(o.port, o.host, () => resolve());
  });
  // The newest completed run's verdicts are computed before a page asks for them: at
  // start, and again soon after a declarations import or a new run (checked every few
  // seconds). Not a run still being audited: it changes with every agency stored.
  const warm = () => {
    const newest = listRuns(o.db).find((r) => r.status === 'completed');
    if (newest) ctx.exports.warm(newest.id);
  };
  warm();
  const warmer = setInterval(warm, WARM_INTERVAL_MS);
  warmer.unref();
  // Expired sessions and stale login counters are swept now and then.
  const sweep = setInterval(() => {
    deleteExpiredSessions(o.db, ctx.now());
    ctx.limits.pair.sweep();
    ctx.limits.ip.sweep();
  }, 10 * 60_000);
  sweep.unref();
  return {
    url: urlOf(server.address() as AddressInfo),
    close: () => new Promise((resolve) => {
      clearInterval(sweep);
      clearInterval(warmer);
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
