// Evidence capture: one screenshot per cited page, taken as the page is
// (nothing injected into it), with the box of each cited element recorded
// beside it so a viewer can highlight it; plus the page's HTML and, for
// page-level facts, its response headers. Every item is hashed.
import type { BrowserContext, CDPSession, Page } from 'playwright';
import type { PageArtifact, SiteArtifacts } from '../../crawlers/artifacts.ts';
import { closePage, gotoCopy, withTimeout } from '../../crawlers/browser.ts';
import type { HostSlots } from '../../crawlers/portal.ts';
import type { Citation } from '../engine/define-rule.ts';
import type { Finding } from '../engine/run-rules.ts';
import { sha256 } from './hash.ts';
import { scopeGuarded } from '../../crawlers/scope.ts';

export type EvidenceKind = 'screenshot' | 'element' | 'html' | 'headers' | 'lighthouse';

/** Where a cited element is in its screenshot, in the image's pixels. */
export interface ElementBox { x: number; y: number; width: number; height: number }

export interface EvidenceItem {
  kind: EvidenceKind;
  url: string;
  selector: string | null;
  snippet: string;
  sha256: string;
  mime: string;
  capturedAt: string;
  selectorFound: boolean | null;
  /** The cited element in this screenshot; null when there is none, it was not found, or it lies outside the image. */
  box: ElementBox | null;
  /** For per-service indicators: the sampled service this item backs (null: the indicator as a whole). */
  serviceUrl: string | null;
  bytes: Buffer;
}

export interface CaptureOptions {
  navigationTimeoutMs: number;
  settleMs: number;
  /** At most this many citations of one finding are captured. */
  maxCitationsPerFinding: number;
  /** Pages are shot whole down to this height; a cited element further down is scrolled to instead. */
  maxScreenshotHeightPx: number;
  /** Tabs photographing one agency's pages at once: page loads mostly wait on the network. */
  tabs: number;
}

