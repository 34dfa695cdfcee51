// Published results of satisfaction or quality measurement: figures in a
// table, list or tiles, a chart, or a report file, under a results cue. A
// survey form alone does not count. Fresh means dated within {maxAgeDays} days.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { labelText, rawText } from '../../crawlers/dom.ts';
import { defineRule, result, type Citation } from '../../src/engine/define-rule.ts';
import { anotherBodys } from '../lib/attribution.ts';
import { matchesAny } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';
import { elementText } from '../lib/blocks.ts';
import { cite, citeLink } from '../lib/cite.ts';
import { FIGURE, isThumbnailLink, PERCENT, REPORT_FILE } from '../lib/documents.ts';
import { insideForm } from '../lib/forms.ts';
import { words } from '../lib/labels.ts';
import { navLinks } from '../lib/links.ts';
import { byAudit, freshness, labelledSections, sectionDates, within, type Freshness, type LabelledSection } from '../lib/sections.ts';
import { isDeadLink, unseenCueLinks } from '../lib/targets.ts';
import { maxAgeDays } from '../catalog.ts';

const CUES = [
  'نتایج نظرسنجی', 'نتیجه نظرسنجی', 'نتایج رضایت سنجی', 'رضایت سنجی', 'میزان رضایت', 'رضایتمندی', 'سنجش رضایت',
  'ارزیابی رضایت', 'نتایج ارزیابی کیفیت خدمات', 'satisfaction', 'survey results',
];
/** Cues that name any poll's results: a reader poll on another topic has them too. */
const POLL_CUES = ['نتایج نظرسنجی', 'نتیجه نظرسنجی', 'survey results'];
/** What a poll about the agency's services asks about: satisfaction, its services, its clients. */
const SUBJECT_CUES = [
  'رضایت', 'خدمت', 'خدمات', 'کیفیت', 'مراجع', 'ارباب رجوع', 'عملکرد', 'پاسخگویی',
  'satisf', 'service', 'quality', 'customer', 'client',
];
/**
 * What a chart image is called (alt, title, caption). Words for the topic
 * («نظرسنجی», "survey") are not enough: a news photo about a survey has them too.
 */
const CHART_CUES = ['نمودار', 'چارت', 'اینفوگرافیک', 'نتایج', 'نتیجه', 'chart', 'graph', 'infographic', 'result'];
/** The same in file names, which portals write in Latin letters («nemoodar-rezayat.png»). */
const CHART_FILE = /(chart|graph|infographic|result|natayej|nemoodar|nemudar)/i;
/** A blank questionnaire to download is the survey, not its results. */
const QUESTIONNAIRE_CUES = ['پرسشنامه', 'فرم نظرسنجی', 'فرم رضایت سنجی', 'questionnaire', 'survey form'];
const MIN_CHART_SHAPES = 3;
const MAX_AGE_DAYS = maxAgeDays('satisfaction-results');
const RANK: Record<Freshness, number> = { fresh: 3, undated: 2, stale: 1 };

/** An element that shows a chart: a canvas or drawing, or an image named as a chart or as results. */
function isChart($: CheerioAPI, el: Element): boolean {
  if (isThumbnailLink(el) || $(el).closest('button').length > 0) return false;
  if (el.name === 'canvas') return true;
  // A drawn chart has bars, slices or axes; an icon is a path or two.
  if (el.name === 'svg' && $(el).find('rect,circle,line,polyline,polygon,path').length >= MIN_CHART_SHAPES) return true;
  const caption = $(el).closest('figure').find('figcaption').text();
  const src = el.attribs.src ?? el.attribs.data ?? '';
  return matchesAny(normalize(`${labelText(el)} ${caption}`), CHART_CUES) || CHART_FILE.test(src);
}

/** The element that carries published figures, or null when there is none. Questionnaires (forms) never do. */
/** Whether a report link's target is alive: a results PDF that answers 404 publishes nothing. */
type Alive = (href: string) => boolean;

function resultsStructure($: CheerioAPI, nodes: Element[], alive: Alive): Element | null {
  const find = (selector: string) => within($, nodes, selector).filter((el) => !insideForm(el));
  const table = find('table').find((t) => $(t).find('td,th').toArray().filter((c) => FIGURE.test(elementText(c))).length >= 2);
  if (table) return table;
  const list = find('ul,ol,dl').find((l) => $(l).children().toArray().filter((c) => PERCENT.test(elementText(c))).length >= 2);
  if (list) return list;
  const chart = find('img,svg,canvas,object,embed').find((el) => isChart($, el));
  if (chart) return chart;
  const report = find('a[href]').find((a) => REPORT_FILE.test(a.attribs.href) && !matchesAny(labelText(a), QUESTIONNAIRE_CUES) && alive(a.attribs.href));
  if (report) return report;
  // Figure tiles: short elements that hold a percentage («۸۵٪ رضایت»), not prose.
  const tiles = find('div,span,strong,b,p,li').filter((e) => $(e).children().length <= 2 && words(elementText(e)) <= 8 && PERCENT.test(elementText(e)));
  return tiles.length >= 2 ? ($(tiles[0]).parent()[0] ?? tiles[0]) : null;
}

