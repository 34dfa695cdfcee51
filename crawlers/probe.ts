// The probe step (Lighthouse's gatherer → artifact split): after the crawl and
// before the rules, fetch the targets that candidate evidence depends on and
// record what they answered, so rules stay pure. Documents linked on crawled
// pages, GET search forms submitted once, and links into systems on other
// hosts. One budget per portal, in a fixed order (crawl order of the citing
// page, then document order); robots.txt and the host limits apply.
import type { Element } from 'domhandler';
import type { PageArtifact, ProbeKind, ProbeRecord, RawPage, SiteArtifacts } from './artifacts.ts';
import { buildPageArtifact, resolveHref } from './artifacts.ts';
import { cssPath, labelText, loadDom, type CheerioAPI } from './dom.ts';
import { fetchBytes, fetchHttp, type HttpClient } from './http.ts';
import { renderReason } from './needs-render.ts';
import { siteHosts } from './scope.ts';
import { NOT_A_PAGE, robotsFor, type CrawlOptions, type HostSlots, type RobotsCache } from './portal.ts';
import { atMostOneRetry, withRetries } from './retry.ts';
import { canonicalUrl } from './urls.ts';
import { normalize } from '../src/text/persian.ts';

export interface ProbeOptions {
  /** Targets asked per portal; the rest are recorded as not probed ("probe budget"). */
  maxProbesPerPortal: number;
  /** false: no host outside the agencies' own is contacted; such targets are recorded as not probed. */
  externalProbes: boolean;
  /** Bytes of a document or an external answer read before the request is dropped. */
  headBytes: number;
  /** The word a search form is submitted with: one that any agency's site would have. */
  searchQuery: string;
}

export const DEFAULT_PROBE_OPTIONS: ProbeOptions = { maxProbesPerPortal: 40, externalProbes: true, headBytes: 1024, searchQuery: 'خدمات' };

export const NOTE_BUDGET = 'probe budget';
export const NOTE_NO_EXTERNAL = 'external probes are switched off (--no-external-probes)';
export const NOTE_ROBOTS = 'robots.txt disallows it';
export const NOTE_TIME_LIMIT = 'probe time limit (the portal time limit) reached before its turn';
export const NOTE_POST_FORM = 'the search box is inside a POST form (ASP.NET WebForms wrap the page in one): not submitted';

export interface ProbeContext {
  http: HttpClient;
  limiter: HostSlots;
  crawl: CrawlOptions;
  probe: ProbeOptions;
  /** The agency's own portal was read past a certificate error; other hosts are always checked strictly. */
  ignoreCertificateErrors: boolean;
  robots: RobotsCache;
  /** Hosts of the national systems (current and former); a link to one, or to a subdomain of one, is always probed. */
  nationalHosts: string[];
  /** Where politeness notes (a Crawl-delay honoured) go. */
  notes: string[];
  /** Targets whose turn comes after this (ms since epoch) are not asked: a slow host cannot hold the run. */
  deadline: number;
  /** Renders a results page whose content needs scripts (as the crawl renders such pages); absent: the HTTP copy is judged. */
  render?: (fetched: RawPage, reason: string) => Promise<RawPage>;
}

/** A target found on a crawled page, before the budget is applied. */
export interface ProbeTarget {
  kind: ProbeKind;
  url: string;
  /** On another host than the agency's own. */
  external: boolean;
  page: PageArtifact;
  form?: { pageUrl: string; selector: string };
  /** Decided while finding it: recorded as not probed with this note. */
  skip?: string;
}

