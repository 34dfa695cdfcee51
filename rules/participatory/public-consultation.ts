// An open call for public comment or suggestions: a suggestion or comment
// form (a free-text field) that a consultation or suggestion cue names, or a
// draft or consultation document, or a list of dated consultation items, under
// a consultation cue (نظرخواهی، پیش‌نویس، نظام پیشنهادها). Dated items must be
// within {maxAgeDays} days. A news story's comment box or a tender call is not one.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { labelText, rawText } from '../../crawlers/dom.ts';
import type { PageArtifact, SiteArtifacts } from '../../crawlers/artifacts.ts';
import { defineRule, result, type Citation, type RuleContext } from '../../src/engine/define-rule.ts';
import { extractDates, type FoundDate } from '../../src/text/dates.ts';
import { matchesAny } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';
import { elementText } from '../lib/blocks.ts';
import { cite, citeLink } from '../lib/cite.ts';
import { isSurveyForm } from '../lib/decoy.ts';
import { REPORT_FILE } from '../lib/documents.ts';
import { formHeadedBy, insideForm, isLoginForm } from '../lib/forms.ts';
import { anchorLabel, HEADING_SELECTOR } from '../lib/labels.ts';
import { isNewsPage } from '../lib/lists.ts';
import { freshness, labelledSections, linkedSections, sectionDates, within, type Freshness, type LabelledSection } from '../lib/sections.ts';
import { maxAgeDays } from '../catalog.ts';
import { uncrawledNavLinks } from '../lib/links.ts';
import { unseenCueLinks } from '../lib/targets.ts';

/** What names a call for comment on a text: a draft, a consultation. */
const CALL_CUES = [
  'نظر خواهی', 'پیش نویس', 'اظهار نظر', 'فراخوان نظر', 'فراخوان دریافت نظر', 'فراخوان ارائه نظر', 'فراخوان دریافت پیشنهاد',
  'فراخوان ارائه پیشنهاد', 'فراخوان ایده', 'مشارکت در تدوین', 'دریافت نظرات', 'public consultation', 'consultation',
  'call for comments', 'request for comments', 'draft for comment', 'open for comment',
];
/**
 * What names a standing suggestion channel («نظام پیشنهادها», «انتقادات و
 * پیشنهادات»). «پیشنهاد» alone is enough for a form with a free-text field,
 * never for a section: «طرح پیشنهادی» in a document list is not a call.
 */
const SUGGESTION_CUES = ['نظام پیشنهاد', 'پیشنهاد', 'ثبت ایده', 'ایده', 'مشارکت مردمی', 'مشارکت عمومی', 'suggestion', 'suggest', 'proposal', 'ideas'];
const FORM_CUES = [...CALL_CUES, ...SUGGESTION_CUES];
/** Menu items that lead to a suggestion or consultation system. */
const LINK_CUES = [
  'نظام پیشنهاد', 'سامانه پیشنهاد', 'ثبت پیشنهاد', 'ارسال پیشنهاد', 'پیشنهادات', 'پیشنهادها', 'انتقادات و پیشنهادات',
  'نظر خواهی', 'سامانه نظرخواهی', 'suggestions', 'public consultation',
];
const RESULT_CUES = ['نتایج', 'نتیجه', 'results'];
/** What a consultation item names: the draft or the call itself. */
const ITEM_CUES = [...CALL_CUES, 'مهلت', 'draft', 'comments', 'comment'];
/** A call for bids, papers or recruits is not a call for public comment. */
const OTHER_CALLS = ['مناقصه', 'مزایده', 'استخدام', 'جذب نیرو', 'فراخوان مقاله', 'tender', 'auction', 'recruitment', 'vacancy'];
/** Words that put a date as the call's deadline («مهلت ارسال نظرات: …»). */
const DEADLINE = /(مهلت|تا تاریخ|تا پایان|حداکثر تا|لغایت|deadline|until|closing date|due)[^.\n]{0,30}$/u;
const MAX_AGE_DAYS = maxAgeDays('public-consultation');
const RANK: Record<Freshness, number> = { fresh: 3, undated: 2, stale: 1 };

