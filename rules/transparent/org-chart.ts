// The organisational structure as an image, a file or a list, under a chart
// cue. If it is dated, the date must be within 730 days of the audit.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { labelText, rawText } from '../../crawlers/dom.ts';
import { defineRule, result, type Citation } from '../../src/engine/define-rule.ts';
import { matchesAny } from '../../src/text/match.ts';
import {
  cite, citeLink, freshness, IMAGE_FILE, labelledSections, navLinks, REPORT_FILE, sectionDates, within,
  type Freshness, type LabelledSection,
} from '../lib/structure.ts';

const CUES = [
  'چارت سازمانی', 'ساختار سازمانی', 'نمودار سازمانی', 'ساختار تشکیلاتی', 'تشکیلات سازمانی', 'چارت تشکیلاتی',
  'organizational chart', 'organisational chart', 'organization chart', 'organisation chart', 'org chart',
  'organizational structure', 'organisational structure',
];
const MAX_AGE_DAYS = 730;
const MIN_TREE_ITEMS = 3;

function chartStructure($: CheerioAPI, nodes: Element[]): Element | null {
  const visual = within($, nodes, 'img,svg,canvas,object,embed')[0];
  if (visual) return visual;
  const file = within($, nodes, 'a[href]').find((a) => REPORT_FILE.test(a.attribs.href) || IMAGE_FILE.test(a.attribs.href));
  if (file) return file;
  return within($, nodes, 'ul,ol').find((l) => $(l).find('li').length >= MIN_TREE_ITEMS) ?? null;
}

interface Found { citation: Citation[]; state: Freshness; newest: string | null; url: string }

function judgeSection($: CheerioAPI, section: LabelledSection, asOf: string): Found | null {
  const structure = chartStructure($, section.nodes);
  if (!structure) return null;
  const { state, newest } = freshness(sectionDates(section), asOf, MAX_AGE_DAYS);
  return { citation: [cite(section.page, structure, `${rawText(section.anchor)} · ${labelText(structure)}`)], state, newest: newest?.iso ?? null, url: section.page.finalUrl };
}

export default defineRule({
  id: 'org-chart',
  pillar: 'transparent',
  title: { fa: 'ساختار سازمانی منتشر شده است', en: 'The organisational structure is published' },
  failureTitle: { fa: 'ساختار سازمانی به‌روز یافت نشد', en: 'No up-to-date organisational structure' },
  messages: {
    found: { fa: 'ساختار سازمانی منتشر شده است', en: 'The organisational structure is published' },
    stale: { fa: 'ساختار سازمانی به تاریخ {newest} است (بیش از ۷۳۰ روز)', en: 'The organisational chart is dated {newest}, over 730 days old' },
    'not-found': { fa: 'چارت یا ساختار سازمانی (تصویر، فایل یا فهرست) یافت نشد', en: 'No organisational chart (image, file or list) was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    let stale: Found | null = null;
    for (const page of site.pages) {
      const $ = ctx.dom(page);
      for (const section of labelledSections($, page, CUES)) {
        const found = judgeSection($, section, ctx.asOf);
        if (found?.state === 'stale') stale ??= found;
        else if (found) return result.pass(found.citation, 'found', { newest: found.newest, url: found.url });
      }
      const img = $('img[alt]').toArray().find((el) => matchesAny(labelText(el), CUES));
      if (img) return result.pass([cite(page, img, labelText(img))], 'found', { url: page.finalUrl });
      const file = navLinks(page, CUES).find((l) => REPORT_FILE.test(l.href) || IMAGE_FILE.test(l.href));
      if (file) return result.pass([citeLink(page, file)], 'found', { url: page.finalUrl });
    }
    return stale ? result.fail('stale', { newest: stale.newest, url: stale.url }, stale.citation) : result.fail('not-found');
  },
});
