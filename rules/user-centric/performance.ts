// Performance: Lighthouse's performance score on the home page.
import { defineRule } from '../../src/engine/define-rule.ts';
import { judgeCategory, LIGHTHOUSE_MESSAGES } from '../lib/lighthouse.ts';

export default defineRule({
  id: 'performance',
  pillar: 'user-centric',
  title: { fa: 'صفحهٔ اصلی سریع بارگذاری می‌شود', en: 'The home page loads fast' },
  messages: {
    ...LIGHTHOUSE_MESSAGES,
    scored: { fa: 'امتیاز کارایی Lighthouse: {score} از ۱۰۰', en: 'Lighthouse performance score: {score}/100' },
  },
  needs: ['home', 'lighthouse'],
  evaluate(site) {
    return judgeCategory(site, 'performance', 'home');
  },
});
