// The organisational structure as an image, a file or a list, under a chart
// cue; a file or image whose target answered >= 400 is not one. If it is dated, the date must be within {maxAgeDays} days of the audit.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { labelText, rawText } from '../../crawlers/dom.ts';
import { resolveHref, type LinkArtifact, type PageArtifact } from '../../crawlers/artifacts.ts';
import { defineRule, result, type Citation } from '../../src/engine/define-rule.ts';
import { extractDates, labelledDates } from '../../src/text/dates.ts';
import { matchesAny } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';
import { cite, citeLink } from '../lib/cite.ts';
import { IMAGE_FILE, isThumbnailLink, REPORT_FILE } from '../lib/documents.ts';
import { insideForm } from '../lib/forms.ts';
import { navLinks } from '../lib/links.ts';
import { anotherBodys } from '../lib/attribution.ts';
import { byAudit, freshness, labelledSections, sectionDates, within, type Freshness, type LabelledSection } from '../lib/sections.ts';
import { isDeadLink, unseenCueLinks } from '../lib/targets.ts';
import { maxAgeDays } from '../catalog.ts';

const CUES = [
  'چارت سازمانی', 'ساختار سازمانی', 'نمودار سازمانی', 'ساختار تشکیلاتی', 'تشکیلات سازمانی', 'چارت تشکیلاتی',
  'organizational chart', 'organisational chart', 'organization chart', 'organisation chart', 'org chart',
  'organizational structure', 'organisational structure',
];
const MAX_AGE_DAYS = maxAgeDays('org-chart');
const MIN_TREE_ITEMS = 3;

/** The chart itself: not a news thumbnail that links away, not a captcha in a form. */
function chartImage(el: Element): boolean {
  return !isThumbnailLink(el) && !insideForm(el);
}

/** Whether a file link's target is alive: a chart PDF that answers 404 is no chart. */
type Alive = (page: PageArtifact, href: string) => boolean;

function chartStructure($: CheerioAPI, section: LabelledSection, alive: Alive): Element | null {
  const nodes = section.nodes;
  const visual = within($, nodes, 'img,svg,canvas,object,embed').find((el) => chartImage(el) && alive(section.page, el.attribs.src ?? el.attribs.data ?? ''));
  if (visual) return visual;
  const file = within($, nodes, 'a[href]').find((a) => (REPORT_FILE.test(a.attribs.href) || IMAGE_FILE.test(a.attribs.href)) && alive(section.page, a.attribs.href));
  if (file) return file;
  return within($, nodes, 'ul,ol').find((l) => $(l).find('li').length >= MIN_TREE_ITEMS) ?? null;
}

/**
 * `target`: the chart's own file or image, resolved: the same chart shown and linked again is one chart.
 * `label`: what names the chart (its heading, an image's alt and caption, a link's text), not the units it lists.
 */
interface Found { citation: Citation[]; state: Freshness; newest: string | null; url: string; target: string | null; label: string }

/** An image's or file link's own name: alt or text, and its figure's caption. */
function ownName($: CheerioAPI, el: Element): string {
  return el.name === 'ul' || el.name === 'ol' ? '' : `${labelText(el)} ${$(el).closest('figure').find('figcaption').text()}`;
}

function targetOf(page: PageArtifact, el: Element): string | null {
  return resolveHref(el.attribs.src ?? el.attribs.data ?? el.attribs.href, page.finalUrl);
}

function judgeSection($: CheerioAPI, section: LabelledSection, asOf: string, alive: Alive): Found | null {
  const structure = chartStructure($, section, alive);
  if (!structure) return null;
  const { state, newest } = freshness(byAudit(sectionDates(section), asOf), asOf, MAX_AGE_DAYS);
  return { citation: [cite(section.page, structure, `${rawText(section.anchor)} · ${labelText(structure)}`)], state, newest: newest?.iso ?? null, url: section.page.finalUrl, target: targetOf(section.page, structure), label: `${rawText(section.anchor)} ${ownName($, structure)}` };
}

