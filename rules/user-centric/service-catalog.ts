// A page that lists the agency's services: at least 5 linked entries in a list,
// table or grid that a service cue (heading, page title or menu item) labels.
import { rawText } from '../../crawlers/dom.ts';
import { defineRule, result, type Citation } from '../../src/engine/define-rule.ts';
import { findServiceCatalog, MIN_ENTRIES } from '../lib/service-catalog.ts';
import { cite } from '../lib/cite.ts';

export default defineRule({
  id: 'service-catalog',
  pillar: 'user-centric',
  title: { fa: 'فهرست خدمات منتشر شده است', en: 'A service catalog is published' },
  messages: {
    found: { fa: '{count} خدمت در فهرست یافت شد', en: '{count} services listed' },
    'too-few': { fa: 'فهرست خدمات تنها {count} مورد دارد (حداقل ۵)', en: 'The service list has only {count} entries (at least 5 needed)' },
    'not-found': { fa: 'هیچ فهرستی از خدمات با پیوند یافت نشد', en: 'No list of linked services was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    const best = findServiceCatalog(site, ctx);
    if (!best) return result.fail('not-found');
    const $ = ctx.dom(best.page);
    const evidence: Citation[] = [cite(best.page, best.list, `${rawText(best.anchor)}: ${$(best.list).find('a').first().text()} …`)];
    const data = { count: best.count, url: best.page.finalUrl };
    return best.count >= MIN_ENTRIES ? result.pass(evidence, 'found', data) : result.fail('too-few', data, evidence);
  },
});