interface Found { state: Freshness; kind: 'form' | 'document' | 'items'; citation: Citation[]; newest: string | null; url: string }

/** Dates given as a deadline: a standing form's page may carry other, older dates (the rules it was set up under). */
function deadlineDates(text: string): FoundDate[] {
  return extractDates(text).filter((d) => DEADLINE.test(text.slice(Math.max(0, d.index - 40), d.index)));
}

/** A form a person writes into (a free-text field), not a login, and not a satisfaction survey whose last box asks «پیشنهاد شما». */
function isFreeTextForm($: CheerioAPI, form: Element): boolean {
  return !isLoginForm($, form) && $(form).find('textarea').length > 0 && !isSurveyForm($, form);
}

/** A form for writing a comment or suggestion, named by its own labels or by the heading that governs it. */
function isCommentForm($: CheerioAPI, form: Element): boolean {
  if (!isFreeTextForm($, form)) return false;
  // A message-type list offering «پیشنهاد» beside «شکایت» and «درخواست» is a contact form's choice, not a call: options are left out.
  const labels = $(form).find(`${HEADING_SELECTOR},label,button,input[type=submit]`).toArray()
    .map((el) => labelText($(el).clone().find('select').remove().end()[0] as Element)).join(' ');
  return matchesAny(labels, FORM_CUES) || formHeadedBy($, form, FORM_CUES);
}

function judgeForm(page: PageArtifact, form: Element, context: string, asOf: string): Found {
  const { state, newest } = freshness(deadlineDates(normalize(`${context} ${rawText(form)}`)), asOf, MAX_AGE_DAYS);
  // A standing form without a deadline is open.
  const citation = [cite(page, form, labelText(form).slice(0, 120))];
  return { state: state === 'undated' ? 'fresh' : state, kind: 'form', citation, newest: newest?.iso ?? null, url: page.finalUrl };
}

/**
 * A consultation item: a linked entry that names a draft or a call and carries
 * a date or a deadline. A list of past polls under «نظرخواهی» names neither.
 */
function isCallItem($: CheerioAPI, item: Element): boolean {
  const text = elementText(item);
  return $(item).find('a[href]').length > 0 && matchesAny(text, ITEM_CUES) && (extractDates(text).length > 0 || /مهلت|deadline|due/u.test(text));
}

/** A draft or consultation document, or consultation items. */
function callStructure($: CheerioAPI, nodes: Element[]): { el: Element; kind: Found['kind'] } | null {
  // A file of a poll's results reports on a past consultation; it is not a call.
  const file = within($, nodes, 'a[href]').find((a) => REPORT_FILE.test(a.attribs.href) && !insideForm(a) && !matchesAny(labelText(a), RESULT_CUES));
  if (file) return { el: file, kind: 'document' };
  const item = within($, nodes, 'li, tr, article').find((i) => isCallItem($, i));
  return item ? { el: item, kind: 'items' } : null;
}

interface SectionOptions {
  /** The section is a page a suggestion menu item leads to: any free-text form on it is the channel. */
  anyForm?: boolean;
  /** The section's label (or the menu item leading to it) names a call for comment, so documents and dated items count. */
  call?: boolean;
}

function judgeSection($: CheerioAPI, section: LabelledSection, asOf: string, opts: SectionOptions = {}): Found | null {
  const label = anchorLabel(section.anchor);
  if (matchesAny(label, OTHER_CALLS)) return null;
  const form = within($, section.nodes, 'form').find((f) => (opts.anyForm ? isFreeTextForm($, f) : isCommentForm($, f)));
  const context = normalize([section.anchor, ...section.nodes].map(rawText).join(' '));
  if (form) return judgeForm(section.page, form, context, asOf);
  const structure = opts.call || matchesAny(label, CALL_CUES) ? callStructure($, section.nodes) : null;
  if (!structure) return null;
  const { state, newest } = freshness(sectionDates(section), asOf, MAX_AGE_DAYS);
  const citation = [cite(section.page, structure.el, `${rawText(section.anchor)} · ${labelText(structure.el)}`)];
  return { state, kind: structure.kind, citation, newest: newest?.iso ?? null, url: section.page.finalUrl };
}

