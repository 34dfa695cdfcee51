// A privacy statement: a menu or footer link «حریم خصوصی» / "Privacy policy",
// or a section or page so labelled that says something. A news story about
// privacy («حریم خصوصی کاربران باید حفظ شود») is not the agency's statement.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { rawText } from '../../crawlers/dom.ts';
import { defineRule, result } from '../../src/engine/define-rule.ts';
import { ownText } from '../lib/blocks.ts';
import { inPageChrome } from '../lib/chrome.ts';
import { cite, citeLink } from '../lib/cite.ts';
import { opensWithCue, readsLikeLabel, words } from '../lib/labels.ts';
import { menuLinks } from '../lib/links.ts';
import { commonAncestor, featureSections, within } from '../lib/sections.ts';
import { linkVerdict, unseenCueLinks } from '../lib/targets.ts';

const CUES = [
  'سیاست حفظ حریم خصوصی', 'سیاست های حفظ حریم خصوصی', 'سیاست حریم خصوصی', 'بیانیه حریم خصوصی', 'حفظ حریم خصوصی',
  'حریم خصوصی', 'حریم شخصی', 'حفاظت از داده های شخصی', 'حفاظت از اطلاعات شخصی',
  // A statement that the users' or clients' information stays confidential says the same («محرمانگی اطلاعات مشتریان»).
  'محرمانگی اطلاعات', 'محرمانه ماندن اطلاعات', 'محرمانه بودن اطلاعات',
  'privacy policy', 'privacy statement', 'privacy notice', 'privacy', 'data protection', 'confidentiality of personal data',
];
/** Laws and bills about privacy («لایحه صیانت از حریم خصوصی») are legislation, not the site's statement. */
const LAW_TITLES = ['قانون', 'لایحه', 'طرح', 'law', 'bill', 'act'];
/** A statement says a few sentences; a heading over nothing is not one. */
const MIN_STATEMENT_WORDS = 30;

/** «تعهد سازمان به …», "Our commitment to …": a statement's title may open with its promise. */
const COMMITMENT = /^(?:تعهد(?:\s+\S+){0,2}\s+به|our commitment to|commitment to)\s+/;

function namesPrivacy(text: string): boolean {
  const named = text.replace(COMMITMENT, '');
  return opensWithCue(named, CUES) && readsLikeLabel(named, CUES);
}

/** The statement's text under its label: blocks outside the page's frame and forms. */
function statement($: CheerioAPI, nodes: Element[]): Element | null {
  const blocks = within($, nodes, 'p,li,div,section,article,dd,td').filter((b) => !inPageChrome(b) && words(ownText(b)) > 0);
  const total = blocks.reduce((n, b) => n + words(ownText(b)), 0);
  return total >= MIN_STATEMENT_WORDS ? commonAncestor(blocks) : null;
}

export default defineRule({
  id: 'privacy-policy',
  pillar: 'transparent',
  title: { fa: 'بیانیه حریم خصوصی منتشر شده است', en: 'A privacy statement is published' },
  messages: {
    section: { fa: 'بیانیه حریم خصوصی در صفحه', en: 'A privacy statement on the page' },
    link: { fa: 'پیوند به سیاست حفظ حریم خصوصی', en: 'A link to the privacy policy' },
    'link-unverified': { fa: 'پیوند حریم خصوصی به صفحه‌ای که دیده نشد؛ نیاز به بررسی', en: 'A privacy link leads to a page nobody could see; needs review' },
    'not-found': { fa: 'بیانیه یا پیوند حریم خصوصی یافت نشد', en: 'No privacy statement or link was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    for (const page of site.pages) {
      const $ = ctx.dom(page);
      for (const section of featureSections($, page, CUES, namesPrivacy)) {
        const shown = statement($, section.nodes);
        if (shown) return result.pass([cite(page, shown, `${rawText(section.anchor)} · ${rawText(shown)}`)], 'section', { url: page.finalUrl });
      }
    }
    // A menu item alone, when its target is evidence: not a placeholder, not >= 400, not a page nobody saw.
    for (const page of site.pages) {
      const link = menuLinks(ctx.dom(page), page, CUES).find((l) => !opensWithCue(l.text, LAW_TITLES) && linkVerdict(site, l.href, ctx) === 'evidence');
      if (link) return result.pass([citeLink(page, link)], 'link', { href: link.href });
    }
    const [outside] = unseenCueLinks(site, ctx, CUES, namesPrivacy);
    if (outside) return result.needsReview([citeLink(outside.page, outside.link)], 'link-unverified', { href: outside.link.href });
    return result.fail('not-found');
  },
});
