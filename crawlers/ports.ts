import { createServer } from 'node:net';

/** A loopback port nothing listens on right now (for Chromium's debugging port, or a dead portal in the demo). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}
