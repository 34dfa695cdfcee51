// Finds and launches Chromium (once per run) and renders pages into RawPage
// records. Every browser call is bounded by a timeout.
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Request, type Response } from 'playwright';
import type { RawPage } from './artifacts.ts';
import { guardContextScope, scopeGuarded } from './scope.ts';
import { LOAD_MORE_CONTROLS, LOAD_MORE_SOURCE, MAX_PLACEHOLDER_CHARS, saysLoading, type RenderReason } from './needs-render.ts';
import { sameDocument } from './urls.ts';

export const CLOSED_NETWORK_FLAGS = [
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
  // A portal's scripts get at most 1 GB of heap: a page that eats memory crashes its own renderer in a second
  // (that render fails and is recorded) instead of taking the machine's memory for 20 s first.
  '--js-flags=--max-old-space-size=1024',
];
const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** PORTAL_AUDIT_CHROMIUM, then the system Chromium, then Playwright's managed one. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.PORTAL_AUDIT_CHROMIUM) return isExecutable(env.PORTAL_AUDIT_CHROMIUM) ? env.PORTAL_AUDIT_CHROMIUM : null;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of SYSTEM_NAMES) if (isExecutable(join(dir, name))) return join(dir, name);
  }
  try {
    const managed = chromium.executablePath();
    if (managed && existsSync(managed)) return managed;
  } catch {
    // Playwright has no managed browser here.
  }
  return null;
}

/**
 * Launch a browser; a debugging port lets Lighthouse drive the same browser.
 * Signals are the audit's to handle (Playwright's own handlers would exit the
 * process before the lock is released).
 */
