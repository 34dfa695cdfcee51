// Serves a generated nation on loopback: one HTTP server per portal, each on
// its own port (so each portal is its own host), every response delayed by
// the configured latency.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PortalSpec } from './nation.ts';

export interface ServedNation {
  portals: Array<{ spec: PortalSpec; origin: string }>;
  /** Requests answered so far, all portals together. */
  requests(): number;
  close(): Promise<void>;
}

const NOT_FOUND = '<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>یافت نشد</title></head><body><h1>۴۰۴ - صفحه یافت نشد</h1></body></html>';

const STATIC_LAST_MODIFIED = 'Mon, 01 Jan 2024 00:00:00 GMT';

function servePortal(spec: PortalSpec, latencyMs: number, counter: { n: number }): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    counter.n++;
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = spec.files.get(path);
    const timer = setTimeout(() => {
      for (const [k, v] of Object.entries(spec.headers)) res.setHeader(k, v);
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(NOT_FOUND);
        return;
      }
      // Static files carry what Apache and nginx send by default (Last-Modified, ETag), so browsers may cache them; pages do not.
      const validators = file.type.startsWith('text/html') ? {} : { 'last-modified': STATIC_LAST_MODIFIED, etag: `"${Buffer.byteLength(file.body)}-${path.length}"` };
      res.writeHead(200, { 'content-type': file.type, 'content-length': Buffer.byteLength(file.body), ...validators });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    }, latencyMs);
    res.on('close', () => clearTimeout(timer));
  });
  server.keepAliveTimeout = 5_000;
  return new Promise((ok, fail) => {
    server.once('error', fail).listen(0, '127.0.0.1', () => ok({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

export async function serveNation(nation: PortalSpec[], latencyMs: number): Promise<ServedNation> {
  const counter = { n: 0 };
  const started: Array<{ server: Server; origin: string }> = [];
  try {
    for (const spec of nation) started.push(await servePortal(spec, latencyMs, counter));
  } catch (err) {
    await closeAll(started.map((s) => s.server));
    throw err;
  }
  return {
    portals: nation.map((spec, i) => ({ spec, origin: started[i].origin })),
    requests: () => counter.n,
    close: () => closeAll(started.map((s) => s.server)),
  };
}

function closeAll(servers: Server[]): Promise<void> {
  return Promise.all(servers.map((s) => new Promise<void>((ok) => { s.closeAllConnections(); s.close(() => ok()); }))).then(() => {});
}
