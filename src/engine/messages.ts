// Messages for findings the engine writes itself (not a rule's own), keyed
// like a rule's messages so a report or the review UI can show them in fa/en.
import type { Localized } from './define-rule.ts';

export const ENGINE_MESSAGES: Record<string, Localized> = {
  'service-share': { fa: '{passed} از {sampled} خدمت نمونه موفق؛ امتیاز میانگین نمونه است', en: '{passed} of {sampled} sampled services pass; the score is the mean over the sample' },
  'no-services': { fa: 'هیچ صفحهٔ خدمتی برای نمونه‌گیری یافت نشد؛ نیاز به بررسی', en: 'No service page was found to sample; needs review' },
  'services-not-assessed': { fa: 'هیچ‌یک از {sampled} خدمت نمونه قابل ارزیابی نبود', en: 'None of the {sampled} sampled services could be assessed' },
  'missing-artifact': { fa: 'داده‌های لازم برای این شاخص گردآوری نشد ({detail})', en: 'The artifacts this indicator needs were not gathered ({detail})' },
  'invalid-result': { fa: 'قاعده نتیجهٔ نامعتبر داد: {detail}', en: 'The rule returned an invalid result: {detail}' },
  'rule-threw': { fa: 'قاعده با خطا متوقف شد: {detail}', en: 'The rule failed: {detail}' },
  'invalid-rule': { fa: 'تعریف قاعده نادرست است: {detail}', en: 'The rule is defined wrongly: {detail}' },
  'portal-unreachable': { fa: 'درگاه ارزیابی نشد: {detail}', en: 'The portal could not be audited: {detail}' },
  'portal-blocked': { fa: 'درگاه به ربات ارزیابی پاسخ نداد و ارزیابی نشد (مسدود): {detail}', en: 'Not assessed: the portal blocked the audit bot ({detail})' },
};
