// The expected time is stated: a number with a time unit («۱۵ روز کاری»,
// «یک هفته», «۴۸ ساعت», "3 working days"; Persian, Arabic-Indic or ASCII
// digits, number words 1–10 and a few larger ones, ranges «۳ تا ۵ روز») in
// the value of a duration label («مدت زمان انجام», «زمان ارائه خدمت»,
// "Processing time"), or a bare number whose label carries the unit
// («مدت زمان (روز کاری) | ۵»).
//
// Immediate delivery («فوری», «آنی», «بلافاصله», "instant", "same day") is a
// stated time of zero and passes. A duration label whose value states no
// time («بستگی به نوع درخواست دارد») fails, cited. Office hours («ساعت ۸ الی
// ۱۴») name a clock time, not a duration: the unit comes before the number.
import { defineRule, result } from '../../src/engine/define-rule.ts';
import { fieldsNamed, hasContent } from '../lib/fields.ts';
import { SERVICE_CARD_FIELDS } from '../lib/services.ts';
import { durationWithLabelUnit, findDuration, pageFields } from '../lib/service-page.ts';
import { cite } from '../lib/cite.ts';

export default defineRule({
  id: 'service-duration',
  pillar: 'transparent',
  title: { fa: 'مدت زمان انجام خدمت اعلام شده است', en: 'The expected time of the service is stated' },
  messages: {
    stated: { fa: 'مدت زمان انجام: {duration}', en: 'Expected time: {duration}' },
    vague: { fa: 'بخش مدت زمان هست اما زمانی اعلام نشده است', en: 'A duration field states no time' },
    'not-found': { fa: 'مدت زمان انجام خدمت یافت نشد', en: 'No expected time was found' },
  },
  needs: ['pages'],
  evaluateService(service, _site, ctx) {
    const fields = fieldsNamed(pageFields(service, ctx), SERVICE_CARD_FIELDS.duration);
    for (const f of fields) {
      const duration = findDuration(f.value) ?? durationWithLabelUnit(f);
      if (duration) {
        return result.pass([cite(service, f.box, `${f.name}: ${f.value}`)], 'stated', { duration: duration.raw, amount: duration.amount, unit: duration.unit, label: f.name });
      }
    }
    const vague = fields.find((f) => hasContent(f.value));
    if (vague) return result.fail('vague', { label: vague.name, value: vague.value }, [cite(service, vague.box, `${vague.name}: ${vague.value}`)]);
    return result.fail('not-found');
  },
});
