// Single entry: how many distinct hosts receive the portal's service forms
// (form actions), logins (login links, forms and SSO buttons) and the services
// its catalog sends citizens to on other systems (a catalog entry that links
// to ahzab.moi.ir is a service done there), or its sampled service pages send
// them into (a «سامانه …» or «ثبت درخواست» link on another host); an app's
// download page receives nothing. The national services window and
// the national SSO are the national entry points, not systems of the agency:
// catalog links and sign-in links there are left out. One host is
// a single entry; each further system a citizen must sign into or submit to
// costs a quarter: score = (5 − count) / 4, so 2 hosts → 0.75, 3 → 0.5,
// 4 → 0.25 and 5 or more → 0 (fail). The hosts are recorded in `data`.
// No service form, no login and no service on another system: not-applicable.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { ancestors, labelText } from '../../crawlers/dom.ts';
import { resolveHref, type PageArtifact, type SiteArtifacts } from '../../crawlers/artifacts.ts';
import { defineRule, result, type Citation, type RuleContext } from '../../src/engine/define-rule.ts';
import { matchesAny } from '../../src/text/match.ts';
import { APP_STORES } from '../lib/apps.ts';
import { cite, citeLink } from '../lib/cite.ts';
import { formHeadedBy, isLoginForm, isPageForm, SUBMIT_BUTTON, TEXT_INPUT } from '../lib/forms.ts';
import { HEADING_SELECTOR } from '../lib/labels.ts';
import { bareHost, onHosts } from '../lib/links.ts';
import { formTarget, loginPoints } from '../lib/login.ts';
import { findServiceCatalog } from '../lib/service-catalog.ts';
import { outsideApplyLinks, outsideSystemLinks } from '../lib/service-page.ts';
import { discoverServices } from '../lib/services.ts';

/** Inputs a citizen fills in to use a service. */
const FILLABLE = `${TEXT_INPUT}, input[type=email], input[type=file], input[type=date]`;
/** Forms that are not a service: site search, newsletter, comments under news, contact-us messages. */
const NOT_SERVICE = [
  'جستجو', 'جست و جو', 'search', 'خبرنامه', 'newsletter', 'subscribe', 'ارسال نظر', 'نظر شما', 'دیدگاه', 'نظرات',
  'comment', 'leave a reply', 'تماس با ما', 'contact us', 'contact form', 'get in touch',
];
const SEARCH_NAMES = /^(q|s|k|query|search|searchtext|keyword|keywords|term|txtsearch)$/i;
/**
 * A CMS that wraps the whole page in one form (ASP.NET WebForms) posts every
 * control to itself; such a form holds the page's navigation, not a service.
 */
const WRAPPER_LINKS = 15;
/** Bank payment gateways (Shaparak PSPs) receive a payment, not a service: they are no system of the agency. */
const PAYMENT_GATEWAY = /(^|\.)(shaparak\.ir|sep\.ir|pec\.ir|asanpardakht\.ir|sadadpsp\.ir|behpardakht\.com|zarinpal\.com|idpay\.ir|pay\.ir)$/;
const MAX_CITED_HOSTS = 5;
/** This many separate systems or more is no single entry at all. */
const FRAGMENTED_HOSTS = 5;

function score(count: number): number {
  return Math.max(0, (FRAGMENTED_HOSTS - count) / (FRAGMENTED_HOSTS - 1));
}

function isWrapper($: CheerioAPI, form: Element): boolean {
  return isPageForm(form) || $(form).find('header, nav, main, footer').length > 0 || $(form).find('a[href]').length > WRAPPER_LINKS;
}

function isSearch($: CheerioAPI, form: Element): boolean {
  if (form.attribs.role === 'search' || ancestors(form).some((a) => a.attribs.role === 'search')) return true;
  if ($(form).find('input[type=search]').length) return true;
  const inputs = $(form).find(TEXT_INPUT).toArray();
  return inputs.length === 1 && SEARCH_NAMES.test(inputs[0].attribs.name ?? '');
}

