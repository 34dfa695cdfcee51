// HTTP-first fetching: one GET per page with undici, redirects followed by
// hand (so a loop is named), every step bounded (connect, first byte, whole
// page, size), and the body decoded by the HTML encoding sniffing rules.
// Cookies are kept per client (one agency's audit), as a citizen's browser
// keeps them through a visit. Failures come back as a RawPage with `error`
// set, never as a throw.
import { CookieJar } from 'tough-cookie';
import { Agent, request, type Dispatcher } from 'undici';
import { getEncoding } from 'encoding-sniffer';
import type { RawPage } from './artifacts.ts';
import { ACCEPT_ENCODING, decodeBody } from './content-encoding.ts';
import { leftScopeError } from './scope.ts';
import { canonicalUrl, inheritRoute } from './urls.ts';

export interface HttpFetchOptions {
  userAgent: string;
  /** The whole page: redirects, first byte and body. */
  navigationTimeoutMs: number;
  maxPageBytes: number;
  maxRedirects: number;
}

/** A cookie as a browser context lists it (Playwright's `context.cookies()`). */
export interface BrowserCookie { name: string; value: string; domain: string; path: string; secure: boolean; httpOnly: boolean }

/**
 * Two connection pools per agency's audit: one that checks certificates and
 * one for portals read past a certificate error; and the portal's cookies, so
 * a session the portal starts holds for the audit (a WebForms view state tied
 * to it, a cookie check that redirects to the page again).
 */
export class HttpClient {
  private readonly strict: Agent;
  private readonly lenient: Agent;
  readonly cookies = new CookieJar();
  constructor(connectTimeoutMs: number) {
    const common = { connectTimeout: connectTimeoutMs, keepAliveTimeout: 4_000, connections: 8 };
    this.strict = new Agent(common);
    this.lenient = new Agent({ ...common, connect: { rejectUnauthorized: false } });
  }
  /** Cookies a browser holds for `url` (a page it loaded started the portal's session): later requests carry them too. */
  async adoptCookies(url: string, cookies: BrowserCookie[]): Promise<void> {
    for (const c of cookies) {
      const domain = c.domain.startsWith('.') ? `; Domain=${c.domain.slice(1)}` : '';
      await this.cookies.setCookie(`${c.name}=${c.value}; Path=${c.path}${domain}${c.secure ? '; Secure' : ''}${c.httpOnly ? '; HttpOnly' : ''}`, url, { ignoreError: true });
    }
  }
  dispatcher(ignoreCertificateErrors: boolean): Dispatcher {
    return ignoreCertificateErrors ? this.lenient : this.strict;
  }
  async close(): Promise<void> {
    await Promise.all([this.strict.close(), this.lenient.close()]).catch(() => {});
  }
}

// Node's TLS and socket codes, named as Chromium names them, so a page fails
// with the same words whichever way it was fetched.
const NET_ERRORS: Array<[RegExp, string]> = [
  [/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE/, 'net::ERR_CERT_AUTHORITY_INVALID'],
  [/CERT_HAS_EXPIRED|CERT_NOT_YET_VALID/, 'net::ERR_CERT_DATE_INVALID'],
  [/ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH/, 'net::ERR_CERT_COMMON_NAME_INVALID'],
  [/ERR_SSL|ERR_TLS|EPROTO/, 'net::ERR_SSL_PROTOCOL_ERROR'],
  [/ECONNREFUSED/, 'net::ERR_CONNECTION_REFUSED'],
  [/ENOTFOUND|EAI_AGAIN/, 'net::ERR_NAME_NOT_RESOLVED'],
  [/ECONNRESET|UND_ERR_SOCKET|EPIPE/, 'net::ERR_CONNECTION_RESET'],
  [/UND_ERR_CONNECT_TIMEOUT|ETIMEDOUT/, 'net::ERR_CONNECTION_TIMED_OUT'],
];

function errorCode(err: unknown): string {
  const e = err as { code?: string; cause?: { code?: string; message?: string }; message?: string };
  return [e.code, e.cause?.code, e.message, e.cause?.message].filter(Boolean).join(' ');
}

/** `phase`: whether the response had begun when the error came. Errors this module names itself pass through. */
function describeFetchError(err: unknown, timeoutMs: number, phase: 'response' | 'body'): string {
  if (err instanceof Error && err.message.startsWith('net::')) return err.message;
  const text = errorCode(err);
  const timedOut = /UND_ERR_HEADERS_TIMEOUT|AbortError|TimeoutError|UND_ERR_ABORTED|UND_ERR_BODY_TIMEOUT|aborted/i.test(text);
  if (timedOut && phase === 'response') return `net::ERR_TIMED_OUT (no response within ${timeoutMs} ms)`;
  if (timedOut) return `net::ERR_TIMED_OUT (the page did not finish within ${timeoutMs} ms)`;
  for (const [pattern, name] of NET_ERRORS) if (pattern.test(text)) return `${name} (${(err as Error).message ?? text})`;
  return (err as Error).message ?? String(err);
}

