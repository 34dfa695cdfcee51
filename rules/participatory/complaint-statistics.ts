// Published complaint-handling statistics: counts or response times in a
// table, a list or figure tiles, an infographic, or a statistics report file,
// where both a complaint cue and a statistics word («تعداد»، «میانگین»،
// «رسیدگی شده») name them; or a short line of counts («۹۸ فقره») under a heading
// that names statistics, outside news. Figures in a news story's sentences, or a promised response time
// («ظرف ۱۵ روز پاسخ داده می‌شود»), are not statistics.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { labelText, rawText } from '../../crawlers/dom.ts';
import type { PageArtifact } from '../../crawlers/artifacts.ts';
import { defineRule, result, type Citation } from '../../src/engine/define-rule.ts';
import { extractDates, newestDate, yearDates } from '../../src/text/dates.ts';
import { matchesAny } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';
import { elementText } from '../lib/blocks.ts';
import { cite, citeLink } from '../lib/cite.ts';
import { isThumbnailLink, PERCENT, REPORT_FILE } from '../lib/documents.ts';
import { insideForm } from '../lib/forms.ts';
import { endsLikeHeadline, words } from '../lib/labels.ts';
import { navLinks } from '../lib/links.ts';
import { complaintSystemAliases } from '../lib/national.ts';
import { isNewsPage } from '../lib/lists.ts';
import { labelledSections, linkedSections, sectionDates, within, type LabelledSection } from '../lib/sections.ts';
import { isDeadLink, unseenCueLinks } from '../lib/targets.ts';

const COMPLAINT_CUES = [
  'شکایت', 'شکایات', 'شاکی', 'سامانه 111', 'سامانه ی 111', 'سامد', 'ارتباطات مردمی', 'رسیدگی به شکایات', 'تظلم',
  'complaint', 'complaints', 'grievance',
];
/** Words that make figures statistics rather than a service standard. */
const STAT_CUES = [
  'آمار', 'تعداد', 'میانگین', 'متوسط', 'مورد', 'فقره', 'مجموع', 'جمع کل', 'دریافتی', 'دریافت شده', 'رسیدگی شده', 'پاسخ داده شده', 'مختومه',
  'در دست بررسی', 'در حال بررسی', 'درصد', 'گزارش عملکرد', 'عملکرد',
  'statistics', 'number of', 'average', 'total', 'received', 'resolved', 'closed', 'pending', 'performance',
];
/** Headings that may hold complaint figures without naming complaints themselves («آمار عملکرد»). */
const STAT_LABELS = ['آمار', 'آماری', 'گزارش عملکرد', 'در یک نگاه', 'statistics', 'at a glance', 'performance report'];
const REPORT_CUES = ['آمار', 'گزارش', 'statistics', 'report'];
/** Menu items that name complaint statistics; the page they lead to is often titled with the agency's name only. */
const STATS_LINK_CUES = [
  'آمار شکایات', 'آمار رسیدگی به شکایات', 'گزارش رسیدگی به شکایات', 'گزارش عملکرد رسیدگی به شکایات', 'گزارش شکایات',
  'عملکرد رسیدگی به شکایات', 'complaint statistics', 'complaints statistics', 'complaints report',
];
/** What an image of figures is called (alt, title, caption) or named (file), so a news photo is left out. */
const CHART_CUES = ['اینفوگرافیک', 'نمودار', 'آمار', 'چارت', 'infographic', 'chart', 'graph', 'statistics'];
const CHART_FILE = /(chart|graph|infographic|amar|statistic)/i;
/** A tile is a short figure with its caption («۱۲۳۴ شکایت رسیدگی شده»), not a sentence. */
const MAX_TILE_WORDS = 10;
const MIN_FIGURES = 2;

interface Found { citation: Citation[]; kind: 'table' | 'list' | 'tiles' | 'chart' | 'report' | 'summary'; newest: string | null; url: string }

/** A count: a number with what was counted («۹۸ فقره», «۲۱۴ مورد»); a time alone is a service standard. */
const COUNT = /\d+\s*(مورد|فقره|شکایت|درخواست|پرونده|نفر)(?![\p{L}])/gu;
const MIN_COUNTS = 2;
/** A summary line is short: a longer text with figures is a story. */
const MAX_SUMMARY_WORDS = 40;

