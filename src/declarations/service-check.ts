// The service catalog check: the declared service count against the count
// the service-catalog rule found, declared service URLs that are dead (by the
// run's own crawl: nothing is fetched here), and services the portal's catalog
// lists that were never declared.
import { loadDom } from '../../crawlers/dom.ts';

export type ServiceState = 'alive' | 'dead' | 'not-checked';

export interface PageStatus {
  url: string;
  finalUrl: string;
  status: number | null;
  error: string | null;
}

export interface DeclaredService {
  url: string;
  state: ServiceState;
  status: number | null;
  error: string | null;
}

export interface ServiceCatalogCheck {
  declaredCount: number | null;
  observedCount: number | null;
  /** The page holding the catalog list the rule cited. */
  catalogUrl: string | null;
  declaredServices: DeclaredService[];
  /** Links in the cited catalog list that no claim names. */
  undeclared: string[];
}

/** Scheme, fragment and a trailing slash do not make a different service. */
export function urlKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}${u.search}`;
  } catch {
    return url;
  }
}

/** The http(s) links inside the cited list, absolute and in page order. */
export function catalogLinks(html: string, pageUrl: string, selector: string): string[] {
  const $ = loadDom(html);
  const list = $(selector).first();
  const anchors = [...list.filter('a[href]').toArray(), ...list.find('a[href]').toArray()];
  const out = new Map<string, string>();
  for (const a of anchors) {
    try {
      const u = new URL(a.attribs.href, pageUrl);
      u.hash = '';
      if ((u.protocol === 'http:' || u.protocol === 'https:') && !out.has(urlKey(u.href))) out.set(urlKey(u.href), u.href);
    } catch {
      // A malformed href is not a service.
    }
  }
  return [...out.values()];
}

function stateOf(url: string, key: string, pages: Map<string, PageStatus>): DeclaredService {
  const page = pages.get(key);
  if (!page) return { url, state: 'not-checked', status: null, error: null };
  const dead = page.error !== null || page.status === null || page.status >= 400;
  return { url, state: dead ? 'dead' : 'alive', status: page.status, error: page.error };
}

export interface CatalogInput {
  declaredCount: number | null;
  observedCount: number | null;
  catalogUrl: string | null;
  catalogLinks: readonly string[];
  declaredUrls: readonly string[];
  pages: readonly PageStatus[];
}

export function checkServiceCatalog(input: CatalogInput): ServiceCatalogCheck {
  const pages = new Map<string, PageStatus>();
  // A page is known by the URL asked for and the one it ended at; the first attempt wins.
  for (const p of input.pages) for (const u of [p.url, p.finalUrl]) if (!pages.has(urlKey(u))) pages.set(urlKey(u), p);
  // Each declared URL is parsed once: an agency may declare thousands of services.
  const declared = new Map<string, string>();
  for (const u of input.declaredUrls) declared.set(urlKey(u), u);
  return {
    declaredCount: input.declaredCount,
    observedCount: input.observedCount,
    catalogUrl: input.catalogUrl,
    declaredServices: [...declared].map(([key, u]) => stateOf(u, key, pages)),
    undeclared: input.catalogLinks.filter((l) => !declared.has(urlKey(l))),
  };
}
