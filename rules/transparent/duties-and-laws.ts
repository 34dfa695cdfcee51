// The agency's mission, duties or governing laws: a section or page labelled
// «شرح وظایف», «وظایف و اختیارات», «قوانین و مقررات», «اساسنامه» … that says
// something (a list, several paragraphs, a table) or offers the document. A
// mention in a news story is not such a section.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { rawText } from '../../crawlers/dom.ts';
import type { LinkArtifact, PageArtifact } from '../../crawlers/artifacts.ts';
import { defineRule, result, type Citation } from '../../src/engine/define-rule.ts';
import { matchesAny } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';
import { ownText } from '../lib/blocks.ts';
import { inPageChrome } from '../lib/chrome.ts';
import { cite, citeLink } from '../lib/cite.ts';
import { REPORT_FILE } from '../lib/documents.ts';
import { insideForm } from '../lib/forms.ts';
import { inDatedItem, isNewsPage } from '../lib/lists.ts';
import { endsLikeHeadline, governingHeadings, opensWithCue, readsLikeLabel, words } from '../lib/labels.ts';
import { menuLinks, onHosts, uncrawledMenuLinks } from '../lib/links.ts';
import { commonAncestor, featureSections, linkedSections, within, type LabelledSection } from '../lib/sections.ts';
import { isDeadTarget, unseenCueLinks } from '../lib/targets.ts';

const CUES = [
  'شرح وظایف', 'وظایف و اختیارات', 'اختیارات و وظایف', 'وظایف', 'اهداف و وظایف', 'اهداف, وظایف', 'ماموریت', 'رسالت',
  'چشم انداز و ماموریت', 'چشم انداز, ماموریت', 'قوانین و مقررات', 'قوانین', 'مقررات', 'آیین نامه', 'آئین نامه', 'اساس نامه',
  'قانون تاسیس', 'قانون تشکیل', 'مبانی قانونی', 'مستندات قانونی', 'مصوبات', 'بخش نامه',
  'duties', 'functions', 'responsibilities', 'mission', 'mandate', 'laws and regulations', 'laws', 'regulations', 'statute',
  'charter', 'legal framework', 'legislation',
];
/** National law databases: a link there offers the law's text. */
export const LAW_HOSTS = ['qavanin.ir', 'dotic.ir', 'rc.majlis.ir', 'majlis.ir'];
const MIN_LIST_ITEMS = 3;
/** Menu entries are one to three words; a duty or a law's title is longer. */
const MIN_ITEM_WORDS = 3;
const MIN_TABLE_ROWS = 3;
/** A paragraph is a block with at least this many words of its own; together they must say enough. */
const MIN_PARAGRAPH_WORDS = 8;
const MIN_TEXT_WORDS = 40;
/** Verbs that state what the agency is charged with: a one-sentence mandate, not a mention of duties. */
const MANDATE_CUES = ['بر عهده دارد', 'بر عهده دارند', 'عهده دار است', 'عهده دار هستند', 'موظف است', 'موظف به', 'is responsible for', 'is charged with', 'is mandated to',
  // A statute's «موضوع فعالیت شرکت …» (a state company's objects) states its mandate.
  'موضوع فعالیت'];
const MIN_MANDATE_WORDS = 16;

/** The duties of a post, as a job advertisement lists them («شرح وظایف شغل», «وظایف کارشناس …»): not the agency's. */
const POST_DUTIES = /^(شرح )?وظایف (شغل|شغلی|پست|مشاغل|کارشناس|کاردان|متصدی|نیروی|همکار|داوطلب)/;

/** Words for the duties themselves, and the verbs that enumerate them: «وظایف اداره کل … عبارت است از: …», «… شامل … است». */
const DUTIES_WORDS = ['وظایف', 'ماموریت', 'ماموریت ها', 'اهداف', 'موضوع فعالیت', 'duties', 'mission', 'functions'];
const ENUMERATES = /عبارت (است|اند|ند) از|عبارتند از|شامل .+ (است|می باشد|میباشد|می شود)|include|are as follows/;

/** «اساسنامه و شرح وظایف», «معرفی دانشگاه و شرح وظایف»: a short part of the page named first, then the duties. */
function pairedWithCue(text: string): boolean {
  const [first, ...rest] = text.split(' و ');
  return rest.length > 0 && words(first) <= 3 && opensWithCue(rest.join(' و '), CUES);
}

/** A label, not a headline, that opens with the cue: «شرح وظایف اداره کل», not «ابلاغ شرح وظایف جدید». */
function namesDuties(text: string): boolean {
  return (opensWithCue(text, CUES) || pairedWithCue(text)) && readsLikeLabel(text, CUES) && !POST_DUTIES.test(text);
}

/** A sentence that sets out the duties: it names them and enumerates or charges. */
function statesMandate(text: string): boolean {
  return words(text) >= MIN_MANDATE_WORDS && (matchesAny(text, MANDATE_CUES) || (matchesAny(text, DUTIES_WORDS) && ENUMERATES.test(text)));
}

function isDocument(href: string): boolean {
  return REPORT_FILE.test(href) || onHosts(href, LAW_HOSTS);
}

function content($: CheerioAPI, nodes: Element[], selector: string): Element[] {
  return within($, nodes, selector).filter((el) => !inPageChrome(el) && !insideForm(el));
}

