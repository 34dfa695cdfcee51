// Open data: an open-data section («داده‌های باز», "Open data") with
// machine-readable downloads (CSV, XLSX, JSON, XML files or API endpoints), or
// a link to the national data portal (default data.gov.ir) that is not a
// mention in prose. A section of PDFs alone is not machine-readable: fail.
// A menu link to an open-data page the crawl did not reach: needs-review.
import { defineRule, result } from '../../src/engine/define-rule.ts';
import { rawText } from '../../crawlers/dom.ts';
import { cite, citeLink } from '../lib/cite.ts';
import { citePortalLink, scanOpenData } from '../lib/open-data.ts';

export default defineRule({
  id: 'open-data',
  pillar: 'integrated',
  title: { fa: 'داده‌های باز ماشین‌خوان منتشر شده است', en: 'Machine-readable open data is published' },
  messages: {
    downloads: { fa: '{count} مجموعه داده ماشین‌خوان در بخش داده‌های باز', en: '{count} machine-readable datasets in an open-data section' },
    'data-portal': { fa: 'پیوند به درگاه ملی داده‌های باز ({href})', en: 'A link to the national open-data portal ({href})' },
    'link-unverified': { fa: 'پیوند داده‌های باز به صفحه‌ای بیرون از محدوده خزش؛ نیاز به بررسی', en: 'An open-data link leads outside the crawl; needs review' },
    'pdf-only': { fa: 'بخش داده‌های باز تنها فایل PDF دارد که ماشین‌خوان نیست', en: 'The open-data section offers only PDFs, which are not machine-readable' },
    'no-downloads': { fa: 'بخش داده‌های باز فایل یا API ماشین‌خوان ندارد', en: 'The open-data section has no machine-readable file or API' },
    'not-found': { fa: 'بخش داده‌های باز یا پیوند به درگاه ملی داده یافت نشد', en: 'No open-data section or link to the national data portal was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    const scan = scanOpenData(site, ctx);
    if (scan.datasets.length) {
      const d = scan.datasets[0];
      const formats = [...new Set(scan.datasets.flatMap((x) => x.formats))];
      return result.pass([d.citation], 'downloads', { count: scan.datasets.length, formats, url: d.page.finalUrl });
    }
    if (scan.portalLinks.length) {
      const p = scan.portalLinks[0];
      return result.pass([citePortalLink(p)], 'data-portal', { href: p.link.href });
    }
    if (scan.uncrawled.length) {
      const u = scan.uncrawled[0];
      return result.needsReview([citeLink(u.page, u.link)], 'link-unverified', { href: u.link.href });
    }
    if (scan.pdf) return result.fail('pdf-only', {}, [scan.pdf]);
    if (scan.sections.length) {
      const s = scan.sections[0];
      return result.fail('no-downloads', { url: s.page.finalUrl }, [cite(s.page, s.anchor, rawText(s.anchor))]);
    }
    return result.fail('not-found');
  },
});
