// A way to give feedback on this service, on its page: a rating widget (star
// or score inputs, a «rating»/«rateit» control), a feedback, survey or comment
// form («نظرسنجی», «امتیاز», «میزان رضایت», «نظر شما», "Rate this service"),
// a «آیا این اطلاعات مفید بود؟» yes/no widget, an embedded survey, or a link
// to a survey named for the service («شرکت در نظرسنجی این خدمت»).
//
// Only the page's own content counts: a survey or «رضایت‌سنجی» link in the
// site's header, menu, footer or a sidebar is the same on every page and says
// nothing about this service. Links to published results («نتایج نظرسنجی»)
// are not a way to give feedback.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { labelText, rawText } from '../../crawlers/dom.ts';
import { defineRule, result } from '../../src/engine/define-rule.ts';
import { normalize } from '../../src/text/persian.ts';
import { contentElements, contentForms, FEEDBACK_FORM_CUES, inLinkList, isContent, isFeedbackForm, matchesCue } from '../lib/service-page.ts';
import { cite } from '../lib/cite.ts';
import { endsLikeHeadline, governingHeadings, words } from '../lib/labels.ts';

/** Link texts that lead to a survey of the service. */
const SURVEY_LINK_CUES = [
  'نظرسنجی', 'نظر سنجی', 'رضایت سنجی', 'ارزیابی خدمت', 'ثبت نظر', 'ثبت امتیاز', 'امتیاز دهی', 'امتیازدهی', 'ارزیابی رضایت',
  'rate this service', 'give feedback', 'take the survey', 'feedback', 'survey',
];
/** Published results and archives are not a way to give feedback. */
const RESULTS = /(?<![\p{L}])(نتایج|نتیجه|گزارش|آرشیو|results|report|archive)(?![\p{L}])/u;
/** Class or id tokens of rating widgets (jQuery RateIt, Raty, kk Star Ratings, hand-made stars). */
const RATING_TOKEN = /^(star[-_]?ratings?|ratings?|rate[-_]?it|rateit|rate|raty|stars?|star[-_]?rate|rating[-_]?stars?|vote|voting|kk[-_]star[-_]ratings|service[-_]rat(e|ing)|br-widget|emoji[-_]?rating|likert)$/i;
const RATING_PARTS = 'input, button, a, i, span, svg, label, li, option';
const MIN_RATING_PARTS = 3;
const HELPFUL = /(آیا|was|is) (این|this) (صفحه|مطلب|اطلاعات|خدمت|محتوا|راهنما|page|information|article|content|service)[^?؟]{0,30}(مفید|helpful|useful)/u;
const SURVEY_FRAME = /(survey|poll|nazar|feedback|rating|porsesh|نظرسنجی)/i;

interface Found { reason: string; el: Element; text: string }

function tokens(el: Element): string[] {
  return [...(el.attribs.class ?? '').split(/\s+/), el.attribs.id ?? ''].filter(Boolean);
}

/** A rating control: a classed widget with several stars or inputs, or a radio group named for rating. */
function ratingWidget($: CheerioAPI): Found | null {
  const named = (el: Element) => tokens(el).some((t) => RATING_TOKEN.test(t))
    || (el.attribs.role === 'radiogroup' && matchesCue(labelText(el), [...FEEDBACK_FORM_CUES, 'امتیاز', 'rating']));
  for (const el of $('[class], [id], [role=radiogroup]').toArray().filter(named)) {
    if (!isContent($, el)) continue;
    const parts = $(el).find(RATING_PARTS).length;
    const scripted = Object.keys(el.attribs).some((a) => /^data-(rateit|rating|rate|score|stars)/.test(a));
    if (parts >= MIN_RATING_PARTS || scripted) return { reason: 'rating', el, text: labelText(el) || tokens(el).join(' ') };
  }
  return null;
}

/** A feedback, survey or comment form: a feedback cue names it, or a score cue with choices. */
function feedbackForm($: CheerioAPI): Found | null {
  const form = contentForms($).find((f) => isFeedbackForm($, f));
  if (!form) return null;
  const heading = governingHeadings($, form).map(labelText).join(' ');
  return { reason: 'form', el: form, text: `${heading} · ${labelText(form)}`.slice(0, 160) };
}

/** «آیا این اطلاعات مفید بود؟» with answers to click. */
function helpfulWidget($: CheerioAPI): Found | null {
  for (const el of contentElements($, 'p,div,span,section,h2,h3,h4,h5,h6,label,legend')) {
    const text = normalize(rawText(el));
    if (!HELPFUL.test(text) || words(text) > 20) continue;
    const box = $(el).find('button,a,input').length >= 2 ? el : (el.parent as Element | null);
    if (box && $(box).find('button,a,input').length >= 2) return { reason: 'helpful', el: box, text };
  }
  return null;
}

/** An embedded survey: an iframe whose address or title names one. */
function surveyFrame($: CheerioAPI): Found | null {
  const frame = contentElements($, 'iframe').find((f) => SURVEY_FRAME.test(`${f.attribs.src ?? ''} ${f.attribs.title ?? ''}`));
  return frame ? { reason: 'embedded', el: frame, text: `${frame.attribs.title ?? ''} ${frame.attribs.src ?? ''}`.trim() } : null;
}

/** A short link in the content that leads to a survey, not to its results. */
function surveyLink($: CheerioAPI): Found | null {
  for (const a of contentElements($, 'a[href]')) {
    const text = labelText(a);
    if (/^\s*(#|javascript:)/i.test(a.attribs.href) && !a.attribs.onclick) continue;
    if (words(text) > 8 || endsLikeHeadline(text) || RESULTS.test(text) || !matchesCue(text, SURVEY_LINK_CUES) || inLinkList($, a)) continue;
    return { reason: 'link', el: a, text: `${text} → ${a.attribs.href}` };
  }
  return null;
}

export default defineRule({
  id: 'service-feedback',
  pillar: 'participatory',
  title: { fa: 'امکان نظردهی و امتیازدهی به خدمت وجود دارد', en: 'The service can be rated or commented on' },
  messages: {
    rating: { fa: 'ابزار امتیازدهی به خدمت', en: 'A rating widget' },
    form: { fa: 'فرم نظرسنجی یا ثبت نظر', en: 'A feedback or survey form' },
    helpful: { fa: 'پرسش «آیا این اطلاعات مفید بود؟»', en: 'A "was this helpful?" widget' },
    embedded: { fa: 'نظرسنجی جاسازی‌شده', en: 'An embedded survey' },
    link: { fa: 'پیوند نظرسنجی خدمت', en: 'A link to a survey of the service' },
    'not-found': { fa: 'در صفحه خدمت امکان نظرسنجی یا امتیازدهی یافت نشد', en: 'No rating, survey or feedback form on the service page' },
  },
  needs: ['pages'],
  evaluateService(service, _site, ctx) {
    const $ = ctx.dom(service);
    const found = ratingWidget($) ?? feedbackForm($) ?? helpfulWidget($) ?? surveyFrame($) ?? surveyLink($);
    if (found) return result.pass([cite(service, found.el, found.text)], found.reason, { kind: found.reason });
    return result.fail('not-found');
  },
});
