// A loopback webhook receiver: answers each POST with the next status of a
// script (the last one repeats) and keeps every body it was sent.
import type { IncomingMessage } from 'node:http';
import { serve, type TestServer } from './servers.ts';

export interface Receiver extends TestServer { url: string; bodies: unknown[]; attempts: () => number }

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function webhookReceiver(statuses: number[] = [200]): Promise<Receiver> {
  const bodies: unknown[] = [];
  let n = 0;
  const server = await serve((req, res) => {
    const status = statuses[Math.min(n++, statuses.length - 1)];
    void body(req).then((text) => {
      if (status < 300) bodies.push(JSON.parse(text));
      res.writeHead(status, { 'content-type': 'text/plain' }).end(String(status));
    });
  });
  return { ...server, url: `${server.origin}/hooks/portal-audit?token=secret`, bodies, attempts: () => n };
}
