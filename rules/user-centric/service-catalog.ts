// A page that lists the agency's services: at least 5 linked entries in a list,
// table or grid that a service cue (heading, page title or menu item) labels.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { rawText } from '../../crawlers/dom.ts';
import type { PageArtifact } from '../../crawlers/artifacts.ts';
import { defineRule, result, type Citation } from '../../src/engine/define-rule.ts';
import { extractDates } from '../../src/text/dates.ts';
import { matchesAny } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';
import { cite, cueHeadings, mainContent, pageIsAbout, sectionOf, within } from '../lib/structure.ts';

const CUES = [
  'فهرست خدمات', 'میز خدمت', 'خدمات الکترونیک', 'خدمات قابل ارائه', 'شناسنامه خدمات', 'خدمات سازمان',
  'خدمات', 'services', 'service catalog', 'e-services',
];
const MIN_ENTRIES = 5;

interface Candidate { page: PageArtifact; list: Element; anchor: Element; count: number }

/** Entries of a list-like element: children that carry a link. */
function entries($: CheerioAPI, list: Element): Element[] {
  const children = list.name === 'table' ? $(list).find('tr').toArray() : $(list).children().toArray();
  return children.filter((c) => $(c).find('a[href]').length > 0 || (c.name === 'a' && c.attribs.href));
}

/** Distinct link targets, unless the entries look like a dated news list. */
function countServices($: CheerioAPI, list: Element): number {
  const items = entries($, list);
  const dated = items.filter((i) => extractDates(normalize(rawText(i))).length > 0).length;
  if (items.length === 0 || dated * 2 >= items.length) return 0;
  const hrefs = new Set(items.map((i) => (i.name === 'a' ? i.attribs.href : $(i).find('a[href]').first().attr('href'))));
  return hrefs.size;
}

function listsIn($: CheerioAPI, scope: Element[]): Element[] {
  const grids = within($, scope, 'div,section,nav').filter((el) => $(el).children().length >= MIN_ENTRIES && entries($, el).length >= MIN_ENTRIES);
  return [...within($, scope, 'ul,ol,table'), ...grids];
}

function scopes($: CheerioAPI, page: PageArtifact): Array<{ anchor: Element; nodes: Element[] }> {
  const out = cueHeadings($, CUES).map((h) => ({ anchor: h, nodes: sectionOf($, h) }));
  const about = pageIsAbout($, page, CUES);
  if (about) out.push({ anchor: about, nodes: mainContent($) });
  // A menu item such as «خدمات الکترونیک» with its submenu.
  for (const a of $('li > a').toArray()) {
    const sub = $(a).parent().children('ul,ol').toArray();
    if (sub.length && matchesAny(normalize(rawText(a)), CUES)) out.push({ anchor: a, nodes: sub });
  }
  return out;
}

function bestOnPage($: CheerioAPI, page: PageArtifact): Candidate | null {
  let best: Candidate | null = null;
  for (const { anchor, nodes } of scopes($, page)) {
    for (const list of listsIn($, nodes)) {
      const count = countServices($, list);
      if (count > 0 && (!best || count > best.count)) best = { page, list, anchor, count };
    }
  }
  return best;
}

export default defineRule({
  id: 'service-catalog',
  pillar: 'user-centric',
  title: { fa: 'فهرست خدمات منتشر شده است', en: 'A service catalog is published' },
  failureTitle: { fa: 'فهرست خدمات یافت نشد', en: 'No service catalog was found' },
  messages: {
    found: { fa: '{count} خدمت در فهرست یافت شد', en: '{count} services listed' },
    'too-few': { fa: 'فهرست خدمات تنها {count} مورد دارد (حداقل ۵)', en: 'The service list has only {count} entries (at least 5 needed)' },
    'not-found': { fa: 'هیچ فهرستی از خدمات با پیوند یافت نشد', en: 'No list of linked services was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    let best: Candidate | null = null;
    for (const page of site.pages) {
      const c = bestOnPage(ctx.dom(page), page);
      if (c && (!best || c.count > best.count)) best = c;
    }
    if (!best) return result.fail('not-found');
    const $ = ctx.dom(best.page);
    const evidence: Citation[] = [cite(best.page, best.list, `${rawText(best.anchor)}: ${$(best.list).find('a').first().text()} …`)];
    const data = { count: best.count, url: best.page.finalUrl };
    return best.count >= MIN_ENTRIES ? result.pass(evidence, 'found', data) : result.fail('too-few', data, evidence);
  },
});
