// Accessibility: Lighthouse's accessibility score, the mean over the home
// page and the sampled service pages; the page's language must be declared.
import { defineRule, type RuleResult } from '../../src/engine/define-rule.ts';
import { judgeCategory, LIGHTHOUSE_MESSAGES } from '../lib/lighthouse.ts';

export default defineRule({
  id: 'accessibility',
  pillar: 'user-centric',
  title: { fa: 'درگاه دسترس‌پذیر است', en: 'The portal is accessible' },
  messages: {
    ...LIGHTHOUSE_MESSAGES,
    scored: { fa: 'امتیاز دسترس‌پذیری Lighthouse: {score} از ۱۰۰', en: 'Lighthouse accessibility score: {score}/100' },
    'no-lang': { fa: 'امتیاز {score} از ۱۰۰، اما زبان صفحه (lang) اعلام نشده است', en: 'Score {score}/100, but the page declares no language (lang)' },
  },
  needs: ['home', 'lighthouse'],
  evaluate(site, ctx): RuleResult {
    const judged = judgeCategory(site, 'accessibility', 'all');
    const $ = ctx.dom(site.home!);
    const lang = $('html').attr('lang')?.trim() ?? '';
    const dir = $('html').attr('dir')?.trim() ?? '';
    const data = { ...judged.data, lang, dir };
    // Screen readers read Persian wrongly without lang; a missing one keeps the page from passing.
    if (judged.outcome === 'pass' && !lang) return { ...judged, outcome: 'partial', messageKey: 'no-lang', data };
    return { ...judged, data };
  },
});