function item(kind: EvidenceKind, c: Citation, bytes: Buffer, mime: string, shot: { selectorFound: boolean | null; box: ElementBox | null; capturedAt: string }): EvidenceItem {
  return { kind, url: c.pageUrl, selector: c.selector, snippet: c.snippet, sha256: sha256(bytes), mime, serviceUrl: null, bytes, ...shot };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A card that shows a page's HTTP response, for findings about headers. */
function headersCard(page: PageArtifact): string {
  const rows = Object.entries(page.headers).sort().map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('');
  return `<!doctype html><meta charset="utf-8"><body style="font:14px monospace;margin:24px;direction:ltr">
<h1 style="font-size:18px">HTTP ${page.status ?? ''} ${escapeHtml(page.finalUrl)}</h1>
<p>fetched ${escapeHtml(page.timing.startedAt)}</p><table style="border-collapse:collapse" border="1" cellpadding="4">${rows}</table></body>`;
}

interface CaptureContext {
  /** This worker's own tab. */
  own: Page;
  site: SiteArtifacts;
  opts: CaptureOptions;
  sessions: Sessions;
  busy: Busy;
}

/** Runs a step that loads the machine when the run allows it (never beside a Lighthouse performance run). */
export type Busy = HostSlots['busy'];

/** A rendered snapshot without its scripts: written back into a tab, it must not build itself a second time. */
function withoutScripts(html: string): string {
  return html.replace(/<script\b[\s\S]*?<\/script\s*>/gi, '');
}

/** The judged HTML with a base URL, so its styles and images load from the portal as usual. */
function withBase(html: string, url: string): string {
  const base = `<base href="${url.replace(/"/g, '&quot;')}">`;
  // `<head` followed by a space or `>`: not `<header>`.
  const head = /<head(\s[^>]*)?>/i;
  return head.test(html) ? html.replace(head, (tag) => tag + base) : base + html;
}

/** Runs in the page: the previous page's timers would go on working on the next page written into the same window. */
function stopTimers(): void {
  const last = window.setTimeout(() => {}, 0);
  for (let id = 1; id <= last; id++) {
    clearTimeout(id);
    clearInterval(id);
  }
}

/**
 * Put the capture tab on the portal's origin, with an empty document served
 * locally: pages written into it then share the agency's HTTP cache (a blank
 * tab has none, so every style and image would be fetched again for each
 * page), and their scripts run on the portal's origin, as on the portal.
 */
async function enterOrigin(cx: CaptureContext, url: string): Promise<void> {
  const { origin } = new URL(url);
  if (cx.own.url().startsWith(`${origin}/`)) return;
  await gotoCopy(cx.own, `${origin}/`, { status: 200, headers: {}, html: '<!doctype html><title></title>' }, cx.opts.navigationTimeoutMs);
}

/**
 * Load a page into the capture tab from the copy the rules judged, so the
 * screenshot shows what was judged and the portal is not asked for the page
 * again; its styles and images load from the portal, or the agency's cache.
 * A page read over HTTP is written as fetched; a page that needed scripts is
 * written as the browser had rendered it, its scripts left out. Without a
 * copy, the page is loaded from the portal.
 */
async function load(cx: CaptureContext, url: string, source: PageArtifact | undefined): Promise<void> {
  if (source?.html) {
    const html = source.fetchedBy === 'browser' ? withoutScripts(source.html) : source.html;
    await enterOrigin(cx, url);
    await withTimeout(cx.own.evaluate(stopTimers), cx.opts.navigationTimeoutMs, 'clearing the previous page');
    await cx.own.setContent(withBase(html, url), { waitUntil: 'load', timeout: cx.opts.navigationTimeoutMs });
    if (/<template[^>]*\sshadowroot/i.test(html)) await withTimeout(cx.own.evaluate(attachDeclaredShadowRoots), cx.opts.navigationTimeoutMs, 'opening the shadow roots');
    return;
  }
  await scopeGuarded(cx.own);
  await cx.own.goto(url, { waitUntil: 'load', timeout: cx.opts.navigationTimeoutMs });
  await cx.own.waitForLoadState('networkidle', { timeout: cx.opts.settleMs }).catch(() => {});
}

/**
 * Runs in the page: a page written in with setContent leaves its declarative
 * shadow roots as inert templates (only a parser that loads a document opens
 * them), so each is attached to its host as the browser showed it, nested ones too.
 */
function attachDeclaredShadowRoots(): void {
  const open = (root: Document | ShadowRoot): void => {
    for (const t of [...root.querySelectorAll<HTMLTemplateElement>('template[shadowrootmode], template[shadowroot]')]) {
      const host = t.parentElement;
      if (!host || host.shadowRoot) continue;
      try {
        const shadow = host.attachShadow({ mode: 'open' });
        shadow.appendChild(t.content);
        t.remove();
        open(shadow);
      } catch {
        // An element that cannot host a shadow root keeps its template, as the browser would.
      }
    }
  };
  open(document);
}

interface Located { selector: string; found: boolean; top: number; box: ElementBox | null }

/** The page's size, for the screenshot's clip. */
interface PageSize { width: number; height: number; screen: number }

/**
 * Each selector's element box in document coordinates and the page's size,
 * in one round trip, once the page's web fonts are in (a screenshot taken
 * earlier would show fallback glyphs). The rules read a shadow root's content
 * in its host's place (the composed tree, `crawlers/dom.ts`), so on a page
 * with shadow roots a selector's steps are walked through that tree: a host's
 * children are its shadow root's, each slot standing for what it shows.
 */
async function locate(page: Page, selectors: string[], timeoutMs: number): Promise<{ located: Located[]; size: PageSize }> {
  return withTimeout(page.evaluate(async (list) => {
    await Promise.race([document.fonts.ready, new Promise((r) => setTimeout(r, 2_000))]);
    const shown = (nodes: Node[]): Element[] => nodes.flatMap((n) => {
      if (!(n instanceof Element)) return [];
      if (n.localName !== 'slot') return [n];
      const assigned = (n as HTMLSlotElement).assignedNodes();
      return shown(assigned.length ? assigned : [...n.childNodes]);
    });
    const children = (el: Element): Element[] => (el.shadowRoot ? shown([...el.shadowRoot.childNodes]) : [...el.children]);
    const byId = (el: Element, id: string): Element | null => (el.id === id ? el : children(el).reduce<Element | null>((hit, c) => hit ?? byId(c, id), null));
    const composed = (selector: string): Element | null => {
      const [first, ...rest] = selector.split(' > ');
      let el: Element | null = first === 'html' ? document.documentElement : first.startsWith('#') ? byId(document.documentElement, first.slice(1)) : null;
      for (const step of rest) {
        const m = /^([a-z][a-z0-9-]*)(?::nth-of-type\((\d+)\))?$/.exec(step);
        if (!el || !m) return null;
        el = children(el).filter((c) => c.localName === m[1])[Number(m[2] ?? 1) - 1] ?? null;
      }
      return el;
    };
    const hasShadow = [...document.querySelectorAll('*')].some((el) => el.shadowRoot);
    const located = list.map((selector) => {
      let el: Element | null = null;
      try {
        el = (hasShadow ? composed(selector) : null) ?? document.querySelector(selector);
      } catch {
        // A selector the browser cannot parse finds nothing.
      }
      const r = el?.getBoundingClientRect();
      const box = r && r.width > 0 && r.height > 0 ? { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height } : null;
      return { selector, found: el !== null, top: box?.y ?? 0, box };
    });
    const size = { width: document.documentElement.clientWidth || innerWidth, height: document.documentElement.scrollHeight, screen: innerHeight };
    return { located, size };
  }, selectors), timeoutMs, 'locating the cited elements');
}

/** Context kept below the lowest cited element. */
const MARGIN_BELOW_PX = 400;

/** One DevTools session per tab, opened on its first screenshot. */
type Sessions = Map<Page, CDPSession>;

/**
 * A lossless PNG of the clip, straight from DevTools: one call, with nothing
 * injected into the page (Playwright's screenshot adds a style to hide the
 * caret and makes several round trips around the capture).
 */
async function capturePng(page: Page, sessions: Sessions, clip: { y: number; width: number; height: number; screen: number }, timeoutMs: number): Promise<Buffer> {
  let cdp = sessions.get(page);
  if (!cdp) sessions.set(page, (cdp = await page.context().newCDPSession(page)));
  const shot = await withTimeout(cdp.send('Page.captureScreenshot', {
    format: 'png', clip: { x: 0, y: clip.y, width: clip.width, height: clip.height, scale: 1 },
    captureBeyondViewport: clip.y + clip.height > clip.screen,
  }), timeoutMs, 'taking the screenshot');
  return Buffer.from(shot.data, 'base64');
}

/**
 * The page from the top down to its lowest cited element (at least a
 * screen's height, at most maxScreenshotHeightPx), or a window around `top`
 * when an element sits lower than that.
 */
async function shoot(cx: CaptureContext, page: Page, size: PageSize, top: number, bottom: number): Promise<{ bytes: Buffer; offsetY: number; height: number }> {
  const max = cx.opts.maxScreenshotHeightPx;
  const offsetY = top + 200 > max ? Math.max(0, Math.floor(top - max / 2)) : 0;
  const wanted = offsetY === 0 ? Math.max(size.screen, bottom + MARGIN_BELOW_PX) : max;
  const height = Math.max(1, Math.min(max, size.height - offsetY, wanted));
  const bytes = await capturePng(page, cx.sessions, { y: offsetY, width: size.width, height, screen: size.screen }, cx.opts.navigationTimeoutMs);
  return { bytes, offsetY, height };
}

function boxIn(box: ElementBox | null, offsetY: number, heightPx: number): ElementBox | null {
  if (!box || box.y < offsetY || box.y >= offsetY + heightPx) return null;
  return { x: Math.round(box.x), y: Math.round(box.y - offsetY), width: Math.round(box.width), height: Math.round(Math.min(box.height, offsetY + heightPx - box.y)) };
}

/** One screenshot (or a few, for elements far down a long page) for all the citations on one page. */
async function shootPage(cx: CaptureContext, url: string, citations: Citation[]): Promise<Map<Citation, EvidenceItem[]>> {
  await load(cx, url, pageFor(cx.site, url));
  const page = cx.own;
  const selectors = [...new Set(citations.map((c) => c.selector).filter((s): s is string => s !== null))];
  const { located: list, size } = await locate(page, selectors, cx.opts.navigationTimeoutMs);
  const located = new Map(list.map((l) => [l.selector, l]));
  const shots = new Map<number, { bytes: Buffer; offsetY: number; height: number; capturedAt: string }>();
  const out = new Map<Citation, EvidenceItem[]>();
  const windowOf = (box: ElementBox | null | undefined) => (box && box.y + 200 > cx.opts.maxScreenshotHeightPx ? Math.floor(box.y / cx.opts.maxScreenshotHeightPx) + 1 : 0);
  // The first image reaches down to the lowest element it must show.
  const firstBottom = Math.max(0, ...[...located.values()].filter((l) => l.box && windowOf(l.box) === 0).map((l) => l.box!.y + l.box!.height));
  for (const c of citations) {
    const l = c.selector ? located.get(c.selector) : undefined;
    const window = windowOf(l?.box);
    let shot = shots.get(window);
    if (!shot) shots.set(window, (shot = { ...(await shoot(cx, page, size, window === 0 ? 0 : l!.box!.y, firstBottom)), capturedAt: new Date().toISOString() }));
    const box = boxIn(l?.box ?? null, shot.offsetY, shot.height);
    out.set(c, [item('screenshot', c, shot.bytes, 'image/png', { selectorFound: c.selector ? l?.found ?? false : null, box, capturedAt: shot.capturedAt })]);
  }
  return out;
}

async function shootHeaders(cx: CaptureContext, c: Citation, source: PageArtifact): Promise<EvidenceItem[]> {
  const json = Buffer.from(JSON.stringify({ url: source.finalUrl, status: source.status, headers: source.headers }, null, 2));
  await cx.own.setContent(headersCard(source), { timeout: cx.opts.navigationTimeoutMs });
  const shot = await cx.own.screenshot({ timeout: cx.opts.navigationTimeoutMs, fullPage: true });
  const meta = { selectorFound: null, box: null, capturedAt: new Date().toISOString() };
  return [item('screenshot', c, shot, 'image/png', meta), item('headers', c, json, 'application/json', meta)];
}

/** Evidence the crawl already gathered: the phone-width shot, or Lighthouse's report (beside the page's own shot). */
function attached(c: Citation, site: SiteArtifacts, pageShots: EvidenceItem[]): EvidenceItem[] {
  const capturedAt = new Date().toISOString();
  if (c.attachment === 'mobile') {
    const shot = [site.mobile, site.mobileBehind].find((m) => m?.url === c.pageUrl)?.screenshot;
    return shot ? [item('screenshot', c, shot, 'image/png', { selectorFound: null, box: null, capturedAt })] : [];
  }
  const report = site.lighthouse?.find((r) => r.url === c.pageUrl)?.reports[c.attachment === 'lighthouse-performance' ? 'performance' : 'accessibility'];
  return report ? [...pageShots, item('lighthouse', c, Buffer.from(report, 'utf8'), 'application/json', { selectorFound: null, box: null, capturedAt })] : pageShots;
}

/** A crawled page, or a page the probe step fetched (a search's results), as the rules read it. */
function pageFor(site: SiteArtifacts, url: string): PageArtifact | undefined {
  const pages = [...site.attempts, ...(site.probes ?? []).flatMap((p) => (p.page ? [p.page] : []))];
  return pages.find((p) => p.finalUrl === url) ?? pages.find((p) => p.url === url);
}

/** One shot per page, element and kind: a page shot for Lighthouse's accessibility and performance reports alike. */
const key = (c: Citation) => `${c.pageUrl}\n${c.selector ?? ''}\n${c.attachment?.startsWith('lighthouse') ? 'lighthouse' : c.attachment ?? ''}`;

/** Header facts get a card; everything else is photographed on its page. */
function isHeaderCitation(c: Citation, site: SiteArtifacts): boolean {
  return !c.attachment && c.selector === null && pageFor(site, c.pageUrl) !== undefined;
}

/**
 * Shots taken for one agency, by citation, before any attachment is added: a
 * later capture (the findings that waited for Lighthouse) reuses them.
 */
export type ShotBook = Map<string, EvidenceItem[]>;

/** Shoot every distinct citation once, page by page, into `shots`; a page that fails is not loaded again for its other citations. */
async function shootAll(cx: CaptureContext, citations: Array<{ citation: Citation; ruleId: string }>, errors: string[], shots: ShotBook): Promise<void> {
  const byPage = new Map<string, Array<{ citation: Citation; ruleId: string }>>();
  for (const entry of citations) {
    const c = entry.citation;
    if (c.attachment === 'mobile') shots.set(key(c), []);
    else if (isHeaderCitation(c, cx.site)) {
      try {
        shots.set(key(c), await cx.busy(() => shootHeaders(cx, c, pageFor(cx.site, c.pageUrl)!)));
      } catch (err) {
        errors.push(`${entry.ruleId}: ${c.pageUrl}: ${(err as Error).message.split('\n')[0]}`);
        shots.set(key(c), []);
      }
    } else byPage.set(c.pageUrl, [...(byPage.get(c.pageUrl) ?? []), entry]);
  }
  const pages = [...byPage].sort(([a], [b]) => a.localeCompare(b));
  await inParallel(pages, cx.opts.tabs, cx, async (tab, [url, entries]) => {
    try {
      const taken = await cx.busy(() => shootPage(tab, url, entries.map((e) => e.citation)));
      for (const { citation: c } of entries) shots.set(key(c), c.attachment ? taken.get(c)!.map((e) => ({ ...e, selector: null, box: null, selectorFound: null })) : taken.get(c)!);
    } catch (err) {
      const reason = (err as Error).message.split('\n')[0];
      for (const { citation: c, ruleId } of entries) {
        errors.push(`${ruleId}: ${c.pageUrl}: ${reason}`);
        shots.set(key(c), []);
      }
    }
  });
}

/** Runs `work` over `items` on up to `tabs` tabs of the context, each worker with its own tab. */
async function inParallel<T>(items: T[], tabs: number, cx: CaptureContext, work: (tab: CaptureContext, item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (i: number) => {
    const tab = i === 0 ? cx : { ...cx, own: await cx.own.context().newPage() };
    try {
      while (next < items.length) await work(tab, items[next++]);
    } finally {
      if (i > 0) await closePage(tab.own);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(tabs, items.length)) }, (_, i) => worker(i)));
}