/** An image whose alt or title names the chart, dated by its own alt and caption, else by the page's labelled date. */
function judgeNamedImage($: CheerioAPI, page: PageArtifact, asOf: string, alive: Alive): Found | null {
  const img = $('img[alt],img[title]').toArray().find((el) => chartImage(el) && matchesAny(labelText(el), CUES) && alive(page, el.attribs.src ?? ''));
  if (!img) return null;
  const dates = extractDates(normalize(`${labelText(img)} ${$(img).closest('figure').find('figcaption').text()}`));
  const { state, newest } = freshness(byAudit(dates.length ? dates : labelledDates(page.text), asOf), asOf, MAX_AGE_DAYS);
  return { citation: [cite(page, img, labelText(img))], state, newest: newest?.iso ?? null, url: page.finalUrl, target: targetOf(page, img), label: ownName($, img) };
}

/** A menu link straight to the chart file, dated only by its own text («چارت سازمانی ۱۴۰۳/۰۲/۱۰»). */
function judgeFileLink(page: PageArtifact, asOf: string, alive: Alive): Found | null {
  const file: LinkArtifact | undefined = navLinks(page, CUES).find((l) => (REPORT_FILE.test(l.href) || IMAGE_FILE.test(l.href)) && alive(page, l.href));
  if (!file) return null;
  const { state, newest } = freshness(byAudit(extractDates(file.text), asOf), asOf, MAX_AGE_DAYS);
  return { citation: [citeLink(page, file)], state, newest: newest?.iso ?? null, url: page.finalUrl, target: file.href, label: file.text };
}

export default defineRule({
  id: 'org-chart',
  pillar: 'transparent',
  title: { fa: 'ساختار سازمانی منتشر شده است', en: 'The organisational structure is published' },
  messages: {
    found: { fa: 'ساختار سازمانی منتشر شده است', en: 'The organisational structure is published' },
    stale: { fa: 'ساختار سازمانی به تاریخ {newest} است (بیش از {maxAgeDays} روز)', en: 'The organisational chart is dated {newest}, over {maxAgeDays} days old' },
    'link-unverified': { fa: 'پیوند ساختار سازمانی به صفحه‌ای که دیده نشد؛ نیاز به بررسی', en: 'An org-chart link leads to a page nobody could see; needs review' },
    'not-found': { fa: 'چارت یا ساختار سازمانی (تصویر، فایل یا فهرست) یافت نشد', en: 'No organisational chart (image, file or list) was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    let stale: Found | null = null;
    const alive: Alive = (page, href) => !isDeadLink(site, page, href);
    for (const page of site.pages) {
      const $ = ctx.dom(page);
      // Any image or list counts as the chart, so a news headline must not label the section.
      const candidates = [
        ...labelledSections($, page, CUES, { labelsOnly: true }).map((s) => () => judgeSection($, s, ctx.asOf, alive)),
        () => judgeNamedImage($, page, ctx.asOf, alive),
        () => judgeFileLink(page, ctx.asOf, alive),
      ];
      // One chart seen twice (its section dated, its image's alt not; shown in the page, then linked for download) keeps the date its section gives.
      const staleShown = new Set<string>();
      const seenStale = (f: Found) => [f.citation[0].selector, f.target].some((k) => k !== null && staleShown.has(k));
      for (const judge of candidates) {
        const found = judge();
        // Another body's chart (a sibling town's on a shared host, the national company's): not the agency's.
        if (found && anotherBodys(site, page, $, found.label)) continue;
        if (found?.state === 'stale') {
          stale ??= found;
          for (const k of [found.citation[0].selector, found.target]) if (k !== null) staleShown.add(k);
        } else if (found && !seenStale(found)) return result.pass(found.citation, 'found', { newest: found.newest, url: found.url });
      }
    }
    if (stale) return result.fail('stale', { newest: stale.newest, url: stale.url, maxAgeDays: MAX_AGE_DAYS }, stale.citation);
    const [outside] = unseenCueLinks(site, ctx, CUES);
    if (outside) return result.needsReview([citeLink(outside.page, outside.link)], 'link-unverified', { href: outside.link.href });
    return result.fail('not-found');
  },
});