/**
 * A form that takes a citizen's input for a service: fillable, and neither
 * search, newsletter, comment nor contact. Password forms are logins, which
 * loginPoints judges (it leaves out staff and admin-panel logins).
 */
function isServiceForm($: CheerioAPI, form: Element): boolean {
  if (isWrapper($, form) || isSearch($, form) || isLoginForm($, form) || $(form).find(FILLABLE).length === 0) return false;
  const labels = $(form).find(`${HEADING_SELECTOR},legend,label,button,input[type=submit]`).toArray().map(labelText).join(' ');
  return !matchesAny(labels, NOT_SERVICE) && !formHeadedBy($, form, NOT_SERVICE);
}

interface Receiver { host: string; citation: Citation; what: 'form' | 'login' | 'service' }

const GROUPS = 'fieldset, div, section, td, li, p';
/** A group of controls with more links than this is a page region, not a form of its own. */
const MAX_GROUP_LINKS = 10;

/** Inside a page-wrapping form, a group of fields with its own submit button, not search, login or comment: a service form posting to the wrapper's action. */
function isWrappedServiceGroup($: CheerioAPI, group: Element): boolean {
  if ($(group).find('header, nav, footer, main').length || $(group).find('a[href]').length > MAX_GROUP_LINKS) return false;
  const fields = $(group).find(FILLABLE).toArray();
  if (fields.length === 0 || $(group).find(SUBMIT_BUTTON).length === 0 || $(group).find('input[type=password]').length) return false;
  if (fields.every((f) => SEARCH_NAMES.test((f.attribs.name ?? '').split('$').pop() ?? ''))) return false;
  const labels = $(group).find(`${HEADING_SELECTOR},legend,label,button,input[type=submit]`).toArray().map(labelText).join(' ');
  return !matchesAny(labels, NOT_SERVICE);
}

/** The service forms of a page: its own <form>s, and field groups inside a form that wraps the page (ASP.NET WebForms). */
function serviceFormElements($: CheerioAPI): Array<{ form: Element; shown: Element }> {
  const out: Array<{ form: Element; shown: Element }> = [];
  for (const form of $('form').toArray()) {
    if (isServiceForm($, form)) out.push({ form, shown: form });
    else if (isWrapper($, form)) {
      const groups = $(form).find(GROUPS).toArray().filter((g) => isWrappedServiceGroup($, g));
      // The innermost groups: a table cell holding the fields, not the table around it.
      for (const g of groups.filter((g) => !groups.some((o) => o !== g && ancestors(o).includes(g)))) out.push({ form, shown: g });
    }
  }
  return out;
}

function serviceForms(page: PageArtifact, $: CheerioAPI): Receiver[] {
  return serviceFormElements($).flatMap(({ form, shown }) => {
    const host = bareHost(formTarget(form, page));
    return host && !PAYMENT_GATEWAY.test(host) ? [{ host, what: 'form' as const, citation: cite(page, shown, `${page.title} · ${labelText(shown)}`) }] : [];
  });
}

/**
 * Services the catalog lists on another system: each such host receives that
 * service's forms. Links to the catalog page's own host are pages of the
 * portal, whose forms are counted where they are.
 */
function catalogSystems(site: SiteArtifacts, ctx: RuleContext): Receiver[] {
  const catalog = findServiceCatalog(site, ctx);
  if (!catalog) return [];
  const own = bareHost(catalog.page.finalUrl);
  const national = [...ctx.config.nationalWindowHosts, ...ctx.config.ssoHosts];
  return catalog.links.flatMap((href) => {
    const host = bareHost(href);
    if (!host || host === own || onHosts(href, national) || PAYMENT_GATEWAY.test(host) || isAppDownload(href)) return [];
    const link = catalog.page.links.find((l) => l.href === href);
    const citation = link ? citeLink(catalog.page, link) : cite(catalog.page, catalog.list, href);
    return [{ host, what: 'service' as const, citation }];
  });
}

