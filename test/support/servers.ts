// Small loopback servers for operational tests: flaky, slow and badly
// certified portals. Each listens on port 0 and counts its requests.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestServer { origin: string; server: Server; hits: () => number; close: () => Promise<void> }

export const PAGE = `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>سازمان آزمایشی</title></head>
<body><nav><ul><li><a href="/complaints">ثبت شکایت</a></li></ul></nav><main><h1>درگاه آزمایشی</h1><p>خوش آمدید</p></main></body></html>`;

/** The page PAGE's menu leads to: a complaint form, so a portal served from PAGE has a real complaints channel. */
export const COMPLAINTS_PAGE = `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>ثبت شکایت</title></head>
<body><main><h1>ثبت شکایت</h1><form method="post" action="/complaints"><label>نام <input name="name"></label>
<label>شرح شکایت <textarea name="body"></textarea></label><button type="submit">ثبت شکایت</button></form></main></body></html>`;

/** The stub portal: PAGE everywhere, its complaint form at /complaints. */
export function portalPage(req: IncomingMessage, res: ServerResponse): void {
  html(res, new URL(req.url ?? '/', 'http://x').pathname === '/complaints' ? COMPLAINTS_PAGE : PAGE);
}

async function listen(server: Server, scheme: 'http' | 'https', handler: (req: IncomingMessage, res: ServerResponse) => void, counter: { n: number }): Promise<TestServer> {
  server.on('request', (req, res) => { counter.n++; handler(req, res); });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${scheme}://127.0.0.1:${port}`, server, hits: () => counter.n,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

export function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  return listen(createHttp(), 'http', handler, { n: 0 });
}

/** An HTTPS server with a fresh self-signed certificate: a browser must refuse it. */
export function serveSelfSigned(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'self-signed-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const server = createHttps({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }) as unknown as Server;
  return listen(server, 'https', handler, { n: 0 });
}

/** The audit's phone-width check loads the home page beside the crawl; servers that count the crawler's requests leave it out. */
export function isPhoneCheck(req: IncomingMessage): boolean {
  return /Mobile/.test(req.headers['user-agent'] ?? '');
}

export function html(res: ServerResponse, body = PAGE, status = 200): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);
}

/** A site of fixed pages by path (HTML, 200), anything else 404. */
export function servePages(pages: Record<string, string>): Promise<TestServer> {
  return serve((req, res) => {
    const body = pages[new URL(req.url ?? '/', 'http://x').pathname];
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not found');
  });
}
