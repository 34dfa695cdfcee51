// How far a service can be done online, judged on its own page (INDICATORS.md):
//   1    an application form on the page (two fields or an upload, not a
//        comment, rating, newsletter or search form; inside an ASP.NET
//        page-wide form, a field group with its button), a login form in the
//        content, or a way into an online system: a link or button named for
//        applying («ثبت درخواست», «ورود به سامانه», "Apply online"), a
//        «آدرس سامانه» field holding a link, a link to a page on the national
//        window (my.gov.ir, not its front page), or a link to another host that
//        names a system («سامانه جامع تجارت»; not complaints or tracking);
//   0.66 a downloadable form (a pdf/doc link named «فرم»/"form");
//   0.33 information only: the page describes the service (a card field,
//        steps, or 30 words of its own text);
//   0    nothing: an empty or stub page.
// A required in-person visit caps the level at 0.66 (a visit offered beside an
// online way, or denied, does not). Links and forms in the site's header,
// navigation, footer or a sidebar are the site's, and links in a list of
// other pages («خدمات مرتبط», five or more linked items) are other services'.
// A delivery field that calls the service electronic without a way in is
// recorded (data.statedElectronic) but scored as information only.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { labelText, rawText } from '../../crawlers/dom.ts';
import type { PageArtifact } from '../../crawlers/artifacts.ts';
import { defineRule, result, type Citation, type RuleContext } from '../../src/engine/define-rule.ts';
import { normalize } from '../../src/text/persian.ts';
import { fieldsNamed, type Field } from '../lib/fields.ts';
import { SERVICE_CARD_FIELDS } from '../lib/services.ts';
import { cardFields, contentElements, contentForms, contentWords, FILLABLE, findSteps, inLinkList, isContent, isFeedbackForm, matchesCue, namesApplying, outsideSystemLinks, pageFields, paperFindings, APPLY_CUES } from '../lib/service-page.ts';
import { cite } from '../lib/cite.ts';
import { REPORT_FILE } from '../lib/documents.ts';
import { isLoginForm } from '../lib/forms.ts';
import { HEADING_SELECTOR } from '../lib/labels.ts';
import { onHosts } from '../lib/links.ts';

const LEVEL = { online: 1, download: 0.66, info: 0.33, none: 0 } as const;
/** Link texts that say "here" in a sentence that names applying: «برای ثبت درخواست <a>اینجا</a> کلیک کنید». */
const HERE = /^(اینجا|این جا|این لینک|لینک|کلیک کنید|here|click here|this link)$/u;
/** Field labels whose value is the address of the online system («آدرس سامانه», «نشانی اینترنتی خدمت»). */
const ADDRESS_LABELS = ['آدرس سامانه', 'نشانی سامانه', 'آدرس اینترنتی', 'نشانی اینترنتی', 'آدرس خدمت', 'لینک خدمت', 'پیوند خدمت', 'نام سامانه', 'نحوه دسترسی', 'online service', 'service address', 'website'];
/** Downloadable form files: named «فرم» / "form" in the text or the file name. */
const FORM_FILE_NAMES = /(?<![\p{L}])(فرم|فرمهای|تقاضانامه|درخواست نامه|پرسشنامه|اظهارنامه|form|forms|application)(?![\p{L}])/u;
const FORM_FILE_URL = /(^|[^a-z])(form|forms|farm|application|darkhast)([^a-z]|$)/i;
const DOWNLOAD_TEXT = /^(دانلود|دریافت|download)( فایل)? (فرم|form|the form|application form)/u;
/** Forms that are not an application besides feedback forms: newsletters, site search. */
const NOT_APPLICATION = ['خبرنامه', 'جستجو', 'عضویت', 'newsletter', 'search', 'subscribe'];
/** What sends a form: an inquiry («استعلام») may take a single field, but it has a button. */
const SUBMIT = 'button:not([type=button]):not([type=reset]), input[type=submit], input[type=image]';
/** A page that says this much about the service is information, even without a card. */
const MIN_INFO_WORDS = 30;

interface Level { level: number; reason: string; el: Element | null; text: string }

function cues(text: string): boolean {
  return matchesCue(text, APPLY_CUES);
}

