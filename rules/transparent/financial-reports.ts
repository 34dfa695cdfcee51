// Budget, performance or procurement reports (بودجه، گزارش عملکرد، صورت‌های
// مالی، مناقصه، مزایده) published as files, table rows or list entries under
// such a label, whose latest year is within 2 years of the audit.
//
// Years: a full date (۱۴۰۳/۰۵/۱۰), a named year («سال ۱۴۰۲»), or a bare year
// in a title («گزارش عملکرد ۱۴۰۲», "Annual report 2024", budget-1403.pdf).
// Bare years are read only from short title text (a link, a cell, an entry, a
// heading, a file name), never after «شماره/کد/مبلغ» nor before a unit or a
// currency, since a four-digit number in running text is as often an amount.
// Every year counts to its last day («۱۴۰۲» is fresh until 1402/12/29 + 2
// years), in the calendar it was written in.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { rawText } from '../../crawlers/dom.ts';
import type { LinkArtifact, PageArtifact } from '../../crawlers/artifacts.ts';
import { defineRule, result, type Citation } from '../../src/engine/define-rule.ts';
import { daysBetween, extractDates, titleYears, yearDates, yearEndOf } from '../../src/text/dates.ts';
import { matchesAny } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';
import { textSegments } from '../lib/blocks.ts';
import { inPageChrome } from '../lib/chrome.ts';
import { cite, citeLink } from '../lib/cite.ts';
import { REPORT_FILE } from '../lib/documents.ts';
import { insideForm } from '../lib/forms.ts';
import { endsLikeHeadline, opensWithCue, readsLikeLabel, words } from '../lib/labels.ts';
import { menuLinks, uncrawledMenuLinks } from '../lib/links.ts';
import { featureSections, linkedSections, within, type LabelledSection } from '../lib/sections.ts';
import { isDeadLink, unseenCueLinks } from '../lib/targets.ts';
import { maxAgeDays } from '../catalog.ts';

const CUES = [
  'گزارش عملکرد', 'گزارش های عملکرد', 'گزارشات عملکرد', 'عملکرد مالی', 'عملکرد بودجه', 'تفریغ بودجه', 'بودجه',
  'صورت های مالی', 'صورت مالی', 'گزارش مالی', 'گزارش های مالی', 'گزارش حسابرسی', 'مناقصه', 'مناقصات', 'مزایده', 'مزایدات',
  'فراخوان مناقصه', 'فراخوان مزایده', 'آگهی مناقصه', 'آگهی های مناقصه', 'آگهی مزایده', 'آگهی های مزایده', 'اسناد مناقصه',
  'جدول مناقصات', 'اطلاعیه مناقصه', 'معاملات', 'قراردادها',
  'annual report', 'performance report', 'financial statements', 'financial report', 'budget', 'tenders', 'tender',
  'procurement', 'auctions', 'auction',
];
/**
 * Labels of news about budgets and tenders, not of the reports; and reports on
 * complaint handling («گزارش عملکرد سامد/سامانه ۱۱۱/رسیدگی به شکایات»), which
 * are complaint statistics (complaint-statistics), not the agency's performance.
 */
const NOT_CUES = [
  'اخبار', 'خبر', 'news',
  'سامد', 'سامانه 111', 'ارتباطات مردمی', 'شکایات', 'شکایت', 'complaint', 'complaints', 'grievance',
];
const MAX_AGE_DAYS = maxAgeDays('financial-reports');
/** A budget for the coming year is current; a year further ahead is a plan or a number, not a report's year. */
const MAX_AHEAD_DAYS = 550;
/** Title text is short; a longer text node is a description. */
const MAX_TITLE_WORDS = 15;
/** A table row that reports something has a label cell and a value cell at least. */
const MIN_ROW_CELLS = 2;
/** An entry is a title and a few fields; a longer element is a block of the page. */
const MAX_ENTRY_WORDS = 80;

type State = 'fresh' | 'undated' | 'stale';
const RANK: Record<State, number> = { fresh: 3, undated: 2, stale: 1 };

/** Year-end dates a title carries: full dates, «سال ۱۴۰۲», and bare years in short text. */
function titleYearEnds(texts: string[]): string[] {
  return texts.flatMap((t) => [
    ...extractDates(t).map(yearEndOf),
    ...yearDates(t).map((y) => y.iso),
    ...(words(t) <= MAX_TITLE_WORDS ? titleYears(t).map((y) => y.iso) : []),
  ]);
}

