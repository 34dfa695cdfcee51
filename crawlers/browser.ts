// Finds and launches Chromium (once per run) and renders pages into RawPage
// records. Every browser call is bounded by a timeout.
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import type { RawPage } from './artifacts.ts';

export const CLOSED_NETWORK_FLAGS = [
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
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

/** Launch once per run; a debugging port lets Lighthouse drive the same browser. */
export async function launchBrowser(executablePath: string, debuggingPort?: number): Promise<Browser> {
  const args = debuggingPort ? [...CLOSED_NETWORK_FLAGS, `--remote-debugging-port=${debuggingPort}`] : CLOSED_NETWORK_FLAGS;
  return chromium.launch({ executablePath, headless: true, args, timeout: 60_000 });
}

export interface ContextOptions {
  userAgent: string;
  /** Only after a certificate error was recorded: lets the audit read a portal a browser would warn about. */
  ignoreCertificateErrors?: boolean;
}

/** Portals open popups and dialogs; neither may stall the crawl. */
export function guardPages(context: BrowserContext): void {
  context.on('page', (p) => {
    p.on('dialog', (d) => d.dismiss().catch(() => {}));
    p.on('popup', (popup) => { popup.close().catch(() => {}); });
  });
}

/** One context per agency: its renders, and its evidence screenshots (which want fonts and images). */
export async function newAgencyContext(browser: Browser, opts: ContextOptions): Promise<BrowserContext> {
  const context = await browser.newContext({
    userAgent: opts.userAgent, viewport: { width: 1280, height: 900 }, locale: 'fa-IR', acceptDownloads: false,
    ignoreHTTPSErrors: opts.ignoreCertificateErrors ?? false,
  });
  guardPages(context);
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
  /** Block fonts and media: the page will not be photographed from this tab. */
  blockHeavyResources: boolean;
  /** Offered the loaded tab instead of closing it, so evidence capture can reuse it; true when it kept it. */
  keep?: (url: string, page: Page) => boolean;
  /** The page as already fetched over HTTP: the tab gets the document from it instead of asking the portal again. */
  document?: Pick<RawPage, 'status' | 'headers' | 'html'>;
}

// Headers that describe the bytes as they travelled, not the decoded document handed to the tab.
const TRANSPORT_HEADERS = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive']);

/** Serve the tab's main document from the HTTP copy; its scripts, styles and images still load from the portal. */
async function serveDocument(page: Page, url: string, doc: NonNullable<RenderOptions['document']>): Promise<void> {
  const headers = Object.fromEntries(Object.entries(doc.headers).filter(([k]) => !TRANSPORT_HEADERS.has(k.toLowerCase())));
  let served = false;
  await page.route((u) => !served && u.href === url, (route) => {
    served = true;
    return route.fulfill({ status: doc.status ?? 200, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' }, body: doc.html });
  });
}

/** Requests a tab has in flight, so scripts' own fetches can be waited for. */
class InFlight {
  private count = 0;
  private lastChange = performance.now();
  constructor(page: Page) {
    page.on('request', () => this.change(1));
    page.on('requestfinished', () => this.change(-1));
    page.on('requestfailed', () => this.change(-1));
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
}

/** After load, scripts get until the network has been quiet a moment (at most settleMs) to build the page. */
const QUIET_MS = 150;

async function readPage(page: Page, inFlight: InFlight, opts: RenderOptions): Promise<{ html: string; visibleText: string }> {
  await inFlight.settle(QUIET_MS, opts.settleMs);
  const html = await withTimeout(page.content(), opts.navigationTimeoutMs, 'reading the page');
  const visibleText = await withTimeout(page.evaluate(() => document.body?.innerText ?? ''), opts.navigationTimeoutMs, 'reading the text');
  return { html, visibleText };
}

/** Close a tab, even one whose scripts never stop. */
export async function closePage(page: Page): Promise<void> {
  await withTimeout(page.close({ runBeforeUnload: false }), 5_000, 'closing the page').catch(() => {});
}

/** Render one URL. Failures come back as a RawPage with `error` set, never as a throw. */
export async function renderPage(context: BrowserContext, url: string, depth: number, opts: RenderOptions): Promise<RawPage> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const base = { url, depth, fetchedBy: 'browser' as const };
  const page = await context.newPage();
  if (opts.blockHeavyResources) await blockHeavyResources(page);
  if (opts.document) await serveDocument(page, url, opts.document);
  let kept = false;
  const inFlight = new InFlight(page);
  const insecureRequests: string[] = [];
  page.on('request', (req) => {
    if (req.url().startsWith('http:') && page.url().startsWith('https:') && insecureRequests.length < 100) insecureRequests.push(req.url());
  });
  try {
    const response = await page.goto(url, { waitUntil: 'load', timeout: opts.navigationTimeoutMs });
    const headers = response ? await response.allHeaders() : {};
    const status = response?.status() ?? null;
    const contentType = headers['content-type'] ?? '';
    const finalUrl = page.url();
    if (contentType && !/html|xml/i.test(contentType)) {
      return { ...base, finalUrl, status, headers, html: '', timing: { startedAt, durationMs: performance.now() - t0 }, error: `not an HTML page (${contentType})` };
    }
    const { html, visibleText } = await readPage(page, inFlight, opts);
    kept = opts.keep?.(finalUrl, page) ?? false;
    return { ...base, finalUrl, status, headers, html, visibleText, insecureRequests, timing: { startedAt, durationMs: performance.now() - t0 } };
  } catch (err) {
    // Playwright prefixes its method name («page.goto: …»); the reason is what matters.
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0].replace(/^page\.goto:\s*/, '');
    return { ...base, finalUrl: url, status: null, headers: {}, html: '', timing: { startedAt, durationMs: performance.now() - t0 }, error: message };
  } finally {
    if (!kept) await closePage(page);
  }
}
