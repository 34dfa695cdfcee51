// What a piece of evidence points at: the state of a URL from the crawl's
// attempts and the probe step's records (site.probes). A target that answered
// >= 400, or a crawled page that is only a placeholder, is not evidence; a
// target nobody could ask (unreachable, not probed, never reached) is
// evidence only when it is a listed national system, else needs review.
import type { LinkArtifact, PageArtifact, ProbeRecord, SiteArtifacts } from '../../crawlers/artifacts.ts';
import { resolveHref } from '../../crawlers/artifacts.ts';
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import type { NationalSystems } from '../../src/registry/national-systems-types.ts';
import { isPlaceholderPage } from './decoy.ts';
import type { Patterns } from '../../src/text/match.ts';
import { bareHost, cueLinks, imageOnly, linkElement, menuLinks } from './links.ts';
import { isNewsPage, isNewsUrl } from './lists.ts';
import { systemOfUrl } from './national.ts';

export type TargetState =
  /** A crawled page with content. */
  | 'page'
  /** A crawled page that only promises the feature, or a soft 404. */
  | 'placeholder'
  /** Probed (a document, a system on another host) and answered < 400. */
  | 'ok'
  /** Answered >= 400, to the crawl or the probe. */
  | 'dead'
  /** No answer (DNS, refused, timeout, TLS). */
  | 'unreachable'
  /** The probe step did not ask (robots.txt, budget), or nothing ever tried the URL. */
  | 'unknown';

export interface Target {
  state: TargetState;
  status: number | null;
  page?: PageArtifact;
  probe?: ProbeRecord;
}

function same(a: string | null | undefined, href: string): boolean {
  return !!a && a === href;
}

/** The probe record for a URL, if the probe step asked it. */
export function probeOf(site: SiteArtifacts, href: string, kind?: ProbeRecord['kind']): ProbeRecord | undefined {
  return site.probes?.find((p) => (!kind || p.kind === kind) && (same(p.url, href) || same(p.finalUrl, href)));
}

/** The state of a URL as the crawl and the probes saw it. */
export function targetOf(site: SiteArtifacts, href: string, dom: (page: PageArtifact) => CheerioAPI): Target {
  const page = site.pages.find((p) => same(p.url, href) || same(p.finalUrl, href));
  if (page) return { state: isPlaceholderPage(dom(page), page) ? 'placeholder' : 'page', status: page.status, page };
  const probe = probeOf(site, href);
  if (probe && probe.state !== 'not-probed') {
    return { state: probe.state === 'ok' ? 'ok' : probe.state, status: probe.status, probe };
  }
  const attempt = site.attempts.find((p) => same(p.url, href) || same(p.finalUrl, href));
  if (attempt && attempt.status !== null && attempt.status >= 400) return { state: 'dead', status: attempt.status };
  if (attempt && (attempt.error || attempt.status === null)) return { state: 'unreachable', status: null };
  return { state: 'unknown', status: null, probe };
}

/** How a link's target weighs as evidence. */
export type TargetVerdict = 'evidence' | 'not-evidence' | 'review';

/**
 * A target's weight as evidence: a page with content or a probe that answered
 * is evidence; a dead target or a placeholder is not; a target nobody could
 * ask counts when it is a listed national system and needs review otherwise.
 */
export function judgeTarget(target: Target, href: string, systems: NationalSystems, site?: SiteArtifacts): TargetVerdict {
  if (target.state === 'page' || target.state === 'ok') return 'evidence';
  if (target.state === 'dead' || target.state === 'placeholder') return 'not-evidence';
  // A page of the portal itself past the crawl budget is read by its link, as before the probe step.
  if (target.state === 'unknown' && site && onAgencySite(site, href)) return 'evidence';
  return systemOfUrl(href, systems) ? 'evidence' : 'review';
}

/** Second-level zones under .ir whose names are one label deeper (mcls.gov.ir, ut.ac.ir). */
const IR_ZONES = /\.(gov|ac|org|co|sch|id|net)\.ir$/;

/** The registrable domain of a host: mcls.gov.ir for shekayat.mcls.gov.ir, example.com for www.example.com. */
function siteDomain(host: string): string {
  const labels = host.split('.');
  return labels.slice(IR_ZONES.test(host) ? -3 : -2).join('.');
}

/**
 * True for a URL on the agency's own site: its home page's host, one it
 * declared, or a subdomain of the same registrable domain (a ministry's
 * shekayat.mcls.gov.ir beside www.mcls.gov.ir).
 */
