// The service card (شناسنامه خدمت): at least four of its six fields shown as
// labels with content — required documents, fee, duration, legal basis,
// audience, delivery channel. Labels may be headings, dt/dd, table rows or
// columns, bold labels, «برچسب: مقدار» lines or tabs; a field word inside a
// sentence is not a label.
//
// Scoring (INDICATORS.md names only the pass threshold): 4–6 fields pass;
// 2–3 fields are a partial card scored fields/4 (0.5, 0.75), so the score
// rises toward the threshold; 0–1 fields fail, since one label on a page is
// not a card. A label with an empty value («-», «نامشخص») does not count.
import type { Element } from '../../crawlers/dom.ts';
import { defineRule, result, type Citation } from '../../src/engine/define-rule.ts';
import { cardFields, pageFields } from '../lib/service-page.ts';
import { cite } from '../lib/cite.ts';
import { commonAncestor } from '../lib/sections.ts';

const PASS_FIELDS = 4;
const MIN_PARTIAL_FIELDS = 2;

export default defineRule({
  id: 'service-card',
  pillar: 'user-centric',
  title: { fa: 'شناسنامه خدمت کامل است', en: 'The service card is complete' },
  messages: {
    complete: { fa: '{count} مورد از ۶ بخش شناسنامه خدمت: {fields}', en: '{count} of the 6 service-card fields: {fields}' },
    incomplete: { fa: 'تنها {count} مورد از ۶ بخش شناسنامه خدمت: {fields}', en: 'Only {count} of the 6 service-card fields: {fields}' },
    'not-found': { fa: 'بخش‌های شناسنامه خدمت (مدارک، هزینه، زمان، قوانین، مخاطبان، نحوه دریافت) یافت نشد', en: 'No service-card fields (documents, fee, duration, legal basis, audience, channel) were found' },
  },
  needs: ['pages'],
  evaluateService(service, _site, ctx) {
    const found = cardFields(pageFields(service, ctx));
    const fields = found.map((f) => f.id);
    const labels = Object.fromEntries(found.map((f) => [f.id, f.field.name]));
    const data = { count: found.length, fields: fields.join(', '), found: fields, labels };
    if (found.length < MIN_PARTIAL_FIELDS) {
      return result.fail('not-found', data, found.map((f) => cite(service, f.field.box, `${f.field.name}: ${f.field.value}`)));
    }
    const boxes: Element[] = found.map((f) => f.field.box);
    const evidence: Citation[] = [
      cite(service, commonAncestor(boxes), found.map((f) => f.field.name).join(' · ')),
      ...found.map((f) => cite(service, f.field.box, `${f.field.name}: ${f.field.value}`)),
    ];
    if (found.length >= PASS_FIELDS) return result.pass(evidence, 'complete', data);
    return result.partial(found.length / PASS_FIELDS, evidence, 'incomplete', data);
  },
});
