// The mobile browser check: the home page at 375 px wide, as a phone shows
// it: the viewport meta tag, and whether the page scrolls sideways.
import type { Browser } from 'playwright';
import { guardPages, withTimeout } from './browser.ts';

export const MOBILE_WIDTH_PX = 375;

export interface MobileCheck {
  url: string;
  viewportMeta: string | null;
  scrollWidth: number | null;
  viewportWidth: number;
  /** A screenshot at phone width, kept as evidence. */
  screenshot: Buffer | null;
  error: string | null;
}

export async function checkMobile(browser: Browser, url: string, opts: { userAgent: string; timeoutMs: number; ignoreCertificateErrors: boolean }): Promise<MobileCheck> {
  const context = await browser.newContext({
    viewport: { width: MOBILE_WIDTH_PX, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1,
    userAgent: `${opts.userAgent} Mobile`, ignoreHTTPSErrors: opts.ignoreCertificateErrors,
  });
  guardPages(context);
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load', timeout: opts.timeoutMs });
    const facts = await withTimeout(page.evaluate(() => ({
      viewportMeta: document.querySelector('meta[name="viewport" i]')?.getAttribute('content') ?? null,
      scrollWidth: document.documentElement.scrollWidth,
    })), opts.timeoutMs, 'measuring the page');
    const screenshot = await page.screenshot({ timeout: opts.timeoutMs });
    // Where the phone ended up, after redirects: the page the evidence is about.
    return { url: page.url(), ...facts, viewportWidth: MOBILE_WIDTH_PX, screenshot, error: null };
  } catch (err) {
    return { url, viewportMeta: null, scrollWidth: null, viewportWidth: MOBILE_WIDTH_PX, screenshot: null, error: (err as Error).message.split('\n')[0] };
  } finally {
    await context.close().catch(() => {});
  }
}