function usableHref(href: string | undefined): boolean {
  return !!href && !/^\s*(#|javascript:|mailto:|tel:)/i.test(href);
}

/** An application form in the content: a field and a button that sends it, not a comment, rating, newsletter or search form. */
function applicationForm($: CheerioAPI): Level | null {
  for (const form of contentForms($)) {
    if (form.attribs.role === 'search') continue;
    const text = normalize([...$(form).find(`${HEADING_SELECTOR},label,button,legend,input[type=submit]`).toArray().map(labelText), form.attribs.action ?? '', form.attribs.id ?? '', form.attribs.class ?? ''].join(' '));
    if (isLoginForm($, form)) return { level: LEVEL.online, reason: 'login-form', el: form, text: `${text.slice(0, 100)}` };
    if (isFeedbackForm($, form) || matchesCue(text, NOT_APPLICATION)) continue;
    if ($(form).find(FILLABLE).length > 0 && $(form).find(SUBMIT).length > 0) return { level: LEVEL.online, reason: 'application-form', el: form, text: text.slice(0, 120) || 'form' };
  }
  return null;
}

function hrefOf(el: Element): string | undefined {
  return el.attribs.href ?? el.attribs['data-href'] ?? el.attribs['data-url'] ?? (/location|window\.open/.test(el.attribs.onclick ?? '') ? el.attribs.onclick : undefined);
}

/** A link (or a button that navigates) named for applying, or «اینجا» in a sentence that names it. */
function applyLink($: CheerioAPI): Level | null {
  for (const el of $('a[href], button, input[type=button], [role=button]').toArray()) {
    if (!usableHref(hrefOf(el))) continue;
    const text = labelText(el);
    const named = namesApplying(text);
    const here = !named && HERE.test(text) && !!el.parent && cues(normalize(rawText(el.parent)));
    if ((named || here) && isContent($, el) && !inLinkList($, el)) return { level: LEVEL.online, reason: 'apply-link', el, text: `${here ? normalize(rawText(el.parent!)) : text} → ${hrefOf(el)}` };
  }
  return null;
}

/** A link to another host that names a system, or an address in a sentence about applying. */
function systemLink($: CheerioAPI, page: PageArtifact): Level | null {
  const [a] = outsideSystemLinks($, page);
  return a ? { level: LEVEL.online, reason: 'apply-link', el: a, text: `${labelText(a)} → ${a.attribs.href}` } : null;
}

/** A link to a page on the national services window (not its front page): the service there. */
function windowLink($: CheerioAPI, page: PageArtifact, hosts: string[]): Level | null {
  for (const a of contentElements($, 'a[href]')) {
    let url: URL;
    try {
      url = new URL(a.attribs.href, page.finalUrl);
    } catch {
      continue;
    }
    const deep = url.pathname.replace(/\/+$/, '') !== '' || url.search !== '';
    if (deep && onHosts(url.href, hosts) && !inLinkList($, a)) return { level: LEVEL.online, reason: 'national-window', el: a, text: `${labelText(a)} → ${url.href}` };
  }
  return null;
}

/** A «آدرس سامانه» field whose value is a link. */
function addressField($: CheerioAPI, fields: readonly Field[]): Level | null {
  for (const f of fieldsNamed(fields, ADDRESS_LABELS)) {
    const a = f.nodes.flatMap((n) => $(n).find('a[href]').add($(n).filter('a[href]')).toArray()).find((x) => /^https?:|^\//i.test(x.attribs.href));
    if (a) return { level: LEVEL.online, reason: 'system-address', el: f.box, text: `${f.name}: ${a.attribs.href}` };
  }
  return null;
}

/** A URL part decoded, or as written when it is not valid percent-encoding. */
function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** A downloadable form file («فرم درخواست (PDF)», "application-form.docx"). */
function downloadForm($: CheerioAPI): Level | null {
  for (const a of $('a[href]').toArray()) {
    const text = labelText(a);
    const file = REPORT_FILE.test(a.attribs.href);
    const fileName = safeDecode(a.attribs.href.split(/[?#]/)[0].split('/').pop() ?? '');
    const named = (file && (FORM_FILE_NAMES.test(text) || FORM_FILE_NAMES.test(normalize(fileName)) || FORM_FILE_URL.test(fileName))) || DOWNLOAD_TEXT.test(text);
    if (named && isContent($, a)) {
      return { level: LEVEL.download, reason: 'downloadable-form', el: a, text: `${text} → ${a.attribs.href}` };
    }
  }
  return null;
}

/** Information only: a card field, steps or a paragraph's worth of text about the service. */
function information($: CheerioAPI, fields: readonly Field[]): Level | null {
  const card = cardFields(fields)[0];
  if (card) return { level: LEVEL.info, reason: 'information', el: card.field.box, text: `${card.field.name}: ${card.field.value}` };
  const steps = findSteps($, fields);
  if (steps) return { level: LEVEL.info, reason: 'information', el: steps.steps.el, text: rawText(steps.steps.el) };
  const title = ($('h1')[0] ?? $('title')[0] ?? null) as Element | null;
  if (contentWords($) >= MIN_INFO_WORDS) return { level: LEVEL.info, reason: 'information', el: title, text: title ? rawText(title) : 'page text' };
  return null;
}

/** Delivery-channel values that call the service electronic («کاملاً الکترونیکی», «اینترنتی», "online"). */
const ELECTRONIC = /(الکترونیکی|الکترونیک|اینترنتی|برخط|آنلاین|غیر ?حضوری|online|electronic)/u;

function statedElectronic(fields: readonly Field[]): Field | null {
  return fieldsNamed(fields, SERVICE_CARD_FIELDS.channel).find((f) => ELECTRONIC.test(f.value)) ?? null;
}

function levelOf($: CheerioAPI, page: PageArtifact, ctx: RuleContext, fields: readonly Field[]): Level {
  return applicationForm($) ?? applyLink($) ?? addressField($, fields) ?? windowLink($, page, ctx.config.nationalWindowHosts) ?? systemLink($, page)
    ?? downloadForm($) ?? information($, fields) ?? { level: LEVEL.none, reason: 'nothing', el: null, text: '' };
}

export default defineRule({
  id: 'online-service',
  pillar: 'user-centric',
  title: { fa: 'خدمت به صورت الکترونیکی ارائه می‌شود', en: 'The service is delivered online' },
  messages: {
    'application-form': { fa: 'فرم درخواست برخط در صفحه خدمت', en: 'An online application form on the service page' },
    'login-form': { fa: 'ورود به سامانه خدمت از صفحه خدمت', en: "A sign-in into the service's system on its page" },
    'apply-link': { fa: 'پیوند ثبت درخواست یا ورود به سامانه', en: 'A link to apply or sign in to the online system' },
    'system-address': { fa: 'نشانی سامانه خدمت', en: "The address of the service's online system" },
    'national-window': { fa: 'پیوند به خدمت در پنجره ملی خدمات', en: 'A link to the service on the national services window' },
    'downloadable-form': { fa: 'تنها فرم قابل دریافت', en: 'Only a downloadable form' },
    information: { fa: 'تنها اطلاع‌رسانی درباره خدمت', en: 'Information about the service only' },
    'in-person-cap': { fa: 'مراجعه حضوری لازم است؛ سطح الکترونیکی حداکثر ۰٫۶۶', en: 'An in-person visit is required; the level is capped at 0.66' },
    nothing: { fa: 'هیچ اطلاعات یا امکان برخطی برای خدمت یافت نشد', en: 'Nothing about the service is online' },
  },
  needs: ['pages'],
  evaluateService(service, _site, ctx) {
    const $ = ctx.dom(service);
    const fields = pageFields(service, ctx);
    const found = levelOf($, service, ctx, fields);
    const visit = paperFindings($, fields).find((p) => p.kind === 'visit' && !p.negated);
    const capped = visit && found.level > LEVEL.download;
    const level = capped ? LEVEL.download : found.level;
    const data: Record<string, unknown> = { level, reason: found.reason, found: found.level };
    // Said to be electronic but with no way in on the page: kept for the evaluator, scored as what is shown.
    const stated = found.level < LEVEL.online ? statedElectronic(fields) : null;
    if (stated) data.statedElectronic = `${stated.name}: ${stated.value}`;
    const evidence: Citation[] = found.el ? [cite(service, found.el, found.text)] : [];
    if (visit) {
      data.inPerson = visit.text;
      evidence.push(cite(service, visit.el, visit.text));
    }
    const key = capped ? 'in-person-cap' : found.reason;
    if (level === LEVEL.online) return result.pass(evidence, key, data);
    if (level === LEVEL.none) return result.fail(key, data, evidence);
    if (evidence.length === 0) return result.fail(key, data);
    return result.partial(level, evidence, key, data);
  },
});