// Words and URL parts that say a link leads to a citizen-facing system:
// tracking, complaints, sign-in, services, FOI, open data.
const LABEL_CUES = [
  'پیگیری', 'رهگیری', 'شکایت', 'شکایات', 'انتقادات', 'ورود', 'احراز هویت', 'ثبت نام', 'خدمات', 'سامانه', 'میز خدمت', 'پنجره', 'درگاه',
  'دسترسی آزاد', 'داده باز', 'داده های باز', 'نوبت دهی', 'استعلام',
  'tracking', 'track', 'complaint', 'login', 'log in', 'sign in', 'sso', 'e-service', 'eservice', 'services', 'foi', 'open data',
].map(normalize);
const URL_CUES = /(track|peigiri|complain|shekayat|login|signin|sso|auth|eservice|service|khadamat|foia?\b|opendata|open-data|dataset|portal|samane|nobat|estelam)/i;

const SEARCH_NAMES = /^(q|query|search|searchtext|search_text|keyword|keywords|s|k|term|txtsearch|search_api_fulltext|searchword)$/i;
const SEARCH_WORDS = /جستجو|جستوجو|search/i;

/** The agency's own hosts: the crawl's scope (scope.ts) and the home page's final host. */
export function ownHosts(site: SiteArtifacts): Set<string> {
  const hosts = siteHosts(site.agency.homepage, site.agency.hosts);
  if (site.home) hosts.add(new URL(site.home.finalUrl).host.toLowerCase());
  return hosts;
}

/** The host, or a parent domain of it, is one of `hosts` (which may carry a port). */
export function hostListed(url: string, hosts: readonly string[]): boolean {
  const u = new URL(url);
  const names = [u.host.toLowerCase(), u.hostname.toLowerCase()];
  return hosts.some((h) => names.some((n) => n === h || n.endsWith(`.${h}`)));
}

function citizenFacing(label: string, url: string): boolean {
  if (LABEL_CUES.some((c) => label.includes(c))) return true;
  let path: string;
  try {
    const u = new URL(url);
    path = decodeURIComponent(`${u.hostname}${u.pathname}`);
  } catch {
    return false;
  }
  return URL_CUES.test(path) || LABEL_CUES.some((c) => normalize(path.replace(/[-_/.]+/g, ' ')).includes(c));
}

/** The text input a search form sends the query in, or null when the form is not a site search. */
function searchField($: CheerioAPI, form: Element): Element | null {
  const $form = $(form);
  if ($form.find('input[type=password]').length) return null;
  const texts = $form.find('input').filter((_, el) => /^(search|text|)$/i.test(el.attribs.type ?? '') && !!el.attribs.name).toArray();
  const typed = texts.find((el) => (el.attribs.type ?? '').toLowerCase() === 'search');
  const named = texts.find((el) => SEARCH_NAMES.test(el.attribs.name ?? '') || SEARCH_WORDS.test(`${el.attribs.name} ${el.attribs.id ?? ''} ${el.attribs.placeholder ?? ''} ${el.attribs['aria-label'] ?? ''}`));
  const field = typed ?? named ?? (texts.length === 1 ? texts[0] : undefined);
  if (!field) return null;
  const role = $form.is('[role=search]') || $form.closest('[role=search]').length > 0 || $form.find('[role=search]').length > 0;
  const buttons = $form.find('button, input[type=submit], input[type=image], label').toArray().map((el) => labelText(el) + ' ' + (el.attribs.alt ?? '')).join(' ');
  return typed || role || named || SEARCH_WORDS.test(buttons) ? field : null;
}

/** What a browser would submit: the action (its own query replaced), hidden fields, other filled fields, the query. */
function submittedUrl($: CheerioAPI, form: Element, field: Element, base: string, query: string): string | null {
  const action = resolveHref(form.attribs.action ?? '', base) ?? (form.attribs.action ? null : base);
  if (!action) return null;
  const u = new URL(action);
  u.search = '';
  for (const el of $(form).find('input[name], select[name], textarea[name]').toArray()) {
    const type = (el.attribs.type ?? '').toLowerCase();
    if (el === field) u.searchParams.append(el.attribs.name, query);
    else if (type === 'hidden' || (el.name === 'input' && /^(text|search|)$/.test(type) && el.attribs.value)) u.searchParams.append(el.attribs.name, el.attribs.value ?? '');
  }
  return canonicalUrl(u.href);
}

