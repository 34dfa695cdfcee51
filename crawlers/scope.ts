// An agency's scope: the home page's host (with or without "www.") and the
// registry's `hosts`. A redirect, a meta refresh or a script navigation that
// leaves it is not followed: nothing outside is fetched, stored, photographed
// or cited as the agency's.
import type { BrowserContext, CDPSession, Page } from 'playwright';

/** The hosts (host:port, lower case) an agency's pages may be on. */
export function siteHosts(homepage: string, hosts: readonly string[]): Set<string> {
  const home = new URL(homepage).host.toLowerCase();
  const twin = home.startsWith('www.') ? home.slice(4) : `www.${home}`;
  return new Set([home, twin, ...hosts.map((h) => h.toLowerCase())]);
}

export function inScope(url: string, hosts: ReadonlySet<string>): boolean {
  const u = URL.parse(url);
  return !!u && (u.protocol === 'http:' || u.protocol === 'https:') && hosts.has(u.host.toLowerCase());
}

/** The error a page gets when its redirect leaves the agency's sites; not retried (ERR_BLOCKED is permanent). */
export function leftScopeError(target: string): string {
  return `net::ERR_BLOCKED_BY_CLIENT (redirect to ${target} leaves the agency's sites; not followed: add its host to the registry's hosts if it belongs to the agency)`;
}

export const LEFT_SCOPE = /leaves the agency's sites/;

const DEVTOOLS_CALL_MS = 5_000;

interface ContextGuard { hosts: ReadonlySet<string>; blocked: string[]; ready: WeakMap<Page, Promise<void>> }
const guards = new WeakMap<BrowserContext, ContextGuard>();

function bounded<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([work, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('DevTools did not answer')), DEVTOOLS_CALL_MS); })])
    .finally(() => clearTimeout(timer));
}

/**
 * Stop the tab's top-level navigations that leave the scope before their
 * request is sent: documents only are intercepted (through DevTools, so the
 * tab's HTTP cache stays on), frames inside the page are let through.
 */
async function guardPage(page: Page, guard: ContextGuard): Promise<void> {
  const cdp: CDPSession = await bounded(page.context().newCDPSession(page));
  const { frameTree } = await bounded(cdp.send('Page.getFrameTree'));
  // Stays for the tab's life: the frame tree of a page is the same across its navigations.
  const main = frameTree.frame.id;
  cdp.on('Fetch.requestPaused', (e) => {
    const leaves = e.frameId === main && !inScope(e.request.url, guard.hosts);
    if (leaves) guard.blocked.push(`navigation from ${page.url()} to ${e.request.url} blocked: outside the agency's sites (a redirect, meta refresh or script)`);
    // A 204 answer cancels a navigation and leaves the page as it was; failing the request would put Chromium's error page in its place.
    const answer = leaves
      ? cdp.send('Fetch.fulfillRequest', { requestId: e.requestId, responseCode: 204, responseHeaders: [], body: '' })
      : cdp.send('Fetch.continueRequest', { requestId: e.requestId });
    answer.catch(() => {});
  });
  await bounded(cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', resourceType: 'Document', requestStage: 'Request' }] }));
}

/** Every tab of the agency's context is guarded from its creation. */
export function guardContextScope(context: BrowserContext, hosts: ReadonlySet<string>): void {
  const guard: ContextGuard = { hosts, blocked: [], ready: new WeakMap() };
  guards.set(context, guard);
  context.on('page', (page) => {
    // A popup is closed as soon as it opens: its guard may fail, and nobody waits for it.
    const ready = guardPage(page, guard);
    ready.catch(() => {});
    guard.ready.set(page, ready);
  });
}

/** Wait until the tab's guard is in place (before its first navigation); a guard that failed to install fails the navigation. */
export async function scopeGuarded(page: Page): Promise<void> {
  await guards.get(page.context())?.ready.get(page);
}

/** Navigations the context's guard stopped, as crawl notes. */
export function blockedNavigations(context: BrowserContext): string[] {
  return [...new Set(guards.get(context)?.blocked ?? [])];
}
