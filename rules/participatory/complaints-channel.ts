// A complaint form, or a navigation link to one (the agency's own system, the
// 111 system or سامد). Links are read in full (text, alt, URL and image file
// name: `/node/add/complaint`, `btn-shekayat.png`); a national complaints
// system counts by host, alias («مرکز ارتباطات مردمی») or hotline written as
// one («سامانه ۱۱۱», tel:111, an image named 111). A link whose target answered
// >= 400 or is a placeholder is no channel, nor one to a page of the portal
// that offers none (an office's phone and hours in prose); one into an
// unlisted system the run could not ask is needs-review. A news headline about complaints is not a channel.
import type { LinkArtifact, PageArtifact, SiteArtifacts } from '../../crawlers/artifacts.ts';
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { labelText, rawText } from '../../crawlers/dom.ts';
import { defineRule, result, type RuleContext } from '../../src/engine/define-rule.ts';
import type { NationalSystems } from '../../src/registry/national-systems-types.ts';
import { matchesAny } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';
import { cite, citeLink } from '../lib/cite.ts';
import { formHeadedBy, isInertField, isLoginForm } from '../lib/forms.ts';
import { HEADING_SELECTOR, words } from '../lib/labels.ts';
import { inRunningText } from '../lib/blocks.ts';
import { saysFuture } from '../lib/decoy.ts';
import { crawledPage, cueLinks, linkElement } from '../lib/links.ts';
import { inDatedItem } from '../lib/lists.ts';
import { systemDialled, systemInFileName, systemNamedIn, systemOfUrl } from '../lib/national.ts';
import { formVerdict, linkVerdict, type TargetVerdict } from '../lib/targets.ts';

const CUES = [
  'ثبت شکایت', 'فرم شکایت', 'سامانه شکایات', 'شکایات', 'شکایت', 'سامانه 111', 'سامد', 'سامانه پاسخگویی',
  // سامد's full name; «سامانه‌ی ۱۱۱» (the ZWNJ'd ezafe reads «سامانه ی»); a form's «مشخصات شاکی».
  'ارتباط مردم و دولت', 'سامانه ی 111', 'شاکی',
  'رسیدگی به شکایات', 'complaint', 'complaints', 'grievance',
];

function citeForm(page: PageArtifact, form: Element) {
  return cite(page, form, `${page.title} · ${labelText(form).slice(0, 120)}`);
}

/** A form for writing a complaint: a usable free-text field, named by its heading, legend, button or fields. */
function complaintForms($: CheerioAPI): Element[] {
  return $('form').toArray().filter((form) => {
    // A form nobody can use yet (disabled, or «به‌زودی» on its button) takes no complaint.
    if (isLoginForm($, form) || !$(form).find('textarea').toArray().some((t) => !isInertField($, t, form))) return false;
    const labels = $(form).find(`${HEADING_SELECTOR},label,button,input[type=submit]`).toArray().map(labelText).join(' ');
    return matchesAny(labels, CUES) || formHeadedBy($, form, CUES) || offersComplaintType($, form);
  });
}

/** Words of a message type in a form's choice list: «شکایت از عملکرد کارکنان». */
const MAX_OPTION_WORDS = 6;

/** A message form whose type can be set to a complaint («نوع پیام: پیشنهاد / انتقاد / شکایت»); radio choices are read through their labels above. */
function offersComplaintType($: CheerioAPI, form: Element): boolean {
  return $(form).find('select option').toArray().some((el) => {
    const text = labelText(el);
    return words(text) <= MAX_OPTION_WORDS && matchesAny(text, CUES);
  });
}

/** A short label, not prose: «سامانه ۱۱۱», «تماس با ۱۳۷». */
const MAX_LABEL_WORDS = 10;

/** True when the element offers rather than reports: not in prose, not in a dated news entry, not a plan. */
function offers($: CheerioAPI, el: Element): boolean {
  return !inRunningText(el) && !inDatedItem($, el) && !saysFuture(labelText(el));
}

/** Links to a complaints channel: named by a cue (read in full) or into a national complaints system. */
function channelLinks($: CheerioAPI, page: PageArtifact, systems: NationalSystems): LinkArtifact[] {
  const named = new Set(cueLinks($, page, CUES));
  return page.links.filter((l) => {
    const el = linkElement($, l);
    if (el && !offers($, el)) return false;
    if (named.has(l) || systemOfUrl(l.href, systems)?.kind === 'complaints') return true;
    // A logo to the home page carries the agency's own name («سازمان بازرسی»), not a link to a system.
    if (words(l.text) <= MAX_LABEL_WORDS && !isSiteRoot(l.href) && systemNamedIn(l.text, systems, 'complaints')) return true;
    return !!el && $(el).find('img[src]').toArray().some((img) => !!systemInFileName(img.attribs.src, systems, 'complaints'));
  });
}

function isSiteRoot(href: string): boolean {
  return new URL(href).pathname.replace(/\/+$/, '') === '';
}