/** One short line of counts («دریافت‌شده: ۹۸ فقره؛ رسیدگی‌شده: ۹۱ فقره …») under a statistics heading. */
function summaryLine($: CheerioAPI, nodes: Element[]): Element | null {
  return within($, nodes, 'p,div,span,li').find((el) => {
    if (insideForm(el) || $(el).children('p,div,ul,ol,table').length > 0) return false;
    const text = elementText(el);
    return words(text) <= MAX_SUMMARY_WORDS && (text.match(COUNT) ?? []).length >= MIN_COUNTS;
  }) ?? null;
}

function namesStatistics(text: string): boolean {
  return matchesAny(text, STAT_CUES) || PERCENT.test(text);
}

function newestOf(dates: ReadonlyArray<{ iso: string }>): string | null {
  return newestDate(dates)?.iso ?? null;
}

/**
 * True when the text holds a figure: a number that is not part of a date, a
 * year («سال ۱۴۰۳»), a phone number or the name of the 111 system.
 */
function hasFigure(text: string): boolean {
  let rest = text;
  for (const d of extractDates(text)) rest = rest.replace(d.raw, ' ');
  rest = rest.replace(/(سامانه|سامانه ی|تلفن|شماره)\s*\d+/g, ' ').replace(/(?<!\d)(13|14|19|20)\d\d(?!\d)/g, ' ')
    // Phone numbers («۰۲۱-۸۸۸۸۸۸۸۸») in a list of complaint offices.
    .replace(/(?<!\d)0\d{2,3}[\s-]?\d{5,8}(?!\d)|(?<!\d)\d{8}\s?-\s?0\d{2,3}(?!\d)/g, ' ');
  return /\d/.test(rest);
}

function figureCells($: CheerioAPI, table: Element): number {
  return $(table).find('td,th').toArray().filter((c) => hasFigure(elementText(c))).length;
}

/** A figure with its caption: short, holds a figure and a statistics word, and is no sentence. */
function isTileText(text: string): boolean {
  return words(text) <= MAX_TILE_WORDS && hasFigure(text) && namesStatistics(text) && !endsLikeHeadline(text);
}

function isTile($: CheerioAPI, el: Element): boolean {
  return $(el).children().length <= 3 && isTileText(elementText(el));
}

/** A list's entries as text; a <dl> entry is a term with its description («تعداد شکایات» «۲۱۴ مورد»). */
function listEntries($: CheerioAPI, list: Element): string[] {
  if (list.name !== 'dl') return $(list).children().toArray().map(elementText);
  return $(list).children('dt').toArray().map((dt) => `${elementText(dt)} ${normalize($(dt).nextUntil('dt').toArray().map(rawText).join(' '))}`);
}

/** Tiles that sit together (siblings or cousins), the shape of a statistics panel. */
function tilePanel($: CheerioAPI, nodes: Element[]): Element | null {
  const tiles = within($, nodes, 'div,li,span,p,strong,dd,figure').filter((e) => !insideForm(e) && isTile($, e));
  const byParent = new Map<Element, number>();
  for (const t of tiles) {
    for (const holder of [t.parent, t.parent?.parent]) {
      if (holder && holder.type === 'tag') byParent.set(holder as Element, (byParent.get(holder as Element) ?? 0) + 1);
    }
  }
  return [...byParent.entries()].find(([, n]) => n >= MIN_FIGURES)?.[0] ?? null;
}

/** Whether a report link's target is alive: a statistics PDF that answers 404 publishes nothing. */
type Alive = (href: string) => boolean;

function statsStructure($: CheerioAPI, nodes: Element[], alive: Alive): { el: Element; kind: Found['kind'] } | null {
  const table = within($, nodes, 'table').find((t) => !insideForm(t) && figureCells($, t) >= MIN_FIGURES);
  if (table) return { el: table, kind: 'table' };
  const list = within($, nodes, 'ul,ol,dl').find((l) => !insideForm(l) && listEntries($, l).filter((t) => isTileText(t)).length >= MIN_FIGURES);
  if (list) return { el: list, kind: 'list' };
  const panel = tilePanel($, nodes);
  if (panel) return { el: panel, kind: 'tiles' };
  const chart = within($, nodes, 'img').find((img) => !insideForm(img) && !isThumbnailLink(img) && isChart($, img));
  if (chart) return { el: chart, kind: 'chart' };
  const report = within($, nodes, 'a[href]').find((a) => REPORT_FILE.test(a.attribs.href) && matchesAny(labelText(a), REPORT_CUES) && alive(a.attribs.href));
  return report ? { el: report, kind: 'report' } : null;
}

