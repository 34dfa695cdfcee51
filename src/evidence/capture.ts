// Evidence capture: turns the rules' citations into screenshots (the page with
// the cited element outlined, plus a clip of the element), and keeps the page's
// HTML and, for page-level facts, its response headers. Every item is hashed.
import type { BrowserContext, Page } from 'playwright';
import type { PageArtifact, SiteArtifacts } from '../../crawlers/artifacts.ts';
import { withTimeout } from '../../crawlers/browser.ts';
import type { Citation } from '../engine/define-rule.ts';
import type { Finding } from '../engine/run-rules.ts';
import { sha256 } from './hash.ts';

export type EvidenceKind = 'screenshot' | 'element' | 'html' | 'headers';

export interface EvidenceItem {
  kind: EvidenceKind;
  url: string;
  selector: string | null;
  snippet: string;
  sha256: string;
  mime: string;
  capturedAt: string;
  selectorFound: boolean | null;
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
  return { kind, url: c.pageUrl, selector: c.selector, snippet: c.snippet, sha256: sha256(bytes), mime, capturedAt: new Date().toISOString(), selectorFound, bytes };
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

async function shootCitation(page: Page, c: Citation, opts: CaptureOptions): Promise<EvidenceItem[]> {
  await page.goto(c.pageUrl, { waitUntil: 'load', timeout: opts.navigationTimeoutMs });
  await page.waitForLoadState('networkidle', { timeout: opts.settleMs }).catch(() => {});
  const out: EvidenceItem[] = [];
  let found = false;
  if (c.selector) {
    const handle = await withTimeout(page.$(c.selector), opts.navigationTimeoutMs, 'finding the cited element').catch(() => null);
    if (handle) {
      found = true;
      await handle.evaluate((el, style) => {
        el.scrollIntoView({ block: 'center' });
        (el as HTMLElement).style.cssText += style;
      }, HIGHLIGHT).catch(() => {});
      const clip = await handle.screenshot({ timeout: opts.navigationTimeoutMs }).catch(() => null);
      if (clip) out.push(item('element', c, clip, 'image/png', true));
    }
  }
  const shot = await page.screenshot({ timeout: opts.navigationTimeoutMs });
  out.unshift(item('screenshot', c, shot, 'image/png', c.selector ? found : null));
  return out;
}

async function shootHeaders(page: Page, c: Citation, source: PageArtifact, opts: CaptureOptions): Promise<EvidenceItem[]> {
  const json = Buffer.from(JSON.stringify({ url: source.finalUrl, status: source.status, headers: source.headers }, null, 2));
  await page.setContent(headersCard(source), { timeout: opts.navigationTimeoutMs });
  const shot = await page.screenshot({ timeout: opts.navigationTimeoutMs, fullPage: true });
  return [item('screenshot', c, shot, 'image/png', null), item('headers', c, json, 'application/json', null)];
}

function pageFor(site: SiteArtifacts, url: string): PageArtifact | undefined {
  return site.attempts.find((p) => p.finalUrl === url) ?? site.attempts.find((p) => p.url === url);
}

/**
 * Capture the evidence of every finding that cites something. Returns one
 * list per finding, in order. A capture that fails leaves the HTML evidence
 * and a `captureError` note; it never throws.
 */
export async function captureEvidence(findings: Finding[], site: SiteArtifacts, context: BrowserContext, opts: CaptureOptions): Promise<{ items: EvidenceItem[][]; errors: string[] }> {
  const cache = new Map<string, EvidenceItem[]>();
  const errors: string[] = [];
  const page = await context.newPage();
  try {
    const items: EvidenceItem[][] = [];
    for (const finding of findings) {
      const list: EvidenceItem[] = [];
      for (const c of finding.evidence.slice(0, opts.maxCitationsPerFinding)) {
        const key = `${c.pageUrl}\n${c.selector ?? ''}`;
        const source = pageFor(site, c.pageUrl);
        if (!cache.has(key)) {
          try {
            cache.set(key, c.selector === null && source
              ? await shootHeaders(page, c, source, opts)
              : await shootCitation(page, c, opts));
          } catch (err) {
            errors.push(`${finding.ruleId}: ${c.pageUrl}: ${(err as Error).message.split('\n')[0]}`);
            cache.set(key, []);
          }
        }
        // Same shots, this finding's own snippet.
        list.push(...cache.get(key)!.map((e) => ({ ...e, snippet: c.snippet })));
        if (source?.html) list.push(item('html', c, Buffer.from(source.html, 'utf8'), 'text/html; charset=utf-8', null));
      }
      items.push(list);
    }
    return { items, errors };
  } finally {
    await withTimeout(page.close(), 5_000, 'closing the capture page').catch(() => {});
  }
}