/** Hotlines offered without a web link: tel:111, or a short label «سامانه ۱۱۱» / an image named for it. */
function hotlineLabels($: CheerioAPI, systems: NationalSystems): Element[] {
  const dialled = $('a[href]').toArray().filter((a) => systemDialled(a.attribs.href, systems, 'complaints'));
  const hotline = (text: string) => words(normalize(text)) <= MAX_LABEL_WORDS && !!systemNamedIn(text, systems, 'complaints', { hotlineOnly: true });
  const images = $('img').toArray().filter((img) => systemInFileName(img.attribs.src ?? '', systems, 'complaints') || hotline(img.attribs.alt ?? ''));
  // Outside links: a link is judged by where it leads (channelLinks).
  const labels = $('li,p,span,strong,b,div,td,h2,h3,h4,h5,h6').toArray()
    .filter((el) => $(el).children('li,p,div,td').length === 0 && !$(el).closest('a').length && hotline(rawText(el)));
  return [...dialled, ...images.filter((img) => !$(img).closest('a').length), ...labels].filter((el) => offers($, el));
}

interface Candidate { page: PageArtifact; link: LinkArtifact }

/**
 * True when a crawled page of the portal offers a way to complain: a form
 * (a complaint form, or a login into a complaints system), an embedded
 * system, a hotline label, a link into a national complaints system, or a
 * channel link leading off the page. An office page with a phone number and
 * visiting hours in prose offers none.
 */
function offersChannel(site: SiteArtifacts, page: PageArtifact, ctx: RuleContext): boolean {
  const $ = ctx.dom(page);
  if (complaintForms($).length || $('form').toArray().some((f) => isLoginForm($, f)) || $('iframe[src]').length) return true;
  if (hotlineLabels($, ctx.config.nationalSystems).length) return true;
  // Here a sentence that links the national system («… در سامانه سامد ثبت کنید») directs the reader there.
  if (page.links.some((l) => systemOfUrl(l.href, ctx.config.nationalSystems)?.kind === 'complaints')) return true;
  return channelLinks($, page, ctx.config.nationalSystems).some((l) => {
    const target = crawledPage(site, l.href);
    return target !== page && (!target || complaintForms(ctx.dom(target)).length > 0);
  });
}

/** A link's weight as a channel: a crawled page of the portal counts only when it offers a channel itself. */
function channelVerdict(site: SiteArtifacts, link: LinkArtifact, ctx: RuleContext): TargetVerdict {
  const verdict = linkVerdict(site, link.href, ctx);
  const target = verdict === 'evidence' ? crawledPage(site, link.href) : undefined;
  return target && !offersChannel(site, target, ctx) ? 'not-evidence' : verdict;
}

/** The first channel link that leads somewhere alive, else the first the run could not verify. */
function judgeLinks(site: SiteArtifacts, ctx: RuleContext): { pass?: Candidate; review?: Candidate } {
  let review: Candidate | undefined;
  for (const page of site.pages) {
    for (const link of channelLinks(ctx.dom(page), page, ctx.config.nationalSystems)) {
      const verdict = channelVerdict(site, link, ctx);
      if (verdict === 'evidence') return { pass: { page, link } };
      if (verdict === 'review') review ??= { page, link };
    }
  }
  return { review };
}

export default defineRule({
  id: 'complaints-channel',
  pillar: 'participatory',
  title: { fa: 'امکان ثبت شکایت وجود دارد', en: 'Complaints can be filed' },
  messages: {
    form: { fa: 'فرم ثبت شکایت', en: 'A complaint form' },
    link: { fa: 'پیوند به سامانه شکایات', en: 'A link to a complaints system' },
    hotline: { fa: 'سامانه رسیدگی به شکایات: {label}', en: 'A complaints line: {label}' },
    'form-unverified': { fa: 'فرم شکایت به سامانه‌ای دیگر که بررسی نشد؛ نیاز به بررسی', en: 'A complaint form submits to another system the audit could not check; needs review' },
    'link-unverified': { fa: 'پیوند شکایت به سامانه‌ای که بررسی نشد؛ نیاز به بررسی', en: 'A complaint link leads to a system the audit could not check; needs review' },
    'not-found': { fa: 'فرم یا پیوند ثبت شکایت یافت نشد', en: 'No complaint form or link was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    // A form is judged by what it submits to: another host nobody asked leaves it unproven.
    let unproven: { page: PageArtifact; form: Element } | null = null;
    for (const page of site.pages) {
      for (const form of complaintForms(ctx.dom(page))) {
        const verdict = formVerdict(site, page, form, ctx);
        if (verdict === 'evidence') return result.pass([citeForm(page, form)], 'form', { url: page.finalUrl });
        if (verdict === 'review') unproven ??= { page, form };
      }
    }
    const { pass, review } = judgeLinks(site, ctx);
    if (pass) return result.pass([citeLink(pass.page, pass.link)], 'link', { href: pass.link.href });
    for (const page of site.pages) {
      const $ = ctx.dom(page);
      const el = hotlineLabels($, ctx.config.nationalSystems)[0];
      if (!el) continue;
      const label = labelText(el) || el.attribs.href || el.attribs.src;
      return result.pass([cite(page, el, label)], 'hotline', { label });
    }
    if (unproven) return result.needsReview([citeForm(unproven.page, unproven.form)], 'form-unverified', { url: unproven.page.finalUrl, action: unproven.form.attribs.action ?? '' });
    if (review) return result.needsReview([citeLink(review.page, review.link)], 'link-unverified', { href: review.link.href });
    return result.fail('not-found');
  },
});
