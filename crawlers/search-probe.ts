// The probe step's try of a search box no GET request can submit: a box wired
// only to script (no form, no field name, action «#»), or one inside a POST
// form (ASP.NET WebForms wrap the page in one). In a tab of the agency's own
// context, as a citizen would: type the query, press Enter, then, if nothing
// happened, press the box's search button; record where that led. Only GET
// navigations are let through: a script that would post the page is stopped
// before it sends anything, and the search is recorded as not tried.
import type { Element } from 'domhandler';
import type { BrowserContext, Page } from 'playwright';
import type { PageArtifact, ProbeRecord, SiteArtifacts } from './artifacts.ts';
import { buildPageArtifact } from './artifacts.ts';
import { closePage, DEVTOOLS_CALL_MS, watchTab, withTimeout, type WatchedTab } from './browser.ts';
import { ancestors, cssPathOrNull, labelText, loadDom, visibleText, type CheerioAPI } from './dom.ts';
import type { CrawlOptions, HostSlots } from './portal.ts';
import { NOTE_ROBOTS } from './probe.ts';
import { normalize } from '../src/text/persian.ts';

export const NOTE_POSTS = 'the search box posts the page (a POST request): not submitted';
export const NOTE_DID_NOTHING = 'typing the query and pressing Enter, then the search button, changed nothing on the page';

/** How long a typed search gets to start navigating before the page is read. */
const REACTION_MS = 1_500;
/** How long an opened search overlay gets to show its box. */
const REVEAL_MS = 1_000;
/** Text a search must add to the page, when it does not navigate, to count as results shown in place. */
const IN_PLACE_CHARS = 80;
const SEARCH_HINT = /search|jostoju|jostejoo|جستجو|جست و جو/i;
const QUERY_INPUT = 'input:not([type]), input[type=text], input[type=search]';

export interface SearchBox { page: PageArtifact; selector: string }

export interface SearchProbeContext {
  context: BrowserContext;
  limiter: HostSlots;
  crawl: Pick<CrawlOptions, 'navigationTimeoutMs' | 'settleMs'>;
  query: string;
  /** robots.txt's word on a URL the search would open. */
  allowed: (url: string) => Promise<boolean>;
}

function hinted(el: Element): boolean {
  const a = el.attribs;
  return SEARCH_HINT.test(normalize(`${a.name ?? ''} ${a.id ?? ''} ${a.class ?? ''} ${a.placeholder ?? ''} ${a['aria-label'] ?? ''} ${a.title ?? ''}`));
}

/** A query box by its own type, role, names, or a search button beside it. */
function searchLike($: CheerioAPI, input: Element): boolean {
  if (input.attribs.type === 'search' || hinted(input) || ancestors(input).some((a) => a.attribs.role === 'search')) return true;
  const group = input.parent ? $(input.parent as Element) : null;
  return !!group && group.find('button, a, input[type=submit], input[type=image], i, span').toArray()
    .some((b) => hinted(b) || SEARCH_HINT.test(normalize(labelText(b))));
}