/** What makes the section substantive: a document, a list of duties or laws, a table, or paragraphs of text. */
function substance($: CheerioAPI, nodes: Element[]): Element | null {
  const doc = content($, nodes, 'a[href]').find((a) => isDocument(a.attribs.href));
  if (doc) return doc;
  const list = content($, nodes, 'ul,ol').find((l) => {
    const items = $(l).children('li').toArray();
    return items.length >= MIN_LIST_ITEMS && items.reduce((n, li) => n + words(normalize(rawText(li))), 0) >= MIN_ITEM_WORDS * items.length;
  });
  if (list) return list;
  const rows = (t: Element) => $(t).find('tr').toArray().filter((r) => $(r).children('td').length > 0).length;
  const table = content($, nodes, 'table').find((t) => rows(t) >= MIN_TABLE_ROWS);
  if (table) return table;
  const paragraphs = content($, nodes, 'p,div,section,article,dd,blockquote').filter((b) => words(ownText(b)) >= MIN_PARAGRAPH_WORDS);
  const total = paragraphs.reduce((n, b) => n + words(ownText(b)), 0);
  if (total >= MIN_TEXT_WORDS) return commonAncestor(paragraphs);
  // A short page may state its mandate in one sentence: «… را بر عهده دارد», «وظایف … عبارت است از …».
  return paragraphs.find((b) => statesMandate(ownText(b))) ?? null;
}

/** A paragraph under a news headline («… برگزار شد») reports; it does not publish. */
function underHeadline($: CheerioAPI, el: Element): boolean {
  return governingHeadings($, el).some((h) => endsLikeHeadline(normalize(rawText(h))));
}

/**
 * A paragraph with a sentence that is its own label: «وظایف شهرداری طبق ماده ۵۵ … شامل … است»
 * on an about page. Not on a news page, nor in a dated item or the page's chrome.
 */
function mandateParagraph($: CheerioAPI, page: PageArtifact): Element | undefined {
  if (isNewsPage(page)) return undefined;
  return $('p,div,dd').toArray().find((b) => {
    // The sentence may follow another («… در سال ۱۳۰۴ تأسیس شد. وظایف شهرداری … شامل … است.»).
    const stated = ownText(b).split(/[.!؟?]\s+/).some((s) => opensWithCue(s, DUTIES_WORDS) && statesMandate(s));
    return stated && !inPageChrome(b) && !insideForm(b) && !inDatedItem($, b) && !underHeadline($, b);
  });
}

interface Found { citation: Citation[]; url: string }

function judgeSection($: CheerioAPI, section: LabelledSection): Found | null {
  const shown = substance($, section.nodes);
  if (!shown) return null;
  return { citation: [cite(section.page, shown, `${rawText(section.anchor)} · ${rawText(shown)}`)], url: section.page.finalUrl };
}

/** A menu item that opens the document itself: «اساسنامه (PDF)», or a law on qavanin.ir. */
function documentLink($: CheerioAPI, page: PageArtifact): LinkArtifact | undefined {
  return menuLinks($, page, CUES).find((l) => isDocument(l.href));
}

export default defineRule({
  id: 'duties-and-laws',
  pillar: 'transparent',
  title: { fa: 'شرح وظایف و قوانین منتشر شده است', en: 'Duties and governing laws are published' },
  messages: {
    section: { fa: 'بخش شرح وظایف یا قوانین با محتوا', en: 'A section on the duties or laws, with content' },
    document: { fa: 'پیوند به سند وظایف یا قوانین', en: 'A link to the document of duties or laws' },
    'link-unverified': { fa: 'پیوند شرح وظایف یا قوانین به صفحه‌ای بیرون از محدوده خزش؛ نیاز به بررسی', en: 'A duties or laws link leads outside the crawl; needs review' },
    'not-found': { fa: 'بخشی با شرح وظایف، مأموریت یا قوانین یافت نشد', en: 'No section on the mission, duties or laws was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    const sections = [
      ...site.pages.flatMap((page) => featureSections(ctx.dom(page), page, CUES, namesDuties)),
      ...linkedSections(site, ctx.dom, CUES),
    ];
    for (const section of sections) {
      const found = judgeSection(ctx.dom(section.page), section);
      if (found) return result.pass(found.citation, 'section', { url: found.url });
    }
    for (const page of site.pages) {
      const $ = ctx.dom(page);
      const stated = mandateParagraph($, page);
      if (stated) return result.pass([cite(page, stated, rawText(stated))], 'section', { url: page.finalUrl });
    }
    for (const page of site.pages) {
      const link = documentLink(ctx.dom(page), page);
      if (link && !isDeadTarget(site, link.href, ctx.dom)) return result.pass([citeLink(page, link)], 'document', { href: link.href });
    }
    // Another host nobody asked, or a page of the site past the crawl budget.
    const outside = unseenCueLinks(site, ctx, CUES, namesDuties)[0] ?? uncrawledMenuLinks(site, ctx.dom, CUES).find(({ link }) => namesDuties(link.text));
    if (outside) return result.needsReview([citeLink(outside.page, outside.link)], 'link-unverified', { href: outside.link.href });
    return result.fail('not-found');
  },
});
