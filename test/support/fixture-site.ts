// Builds SiteArtifacts without a crawl, for rule unit tests: a single HTML
// fixture, or every page of a sample portal read from disk.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { PageArtifact, ProbeRecord, SiteArtifacts, SitemapFacts } from '../../crawlers/artifacts.ts';
import { buildPageArtifact } from '../../crawlers/artifacts.ts';
import type { SpecCite } from './cite-check.ts';

const TIMING = { startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1 };

export function pageFromHtml(html: string, url: string, headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' }): PageArtifact {
  return buildPageArtifact({ url, finalUrl: url, status: 200, headers, html, depth: 0, fetchedBy: 'http', timing: TIMING });
}

export function siteFromPages(pages: PageArtifact[], homepage = pages[0]?.url ?? 'https://agency.example.ir/'): SiteArtifacts {
  return {
    agency: { id: 'fixture', homepage, hosts: [] },
    home: pages[0] ?? null,
    pages,
    attempts: pages,
  };
}

export function siteFromHtml(html: string, url = 'https://agency.example.ir/', headers?: Record<string, string>): SiteArtifacts {
  return siteFromPages([pageFromHtml(html, url, headers)]);
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return htmlFiles(full);
    return name.endsWith('.html') ? [full] : [];
  });
}

/** Every .html file of a sample portal's site/ folder as a page, index.html first. No scripts run. */
export function siteFromDir(siteDir: string, origin = 'https://agency.example.ir'): SiteArtifacts {
  const files = htmlFiles(siteDir).sort((a, b) => (a.endsWith('/index.html') && relative(siteDir, a) === 'index.html' ? -1 : b.endsWith('index.html') && relative(siteDir, b) === 'index.html' ? 1 : a.localeCompare(b)));
  const pages = files.map((f) => {
    const path = '/' + relative(siteDir, f).replace(/(^|\/)index\.html$/, '$1');
    return pageFromHtml(readFileSync(f, 'utf8'), origin + path);
  });
  return siteFromPages(pages, origin + '/');
}

/** A site described in JSON, for rules that read HTTP facts rather than markup. */
export interface SiteSpec {
  url?: string;
  /** The agency's name as the registry gives it (rules tell its own pages from another body's by it). */
  name?: { fa: string; en: string };
  headers?: Record<string, string>;
  html?: string;
  /** http:// subresources the browser saw the home page request. */
  insecureRequests?: string[];
  transport?: SiteArtifacts['transport'];
  lighthouse?: SiteArtifacts['lighthouse'];
  mobile?: Omit<NonNullable<SiteArtifacts['mobile']>, 'screenshot'>;
  mobileBehind?: Omit<NonNullable<SiteArtifacts['mobile']>, 'screenshot'>;
  /** Further crawled pages: their status, error and (for soft 404s) HTML. */
  pages?: Array<{ url: string; status: number | null; error?: string; html?: string; referrer?: string }>;
  /** Probe records (documents, search forms, systems on other hosts); a search probe's results page is given as html. */
  probes?: Array<Omit<ProbeRecord, 'page' | 'finalUrl' | 'contentType' | 'bytes' | 'head' | 'note'> & Partial<Pick<ProbeRecord, 'finalUrl' | 'contentType' | 'bytes' | 'head' | 'note'>> & { html?: string }>;
  /** sitemap.xml entries with their lastmod. */
  sitemap?: SitemapFacts;
  /** What the rule must cite and must not (test/support/cite-check.ts); not read by siteFromSpec. */
  cite?: SpecCite[];
  'not-cite'?: SpecCite[];
}

export function siteFromSpec(spec: SiteSpec): SiteArtifacts {
  const url = spec.url ?? 'https://agency.example.ir/';
  const home = { ...pageFromHtml(spec.html ?? '<!doctype html><title>home</title><p>home</p>', url, spec.headers ?? { 'content-type': 'text/html; charset=utf-8' }), insecureRequests: spec.insecureRequests ?? [] };
  const others = (spec.pages ?? []).map((p) => ({
    ...buildPageArtifact({ url: p.url, finalUrl: p.url, status: p.status, headers: { 'content-type': 'text/html' }, html: p.html ?? '', depth: 1, fetchedBy: 'http', timing: TIMING, error: p.error ?? null }),
    referrer: p.referrer ?? url,
  }));
  const usable = others.filter((p) => !p.error && p.status !== null && p.status < 400 && p.html !== '');
  return {
    agency: { id: 'fixture', homepage: url, hosts: [], ...(spec.name ? { name: spec.name } : {}) }, home, pages: [home, ...usable], attempts: [home, ...others], transport: spec.transport,
    lighthouse: spec.lighthouse, mobile: spec.mobile ? { ...spec.mobile, screenshot: null } : undefined,
    ...(spec.mobileBehind ? { mobileBehind: { ...spec.mobileBehind, screenshot: null } } : {}),
    ...(spec.probes ? { probes: spec.probes.map(probeFromSpec) } : {}),
    ...(spec.sitemap ? { sitemap: spec.sitemap } : {}),
  };
}

function probeFromSpec(p: NonNullable<SiteSpec['probes']>[number]): ProbeRecord {
  const { html, ...rest } = p;
  const record: ProbeRecord = { finalUrl: p.url, contentType: html ? 'text/html' : null, bytes: null, head: null, note: null, ...rest };
  if (html !== undefined && p.status !== null && p.status < 400) {
    record.page = buildPageArtifact({ url: p.url, finalUrl: p.url, status: p.status, headers: { 'content-type': 'text/html' }, html, depth: 1, fetchedBy: 'http', timing: TIMING });
  }
  return record;
}