interface Found { citation: Citation[]; state: Freshness; newest: string | null; url: string }

/** A section a poll cue alone labels measures satisfaction only when it names a subject of service. */
function aboutService(section: LabelledSection): boolean {
  const label = normalize(rawText(section.anchor));
  if (!matchesAny(label, POLL_CUES) || matchesAny(label, CUES.filter((c) => !POLL_CUES.includes(c)))) return true;
  return matchesAny(normalize([section.anchor, ...section.nodes].map(rawText).join(' ')), SUBJECT_CUES);
}

function judgeSection($: CheerioAPI, section: LabelledSection, asOf: string, alive: Alive): Found | null {
  if (!aboutService(section)) return null;
  const structure = resultsStructure($, section.nodes, alive);
  if (!structure) return null;
  // Results are often labelled by year only («نتایج نظرسنجی سال ۱۴۰۳»).
  const { state, newest } = freshness(byAudit(sectionDates(section, { years: true }), asOf), asOf, MAX_AGE_DAYS);
  const citation = [cite(section.page, structure, `${rawText(section.anchor)} · ${rawText(structure)}`)];
  return { citation, state, newest: newest?.iso ?? null, url: section.page.finalUrl };
}

export default defineRule({
  id: 'satisfaction-results',
  pillar: 'transparent',
  title: { fa: 'نتایج رضایت‌سنجی منتشر شده است', en: 'Satisfaction results are published' },
  messages: {
    fresh: { fa: 'نتایج به تاریخ {newest} منتشر شده است', en: 'Results published, dated {newest}' },
    undated: { fa: 'نتایج منتشر شده اما تاریخ ندارد', en: 'Results are published but undated' },
    stale: { fa: 'آخرین نتایج به تاریخ {newest} است (بیش از {maxAgeDays} روز)', en: 'Latest results are dated {newest}, over {maxAgeDays} days old' },
    'link-unverified': { fa: 'پیوند نتایج رضایت‌سنجی به صفحه‌ای که دیده نشد؛ نیاز به بررسی', en: 'A satisfaction-results link leads to a page nobody could see; needs review' },
    'not-found': { fa: 'نتایج رضایت‌سنجی (عدد، جدول، نمودار یا گزارش) یافت نشد', en: 'No satisfaction results (figures, table, chart or report) were found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    let best: Found | null = null;
    for (const page of site.pages) {
      const $ = ctx.dom(page);
      for (const section of labelledSections($, page, CUES)) {
        const found = judgeSection($, section, ctx.asOf, (href) => !isDeadLink(site, page, href));
        // Results of another body's services (a sibling town's on a shared host) are not the agency's; the results table may name others.
        if (found && anotherBodys(site, page, $, rawText(section.anchor))) continue;
        if (found && (!best || RANK[found.state] > RANK[best.state])) best = found;
      }
      // A navigation link straight to a results report file.
      const report = navLinks(page, CUES).find((l) => REPORT_FILE.test(l.href) && !matchesAny(l.text, QUESTIONNAIRE_CUES) && !isDeadLink(site, page, l.href));
      if (report && !anotherBodys(site, page, $, report.text) && (!best || RANK[best.state] < RANK.undated)) {
        const dated = freshness(byAudit(page.dates.filter((d) => report.text.includes(d.raw)), ctx.asOf), ctx.asOf, MAX_AGE_DAYS);
        best = { citation: [citeLink(page, report)], state: dated.state, newest: dated.newest?.iso ?? null, url: page.finalUrl };
      }
    }
    if (!best) {
      const [outside] = unseenCueLinks(site, ctx, CUES, (text) => !matchesAny(text, QUESTIONNAIRE_CUES));
      if (outside) return result.needsReview([citeLink(outside.page, outside.link)], 'link-unverified', { href: outside.link.href });
      return result.fail('not-found');
    }
    const data = { maxAgeDays: MAX_AGE_DAYS, newest: best.newest, url: best.url };
    if (best.state === 'fresh') return result.pass(best.citation, 'fresh', data);
    if (best.state === 'undated') return result.partial(0.5, best.citation, 'undated', data);
    return result.fail('stale', data, best.citation);
  },
});