/** A declared or sniffed encoding; bytes that are not UTF-8 and declare nothing are read as Windows-1256, common on older Persian sites. */
export function decodeHtml(bytes: Uint8Array, contentType: string): { text: string; encoding: string } {
  const label = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1];
  const head = bytes.subarray(0, 4096);
  const sniffed = getEncoding(head, { transportLayerEncodingLabel: label, defaultEncoding: 'utf-8' });
  // The sniffer falls back to its default when nothing (BOM, header, meta) names an encoding: two defaults tell.
  const declared = sniffed === getEncoding(head, { transportLayerEncodingLabel: label, defaultEncoding: 'windows-1256' });
  if (!declared) {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
    } catch {
      return { text: new TextDecoder('windows-1256').decode(bytes), encoding: 'windows-1256' };
    }
  }
  try {
    return { text: new TextDecoder(sniffed).decode(bytes), encoding: sniffed.toLowerCase() };
  } catch {
    return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  }
}

function headerRecord(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}

/** Why a response is not a page we read, or null when it is HTML. */
function notAPage(headers: Record<string, string>): string | null {
  const disposition = headers['content-disposition'] ?? '';
  if (/^\s*attachment/i.test(disposition)) return `not an HTML page (a download: ${disposition})`;
  const type = headers['content-type'] ?? '';
  if (type && !/html|xml/i.test(type)) return `not an HTML page (${type})`;
  return null;
}

/** Stop reading a body we do not want; the abort it causes is expected, not an error. */
export function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => {});
  body.destroy();
}

/** The body, or null when it is larger than maxBytes (or, with `truncate`, its first maxBytes). */
export async function readBody(body: Dispatcher.ResponseData['body'], maxBytes: number, truncate = false): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      discard(body);
      if (truncate) chunks.push((chunk as Buffer).subarray(0, (chunk as Buffer).length - (size - maxBytes)));
      return truncate ? Buffer.concat(chunks) : null;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

interface Hop { url: string; response: Dispatcher.ResponseData }

/** A failure after at least one redirect carries the URL it was redirected to. */
interface RedirectedError { redirectedTo?: string }

function failedAt(err: unknown, url: string): string {
  const to = err && typeof err === 'object' ? (err as RedirectedError).redirectedTo : undefined;
  return to ?? url;
}

function withoutFragment(url: string): string {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}

/** Stores a response's cookies (a malformed or foreign one is dropped, as a browser drops it); whether any was stored. */
async function keepCookies(jar: CookieJar, url: string, header: string | string[] | undefined): Promise<boolean> {
  let stored = false;
  for (const line of header === undefined ? [] : [header].flat()) {
    if (await jar.setCookie(line, url, { ignoreError: true })) stored = true;
  }
  return stored;
}

/** The agency's hosts: a redirect elsewhere is not followed. */
export type InScope = (url: string) => boolean;

/** The first request's method: a GET, or a form's POST (a WebForms postback) with its url-encoded body. */
type FirstRequest = { method: 'GET' } | { method: 'POST'; body: string };