/** Extra citations to shoot now, for findings judged later; `ruleId` names them in error notes. */
export interface ShootAhead { citations: Citation[]; ruleId: string }

/** Where and how one capture works. */
export interface CaptureScope {
  context: BrowserContext;
  opts: CaptureOptions;
  /** The phone check's tab, made a desktop again; else a new tab of the context. Closed when done. */
  tab?: Page | null;
  /** The agency's shots so far: those in it are not taken again, new ones are added. */
  book?: ShotBook;
  ahead?: ShootAhead;
  /** Each page's shots are taken under it. */
  busy?: Busy;
}

/**
 * Capture the evidence of every finding that cites something. Citations
 * already in the book are not shot again, and `ahead` is shot into it too.
 * Returns one list per finding, in order. A capture that fails leaves the
 * HTML evidence and an error note; it never throws.
 */
export async function captureEvidence(findings: Finding[], site: SiteArtifacts, scope: CaptureScope): Promise<{ items: EvidenceItem[][]; errors: string[] }> {
  const { context, opts, tab = null, book = new Map() as ShotBook, ahead, busy = (task) => task() } = scope;
  // The indicator's own citations, then each sampled service's first one.
  const cited = findings.map((f) => [
    ...f.evidence.slice(0, opts.maxCitationsPerFinding).map((c) => ({ c, serviceUrl: null as string | null })),
    ...(f.services ?? []).flatMap((svc) => svc.evidence.slice(0, 1).map((c) => ({ c, serviceUrl: svc.url as string | null }))),
  ]);
  const todo = new Map<string, { citation: Citation; ruleId: string }>();
  const want = (c: Citation, ruleId: string) => { if (!book.has(key(c)) && !todo.has(key(c))) todo.set(key(c), { citation: c, ruleId }); };
  cited.forEach((list, i) => list.forEach(({ c }) => want(c, findings[i].ruleId)));
  for (const c of ahead?.citations ?? []) want(c, ahead!.ruleId);
  const errors: string[] = [];
  await shootInTab(tab, context, todo.size > 0 ? (own) => shootAll({ own, site, opts, sessions: new Map(), busy }, [...todo.values()], errors, book) : null);
  // Same shots, each finding's own snippet, and the page's HTML as the rules saw it.
  const items = cited.map((list) => list.flatMap(({ c, serviceUrl }) => {
    const source = pageFor(site, c.pageUrl);
    const html = source?.html ? [item('html', c, Buffer.from(source.html, 'utf8'), 'text/html; charset=utf-8', { selectorFound: null, box: null, capturedAt: source.timing.startedAt })] : [];
    const shots = book.get(key(c)) ?? [];
    return [...(c.attachment ? attached(c, site, shots) : shots).map((e) => ({ ...e, snippet: c.snippet })), ...html].map((e) => ({ ...e, serviceUrl }));
  }));
  return { items, errors };
}

/** Runs `shoot` in `tab` or a new tab (none is opened when there is nothing to shoot); the tab is closed afterwards. */
async function shootInTab(tab: Page | null, context: BrowserContext, shoot: ((own: Page) => Promise<void>) | null): Promise<void> {
  if (!shoot) {
    if (tab) await closePage(tab);
    return;
  }
  const own = tab ?? await context.newPage();
  try {
    await shoot(own);
  } finally {
    await closePage(own);
  }
}
