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
}

async function readPage(page: Page, opts: RenderOptions): Promise<{ html: string; visibleText: string }> {
  await page.waitForLoadState('networkidle', { timeout: opts.settleMs }).catch(() => {});
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
  let kept = false;
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
    const { html, visibleText } = await readPage(page, opts);
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