/** An app's download page or file (a store, an .apk, a /download path): the app is installed, no form is sent there. */
const APP_DOWNLOAD = /(^|\/)(download|downloads|dl)(\/|$)|\.apk$/i;

function isAppDownload(href: string): boolean {
  return onHosts(href, APP_STORES) || APP_DOWNLOAD.test(new URL(href).pathname);
}

/** Systems that receive no service: complaints and surveys. A results or tracking system takes the citizen's login or codes. */
const NOT_SERVICE_SYSTEM = /(شکایت|شکایات|111|سامد|نظرسنجی|complaint|survey)/u;

/**
 * Systems on other hosts that the sampled service pages send citizens into
 * («سامانه نوبت‌دهی …» on the university's host): each receives that service.
 */
function serviceSystems(site: SiteArtifacts, ctx: RuleContext): Receiver[] {
  const services = site.services ?? discoverServices(site, ctx);
  return services.flatMap((page) => {
    const $ = ctx.dom(page);
    return [...outsideSystemLinks($, page, NOT_SERVICE_SYSTEM), ...outsideApplyLinks($, page)].flatMap((a) => {
      const href = resolveHref(a.attribs.href, page.finalUrl);
      const host = href ? bareHost(href) : null;
      return host && !PAYMENT_GATEWAY.test(host) && !isAppDownload(href!) ? [{ host, what: 'service' as const, citation: cite(page, a, `${labelText(a)} → ${href}`) }] : [];
    });
  });
}

/**
 * The national SSO signs a citizen in and hands them back, and the national
 * window is the country's one door to services; neither is a system of the
 * agency. They count only when no other host receives anything.
 */
function withoutNational(receivers: Receiver[], nationalHosts: string[]): Receiver[] {
  const rest = receivers.filter((r) => !onHosts(`https://${r.host}/`, nationalHosts));
  return rest.length ? rest : receivers;
}

function byHost(receivers: Receiver[]): Map<string, Receiver> {
  const out = new Map<string, Receiver>();
  for (const r of receivers) if (!out.has(r.host)) out.set(r.host, r);
  return out;
}

export default defineRule({
  id: 'single-entry',
  pillar: 'integrated',
  title: { fa: 'ورود یکپارچه به خدمات (یک نقطه ورود)', en: 'Services have a single entry point' },
  messages: {
    single: { fa: 'فرم‌ها، ورود کاربران و خدمات فهرست‌شده همه به {hosts} می‌رسد', en: 'All service forms, logins and listed services go to {hosts}' },
    several: { fa: 'فرم‌ها، ورود کاربران و خدمات فهرست‌شده به {count} میزبان می‌رسد: {hosts}', en: 'Service forms, logins and listed services go to {count} hosts: {hosts}' },
    'no-entry': { fa: 'فرم خدمت، ورود کاربری یا خدمتی در سامانه‌ای دیگر یافت نشد', en: 'No service form, login or service on another system was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    const receivers: Receiver[] = [];
    for (const page of site.pages) receivers.push(...serviceForms(page, ctx.dom(page)));
    for (const p of loginPoints(site, ctx)) receivers.push({ host: p.host, citation: p.citation, what: 'login' });
    receivers.push(...catalogSystems(site, ctx), ...serviceSystems(site, ctx));
    if (receivers.length === 0) return { outcome: 'not-applicable', score: null, evidence: [], messageKey: 'no-entry' };
    const hosts = byHost(withoutNational(receivers, [...ctx.config.ssoHosts, ...ctx.config.nationalWindowHosts]));
    const list = [...hosts.keys()];
    const evidence = [...hosts.values()].slice(0, MAX_CITED_HOSTS).map((r) => r.citation);
    const data = { count: list.length, hosts: list.join(', '), hostList: list, receivers: [...hosts.values()].map((r) => ({ host: r.host, what: r.what })) };
    const s = score(list.length);
    if (s === 1) return result.pass(evidence, 'single', data);
    return s > 0 ? result.partial(s, evidence, 'several', data) : result.fail('several', data, evidence);
  },
});
