// A tracking facility: a form that takes a tracking code, or a navigation link
// into one. A mention in prose («به‌زودی امکان پیگیری…») is not evidence, nor
// is a form nobody can use yet (disabled, or its button says «به‌زودی»).
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { ancestors, labelText } from '../../crawlers/dom.ts';
import type { LinkArtifact, PageArtifact } from '../../crawlers/artifacts.ts';
import { defineRule, result, type Citation, type RuleContext } from '../../src/engine/define-rule.ts';
import { matchesAny } from '../../src/text/match.ts';
import { cite, citeLink } from '../lib/cite.ts';
import { formHeadedBy, inputLabel, isInertField, isLoginForm, isPageForm, TEXT_INPUT } from '../lib/forms.ts';
import { HEADING_SELECTOR } from '../lib/labels.ts';
import { cueLinks, probedDead, wasCrawled } from '../lib/links.ts';
import { formVerdict } from '../lib/targets.ts';

/** What a tracking input or its form is called. */
const FIELD_CUES = [
  'کد رهگیری', 'کد پیگیری', 'شماره پیگیری', 'شماره رهگیری', 'رهگیری', 'پیگیری', 'وضعیت درخواست',
  // Portals often call the lookup an inquiry («استعلام وضعیت پرونده»).
  'وضعیت پرونده', 'استعلام وضعیت', 'استعلام نتیجه',
  'tracking', 'track', 'reference number', 'application status', 'request status', 'check status',
];
/** A code printed on a product's packaging («کد رهگیری کالا») traces the goods, not a citizen's request. */
const PRODUCT_CUES = ['کد رهگیری کالا', 'رهگیری کالا', 'کد رهگیری محصول', 'رهگیری محصول', 'اصالت کالا', 'اصالت محصول', 'فرآورده', 'product code', 'authenticity'];

/** An input for a vehicle's or a container's number looks up where it is («شماره قطار», «شماره پرواز»), whatever the heading over it says. */
const OBJECT_CUES = ['شماره قطار', 'شماره واگن', 'شماره پرواز', 'شماره کانتینر', 'شماره کشتی', 'شماره اتوبوس', 'شماره خودرو', 'شماره پلاک', 'پلاک خودرو', 'flight number', 'train number', 'container number'];

/** Link texts that lead to a tracking facility. */
const LINK_CUES = [
  'پیگیری درخواست', 'پیگیری وضعیت', 'پیگیری پرونده', 'پیگیری مرسوله', 'پیگیری شکایت', 'سامانه پیگیری', 'رهگیری',
  'کد رهگیری', 'کد پیگیری', 'شماره پیگیری', 'وضعیت درخواست', 'وضعیت پرونده', 'استعلام وضعیت',
  'track', 'tracking', 'application status', 'request status', 'check status',
];

const SUBMIT = 'button, input[type=submit], input[type=image], input[type=button]';

/**
 * The form an input belongs to as a citizen sees it. In a form that wraps the
 * whole page (WebForms), the input's own widget: the nearest block holding it
 * and a button but no other text field. The page's headings are not its labels.
 */
function ownForm($: CheerioAPI, input: Element): Element | undefined {
  const up = ancestors(input);
  const form = up.find((a) => a.name === 'form');
  if (!form || !isPageForm(form)) return form;
  const alone = up.slice(0, up.indexOf(form)).filter((a) => $(a).find(TEXT_INPUT).length === 1);
  return alone.find((a) => $(a).find(SUBMIT).length > 0) ?? alone[0] ?? input;
}

/** An input named for tracking, with the block it is cited by (its form or widget) and the form it is sent with. */
interface TrackingInput { input: Element; widget: Element; form: Element }

/** True when the input (in its own form or widget, if any) is named for tracking a request. */
function namedForTracking($: CheerioAPI, input: Element, form: Element | undefined): boolean {
  const group = form ?? ancestors(input).find((a) => a.name === 'fieldset' || a.name === 'section' || a.name === 'div');
  if (group && isLoginForm($, group)) return false;
  if (isInertField($, input, group)) return false;
  const own = inputLabel($, input);
  if (matchesAny(own, PRODUCT_CUES) || matchesAny(own, OBJECT_CUES) || (form && formHeadedBy($, form, PRODUCT_CUES))) return false;
  if (matchesAny(own, FIELD_CUES)) return true;
  if (!form) return false;
  const labels = $(form).find(`${HEADING_SELECTOR},label,button,input[type=submit]`).toArray().map(labelText).join(' ');
  return matchesAny(labels, FIELD_CUES) || formHeadedBy($, form, FIELD_CUES);
}

/** Forms (or form-less groups in script-built pages) with an input named for tracking. */
function trackingInputs($: CheerioAPI): TrackingInput[] {
  return $(TEXT_INPUT).toArray().flatMap((input) => {
    const widget = ownForm($, input);
    if (!namedForTracking($, input, widget)) return [];
    return [{ input, widget: widget ?? input, form: ancestors(input).find((a) => a.name === 'form') ?? input }];
  });
}

export default defineRule({
  id: 'status-tracking',
  pillar: 'transparent',
  title: { fa: 'پیگیری وضعیت درخواست امکان‌پذیر است', en: 'Request status can be tracked' },
  messages: {
    form: { fa: 'فرم پیگیری با ورودی کد رهگیری', en: 'A tracking form with a tracking-code input' },
    'form-unverified': { fa: 'فرم پیگیری به سامانه‌ای دیگر که بررسی نشد؛ نیاز به بررسی', en: 'A tracking form submits to another system the audit could not check; needs review' },
    'link-unverified': { fa: 'پیوند پیگیری به صفحه‌ای بیرون از محدوده خزش؛ نیاز به بررسی', en: 'A tracking link leads outside the crawl; needs review' },
    'not-found': { fa: 'فرم یا پیوند پیگیری یافت نشد', en: 'No tracking form or link was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx: RuleContext) {
    // A form is judged by what it submits to: another host nobody asked leaves it unproven.
    let unproven: { citation: Citation[]; url: string; action: string } | null = null;
    for (const page of site.pages) {
      const $ = ctx.dom(page);
      for (const { input, widget, form } of trackingInputs($)) {
        const verdict = formVerdict(site, page, form, ctx);
        const citation = [cite(page, widget, `${page.title} · ${inputLabel($, input)}`)];
        if (verdict === 'evidence') return result.pass(citation, 'form', { url: page.finalUrl });
        if (verdict === 'review') unproven ??= { citation, url: page.finalUrl, action: form.attribs.action ?? '' };
      }
    }
    if (unproven) return result.needsReview(unproven.citation, 'form-unverified', { url: unproven.url, action: unproven.action });
    // A link into a system the crawl did not reach (another host, past the budget), read in full
    // (an image button btn-peygiri.png); one whose target answered >= 400 leads nowhere.
    const outside: Array<{ page: PageArtifact; link: LinkArtifact }> = [];
    for (const page of site.pages) {
      for (const link of cueLinks(ctx.dom(page), page, LINK_CUES, [...LINK_CUES, ...FIELD_CUES])) {
        if (!wasCrawled(site, link.href) && !probedDead(site, link.href)) outside.push({ page, link });
      }
    }
    if (outside.length) {
      const { page, link } = outside[0];
      return result.needsReview([citeLink(page, link)], 'link-unverified', { href: link.href });
    }
    return result.fail('not-found');
  },
});