/** A file's name, decoded, with separators as spaces: «/uploads/budget-1403.pdf» → «budget 1403». */
function fileName(href: string): string {
  let name = href.split(/[?#]/)[0].split('/').pop() ?? '';
  try { name = decodeURIComponent(name); } catch { /* keep it encoded */ }
  return normalize(name.replace(REPORT_FILE, '').replace(/[_\-.+]+/g, ' '));
}

/** The texts an entry is titled by: its text nodes, and the names of the files it links. */
function entryTexts($: CheerioAPI, entry: Element): string[] {
  const files = $(entry).find('a[href]').add($(entry).filter('a[href]')).toArray()
    .filter((a) => REPORT_FILE.test(a.attribs.href)).map((a) => fileName(a.attribs.href));
  return [...textSegments(entry).map((s) => s.text), ...files];
}

function isFile(el: Element): boolean {
  return el.name === 'a' && REPORT_FILE.test(el.attribs.href ?? '');
}

/**
 * The entries of reports in a scope: report files, table rows, list entries.
 * An entry shows a report when it links a file, is a row of figures, or is
 * dated; a bare menu («مناقصات جاری») is not one, nor a headline («… تصویب شد»).
 */
function entries($: CheerioAPI, nodes: Element[], dead: Dead): Element[] {
  const out = new Set<Element>();
  for (const el of within($, nodes, 'li,tr,article,a[href]')) {
    if (inPageChrome(el) || insideForm(el) || (el.name === 'a' && !isFile(el))) continue;
    const entry = isFile(el) ? (($(el).closest('li,tr,article')[0] as Element | undefined) ?? el) : el;
    // An entry whose report files all answered >= 400 promises a report it does not hold.
    const files = [...(isFile(entry) ? [entry] : []), ...$(entry).find('a[href]').toArray().filter(isFile)];
    if (files.length && files.every((a) => dead(a.attribs.href))) continue;
    if (isEntry($, entry)) out.add(entry);
  }
  return [...out];
}

/** Whether a link (as written on the page) leads to a target that answered >= 400. */
type Dead = (href: string) => boolean;

function isEntry($: CheerioAPI, entry: Element): boolean {
  // Header rows, a page laid out in tables, and menu groups hold no single report.
  if (entry.name === 'tr' && ($(entry).children('td').length === 0 || $(entry).find('table').length > 0)) return false;
  if (entry.name === 'li' && $(entry).find('ul,ol').length > 0) return false;
  const text = normalize(rawText(entry));
  if (endsLikeHeadline(text) || words(text) > MAX_ENTRY_WORDS) return false;
  const hasFile = isFile(entry) || $(entry).find('a[href]').toArray().some(isFile);
  // A table under the label is the report itself; a list entry must link a file or carry a year.
  const tableRow = entry.name === 'tr' && $(entry).children('td').length >= MIN_ROW_CELLS;
  return hasFile || tableRow || titleYearEnds(entryTexts($, entry)).length > 0;
}

interface Found { citation: Citation[]; state: State; newest: string | null; count: number; url: string }

/** How recent the newest year is; years too far ahead are plans or numbers, not reports. */
function dating(yearEnds: string[], asOf: string): { state: State; newest: string | null } {
  const newest = yearEnds.filter((iso) => daysBetween(asOf, iso) <= MAX_AHEAD_DAYS).sort().at(-1) ?? null;
  if (!newest) return { state: 'undated', newest };
  return { state: daysBetween(newest, asOf) <= MAX_AGE_DAYS ? 'fresh' : 'stale', newest };
}

/** The evidence element: the list or table that holds the entries, or the one entry. */
function shownElement($: CheerioAPI, found: Element[]): Element {
  return found.length > 1 ? (($(found[0]).parent()[0] as Element | undefined) ?? found[0]) : found[0];
}

function judgeSection($: CheerioAPI, section: LabelledSection, asOf: string, dead: Dead): Found | null {
  const found = entries($, section.nodes, dead);
  if (found.length === 0) return null;
  const own = found.flatMap((e) => titleYearEnds(entryTexts($, e)));
  // Entries without years of their own take the label's («گزارش عملکرد سال ۱۴۰۳» over a PDF link).
  const { state, newest } = dating(own.length ? own : titleYearEnds([normalize(rawText(section.anchor))]), asOf);
  const shown = shownElement($, found);
  const citation = [cite(section.page, shown, `${rawText(section.anchor)} · ${rawText(shown)}`)];
  return { citation, state, newest, count: found.length, url: section.page.finalUrl };
}

function judgeFileLink(page: PageArtifact, link: LinkArtifact, asOf: string): Found {
  const { state, newest } = dating(titleYearEnds([link.text, fileName(link.href)]), asOf);
  return { citation: [citeLink(page, link)], state, newest, count: 1, url: page.finalUrl };
}

/**
 * A label that opens with the cue: «بودجه مصوب», «مناقصات جاری», not the name
 * «سازمان برنامه و بودجه» of an agency heading every page.
 */
function namesReports(text: string): boolean {
  return opensWithCue(text, CUES) && readsLikeLabel(text, CUES) && !matchesAny(text, NOT_CUES);
}

/**
 * A link that is the report file itself: a menu item «گزارش عملکرد ۱۴۰۳» →
 * report.pdf, or a file titled by the report wherever it is listed («گزارش
 * عملکرد وزارت … در سال ۱۴۰۳ (PDF)» under a bare «گزارش‌ها»). A headline that
 * links a file («بودجه … تصویب شد») is news.
 */
function fileLinks($: CheerioAPI, page: PageArtifact): LinkArtifact[] {
  const menu = new Set(menuLinks($, page, CUES));
  const titled = (l: LinkArtifact) => opensWithCue(l.text, CUES) && words(l.text) <= MAX_TITLE_WORDS && !endsLikeHeadline(l.text);
  return page.links.filter((l) => REPORT_FILE.test(l.href) && !matchesAny(l.text, NOT_CUES) && (menu.has(l) || titled(l)));
}

function better(a: Found, b: Found | null): boolean {
  return !b || RANK[a.state] > RANK[b.state] || (a.state === b.state && (a.newest ?? '') > (b.newest ?? ''));
}

export default defineRule({
  id: 'financial-reports',
  pillar: 'transparent',
  title: { fa: 'گزارش‌های مالی، بودجه یا معاملات به‌روز منتشر شده است', en: 'Up-to-date budget, performance or procurement reports are published' },
  messages: {
    fresh: { fa: 'آخرین گزارش مربوط به سالی است که در {newest} پایان می‌یابد', en: 'The latest report covers a year ending {newest}' },
    undated: { fa: 'گزارش‌ها منتشر شده اما سال آن‌ها مشخص نیست', en: 'Reports are published but their year is not stated' },
    stale: { fa: 'آخرین گزارش مربوط به سالی است که در {newest} پایان یافته (بیش از {maxAgeDays} روز)', en: 'The latest report covers a year that ended {newest}, over {maxAgeDays} days ago' },
    'link-unverified': { fa: 'پیوند گزارش‌ها به صفحه‌ای بیرون از محدوده خزش؛ نیاز به بررسی', en: 'A reports link leads outside the crawl; needs review' },
    'not-found': { fa: 'گزارش بودجه، عملکرد، صورت مالی یا مناقصه (فایل یا جدول) یافت نشد', en: 'No budget, performance, financial or procurement report (file or table) was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    let best: Found | null = null;
    const sections = [
      ...site.pages.flatMap((page) => featureSections(ctx.dom(page), page, CUES, namesReports)),
      ...linkedSections(site, ctx.dom, CUES),
    ];
    for (const section of sections) {
      const found = judgeSection(ctx.dom(section.page), section, ctx.asOf, (href) => isDeadLink(site, section.page, href));
      if (found && better(found, best)) best = found;
    }
    for (const page of site.pages) {
      for (const link of fileLinks(ctx.dom(page), page).filter((l) => !isDeadLink(site, page, l.href))) {
        const found = judgeFileLink(page, link, ctx.asOf);
        if (better(found, best)) best = found;
      }
    }
    if (best) {
      const data = { maxAgeDays: MAX_AGE_DAYS, newest: best.newest, count: best.count, url: best.url };
      if (best.state === 'fresh') return result.pass(best.citation, 'fresh', data);
      if (best.state === 'stale') return result.fail('stale', data, best.citation);
      return result.partial(0.5, best.citation, 'undated', data);
    }
    // Another host nobody asked, or a page of the site past the crawl budget.
    const outside = unseenCueLinks(site, ctx, CUES, namesReports)[0] ?? uncrawledMenuLinks(site, ctx.dom, CUES).find(({ link }) => namesReports(link.text));
    if (outside) return result.needsReview([citeLink(outside.page, outside.link)], 'link-unverified', { href: outside.link.href });
    return result.fail('not-found');
  },
});
