// Shared judgement for the Lighthouse-backed indicators: the mean category
// score over the sampled pages, banded as Lighthouse bands it.
import type { SiteArtifacts } from '../../crawlers/artifacts.ts';
import { result, type Citation, type RuleResult } from '../../src/engine/define-rule.ts';

export const GOOD = 0.9;
export const POOR = 0.5;

export type Category = 'accessibility' | 'performance';

export function lighthouseCitations(site: SiteArtifacts, category: Category): Citation[] {
  return (site.lighthouse ?? []).filter((r) => r[category] !== null)
    .map((r) => ({ pageUrl: r.url, selector: null, snippet: `Lighthouse ${category}: ${Math.round(r[category]! * 100)}`, attachment: category === 'performance' ? 'lighthouse-performance' as const : 'lighthouse' as const }));
}

/** Mean score over the pages Lighthouse scored; needs-review when it was off or scored nothing. */
export function judgeCategory(site: SiteArtifacts, category: Category, pages: 'all' | 'home'): RuleResult {
  if (!site.lighthouse) return result.needsReview([], 'lighthouse-off');
  const runs = pages === 'home' ? site.lighthouse.slice(0, 1) : site.lighthouse;
  const scored = runs.filter((r) => r[category] !== null);
  const errors = runs.filter((r) => r[category] === null).map((r) => `${r.url}: ${r.error ?? 'no score'}`);
  if (scored.length === 0) return result.needsReview([], 'lighthouse-failed', { errors: errors.join('; ') });
  const score = Math.round((scored.reduce((a, r) => a + r[category]!, 0) / scored.length) * 100) / 100;
  const evidence = lighthouseCitations({ ...site, lighthouse: scored }, category);
  const data = { score: Math.round(score * 100), pages: scored.map((r) => ({ url: r.url, score: r[category] })), errors };
  if (score >= GOOD) return { outcome: 'pass', score, evidence, messageKey: 'scored', data };
  return { outcome: score >= POOR ? 'partial' : 'fail', score, evidence, messageKey: 'scored', data };
}

export const LIGHTHOUSE_MESSAGES = {
  'lighthouse-off': { fa: 'Lighthouse خاموش بود؛ ارزیابی نشد', en: 'Lighthouse was switched off; not assessed' },
  'lighthouse-failed': { fa: 'Lighthouse نتوانست امتیاز دهد: {errors}', en: 'Lighthouse could not score the pages: {errors}' },
};
