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
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
