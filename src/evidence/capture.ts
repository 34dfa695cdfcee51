// Evidence capture: turns the rules' citations into screenshots (the page with
// the cited element outlined, plus a clip of the element), and keeps the page's
// HTML and, for page-level facts, its response headers. Every item is hashed.
import type { BrowserContext, Page } from 'playwright';
import type { PageArtifact, SiteArtifacts } from '../../crawlers/artifacts.ts';
import { closePage, withTimeout } from '../../crawlers/browser.ts';
import type { Citation } from '../engine/define-rule.ts';
import type { Finding } from '../engine/run-rules.ts';
import { sha256 } from './hash.ts';

export type EvidenceKind = 'screenshot' | 'element' | 'html' | 'headers' | 'lighthouse';

export interface EvidenceItem {
  kind: EvidenceKind;
  url: string;
  selector: string | null;
  snippet: string;
  sha256: string;
  mime: string;
  capturedAt: string;
  selectorFound: boolean | null;
  /** For per-service indicators: the sampled service this item backs (null: the indicator as a whole). */
  serviceUrl: string | null;
  bytes: Buffer;
}

export interface CaptureOptions {
  navigationTimeoutMs: number;
  settleMs: number;
  /** At most this many citations of one finding are captured. */
  maxCitationsPerFinding: number;
}

const HIGHLIGHT = 'outline: 4px solid #e11d48 !important; outline-offset: 2px !important; background-color: rgba(253, 224, 71, 0.35) !important;';