/** An infographic or chart of the figures, named by its alt, title, caption or file name. */
function isChart($: CheerioAPI, img: Element): boolean {
  const caption = $(img).closest('figure').find('figcaption').text();
  return matchesAny(normalize(`${labelText(img)} ${caption}`), CHART_CUES) || CHART_FILE.test(img.attribs.src ?? '');
}

/** `linked`: a menu item that names complaint statistics («آمار شکایات») leads to the section's page. */
function judgeSection($: CheerioAPI, section: LabelledSection, alive: Alive, cues: readonly string[], linked = false): Found | null {
  // Counts in a line of their own count only outside news, under a heading that names statistics itself.
  const summary = () => {
    const el = !isNewsPage(section.page) && matchesAny(labelText(section.anchor), STAT_LABELS) ? summaryLine($, section.nodes) : null;
    return el ? { el, kind: 'summary' as const } : null;
  };
  const structure = statsStructure($, section.nodes, alive) ?? summary();
  if (!structure) return null;
  // Complaints and statistics must both be named, by the heading or menu item, or inside the figures.
  const named = `${labelText(section.anchor)} ${elementText(structure.el)}`;
  if (!linked && (!matchesAny(named, cues) || !namesStatistics(named))) return null;
  const citation = [cite(section.page, structure.el, `${rawText(section.anchor)} · ${rawText(structure.el)}`)];
  return { citation, kind: structure.kind, newest: newestOf(sectionDates(section, { years: true })), url: section.page.finalUrl };
}

/** A menu link straight to a complaint statistics report («گزارش آمار شکایات ۱۴۰۳.pdf»). */
function reportLink(page: PageArtifact, alive: Alive): Found | null {
  const link = navLinks(page, COMPLAINT_CUES).find((l) => REPORT_FILE.test(l.href) && matchesAny(l.text, REPORT_CUES) && alive(l.href));
  return link ? { citation: [citeLink(page, link)], kind: 'report', newest: newestOf([...extractDates(link.text), ...yearDates(link.text)]), url: page.finalUrl } : null;
}

export default defineRule({
  id: 'complaint-statistics',
  pillar: 'participatory',
  title: { fa: 'آمار رسیدگی به شکایات منتشر شده است', en: 'Complaint-handling statistics are published' },
  messages: {
    found: { fa: 'آمار رسیدگی به شکایات ({kind})', en: 'Complaint-handling statistics ({kind})' },
    'link-unverified': { fa: 'پیوند آمار شکایات به صفحه‌ای که دیده نشد؛ نیاز به بررسی', en: 'A complaint-statistics link leads to a page nobody could see; needs review' },
    'not-found': { fa: 'آمار شکایات (تعداد یا زمان رسیدگی در جدول، فهرست یا گزارش) یافت نشد', en: 'No complaint statistics (counts or response times in a table, list or report) were found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    // A complaints line's figures are named by the line («آمار سامانه ۱۳۷»), without the word «شکایت».
    const complaintCues = [...COMPLAINT_CUES, ...complaintSystemAliases(ctx.config.nationalSystems)];
    const sectionCues = [...complaintCues, ...STAT_LABELS];
    for (const page of site.pages) {
      const $ = ctx.dom(page);
      // Any table or tile panel counts, so a news headline must not label the section.
      for (const section of labelledSections($, page, sectionCues, { labelsOnly: true })) {
        const found = judgeSection($, section, (href) => !isDeadLink(site, page, href), complaintCues);
        if (found) return result.pass(found.citation, 'found', { kind: found.kind, newest: found.newest, url: found.url });
      }
      const report = reportLink(page, (href) => !isDeadLink(site, page, href));
      if (report) return result.pass(report.citation, 'found', { kind: report.kind, newest: report.newest, url: report.url });
    }
    for (const section of linkedSections(site, ctx.dom, STATS_LINK_CUES)) {
      const found = judgeSection(ctx.dom(section.page), section, (href) => !isDeadLink(site, section.page, href), complaintCues, true);
      if (found) return result.pass(found.citation, 'found', { kind: found.kind, newest: found.newest, url: found.url });
    }
    const [outside] = unseenCueLinks(site, ctx, STATS_LINK_CUES);
    if (outside) return result.needsReview([citeLink(outside.page, outside.link)], 'link-unverified', { href: outside.link.href });
    return result.fail('not-found');
  },
});
