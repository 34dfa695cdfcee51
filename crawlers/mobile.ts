// The mobile browser check: the home page at 375 px wide, as a phone shows
// it: the viewport meta tag, and whether the page scrolls sideways.
import type { BrowserContext, CDPSession, Page } from 'playwright';
import { closePage, withTimeout } from './browser.ts';

export const MOBILE_WIDTH_PX = 375;
const MOBILE_HEIGHT_PX = 812;

export interface MobileCheck {
  url: string;
  viewportMeta: string | null;
  scrollWidth: number | null;
  viewportWidth: number;
  /** A screenshot at phone width, kept as evidence. */
  screenshot: Buffer | null;
  error: string | null;
}

/**
 * Make one tab a phone: a 375 px mobile viewport (the viewport meta tag is
 * honoured), touch, and a mobile user agent. Done per tab through DevTools,
 * so the check runs in the agency's own context; a context of its own would
 * cost Chromium about as much as a whole page render more.
 */
async function emulatePhone(page: Page, userAgent: string): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: MOBILE_WIDTH_PX, height: MOBILE_HEIGHT_PX, deviceScaleFactor: 1, mobile: true });
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
  await cdp.send('Emulation.setUserAgentOverride', { userAgent: `${userAgent} Mobile`, acceptLanguage: 'fa-IR' });
  return cdp;
}

export async function checkMobile(context: BrowserContext, url: string, opts: { userAgent: string; timeoutMs: number }): Promise<MobileCheck> {
  let page: Page | null = null;
  try {
    page = await context.newPage();
    const cdp = await emulatePhone(page, opts.userAgent);
    await page.goto(url, { waitUntil: 'load', timeout: opts.timeoutMs });
    const facts = await withTimeout(page.evaluate(() => ({
      viewportMeta: document.querySelector('meta[name="viewport" i]')?.getAttribute('content') ?? null,
      scrollWidth: document.documentElement.scrollWidth,
    })), opts.timeoutMs, 'measuring the page');
    // Straight from DevTools: Playwright's screenshot would clip to the context's desktop viewport.
    const shot = await withTimeout(cdp.send('Page.captureScreenshot', { format: 'png' }), opts.timeoutMs, 'taking the screenshot');
    // Where the phone ended up, after redirects: the page the evidence is about.
    return { url: page.url(), ...facts, viewportWidth: MOBILE_WIDTH_PX, screenshot: Buffer.from(shot.data, 'base64'), error: null };
  } catch (err) {
    return { url, viewportMeta: null, scrollWidth: null, viewportWidth: MOBILE_WIDTH_PX, screenshot: null, error: (err as Error).message.split('\n')[0] };
  } finally {
    if (page) await closePage(page);
  }
}