export function onAgencySite(site: SiteArtifacts, href: string): boolean {
  const host = bareHost(href);
  if (host === null) return false;
  const own = [site.agency.homepage, ...(site.home ? [site.home.finalUrl] : [])].map(bareHost).filter((h): h is string => h !== null);
  const declared = site.agency.hosts.map((h) => h.toLowerCase().replace(/^www\./, ''));
  return [...own, ...declared].some((h) => h === host || (!/^[\d.]+$/.test(h) && siteDomain(h) === siteDomain(host)));
}

/** Shortcut: the verdict on a link's target. */
export function linkVerdict(site: SiteArtifacts, href: string, ctx: { dom(page: PageArtifact): CheerioAPI; config: { nationalSystems: NationalSystems } }): TargetVerdict {
  return judgeTarget(targetOf(site, href, ctx.dom), href, ctx.config.nationalSystems, site);
}

/** True when the target answered >= 400 or is a placeholder: whatever names it, it is not the feature. */
export function isDeadTarget(site: SiteArtifacts, href: string, dom: (page: PageArtifact) => CheerioAPI): boolean {
  const { state } = targetOf(site, href, dom);
  return state === 'dead' || state === 'placeholder';
}

/**
 * True when a link on a page (an href as written, relative or not) leads to a
 * target that answered >= 400, to the crawl or to a probe: a chart or budget
 * PDF that 404s is no chart and no budget.
 */
export function isDeadLink(site: SiteArtifacts, page: PageArtifact, href: string): boolean {
  const url = resolveHref(href, page.finalUrl);
  if (!url) return false;
  if (probeOf(site, url)?.state === 'dead') return true;
  const attempt = site.attempts.find((p) => same(p.url, url) || same(p.finalUrl, url));
  return !!attempt && attempt.status !== null && attempt.status >= 400;
}

function imageOnlyLink($: CheerioAPI, link: LinkArtifact): boolean {
  const el = linkElement($, link);
  return !!el && imageOnly(el);
}

/** A link on a crawled page. */
export interface PageLink { page: PageArtifact; link: LinkArtifact }

/**
 * Links a cue names, read in full (text, title, aria-label, image alt, and the
 * URL of an image-only link), whose target verdict is review: nobody could see
 * it and it is no listed national system. The feature may sit there, so a rule
 * that finds no evidence leaves the finding needs-review, never fail; a target
 * that answered >= 400 or is a placeholder is not among them. `names` narrows
 * links with words of their own (a label, not a headline). News stories are
 * not read: their tags and related links offer no section.
 */
export function unseenCueLinks(
  site: SiteArtifacts, ctx: { dom(page: PageArtifact): CheerioAPI; config: { nationalSystems: NationalSystems } },
  patterns: Patterns, names: (text: string) => boolean = () => true,
): PageLink[] {
  return site.pages.filter((page) => !isNewsPage(page)).flatMap((page) => {
    const $ = ctx.dom(page);
    // A text link must read as a label by the rule's test, and not lead to a story; an image-only link is read by its alt and URL.
    const named = cueLinks($, page, patterns);
    const images = named.filter((l) => imageOnlyLink($, l));
    const labels = [...new Set([...menuLinks($, page, patterns), ...named])].filter((l) => !imageOnlyLink($, l) && names(l.text) && !isNewsUrl(l.href));
    return [...labels, ...images].filter((link) => /^https?:/i.test(link.href) && linkVerdict(site, link.href.replace(/#.*$/, ''), ctx) === 'review').map((link) => ({ page, link }));
  });
}

/**
 * The verdict on what a form submits to. A form into the page's own host or
 * the agency's site (or with no action) is judged by its markup; one into
 * another host is that host's system, weighed like a link to it: a tracking
 * form into a system nobody asked is no proof of the facility.
 */
export function formVerdict(site: SiteArtifacts, page: PageArtifact, form: Element, ctx: { dom(page: PageArtifact): CheerioAPI; config: { nationalSystems: NationalSystems } }): TargetVerdict {
  const action = form.name === 'form' ? form.attribs.action?.trim() : undefined;
  const url = action ? resolveHref(action, page.finalUrl) : null;
  if (!url || !/^https?:/i.test(url) || bareHost(url) === bareHost(page.finalUrl) || onAgencySite(site, url)) return 'evidence';
  return linkVerdict(site, url.replace(/#.*$/, ''), ctx);
}
