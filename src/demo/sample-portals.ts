// Serves the bundled sample portals (test/fixtures/portals/<id>/) on loopback,
// one HTTP server per portal so each has its own origin. Used by `demo` and
// by the end-to-end tests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize as normalizePath, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export const SAMPLE_PORTALS_DIR = fileURLToPath(new URL('../../test/fixtures/portals/', import.meta.url));

export interface PortalConfig {
  id: string;
  name: { fa: string; en: string };
  /** Extra response headers on every response (security headers and the like). */
  headers?: Record<string, string>;
  /** Paths answered with a fixed status and no file. */
  statusRoutes?: Record<string, number>;
  /** Paths answered with a 301 to another path or URL (`/` → `/fa/`, as many portals do). */
  redirects?: Record<string, string>;
  /** Charset named for text files, which are stored in it (old portals serve windows-1256). */
  charset?: string;
  /** File served with 200 for a path without an extension that has no file: a history-mode single-page app. */
  fallback?: string;
  /**
   * Files chosen by the query string, as servers that route on it do
   * (`/ShowPage.aspx?PageId=123`, WordPress's `/?s=…`): key `path?name` (the
   * parameter is there, any value) or `path?name=value`, value the file's path.
   */
  queryRoutes?: Record<string, string>;
  /**
   * Files answered to a POST by a field of its url-encoded body, as ASP.NET WebForms answers a
   * `__doPostBack` LinkButton with another page: key `path?name=value` (`/Default.aspx?__EVENTTARGET=ctl00$Menu$lnkServices`),
   * value the file's path. A POST that matches none is answered like a GET.
   */
  postRoutes?: Record<string, string>;
}

export interface ServedPortal {
  config: PortalConfig;
  dir: string;
  origin: string;
  server: Server;
  /** Requests served so far (tests use it to see what was crawled again). */
  hits: number;
  /** Answer `path` with `status` from now on: the demo's second night breaks a page. */
  breakPath(path: string, status: number): void;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.txt': 'text/plain; charset=utf-8', '.css': 'text/css',
  '.js': 'text/javascript', '.json': 'application/json', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml', '.pdf': 'application/pdf', '.xml': 'application/xml', '.csv': 'text/csv',
  // Server-side page extensions, served as the HTML they render to (WebForms, PHP and JSP portals).
  '.aspx': 'text/html; charset=utf-8', '.php': 'text/html; charset=utf-8', '.jsp': 'text/html; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function listSamplePortals(root = SAMPLE_PORTALS_DIR): string[] {
  return readdirSync(root).filter((d) => existsSync(join(root, d, 'portal.json'))).sort();
}

function fileFor(siteDir: string, urlPath: string): string | null {
  const clean = normalizePath(decodeURIComponent(urlPath)).replace(/^(\.\.[/\\])+/, '');
  const base = resolve(siteDir, '.' + clean);
  if (!base.startsWith(resolve(siteDir))) return null;
  for (const candidate of [base, join(base, 'index.html'), base + '.html']) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** The file a query route names for this request, or null. */
function queryRouteFor(siteDir: string, config: PortalConfig, url: URL): string | null {
  for (const [key, file] of Object.entries(config.queryRoutes ?? {})) {
    const [path, param = ''] = key.split('?');
    const [name, value] = param.split('=');
    const given = url.searchParams.get(name);
    if (path === url.pathname && given !== null && (value === undefined || given === value)) return fileFor(siteDir, file);
  }
  return null;
}

/** The file a post route names for this POST body, or null. */
function postRouteFor(siteDir: string, config: PortalConfig, path: string, body: string): string | null {
  const fields = new URLSearchParams(body);
  for (const [key, file] of Object.entries(config.postRoutes ?? {})) {
    const q = key.indexOf('?');
    const eq = key.indexOf('=', q);
    if (q < 0 || eq < 0 || key.slice(0, q) !== path) continue;
    if (fields.get(key.slice(q + 1, eq)) === key.slice(eq + 1)) return fileFor(siteDir, file);
  }
  return null;
}

function fallbackFor(siteDir: string, config: PortalConfig, urlPath: string): string | null {
  if (!config.fallback || extname(urlPath)) return null;
  return fileFor(siteDir, config.fallback);
}

function contentType(config: PortalConfig, file: string): string {
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  return config.charset ? type.replace('charset=utf-8', `charset=${config.charset}`) : type;
}

function notFoundPage(): string {
  return '<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>یافت نشد</title></head><body><h1>۴۰۴ - صفحه یافت نشد</h1></body></html>';
}

export async function servePortal(dir: string, host = '127.0.0.1'): Promise<ServedPortal> {
  const config = JSON.parse(readFileSync(join(dir, 'portal.json'), 'utf8')) as PortalConfig;
  const siteDir = join(dir, 'site');
  const served: { hits: number } = { hits: 0 };
  const statusRoutes: Record<string, number> = { ...config.statusRoutes };
  const server = createServer((req, res) => {
    if (req.method === 'POST' && config.postRoutes) {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => answer(req, res, Buffer.concat(chunks).toString('utf8')));
      return;
    }
    answer(req, res, '');
  });
  function answer(req: IncomingMessage, res: ServerResponse, body: string): void {
    served.hits++;
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    for (const [k, v] of Object.entries(config.headers ?? {})) res.setHeader(k, v);
    const target = config.redirects?.[path];
    if (target) {
      res.writeHead(301, { location: target }).end();
      return;
    }
    const fixed = statusRoutes[path];
    if (fixed) {
      res.writeHead(fixed, { 'content-type': 'text/html; charset=utf-8' }).end(notFoundPage());
      return;
    }
    const posted = body ? postRouteFor(siteDir, config, path, body) : null;
    const file = posted ?? queryRouteFor(siteDir, config, url) ?? fileFor(siteDir, path) ?? fallbackFor(siteDir, config, path);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(notFoundPage());
      return;
    }
    res.writeHead(200, { 'content-type': contentType(config, file) });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  }
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(0, host, () => ok()));
  const { port } = server.address() as AddressInfo;
  const portal = {
    config, dir, origin: `http://${host}:${port}`, server,
    get hits() { return served.hits; },
    breakPath(brokenPath: string, status: number) { statusRoutes[brokenPath] = status; },
  };
  return portal;
}

export async function serveSamplePortals(root = SAMPLE_PORTALS_DIR, ids = listSamplePortals(root)): Promise<ServedPortal[]> {
  return Promise.all(ids.map((id) => servePortal(join(root, id))));
}

export async function closePortals(portals: ServedPortal[]): Promise<void> {
  await Promise.all(portals.map((p) => new Promise<void>((ok) => { p.server.closeAllConnections(); p.server.close(() => ok()); })));
}