export async function launchBrowser(executablePath: string, debuggingPort?: number, extraArgs: string[] = []): Promise<Browser> {
  const args = [...CLOSED_NETWORK_FLAGS, ...(debuggingPort ? [`--remote-debugging-port=${debuggingPort}`] : []), ...extraArgs];
  return chromium.launch({ executablePath, headless: true, args, timeout: 60_000, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
}


export interface ContextOptions {
  userAgent: string;
  /** Only after a certificate error was recorded: lets the audit read a portal a browser would warn about. */
  ignoreCertificateErrors?: boolean;
  /** The agency's hosts: a tab's top-level navigation elsewhere is stopped before it is sent (scope.ts). */
  scope?: ReadonlySet<string>;
}

/** Portals open popups and dialogs; neither may stall the crawl. */
export function guardPages(context: BrowserContext): void {
  context.on('page', (p) => {
    p.on('dialog', (d) => d.dismiss().catch(() => {}));
    p.on('popup', (popup) => { popup.close().catch(() => {}); });
  });
}

/** The desktop screen every agency context emulates. */
export const DESKTOP_VIEWPORT = { width: 1280, height: 900 };

/** One context per agency: its renders, and its evidence screenshots (which want fonts and images). */
export async function newAgencyContext(browser: Browser, opts: ContextOptions): Promise<BrowserContext> {
  const context = await browser.newContext({
    userAgent: opts.userAgent, viewport: DESKTOP_VIEWPORT, locale: 'fa-IR', acceptDownloads: false,
    ignoreHTTPSErrors: opts.ignoreCertificateErrors ?? false,
  });
  guardPages(context);
  if (opts.scope) guardContextScope(context, opts.scope);
  return context;
}

/** Skip fonts and media on a page that is read, not photographed. */
async function blockHeavyResources(page: Page): Promise<void> {
  await page.route('**/*', (route) => {
    const type = route.request().resourceType();
    return type === 'font' || type === 'media' ? route.abort() : route.continue();
  });
}

export class TimeoutError extends Error {}

/** A single DevTools call that is not a page load: answered in milliseconds by a live renderer. */
export const DEVTOOLS_CALL_MS = 5_000;

export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface RenderOptions {
  navigationTimeoutMs: number;
  /** How long to wait for scripts to settle after load. */
  settleMs: number;
  /** The page as already fetched over HTTP: the tab gets the document from it instead of asking the portal again. */
  document?: DocumentCopy;
  /** A placeholder the page's script has yet to fill, waited for (at most settleMs more) after the network is quiet. */
  waitFor?: Placeholder;
}

/**
 * What a script fills after the network has gone quiet (a grid drawn from
 * JSON already fetched, a timer), named by the render reason that found it: a
 * data table without a data cell, or a shown element that only says it is loading.
 */
export type Placeholder = Extract<RenderReason, 'empty-table' | 'loading-placeholder'>;

/** In the page: no table has header cells without a data cell. */
function tablesFilled(): boolean {
  return !Array.from(document.querySelectorAll('table')).some((t) => t.querySelector('th') && !t.querySelector('td'));
}

/** In the page: the short texts of shown leaf elements (the first 5,000 elements), where a loading notice would be. */
function shownShortTexts(maxChars: number): string[] {
  return Array.from(document.body?.querySelectorAll('*') ?? []).slice(0, 5000)
    .filter((el) => el.childElementCount === 0 && (el as HTMLElement).offsetParent !== null)
    .map((el) => (el.textContent ?? '').trim()).filter((t) => t.length > 0 && t.length <= maxChars);
}

/** Whether the placeholder is filled; a loading notice is read by the same test that decided to render (saysLoading). */
async function placeholderFilled(page: Page, placeholder: Placeholder): Promise<boolean> {
  if (placeholder === 'empty-table') return page.evaluate(tablesFilled);
  return !(await page.evaluate(shownShortTexts, MAX_PLACEHOLDER_CHARS)).some(saysLoading);
}

/** Poll until the placeholder is filled or `timeoutMs` passes; true when it was filled. */
async function waitFilled(page: Page, placeholder: Placeholder, timeoutMs: number): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    // A page that cannot be read (its renderer crashed) will not be filled either.
    const filled = await withTimeout(placeholderFilled(page, placeholder), DEVTOOLS_CALL_MS, 'reading the page').catch(() => null);
    if (filled !== false) return filled === true;
    if (performance.now() >= end) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A document already fetched, to be served to a tab instead of asking the portal. */
export type DocumentCopy = Pick<RawPage, 'status' | 'headers' | 'html'>;

// Headers that describe the bytes as they travelled, not the decoded document handed to the tab.
const TRANSPORT_HEADERS = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive']);

/**
 * Navigate a tab to `url`, its document served from a copy already fetched:
 * its styles, scripts and images still load from the portal. Only the first
 * document request is intercepted, through DevTools rather than Playwright's
 * routing, which would switch the tab's HTTP cache off and fetch every style
 * and image again.
 */
export async function gotoCopy(page: Page, url: string, doc: DocumentCopy, timeoutMs: number): Promise<Response | null> {
  const headers = Object.entries(doc.headers)
    .filter(([k]) => !TRANSPORT_HEADERS.has(k.toLowerCase()) && k.toLowerCase() !== 'content-type')
    .map(([name, value]) => ({ name, value }));
  await scopeGuarded(page);
  const cdp = await withTimeout(page.context().newCDPSession(page), timeoutMs, 'opening a DevTools session');
  // A renderer that crashed (a script that ate its memory) can leave a detach that never returns.
  const release = () => withTimeout(cdp.detach(), DEVTOOLS_CALL_MS, 'detaching DevTools').catch(() => {});
  let served = false;
  cdp.on('Fetch.requestPaused', (e: { requestId: string }) => {
    // Any later document (a frame, a meta refresh before the session is gone) goes on to the scope guard and the network.
    if (served) return void cdp.send('Fetch.continueRequest', { requestId: e.requestId }).catch(() => {});
    served = true;
    cdp.send('Fetch.fulfillRequest', {
      requestId: e.requestId, responseCode: doc.status ?? 200,
      responseHeaders: [...headers, { name: 'content-type', value: 'text/html; charset=utf-8' }], body: Buffer.from(doc.html).toString('base64'),
    }).catch(() => {}).finally(release);
  });
  try {
    await withTimeout(cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', resourceType: 'Document', requestStage: 'Request' }] }), DEVTOOLS_CALL_MS, 'intercepting the document');
    return await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
  } finally {
    // Also when the navigation failed before its request: the tab must not keep intercepting.
    await release();
  }
}

/** Requests a tab has in flight, so scripts' own fetches can be waited for; detached when the render is over. */
class InFlight {
  private count = 0;
  private lastChange = performance.now();
  private readonly page: Page;
  private readonly up = () => this.change(1);
  private readonly down = () => this.change(-1);
  constructor(page: Page) {
    this.page = page;
    page.on('request', this.up);
    page.on('requestfinished', this.down);
    page.on('requestfailed', this.down);
  }
  private change(by: number): void {
    this.count = Math.max(0, this.count + by);
    this.lastChange = performance.now();
  }
  /** Quiet: nothing in flight for `quietMs` (Playwright's networkidle waits a fixed 500 ms). */
  async settle(quietMs: number, maxMs: number): Promise<void> {
    const end = performance.now() + maxMs;
    while (performance.now() < end && (this.count > 0 || performance.now() - this.lastChange < quietMs)) await new Promise((r) => setTimeout(r, 25));
  }
  detach(): void {
    this.page.off('request', this.up);
    this.page.off('requestfinished', this.down);
    this.page.off('requestfailed', this.down);
  }
}

/** After load, scripts get until the network has been quiet a moment (at most settleMs) to build the page. */
const QUIET_MS = 150;

/**
 * Runs in the page: its HTML and visible text, in one round trip in the
 * page's own world (Playwright's content() would inject its helper script
 * into every rendered page). Rules a script inserted straight into the CSSOM
 * (CSS-in-JS libraries in production mode fill an empty <style> that way)
 * and constructed stylesheets are not in the serialized HTML: they are
 * written out as text first, so the snapshot is photographed as it was shown.
 */
function readInPage(): { html: string; visibleText: string | null } {
  const text = (sheet: CSSStyleSheet) => Array.from(sheet.cssRules, (r) => r.cssText).join('\n');
  for (const el of Array.from(document.querySelectorAll('style'))) {
    if (el.sheet && !el.textContent?.trim() && el.sheet.cssRules.length) el.textContent = text(el.sheet);
  }
  const adopted = document.adoptedStyleSheets ?? [];
  if (adopted.length && document.head) {
    const el = document.createElement('style');
    el.textContent = adopted.map(text).join('\n');
    document.head.append(el);
  }
  const doctype = document.doctype ? new XMLSerializer().serializeToString(document.doctype) : '';
  // Open shadow roots (web components) are written out as declarative ones, which the reading side opens in place.
  const roots: ShadowRoot[] = [];
  const collect = (root: Document | ShadowRoot) => {
    for (const el of Array.from(root.querySelectorAll('*'))) {
      if (el.shadowRoot) {
        roots.push(el.shadowRoot);
        collect(el.shadowRoot);
      }
    }
  };
  collect(document);
  const root = document.documentElement as HTMLElement & { getHTML?: (o: { shadowRoots: ShadowRoot[] }) => string };
  if (!roots.length || !root.getHTML) return { html: doctype + root.outerHTML, visibleText: document.body?.innerText ?? '' };
  const attrs = Array.from(root.attributes, (a) => ` ${a.name}="${a.value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`).join('');
  // innerText leaves shadow content out: the text is read from the HTML instead.
  return { html: `${doctype}<html${attrs}>${root.getHTML({ shadowRoots: roots })}</html>`, visibleText: null };
}

/** In the page: press the first shown, enabled control whose whole text asks for more of a list; its text evened out as loadMoreText does. */
function pressLoadMoreInPage(args: { source: string; controls: string }): boolean {
  const asked = new RegExp(args.source, 'i');
  const even = (t: string) => t.replace(/ي/g, 'ی').replace(/ك/g, 'ک').replace(/[\u200c\s]+/g, ' ').replace(/[.…:»«]+/g, '').trim();
  for (const el of Array.from(document.querySelectorAll<HTMLElement>(args.controls))) {
    if (el.offsetParent === null || (el as HTMLButtonElement).disabled) continue;
    // One that leaves the page (a handler that sets the location, a form's submit button) is a link, crawled as one.
    if (/location|window\.open|\.submit\(/i.test(el.getAttribute('onclick') ?? '') || (el instanceof HTMLButtonElement && el.type === 'submit' && el.form)) continue;
    if (!asked.test(even(el instanceof HTMLInputElement ? el.value : el.innerText))) continue;
    el.click();
    return true;
  }
  return false;
}

/** A list grown by «نمایش بیشتر» at most this many times: a real catalog's button runs out sooner, an endless feed is cut there. */
const MAX_LOAD_MORE_PRESSES = 5;

/** Press a list's «نمایش بیشتر» (as a citizen looking for a service would) until it is gone or brings nothing more. */
async function pressLoadMore(page: Page, inFlight: InFlight, opts: Pick<RenderOptions, 'settleMs'>): Promise<void> {
  const shownChars = () => withTimeout(page.evaluate(() => document.body?.innerText.length ?? 0), DEVTOOLS_CALL_MS, 'reading the page').catch(() => -1);
  // A press that loads another document leaves this page: what the tab would read is not this page's.
  // The document is marked before pressing; a page without the mark is another one.
  const mark = () => withTimeout(page.evaluate(() => { (window as unknown as Record<string, boolean>).__portalAuditShown = true; }), DEVTOOLS_CALL_MS, 'reading the page').catch(() => {});
  const same = () => withTimeout(page.evaluate(() => (window as unknown as Record<string, boolean>).__portalAuditShown === true), DEVTOOLS_CALL_MS, 'reading the page').catch(() => false);
  await mark();
  for (let i = 0; i < MAX_LOAD_MORE_PRESSES; i++) {
    const before = await shownChars();
    const pressed = await withTimeout(page.evaluate(pressLoadMoreInPage, { source: LOAD_MORE_SOURCE, controls: LOAD_MORE_CONTROLS }), DEVTOOLS_CALL_MS, 'pressing «نمایش بیشتر»').catch(() => false);
    if (!pressed) return;
    await inFlight.settle(QUIET_MS, opts.settleMs);
    if (!(await same())) throw new Error(`pressing «نمایش بیشتر» left the page for ${page.url()}`);
    if ((await shownChars()) <= before) return;
  }
}

async function readPage(page: Page, inFlight: InFlight, opts: Pick<RenderOptions, 'settleMs' | 'navigationTimeoutMs' | 'waitFor'>): Promise<{ html: string; visibleText?: string }> {
  await inFlight.settle(QUIET_MS, opts.settleMs);
  // A slow machine runs a grid's script long after its data came: wait for the fill itself, then for what it asked for.
  if (opts.waitFor && await waitFilled(page, opts.waitFor, opts.settleMs)) await inFlight.settle(QUIET_MS, opts.settleMs);
  await pressLoadMore(page, inFlight, opts);
  const read = await withTimeout(page.evaluate(readInPage), opts.navigationTimeoutMs, 'reading the page');
  return { html: read.html, ...(read.visibleText === null ? {} : { visibleText: read.visibleText }) };
}

/** A tab watched while something is done in it: it settles as a render does, then is read as rendered. */
export interface WatchedTab {
  read(opts: Pick<RenderOptions, 'settleMs' | 'navigationTimeoutMs'>): Promise<{ html: string; visibleText?: string }>;
  detach(): void;
}

export function watchTab(page: Page): WatchedTab {
  const inFlight = new InFlight(page);
  return { read: (opts) => readPage(page, inFlight, opts), detach: () => inFlight.detach() };
}

/** Close a tab, even one whose scripts never stop. */
export async function closePage(page: Page): Promise<void> {
  await withTimeout(page.close({ runBeforeUnload: false }), 5_000, 'closing the page').catch(() => {});
}

/**
 * One crawl's idle tabs, reused from render to render: opening a tab costs
 * Chromium about as much CPU as rendering a page in it. A tab that failed a
 * render is closed, never reused.
 */
export class TabPool {
  private readonly idle: Page[] = [];
  private readonly context: BrowserContext;
  private readonly maxIdle: number;
  /** Set up once per new tab (such as blocking fonts and media). */
  private readonly prepare: (page: Page) => Promise<void>;
  constructor(context: BrowserContext, maxIdle: number, prepare: (page: Page) => Promise<void> = async () => {}) {
    this.context = context;
    this.maxIdle = maxIdle;
    this.prepare = prepare;
  }
  async take(): Promise<Page> {
    const reused = this.idle.pop();
    if (reused) return reused;
    const page = await this.context.newPage();
    await this.prepare(page);
    return page;
  }
  async give(page: Page): Promise<void> {
    if (this.idle.length < this.maxIdle && !page.isClosed()) this.idle.push(page);
    else await closePage(page);
  }
  async closeAll(): Promise<void> {
    await Promise.all(this.idle.splice(0).map(closePage));
  }
}

/** Fonts and media blocked: for tabs that are read, not photographed. */
export function readOnlyTabs(context: BrowserContext, maxIdle: number): TabPool {
  return new TabPool(context, maxIdle, blockHeavyResources);
}

/**
 * A tab left on another route of the same app would only change route in
 * place (no load, the last route's state kept): it is emptied first, so the
 * route is loaded afresh, as a citizen following a link to it would see it.
 */
export async function leaveDocumentFor(page: { url(): string; goto(url: string): Promise<unknown> }, url: string): Promise<void> {
  if (new URL(url).hash && sameDocument(page.url(), url)) await page.goto('about:blank');
}

/** Render one URL in a tab of the pool. Failures come back as a RawPage with `error` set, never as a throw. */
export async function renderPage(tabs: TabPool, url: string, depth: number, opts: RenderOptions): Promise<RawPage> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const base = { url, depth, fetchedBy: 'browser' as const };
  const page = await tabs.take();
  let reusable = false;
  const inFlight = new InFlight(page);
  const insecureRequests: string[] = [];
  const noteInsecure = (req: Request) => {
    if (req.url().startsWith('http:') && page.url().startsWith('https:') && insecureRequests.length < 100) insecureRequests.push(req.url());
  };
  page.on('request', noteInsecure);
  try {
    await scopeGuarded(page);
    await leaveDocumentFor(page, url);
    const response = opts.document ? await gotoCopy(page, url, opts.document, opts.navigationTimeoutMs) : await page.goto(url, { waitUntil: 'load', timeout: opts.navigationTimeoutMs });
    const headers = response ? await response.allHeaders() : {};
    const status = response?.status() ?? null;
    const contentType = headers['content-type'] ?? '';
    const finalUrl = page.url();
    if (contentType && !/html|xml/i.test(contentType)) {
      return { ...base, finalUrl, status, headers, html: '', timing: { startedAt, durationMs: performance.now() - t0 }, error: `not an HTML page (${contentType})` };
    }
    const { html, visibleText } = await readPage(page, inFlight, opts);
    reusable = true;
    return { ...base, finalUrl, status, headers, html, visibleText, insecureRequests, timing: { startedAt, durationMs: performance.now() - t0 } };
  } catch (err) {
    // Playwright prefixes its method name («page.goto: …»); the reason is what matters.
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0].replace(/^page\.goto:\s*/, '');
    return { ...base, finalUrl: url, status: null, headers: {}, html: '', timing: { startedAt, durationMs: performance.now() - t0 }, error: message };
  } finally {
    inFlight.detach();
    page.off('request', noteInsecure);
    if (reusable) await tabs.give(page);
    else await closePage(page);
  }
}