function item(kind: EvidenceKind, c: Citation, bytes: Buffer, mime: string, selectorFound: boolean | null): EvidenceItem {
  return { kind, url: c.pageUrl, selector: c.selector, snippet: c.snippet, sha256: sha256(bytes), mime, capturedAt: new Date().toISOString(), selectorFound, serviceUrl: null, bytes };
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

/** A tab the crawl already rendered, kept open for its evidence. */
export type RenderedTab = (url: string) => Page | undefined;

/**
 * Which page the capture tab shows, so citations on one page share one load;
 * `page` is the capture's own tab or a tab the crawl rendered.
 */
interface Tab { own: Page; page: Page; showing: string | null; reuse: RenderedTab; failed: Map<string, string> }

async function show(tab: Tab, url: string, opts: CaptureOptions): Promise<void> {
  if (tab.showing === url) return;
  const failed = tab.failed.get(url);
  if (failed) throw new Error(`not loaded again after: ${failed}`);
  tab.showing = null;
  const rendered = tab.reuse(url);
  tab.page = rendered ?? tab.own;
  if (!rendered) {
    try {
      await tab.page.goto(url, { waitUntil: 'load', timeout: opts.navigationTimeoutMs });
    } catch (err) {
      // A page that hangs once would hang for each of its citations.
      tab.failed.set(url, (err as Error).message.split('\n')[0]);
      throw err;
    }
    await tab.page.waitForLoadState('networkidle', { timeout: opts.settleMs }).catch(() => {});
  }
  tab.showing = url;
}

async function shootCitation(tab: Tab, c: Citation, opts: CaptureOptions): Promise<EvidenceItem[]> {
  await show(tab, c.pageUrl, opts);
  const out: EvidenceItem[] = [];
  const handle = c.selector ? await withTimeout(tab.page.$(c.selector), opts.navigationTimeoutMs, 'finding the cited element').catch(() => null) : null;
  // Outline the element for the shots, then put its style back for the next citation.
  const before = handle ? await handle.evaluate((el, style) => {
    const prev = (el as HTMLElement).style.cssText;
    el.scrollIntoView({ block: 'center' });
    (el as HTMLElement).style.cssText += style;
    return prev;
  }, HIGHLIGHT).catch(() => null) : null;
  if (handle) {
    const clip = await handle.screenshot({ timeout: opts.navigationTimeoutMs }).catch(() => null);
    if (clip) out.push(item('element', c, clip, 'image/png', true));
  }
  const shot = await tab.page.screenshot({ timeout: opts.navigationTimeoutMs });
  out.unshift(item('screenshot', c, shot, 'image/png', c.selector ? handle !== null : null));
  if (handle && before !== null) await handle.evaluate((el, prev) => { (el as HTMLElement).style.cssText = prev; }, before).catch(() => {});
  return out;
}

async function shootHeaders(tab: Tab, c: Citation, source: PageArtifact, opts: CaptureOptions): Promise<EvidenceItem[]> {
  const json = Buffer.from(JSON.stringify({ url: source.finalUrl, status: source.status, headers: source.headers }, null, 2));
  tab.showing = null;
  tab.page = tab.own;
  await tab.page.setContent(headersCard(source), { timeout: opts.navigationTimeoutMs });
  const shot = await tab.page.screenshot({ timeout: opts.navigationTimeoutMs, fullPage: true });
  return [item('screenshot', c, shot, 'image/png', null), item('headers', c, json, 'application/json', null)];
}

/** Evidence the crawl already gathered: Lighthouse's report with a shot of the page, or the phone-width shot. */
async function attached(tab: Tab, c: Citation, site: SiteArtifacts, opts: CaptureOptions): Promise<EvidenceItem[]> {
  if (c.attachment === 'mobile') {
    const shot = site.mobile?.screenshot;
    return shot ? [item('screenshot', c, shot, 'image/png', null)] : [];
  }
  const report = site.lighthouse?.find((r) => r.url === c.pageUrl)?.report;
  const page = await shootCitation(tab, { ...c, selector: null }, opts);
  return report ? [...page, item('lighthouse', c, Buffer.from(report, 'utf8'), 'application/json', null)] : page;
}

function pageFor(site: SiteArtifacts, url: string): PageArtifact | undefined {
  return site.attempts.find((p) => p.finalUrl === url) ?? site.attempts.find((p) => p.url === url);
}

/**
 * Capture the evidence of every finding that cites something. Returns one
 * list per finding, in order. A capture that fails leaves the HTML evidence
 * and a `captureError` note; it never throws.
 */
export async function captureEvidence(findings: Finding[], site: SiteArtifacts, context: BrowserContext, opts: CaptureOptions, reuse: RenderedTab = () => undefined): Promise<{ items: EvidenceItem[][]; errors: string[] }> {
  const key = (c: Citation) => `${c.pageUrl}\n${c.selector ?? ''}\n${c.attachment ?? ''}`;
  // The indicator's own citations, then each sampled service's first one.
  const cited = findings.map((f) => [
    ...f.evidence.slice(0, opts.maxCitationsPerFinding).map((c) => ({ c, serviceUrl: null as string | null })),
    ...(f.services ?? []).flatMap((svc) => svc.evidence.slice(0, 1).map((c) => ({ c, serviceUrl: svc.url as string | null }))),
  ]);
  // Shoot each distinct citation once, page by page.
  const todo = new Map<string, { citation: Citation; ruleId: string }>();
  cited.forEach((list, i) => list.forEach(({ c }) => { if (!todo.has(key(c))) todo.set(key(c), { citation: c, ruleId: findings[i].ruleId }); }));
  const order = [...todo.values()].sort((a, b) => (a.citation.selector === null ? 1 : 0) - (b.citation.selector === null ? 1 : 0) || a.citation.pageUrl.localeCompare(b.citation.pageUrl));
  const shots = new Map<string, EvidenceItem[]>();
  const errors: string[] = [];
  const own = await context.newPage();
  const tab: Tab = { own, page: own, showing: null, reuse, failed: new Map() };
  try {
    for (const { citation: c, ruleId } of order) {
      const source = pageFor(site, c.pageUrl);
      try {
        shots.set(key(c), c.attachment ? await attached(tab, c, site, opts)
          : c.selector === null && source ? await shootHeaders(tab, c, source, opts) : await shootCitation(tab, c, opts));
      } catch (err) {
        tab.showing = null;
        errors.push(`${ruleId}: ${c.pageUrl}: ${(err as Error).message.split('\n')[0]}`);
        shots.set(key(c), []);
      }
    }
  } finally {
    await closePage(own);
  }
  // Same shots, each finding's own snippet, and the page's HTML as the rules saw it.
  const items = cited.map((list) => list.flatMap(({ c, serviceUrl }) => {
    const source = pageFor(site, c.pageUrl);
    const html = source?.html ? [item('html', c, Buffer.from(source.html, 'utf8'), 'text/html; charset=utf-8', null)] : [];
    return [...shots.get(key(c))!.map((e) => ({ ...e, snippet: c.snippet })), ...html].map((e) => ({ ...e, serviceUrl }));
  }));
  return { items, errors };
}