/** A GET form that names the field: the HTTP probe submits it, no browser needed. */
function submittedOverHttp(input: Element): boolean {
  const form = ancestors(input).find((a) => a.name === 'form');
  if (!form || !input.attribs.name?.trim()) return false;
  const action = (form.attribs.action ?? '').trim();
  return (form.attribs.method ?? 'get').toLowerCase() === 'get' && !/^(#|javascript:)/i.test(action) && !form.attribs.onsubmit;
}

/** The first search box, home page first, that only a browser can try; null when there is none. */
export function scriptSearchBox(site: SiteArtifacts): SearchBox | null {
  for (const page of site.pages) {
    const $ = loadDom(page.html);
    for (const input of $(QUERY_INPUT).toArray()) {
      if (!searchLike($, input) || submittedOverHttp(input)) continue;
      const selector = cssPathOrNull(input);
      if (selector) return { page, selector };
    }
  }
  return null;
}

type Reaction =
  | { kind: 'shown'; url: string; status: number; html: string; visibleText?: string }
  | { kind: 'posts' }
  | { kind: 'refused'; url: string }
  | { kind: 'left'; url: string }
  | { kind: 'nothing' };

/** The main frame's navigations in a tab: their method, and the last answer's status. */
class Navigations {
  readonly sent: Array<{ url: string; method: string }> = [];
  /** GET navigations robots.txt disallows: stopped before they were sent. */
  readonly refused: string[] = [];
  status: number | null = null;
  constructor(tab: Page) {
    tab.on('request', (r) => { if (r.isNavigationRequest() && r.frame() === tab.mainFrame()) this.sent.push({ url: r.url(), method: r.method() }); });
    tab.on('response', (r) => { if (r.request().isNavigationRequest() && r.frame() === tab.mainFrame()) this.status = r.status(); });
  }
}

async function waitForReaction(tab: Page, navs: Navigations, since: number, startUrl: string): Promise<void> {
  const end = performance.now() + REACTION_MS;
  while (performance.now() < end && navs.sent.length === since && tab.url() === startUrl) await new Promise((r) => setTimeout(r, 50));
  if (navs.sent.length > since) await tab.waitForLoadState('load').catch(() => {});
}

/** The page's text as shown: the browser's, or, where it leaves shadow content out, read from the HTML. */
function shownText(read: { html: string; visibleText?: string }): string {
  if (read.visibleText !== undefined) return read.visibleText;
  const body = loadDom(read.html)('body')[0];
  return body ? visibleText(body).text : '';
}

/** What the last action did: showed a page (another URL, or results written into this one), posted, left the portal, or nothing. */
async function reaction(tab: Page, navs: Navigations, watched: WatchedTab, before: { url: string; text: string; since: number }, opts: SearchProbeContext['crawl']): Promise<Reaction> {
  await waitForReaction(tab, navs, before.since, before.url);
  const sent = navs.sent.slice(before.since);
  if (sent.some((n) => n.method !== 'GET')) return { kind: 'posts' };
  const refused = sent.find((n) => navs.refused.includes(n.url));
  if (refused) return { kind: 'refused', url: refused.url };
  const read = await watched.read(opts);
  if (tab.url() !== before.url) return { kind: 'shown', url: tab.url(), status: sent.length ? navs.status ?? 200 : 200, ...read };
  if (sent.length) return { kind: 'left', url: sent.at(-1)!.url };
  const added = shownText(read).replace(/\s+/g, ' ').length - before.text.replace(/\s+/g, ' ').length;
  return added >= IN_PLACE_CHARS ? { kind: 'shown', url: tab.url(), status: 200, ...read } : { kind: 'nothing' };
}

/** The button that goes with the box: in its group, named or drawn as search, else the group's only button. */
async function searchButton(tab: Page, selector: string): Promise<ReturnType<Page['locator']> | null> {
  const group = tab.locator(selector).first().locator('xpath=..');
  const buttons = group.locator('button, input[type=submit], input[type=image], a[href], [role=button], [onclick]');
  const count = await buttons.count();
  for (let i = 0; i < count; i++) {
    const b = buttons.nth(i);
    if (SEARCH_HINT.test(normalize(await namesOf(b)))) return b;
  }
  return count === 1 ? buttons.first() : null;
}

/** The probe record of a box tried in a browser, before what it showed. */
function tried(box: SearchBox, url: string, state: ProbeRecord['state'], note: string | null): ProbeRecord {
  return { kind: 'search', url, form: { pageUrl: box.page.finalUrl, selector: box.selector }, triedInBrowser: true, state, status: null, finalUrl: null, contentType: null, bytes: null, head: null, note };
}

function record(box: SearchBox, r: Reaction, startedAt: string, t0: number): ProbeRecord {
  if (r.kind === 'posts') return tried(box, box.page.finalUrl, 'not-probed', NOTE_POSTS);
  if (r.kind === 'refused') return tried(box, r.url, 'not-probed', NOTE_ROBOTS);
  if (r.kind === 'left') return tried(box, r.url, 'not-probed', `the search leads off the portal (${new URL(r.url).host}): not followed`);
  if (r.kind === 'nothing') return tried(box, box.page.finalUrl, 'dead', NOTE_DID_NOTHING);
  const page = buildPageArtifact({
    url: r.url, finalUrl: r.url, status: r.status, headers: {}, html: r.html, visibleText: r.visibleText, depth: box.page.depth + 1,
    fetchedBy: 'browser', renderReason: 'search-probe', timing: { startedAt, durationMs: performance.now() - t0 },
  });
  return { ...tried(box, r.url, r.status < 400 ? 'ok' : 'dead', null), status: r.status, finalUrl: r.url, contentType: 'text/html', page: r.status < 400 ? page : undefined };
}

/** Toggles that may open a hidden search box: a magnifier button or link, drawn by its names or its icon. */
const TOGGLES = 'button, a:not([href]), a[href^="#"], a[href^="javascript:" i], [role=button], [onclick], [aria-controls], [aria-expanded]';
const MAX_TOGGLES = 60;
/** Toggles pressed at most, each given REVEAL_MS to show the box. */
const MAX_PRESSES = 3;

/**
 * A box hidden until a toggle opens it (a search overlay behind a magnifier
 * icon): press the first shown toggle named or drawn as search, and wait for
 * the box to show. A box nothing opens is typed into as it is, and fails there.
 */
async function reveal(tab: Page, field: ReturnType<Page['locator']>): Promise<void> {
  if (await field.isVisible()) return;
  const toggles = tab.locator(TOGGLES);
  const count = Math.min(await toggles.count(), MAX_TOGGLES);
  let presses = 0;
  for (let i = 0; i < count && presses < MAX_PRESSES; i++) {
    const t = toggles.nth(i);
    if (!(await t.isVisible()) || !SEARCH_HINT.test(normalize(await namesOf(t)))) continue;
    presses++;
    await t.click({ timeout: DEVTOOLS_CALL_MS, noWaitAfter: true }).catch(() => {});
    if (await field.waitFor({ state: 'visible', timeout: REVEAL_MS }).then(() => true, () => false)) return;
  }
}

/** What names an element: its class, id, labels, shown text and the start of its markup (an icon's class). */
function namesOf(el: ReturnType<Page['locator']>): Promise<string> {
  return el.evaluate((e) => `${e.className} ${e.id} ${e.getAttribute('aria-label') ?? ''} ${e.getAttribute('title') ?? ''} ${(e as HTMLElement).innerText} ${e.innerHTML.slice(0, 200)}`);
}

/** Load the box's page, type, press Enter; then, if nothing happened, its button. */
async function tryIn(tab: Page, box: SearchBox, ctx: SearchProbeContext): Promise<Reaction> {
  const navs = new Navigations(tab);
  const watched = watchTab(tab);
  try {
    // Nothing but GET leaves the tab (a posted search would send the portal a form), and only where robots.txt allows.
    await tab.route('**/*', async (route) => {
      const req = route.request();
      if (!req.isNavigationRequest() || req.frame() !== tab.mainFrame()) return route.fallback();
      if (req.method() !== 'GET') return route.abort('blockedbyclient');
      if (await ctx.allowed(req.url())) return route.fallback();
      navs.refused.push(req.url());
      return route.abort('blockedbyclient');
    });
    await tab.goto(box.page.finalUrl, { waitUntil: 'load', timeout: ctx.crawl.navigationTimeoutMs });
    const state = async () => ({ url: tab.url(), text: shownText(await watched.read(ctx.crawl)), since: navs.sent.length });
    const field = tab.locator(box.selector).first();
    await reveal(tab, field);
    await field.fill(ctx.query, { timeout: DEVTOOLS_CALL_MS });
    const typed = await state();
    await field.press('Enter', { timeout: DEVTOOLS_CALL_MS, noWaitAfter: true });
    const first = await reaction(tab, navs, watched, typed, ctx.crawl);
    if (first.kind !== 'nothing') return first;
    const button = await searchButton(tab, box.selector);
    if (!button) return first;
    const again = await state();
    await button.click({ timeout: DEVTOOLS_CALL_MS, noWaitAfter: true });
    return await reaction(tab, navs, watched, again, ctx.crawl);
  } finally {
    watched.detach();
  }
}

/** Try the box once, under its host's politeness slot; a box the browser cannot work is recorded as not tried, with why. */
export async function probeSearchBox(box: SearchBox, ctx: SearchProbeContext): Promise<ProbeRecord> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  return ctx.limiter.run(box.page.finalUrl, async () => {
    const tab = await ctx.context.newPage();
    try {
      const limitMs = ctx.crawl.navigationTimeoutMs + 2 * (ctx.crawl.settleMs + REACTION_MS) + 4 * DEVTOOLS_CALL_MS + MAX_PRESSES * (REVEAL_MS + DEVTOOLS_CALL_MS);
      return record(box, await withTimeout(tryIn(tab, box, ctx), limitMs, 'trying the search box'), startedAt, t0);
    } catch (err) {
      const why = (err instanceof Error ? err.message : String(err)).split('\n')[0];
      return tried(box, box.page.finalUrl, 'not-probed', `the browser could not try the search box: ${why}`);
    } finally {
      await closePage(tab);
    }
  });
}
