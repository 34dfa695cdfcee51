// The mobile browser check: the home page at 375 px wide, as a phone shows
// it: the viewport meta tag, and whether the page scrolls sideways.
import type { CDPSession, Page } from 'playwright';
import type { SiteArtifacts } from './artifacts.ts';
import { DESKTOP_VIEWPORT, withTimeout } from './browser.ts';
import { scopeGuarded } from './scope.ts';

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

export interface PhoneOptions { userAgent: string; timeoutMs: number }

/**
 * Make the tab a phone, or a desktop again: the viewport (a mobile one
 * honours the viewport meta tag), touch and the user agent. Done per tab
 * through DevTools, so the check runs in a tab of the agency's own context
 * (a context of its own cost Chromium about as much again as the check).
 */
async function emulate(cdp: CDPSession, phone: boolean, userAgent: string): Promise<void> {
  const screen = phone ? { width: MOBILE_WIDTH_PX, height: MOBILE_HEIGHT_PX } : DESKTOP_VIEWPORT;
  await cdp.send('Emulation.setDeviceMetricsOverride', { ...screen, deviceScaleFactor: 1, mobile: phone });
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: phone, maxTouchPoints: phone ? 5 : 1 });
  await cdp.send('Emulation.setUserAgentOverride', { userAgent: phone ? `${userAgent} Mobile` : userAgent, acceptLanguage: 'fa-IR' });
}

async function measure(page: Page, cdp: CDPSession, url: string, timeoutMs: number): Promise<MobileCheck> {
  await scopeGuarded(page);
  await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
  const facts = await withTimeout(page.evaluate(() => ({
    viewportMeta: document.querySelector('meta[name="viewport" i]')?.getAttribute('content') ?? null,
    scrollWidth: document.documentElement.scrollWidth,
  })), timeoutMs, 'measuring the page');
  // Straight from DevTools: Playwright's screenshot would clip to the context's desktop viewport.
  const shot = await withTimeout(cdp.send('Page.captureScreenshot', { format: 'png' }), timeoutMs, 'taking the screenshot');
  // Where the phone ended up, after redirects: the page the evidence is about.
  return { url: page.url(), ...facts, viewportWidth: MOBILE_WIDTH_PX, screenshot: Buffer.from(shot.data, 'base64'), error: null };
}

/**
 * Check `url` as a phone in `page`. On success the tab is made a desktop
 * again, so it can go on to take the agency's evidence screenshots; its
 * DevTools session stays attached, since closing it would drop the desktop
 * settings too. After a failure the tab may be stuck: the caller closes it.
 */
export async function checkMobile(page: Page, url: string, opts: PhoneOptions): Promise<MobileCheck> {
  try {
    const cdp = await page.context().newCDPSession(page);
    await withTimeout(emulate(cdp, true, opts.userAgent), opts.timeoutMs, 'making the tab a phone');
    const check = await measure(page, cdp, url, opts.timeoutMs);
    await withTimeout(emulate(cdp, false, opts.userAgent), opts.timeoutMs, 'making the tab a desktop again');
    return check;
  } catch (err) {
    return { url, viewportMeta: null, scrollWidth: null, viewportWidth: MOBILE_WIDTH_PX, screenshot: null, error: (err as Error).message.split('\n')[0] };
  }
}

/**
 * The page a citizen opens after the home page: the first sampled service
 * page, else the first page the home page links to. Null when there is none
 * other than the page the home check measured.
 */
export function pageBehind(site: Pick<SiteArtifacts, 'home' | 'pages' | 'services' | 'mobile'>): string | null {
  const home = site.home?.finalUrl;
  const measured = new Set([home, site.mobile?.url]);
  const linked = site.pages.filter((p) => p.depth === 1 && p.referrer === home);
  const next = [...(site.services ?? []), ...linked].find((p) => !measured.has(p.finalUrl));
  return next?.finalUrl ?? null;
}