function requestOptions(first: FirstRequest, hop: number): { method: 'GET' | 'POST'; body?: string; headers: Record<string, string> } {
  // A redirect after a POST is fetched with GET, as browsers do after a form.
  if (hop > 0 || first.method === 'GET') return { method: 'GET', headers: {} };
  return { method: 'POST', body: first.body, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}

/** GET (or a first POST) with redirects followed by hand: a loop or a long chain fails with a name, a hop out of scope is not taken. */
async function follow(url: string, client: HttpClient, dispatcher: Dispatcher, opts: HttpFetchOptions, signal: AbortSignal, scope: InScope, acceptEncoding = ACCEPT_ENCODING, first: FirstRequest = { method: 'GET' }): Promise<Hop> {
  const visited = new Set<string>();
  let current = url;
  for (let hop = 0; ; hop++) {
    visited.add(current);
    const { method, body, headers } = requestOptions(first, hop);
    // A route or postback fragment names the app's page, not the document: it is never sent.
    const address = withoutFragment(current);
    const cookie = await client.cookies.getCookieString(address).catch(() => '');
    const response = await request(address, {
      method, body, dispatcher, signal, headersTimeout: opts.navigationTimeoutMs, bodyTimeout: opts.navigationTimeoutMs,
      headers: { 'user-agent': opts.userAgent, accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5', 'accept-language': 'fa-IR,fa;q=0.9,en;q=0.6', 'accept-encoding': acceptEncoding, ...(cookie ? { cookie } : {}), ...headers },
    }).catch((err: unknown) => {
      // Where a redirect led matters even when it could not be reached (Iran's filtering page, from abroad).
      if (hop > 0 && err && typeof err === 'object') (err as RedirectedError).redirectedTo = current;
      throw err;
    });
    const stored = await keepCookies(client.cookies, address, response.headers['set-cookie']);
    const location = response.headers.location;
    if (response.statusCode < 300 || response.statusCode >= 400 || !location) return { url: current, response };
    discard(response.body);
    const next = inheritRoute(canonicalUrl(new URL(String(location), current).href), current);
    if (!scope(next)) throw new Error(leftScopeError(next));
    // Back to a page already asked is a loop, unless a cookie was set on the way (a cookie check asks for the page again).
    if (visited.has(next) && !stored) throw new Error(`net::ERR_TOO_MANY_REDIRECTS (redirect loop back to ${next})`);
    if (hop + 1 >= opts.maxRedirects) throw new Error(`net::ERR_TOO_MANY_REDIRECTS (more than ${opts.maxRedirects} redirects)`);
    current = next;
  }
}

/** A GET of any content type whose body is read only up to maxBytes: a probe reads a document's first bytes, discovery a capped sitemap. */
export interface BytesFetch extends RawPage {
  /** The bytes read (at most maxBytes), null when no response came. */
  body: Buffer | null;
  /** The whole body fitted in maxBytes. */
  complete: boolean;
}

export async function fetchBytes(client: HttpClient, url: string, opts: HttpFetchOptions, maxBytes: number, ignoreCertificateErrors = false): Promise<BytesFetch> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const base = { url, depth: 0, fetchedBy: 'http' as const, html: '', encoding: null };
  const timing = () => ({ startedAt, durationMs: performance.now() - t0 });
  let phase: 'response' | 'body' = 'response';
  try {
    // identity: the first bytes are the document's own (a PDF starts with %PDF), and no bomb is inflated.
    const { url: finalUrl, response } = await follow(url, client, client.dispatcher(ignoreCertificateErrors), opts, AbortSignal.timeout(opts.navigationTimeoutMs), () => true, 'identity');
    phase = 'body';
    // One byte more than wanted tells whether the body went on.
    const body = (await readBody(response.body, maxBytes + 1, true)) ?? Buffer.alloc(0);
    const complete = body.length <= maxBytes;
    return { ...base, finalUrl, status: response.statusCode, headers: headerRecord(response.headers), timing: timing(), error: null, body: body.subarray(0, maxBytes), complete };
  } catch (err) {
    return { ...base, finalUrl: failedAt(err, url), status: null, headers: {}, timing: timing(), error: describeFetchError(err, opts.navigationTimeoutMs, phase), body: null, complete: false };
  }
}

/** A page over HTTP; `postBody` makes the first request a form's POST (a WebForms postback), whose page keeps `url` as its address unless the server redirects. */
export async function fetchHttp(client: HttpClient, url: string, depth: number, opts: HttpFetchOptions, ignoreCertificateErrors = false, scope: InScope = () => true, postBody?: string): Promise<RawPage & { encoding: string | null }> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const base = { url, depth, fetchedBy: 'http' as const, encoding: null };
  const timing = () => ({ startedAt, durationMs: performance.now() - t0 });
  const signal = AbortSignal.timeout(opts.navigationTimeoutMs);
  let phase: 'response' | 'body' = 'response';
  try {
    const first: FirstRequest = postBody === undefined ? { method: 'GET' } : { method: 'POST', body: postBody };
    const { url: finalUrl, response } = await follow(url, client, client.dispatcher(ignoreCertificateErrors), opts, signal, scope, ACCEPT_ENCODING, first);
    const headers = headerRecord(response.headers);
    const status = response.statusCode;
    // An error status is the finding; whatever body came with it is not read.
    const refused = status >= 400 ? null : notAPage(headers);
    if (refused || status >= 400) {
      discard(response.body);
      return { ...base, finalUrl, status, headers, html: '', timing: timing(), error: refused };
    }
    phase = 'body';
    const raw = await readBody(response.body, opts.maxPageBytes);
    if (!raw) {
      return { ...base, finalUrl, status, headers, html: '', timing: timing(), error: `page larger than ${Math.round(opts.maxPageBytes / 1024 / 1024)} MB; reading stopped there` };
    }
    // The decoded page counts against the same cap: a decompression bomb fails this page only.
    const decoded = decodeBody(raw, headers['content-encoding'], opts.maxPageBytes);
    const contentEncoding = decoded.coding;
    if (!decoded.bytes) return { ...base, finalUrl, status, headers, html: '', timing: timing(), contentEncoding, error: decoded.error };
    const { text, encoding } = decodeHtml(decoded.bytes, headers['content-type'] ?? '');
    return { ...base, finalUrl, status, headers, html: text, timing: timing(), encoding, contentEncoding, error: null };
  } catch (err) {
    return { ...base, finalUrl: failedAt(err, url), status: null, headers: {}, html: '', timing: timing(), error: describeFetchError(err, opts.navigationTimeoutMs, phase) };
  }
}
