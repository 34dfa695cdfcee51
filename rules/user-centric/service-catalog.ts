// A page that lists the agency's services: at least 5 linked entries in a list,
// table or grid that a service cue (heading, page title or menu item) labels.
import { rawText } from '../../crawlers/dom.ts';
import { defineRule, result, type Citation } from '../../src/engine/define-rule.ts';
import { findServiceCatalog, MIN_ENTRIES, namesServices, SERVICE_LINK_CUES } from '../lib/service-catalog.ts';
import { cite, citeLink } from '../lib/cite.ts';
import { unseenCueLinks } from '../lib/targets.ts';

export default defineRule({
  id: 'service-catalog',
  pillar: 'user-centric',
  title: { fa: 'فهرست خدمات منتشر شده است', en: 'A service catalog is published' },
  messages: {
    found: { fa: '{count} خدمت در فهرست یافت شد', en: '{count} services listed' },
    'too-few': { fa: 'فهرست خدمات تنها {count} مورد دارد (حداقل {min})', en: 'The service list has only {count} entries (at least {min} needed)' },
    'link-unverified': { fa: 'پیوند فهرست خدمات به صفحه‌ای که دیده نشد؛ نیاز به بررسی', en: 'A service-list link leads to a page nobody could see; needs review' },
    'not-found': { fa: 'هیچ فهرستی از خدمات با پیوند یافت نشد', en: 'No list of linked services was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    const best = findServiceCatalog(site, ctx);
    if (!best) {
      const [outside] = unseenCueLinks(site, ctx, SERVICE_LINK_CUES, namesServices);
      if (outside) return result.needsReview([citeLink(outside.page, outside.link)], 'link-unverified', { href: outside.link.href });
      return result.fail('not-found');
    }
    const $ = ctx.dom(best.page);
    // A grid known by its shape has no heading of its own: the page's title names it.
    const label = best.anchor === best.list ? best.page.title : rawText(best.anchor);
    const evidence: Citation[] = [cite(best.page, best.list, `${label}: ${$(best.list).find('a').first().text()} …`)];
    const data = { min: MIN_ENTRIES, count: best.count, url: best.page.finalUrl };
    return best.count >= MIN_ENTRIES ? result.pass(evidence, 'found', data) : result.fail('too-few', data, evidence);
  },
});
