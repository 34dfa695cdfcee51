// The service page asks for no in-person visit, originals or paper copies
// (مراجعه حضوری، اصل مدارک، کپی/تصویر برابر اصل، ارائه فیزیکی، نسخه کاغذی،
// قطعه عکس). Any such request in the page's content fails, cited; a denial
// («نیازی به مراجعه حضوری نیست», «غیرحضوری», "no need to visit") or an
// in-person way offered beside an online one («حضوری و غیرحضوری») is not a
// request. A field labelled with the requirement is judged by its value
// («تعداد مراجعه حضوری | ۰» passes, «| ۱» fails).
//
// Silence proves nothing unless the page describes the procedure: a page
// with no documents, steps, delivery or conditions section and no statement
// either way is needs-review («cannot tell»). An explicit denial passes on
// its own. The site's frame, sidebars, forms and dated news teasers are not
// the page's procedure.
import { defineRule, result } from '../../src/engine/define-rule.ts';
import { pageFields, paperFindings, procedureField } from '../lib/service-page.ts';
import { cite } from '../lib/cite.ts';

export default defineRule({
  id: 'paperless-service',
  pillar: 'integrated',
  title: { fa: 'خدمت بدون مراجعه حضوری و کاغذ ارائه می‌شود', en: 'The service needs no visit or paper' },
  messages: {
    denied: { fa: 'صفحه خدمت مراجعه حضوری و مدارک کاغذی را لازم نمی‌داند', en: 'The service page states no visit or paper is needed' },
    'none-asked': { fa: 'در شرح خدمت مراجعه حضوری، اصل مدارک یا کپی خواسته نشده است', en: 'The procedure asks for no visit, originals or copies' },
    required: { fa: 'صفحه خدمت {kinds} می‌خواهد', en: 'The service page asks for: {kinds}' },
    'no-procedure': { fa: 'صفحه شرح مراحل یا مدارک خدمت را ندارد؛ قابل داوری نیست', en: 'The page does not describe the procedure; cannot tell' },
  },
  needs: ['pages'],
  evaluateService(service, _site, ctx) {
    const fields = pageFields(service, ctx);
    const findings = paperFindings(ctx.dom(service), fields);
    // «کپی برابر اصل» is both a copy and an original: one citation per clause.
    const asked = [...new Map(findings.filter((f) => !f.negated).map((f) => [f.text, f])).values()];
    if (asked.length) {
      const kinds = [...new Set(findings.filter((f) => !f.negated).map((f) => f.kind))];
      return result.fail('required', { kinds: kinds.join(', '), found: asked.map((f) => f.text).slice(0, 5) }, asked.slice(0, 3).map((f) => cite(service, f.el, f.text)));
    }
    const denial = findings.find((f) => f.negated);
    if (denial) return result.pass([cite(service, denial.el, denial.text)], 'denied', { statement: denial.text });
    const procedure = procedureField(fields);
    if (procedure) return result.pass([cite(service, procedure.box, `${procedure.name}: ${procedure.value}`)], 'none-asked', { section: procedure.name });
    return result.needsReview([], 'no-procedure');
  },
});
