// A freedom-of-information section: a link into the national system for
// publication of and free access to information (foia.iran.gov.ir), a menu
// item such as «انتشار و دسترسی آزاد به اطلاعات» or «شفافیت», or a section so
// labelled with links or content. A mention in a news story is not a section.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { rawText } from '../../crawlers/dom.ts';
import type { LinkArtifact, PageArtifact } from '../../crawlers/artifacts.ts';
import { defineRule, result } from '../../src/engine/define-rule.ts';
import type { NationalSystems } from '../../src/registry/national-systems-types.ts';
import { normalize } from '../../src/text/persian.ts';
import { inRunningText } from '../lib/blocks.ts';
import { cite, citeLink } from '../lib/cite.ts';
import { anchorLabel, opensWithCue, readsLikeLabel, words } from '../lib/labels.ts';
import { crawledPage, linkElement, menuLinks } from '../lib/links.ts';
import { onSystemOfKind } from '../lib/national.ts';
import { featureSections, isNewsListing, within, type LabelledSection } from '../lib/sections.ts';
import { linkVerdict } from '../lib/targets.ts';

/** The national FOI system, under its current and former addresses. */
/**
 * «شفافیت» also names a value («ارزش‌های ما: شفافیت، …»): a section so labelled
 * counts only when it links onward, to the published information.
 */
const TRANSPARENCY_CUES = ['پنجره واحد شفافیت', 'پنجره شفافیت', 'سامانه شفافیت', 'شفافیت', 'transparency'];
const FOI_CUES = [
  'انتشار و دسترسی آزاد به اطلاعات', 'دسترسی آزاد به اطلاعات', 'انتشار و دسترسی آزاد', 'سامانه انتشار و دسترسی',
  'انتشار و دسترسی به اطلاعات', 'آزادی اطلاعات', 'آزادی دسترسی به اطلاعات', 'freedom of information', 'access to information',
  'right to information', 'foia',
];
const CUES = [...FOI_CUES, ...TRANSPARENCY_CUES];
/**
 * A law or its by-laws named in a list of laws («قانون انتشار و دسترسی آزاد
 * به اطلاعات») is the law's text, not the agency's FOI section.
 */
const LAW_TITLES = ['قانون', 'لایحه', 'آیین نامه', 'آئین نامه', 'شیوه نامه', 'دستورالعمل', 'law', 'act', 'bill'];
/** A section offers something: links onward, or a few lines of content. */
const MIN_SECTION_WORDS = 15;

function namesFoi(text: string): boolean {
  return opensWithCue(text, CUES) && readsLikeLabel(text, CUES) && !namesLaw(text);
}

function namesLaw(text: string): boolean {
  return opensWithCue(text, LAW_TITLES);
}

/** A link into the national FOI system, anywhere but inside a sentence of prose (a banner's image link counts, whatever its alt says). */
function foiSystemLinks($: CheerioAPI, page: PageArtifact, systems: NationalSystems): LinkArtifact[] {
  return page.links.filter((l) => {
    if (!onSystemOfKind(l.href, systems, 'foi')) return false;
    const el = linkElement($, l);
    return !(el && inRunningText(el));
  });
}

/** What a labelled section holds: links onward (the FOI pages, the national system), or, under an FOI label, text. */
function sectionContent($: CheerioAPI, section: LabelledSection): Element | null {
  const link = within($, section.nodes, 'a[href]').find((a) => !/^(#|javascript:)/i.test(a.attribs.href.trim()));
  if (link) return ($(link).closest('ul,ol,table')[0] as Element | undefined) ?? link;
  if (!opensWithCue(anchorLabel(section.anchor, FOI_CUES), FOI_CUES)) return null;
  return words(normalize(section.nodes.map(rawText).join(' '))) >= MIN_SECTION_WORDS ? section.nodes[0] ?? null : null;
}

function judgeSection($: CheerioAPI, section: LabelledSection) {
  const shown = sectionContent($, section);
  return shown ? cite(section.page, shown, `${rawText(section.anchor)} · ${rawText(shown)}`) : null;
}

export default defineRule({
  id: 'access-to-information',
  pillar: 'transparent',
  title: { fa: 'بخش انتشار و دسترسی آزاد به اطلاعات وجود دارد', en: 'There is a freedom-of-information section' },
  messages: {
    'foi-system': { fa: 'پیوند به سامانه ملی انتشار و دسترسی آزاد به اطلاعات', en: 'A link to the national freedom-of-information system' },
    section: { fa: 'بخش انتشار و دسترسی آزاد به اطلاعات یا شفافیت', en: 'A freedom-of-information or transparency section' },
    link: { fa: 'پیوند منو به بخش دسترسی آزاد به اطلاعات یا شفافیت', en: 'A menu link to a freedom-of-information or transparency section' },
    'link-unverified': { fa: 'پیوند دسترسی آزاد به اطلاعات به سامانه‌ای که بررسی نشد؛ نیاز به بررسی', en: 'A freedom-of-information link leads to a system the audit could not check; needs review' },
    'not-found': { fa: 'بخش یا پیوند انتشار و دسترسی آزاد به اطلاعات یافت نشد', en: 'No freedom-of-information section or link was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    // The national FOI system (data/national-systems.json, by its most specific host), unless its page answered >= 400.
    for (const page of site.pages) {
      const link = foiSystemLinks(ctx.dom(page), page, ctx.config.nationalSystems).find((l) => linkVerdict(site, l.href, ctx) === 'evidence');
      if (link) return result.pass([citeLink(page, link)], 'foi-system', { href: link.href });
    }
    for (const page of site.pages) {
      const $ = ctx.dom(page);
      for (const section of featureSections($, page, CUES, namesFoi)) {
        const citation = judgeSection($, section);
        if (citation) return result.pass([citation], 'section', { url: page.finalUrl });
      }
    }
    // A menu item alone, when what it leads to is there: not a placeholder, not >= 400, not a news topic's archive; an outside system nobody could ask is needs-review.
    let unverified: { page: PageArtifact; link: LinkArtifact } | null = null;
    for (const page of site.pages) {
      for (const link of menuLinks(ctx.dom(page), page, CUES).filter((l) => !namesLaw(l.text))) {
        const target = crawledPage(site, link.href);
        if (target && isNewsListing(ctx.dom(target))) continue;
        const verdict = linkVerdict(site, link.href, ctx);
        if (verdict === 'evidence') return result.pass([citeLink(page, link)], 'link', { href: link.href });
        if (verdict === 'review') unverified ??= { page, link };
      }
    }
    if (unverified) return result.needsReview([citeLink(unverified.page, unverified.link)], 'link-unverified', { href: unverified.link.href });
    return result.fail('not-found');
  },
});
