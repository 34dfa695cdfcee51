// A tracking facility: a form that takes a tracking code, or a navigation link
// into one. A mention in prose («به‌زودی امکان پیگیری…») is not evidence.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { ancestors, labelText } from '../../crawlers/dom.ts';
import type { LinkArtifact, PageArtifact } from '../../crawlers/artifacts.ts';
import { defineRule, result, type RuleContext } from '../../src/engine/define-rule.ts';
import { matchesAny } from '../../src/text/match.ts';
import { cite, citeLink } from '../lib/cite.ts';
import { formHeadedBy, inputLabel, isLoginForm, TEXT_INPUT } from '../lib/forms.ts';
import { HEADING_SELECTOR } from '../lib/labels.ts';
import { cueLinks, probedDead, wasCrawled } from '../lib/links.ts';

/** What a tracking input or its form is called. */
const FIELD_CUES = [
  'کد رهگیری', 'کد پیگیری', 'شماره پیگیری', 'شماره رهگیری', 'رهگیری', 'پیگیری', 'وضعیت درخواست',
  // Portals often call the lookup an inquiry («استعلام وضعیت پرونده»).
  'وضعیت پرونده', 'استعلام وضعیت', 'استعلام نتیجه',
  'tracking', 'track', 'reference number', 'application status', 'request status', 'check status',
];
/** Link texts that lead to a tracking facility. */
const LINK_CUES = [
  'پیگیری درخواست', 'پیگیری وضعیت', 'پیگیری پرونده', 'پیگیری مرسوله', 'پیگیری شکایت', 'سامانه پیگیری', 'رهگیری',
  'کد رهگیری', 'کد پیگیری', 'شماره پیگیری', 'وضعیت درخواست', 'وضعیت پرونده', 'استعلام وضعیت',
  'track', 'tracking', 'application status', 'request status', 'check status',
];

/** Forms (or form-less groups in script-built pages) with an input named for tracking. */
function trackingInputs($: CheerioAPI): Element[] {
  return $(TEXT_INPUT).toArray().filter((input) => {
    const form = ancestors(input).find((a) => a.name === 'form');
    const group = form ?? ancestors(input).find((a) => a.name === 'fieldset' || a.name === 'section' || a.name === 'div');
    if (group && isLoginForm($, group)) return false;
    if (matchesAny(inputLabel($, input), FIELD_CUES)) return true;
    if (!form) return false;
    const labels = $(form).find(`${HEADING_SELECTOR},label,button,input[type=submit]`).toArray().map(labelText).join(' ');
    return matchesAny(labels, FIELD_CUES) || formHeadedBy($, form, FIELD_CUES);
  });
}

export default defineRule({
  id: 'status-tracking',
  pillar: 'transparent',
  title: { fa: 'پیگیری وضعیت درخواست امکان‌پذیر است', en: 'Request status can be tracked' },
  messages: {
    form: { fa: 'فرم پیگیری با ورودی کد رهگیری', en: 'A tracking form with a tracking-code input' },
    'link-unverified': { fa: 'پیوند پیگیری به صفحه‌ای بیرون از محدوده خزش؛ نیاز به بررسی', en: 'A tracking link leads outside the crawl; needs review' },
    'not-found': { fa: 'فرم یا پیوند پیگیری یافت نشد', en: 'No tracking form or link was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx: RuleContext) {
    for (const page of site.pages) {
      const inputs = trackingInputs(ctx.dom(page));
      if (inputs.length) {
        const form = ancestors(inputs[0]).find((a) => a.name === 'form') ?? inputs[0];
        return result.pass([cite(page, form, `${page.title} · ${inputLabel(ctx.dom(page), inputs[0])}`)], 'form', { url: page.finalUrl });
      }
    }
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