function formTarget($: CheerioAPI, form: Element, page: PageArtifact, base: string, scope: Set<string>, query: string): ProbeTarget | null {
  const field = searchField($, form);
  if (!field) return null;
  const ref = { pageUrl: page.finalUrl, selector: cssPath(form) };
  if ((form.attribs.method ?? 'get').toLowerCase() !== 'get') {
    const action = resolveHref(form.attribs.action ?? '', base) ?? page.finalUrl;
    return { kind: 'search', url: action, external: !scope.has(new URL(action).host.toLowerCase()), page, form: ref, skip: NOTE_POST_FORM };
  }
  const url = submittedUrl($, form, field, base, query);
  return url ? { kind: 'search', url, external: !scope.has(new URL(url).host.toLowerCase()), page, form: ref } : null;
}

/** What the crawl knows of the portal's own URLs: those fetched as pages, and those that turned out not to be HTML (a download where a page was linked). */
interface Crawled { pages: Set<string>; downloads: Set<string> }

function crawled(site: SiteArtifacts): Crawled {
  const out: Crawled = { pages: new Set(), downloads: new Set() };
  for (const a of site.attempts) {
    if (a.error && /not an HTML page/.test(a.error)) out.downloads.add(a.url);
    else out.pages.add(a.url).add(a.finalUrl);
  }
  return out;
}

function linkTarget(el: Element, href: string, page: PageArtifact, scope: Set<string>, seen: Crawled, nationalHosts: readonly string[]): ProbeTarget | null {
  if (scope.has(new URL(href).host.toLowerCase())) {
    const document = (NOT_A_PAGE.test(new URL(href).pathname) && !seen.pages.has(href)) || seen.downloads.has(href);
    return document ? { kind: 'document', url: href, external: false, page } : null;
  }
  return hostListed(href, nationalHosts) || citizenFacing(labelText(el), href) ? { kind: 'external', url: href, external: true, page } : null;
}

/** Every probe target on the crawled pages, in crawl order then document order, each URL once. Pure. */
export function probeTargets(site: SiteArtifacts, nationalHosts: readonly string[], query: string): ProbeTarget[] {
  const scope = ownHosts(site);
  const seenByCrawl = crawled(site);
  const out: ProbeTarget[] = [];
  const seen = new Set<string>();
  for (const page of site.pages) {
    const $ = loadDom(page.html);
    const base = resolveHref($('base[href]').attr('href'), page.finalUrl) ?? page.finalUrl;
    for (const el of $('a[href], area[href], form').toArray()) {
      const href = el.name === 'form' ? null : resolveHref(el.attribs.href, base);
      const target = el.name === 'form' ? formTarget($, el, page, base, scope, query) : href ? linkTarget(el, href, page, scope, seenByCrawl, nationalHosts) : null;
      if (!target || seen.has(`${target.kind} ${target.url}`)) continue;
      seen.add(`${target.kind} ${target.url}`);
      out.push(target);
    }
  }
  return out;
}

function notProbed(t: ProbeTarget, note: string): ProbeRecord {
  return { url: t.url, kind: t.kind, state: 'not-probed', status: null, finalUrl: null, contentType: null, bytes: null, head: null, note, ...(t.form ? { form: t.form } : {}) };
}

function stateOf(status: number | null, error: string | null): ProbeRecord['state'] {
  if (status === null) return 'unreachable';
  if (status >= 400) return 'dead';
  return error && !/not an HTML page/.test(error) ? 'unreachable' : 'ok';
}

function announcedBytes(headers: Record<string, string>): number | null {
  const n = Number(headers['content-length']);
  return headers['content-length'] !== undefined && Number.isFinite(n) && n >= 0 ? n : null;
}