function onPage($: CheerioAPI, page: PageArtifact, asOf: string): Found[] {
  // A news story about a draft, and its comment box, are news.
  if (isNewsPage(page)) return [];
  const found: Found[] = labelledSections($, page, FORM_CUES, { labelsOnly: true }).flatMap((s) => judgeSection($, s, asOf) ?? []);
  // Forms named by their own fields or legend, outside any labelled section.
  for (const form of $('form').toArray().filter((f) => isCommentForm($, f))) found.push(judgeForm(page, form, '', asOf));
  return found;
}

/** Pages that menu items lead to («نظام پیشنهادها», «نظرخواهی»), which portals often title with the agency's name only. */
function linked(site: SiteArtifacts, ctx: RuleContext): Found[] {
  const judgeAll = (patterns: readonly string[], opts: SectionOptions) =>
    linkedSections(site, ctx.dom, patterns).flatMap((s) => judgeSection(ctx.dom(s.page), s, ctx.asOf, opts) ?? []);
  return [...judgeAll(LINK_CUES, { anyForm: true }), ...judgeAll(CALL_CUES, { anyForm: true, call: true })];
}

export default defineRule({
  id: 'public-consultation',
  pillar: 'participatory',
  title: { fa: 'فراخوان نظرخواهی یا دریافت پیشنهاد وجود دارد', en: 'There is an open call for public comment or suggestions' },
  messages: {
    form: { fa: 'فرم ارسال نظر یا پیشنهاد', en: 'A form for comments or suggestions' },
    call: { fa: 'فراخوان نظرخواهی به تاریخ {newest}', en: 'A call for comment dated {newest}' },
    undated: { fa: 'سند یا فهرست نظرخواهی بدون تاریخ یا مهلت', en: 'A consultation document or list without a date or deadline' },
    stale: { fa: 'آخرین فراخوان نظرخواهی به تاریخ {newest} است (بیش از {maxAgeDays} روز)', en: 'The latest call for comment is dated {newest}, over {maxAgeDays} days old' },
    'link-unverified': { fa: 'پیوند سامانه پیشنهادها به صفحه‌ای بیرون از محدوده خزش؛ نیاز به بررسی', en: 'A suggestions-system link leads outside the crawl; needs review' },
    'not-found': { fa: 'فرم نظر یا پیشنهاد یا سند نظرخواهی یافت نشد', en: 'No comment or suggestion form, or consultation document, was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    let best: Found | null = null;
    for (const found of [...site.pages.flatMap((page) => onPage(ctx.dom(page), page, ctx.asOf)), ...linked(site, ctx)]) {
      if (!best || RANK[found.state] > RANK[best.state]) best = found;
    }
    const data = { maxAgeDays: MAX_AGE_DAYS, newest: best?.newest ?? null, url: best?.url ?? null, kind: best?.kind ?? null };
    if (best?.state === 'fresh') return result.pass(best.citation, best.kind === 'form' ? 'form' : 'call', data);
    if (best?.state === 'undated') return result.partial(0.5, best.citation, 'undated', data);
    // A suggestion system the crawl did not reach may be open; an old call elsewhere does not say it is not.
    // Another host nobody asked, or a page of the site past the crawl budget.
    const outside = unseenCueLinks(site, ctx, LINK_CUES)[0] ?? uncrawledNavLinks(site, LINK_CUES)[0];
    if (outside) return result.needsReview([citeLink(outside.page, outside.link)], 'link-unverified', { href: outside.link.href });
    return best ? result.fail('stale', data, best.citation) : result.fail('not-found');
  },
});