/** A document or an external system: its status, type, size and first bytes; the rest of the body is not read. */
async function probeBytes(t: ProbeTarget, ctx: ProbeContext, strict: boolean): Promise<ProbeRecord> {
  const retry = atMostOneRetry(ctx.crawl.retry);
  const got = await ctx.limiter.request(t.url, async () => (Date.now() < ctx.deadline ? withRetries(() => fetchBytes(ctx.http, t.url, ctx.crawl, ctx.probe.headBytes, strict ? false : ctx.ignoreCertificateErrors), retry) : null));
  if (!got) return notProbed(t, NOTE_TIME_LIMIT);
  const body = got.body;
  return {
    url: t.url, kind: t.kind, state: stateOf(got.status, got.error ?? null), status: got.status, finalUrl: got.status === null ? null : got.finalUrl,
    contentType: got.headers['content-type'] ?? null,
    bytes: announcedBytes(got.headers) ?? (body && got.complete ? body.length : null),
    head: body && body.length ? body.toString('latin1') : null,
    note: got.error ?? null,
  };
}

/** A results page as a browser shows it: rendered when its content needs scripts (an app that fetches its results), as a busy step of the run. */
async function asShown(raw: RawPage, ctx: ProbeContext): Promise<RawPage> {
  const reason = ctx.render && raw.html ? renderReason(loadDom(raw.html)) : null;
  return reason ? ctx.limiter.busy(() => ctx.render!(raw, reason)) : raw;
}

/** A search form submitted once: the results page is kept as an artifact when it answered < 400. */
async function probeSearch(t: ProbeTarget, ctx: ProbeContext, strict: boolean): Promise<ProbeRecord> {
  const retry = atMostOneRetry(ctx.crawl.retry);
  const raw = await ctx.limiter.request(t.url, async () => (Date.now() < ctx.deadline ? withRetries(() => fetchHttp(ctx.http, t.url, t.page.depth + 1, ctx.crawl, strict ? false : ctx.ignoreCertificateErrors), retry) : null));
  if (!raw) return notProbed(t, NOTE_TIME_LIMIT);
  const usable = !raw.error && raw.status !== null && raw.status < 400;
  const shown = usable ? await asShown(raw, ctx) : raw;
  const page = usable ? buildPageArtifact({ ...shown, referrer: t.page.finalUrl }) : undefined;
  return {
    url: t.url, kind: 'search', state: stateOf(raw.status, raw.error ?? null), status: raw.status, finalUrl: raw.status === null ? null : raw.finalUrl,
    contentType: raw.headers['content-type'] ?? null, bytes: announcedBytes(raw.headers) ?? (raw.html ? Buffer.byteLength(raw.html) : null),
    head: null, note: raw.error ?? null, form: t.form, ...(page ? { page } : {}),
  };
}

async function probeOne(t: ProbeTarget, ctx: ProbeContext): Promise<ProbeRecord> {
  const robots = await robotsFor(ctx.robots, t.url, { ...ctx, options: ctx.crawl, ignoreCertificateErrors: t.external ? false : ctx.ignoreCertificateErrors }, ctx.notes);
  if (!robots.isAllowed(t.url)) return notProbed(t, NOTE_ROBOTS);
  return t.kind === 'search' ? probeSearch(t, ctx, t.external) : probeBytes(t, ctx, t.external);
}

/**
 * Probe a crawled portal's targets. The budget is spent in target order, so
 * the same crawl probes the same targets; the probes themselves run at once,
 * held by the hosts' limits.
 */
export async function probeSite(site: SiteArtifacts, ctx: ProbeContext): Promise<ProbeRecord[]> {
  let budget = ctx.probe.maxProbesPerPortal;
  const targets = probeTargets(site, ctx.nationalHosts, ctx.probe.searchQuery);
  // Decided in order before anything is asked, so the budget never depends on timing.
  const skips = targets.map((t) => {
    if (t.skip) return t.skip;
    if (t.external && !ctx.probe.externalProbes) return NOTE_NO_EXTERNAL;
    if (budget <= 0) return NOTE_BUDGET;
    budget--;
    return null;
  });
  return Promise.all(targets.map((t, i) => (skips[i] ? notProbed(t, skips[i]) : probeOne(t, ctx))));
}
