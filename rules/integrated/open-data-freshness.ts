// Open-data freshness: the share of the datasets found (machine-readable
// files in open-data sections, grouped by row, list item or card) whose own
// date — written in the item, or a labelled date the section gives for all of
// them — is within {maxAgeDays} days of the audit. Undated datasets count as not fresh:
// nothing shows they were updated. Last-Modified headers are not read, since
// file links are not fetched. An API is live and carries no date, so API-only
// datasets are left out. With no datasets there is nothing to judge:
// not-applicable, or needs-review when the data sits on the national portal.
import { defineRule, result } from '../../src/engine/define-rule.ts';
import { freshness } from '../lib/sections.ts';
import { citePortalLink, scanOpenData, type Dataset } from '../lib/open-data.ts';
import { maxAgeDays } from '../catalog.ts';

const MAX_AGE_DAYS = maxAgeDays('open-data-freshness');
const MAX_LISTED = 30;

interface Judged { dataset: Dataset; state: 'fresh' | 'stale' | 'undated'; newest: string | null }

export default defineRule({
  id: 'open-data-freshness',
  pillar: 'integrated',
  title: { fa: 'داده‌های باز به‌روز است', en: 'Open data is up to date' },
  messages: {
    fresh: { fa: 'همه {total} مجموعه داده در {maxAgeDays} روز گذشته به‌روز شده است', en: 'All {total} datasets were updated within {maxAgeDays} days' },
    share: { fa: '{fresh} از {total} مجموعه داده در {maxAgeDays} روز گذشته به‌روز شده است', en: '{fresh} of {total} datasets were updated within {maxAgeDays} days' },
    'none-fresh': { fa: 'هیچ‌یک از {total} مجموعه داده در {maxAgeDays} روز گذشته به‌روز نشده است ({stale} قدیمی، {undated} بی‌تاریخ)', en: 'None of {total} datasets was updated within {maxAgeDays} days ({stale} old, {undated} undated)' },
    'on-data-portal': { fa: 'داده‌ها در درگاه ملی داده است که خزش نمی‌شود؛ نیاز به بررسی', en: 'The data is on the national data portal, outside the crawl; needs review' },
    'api-only': { fa: 'داده‌ها تنها از راه API ارائه می‌شود که تاریخ ندارد', en: 'Data is offered only through APIs, which carry no date' },
    'no-datasets': { fa: 'مجموعه داده‌ای برای سنجش تازگی یافت نشد', en: 'No datasets were found to judge' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    const scan = scanOpenData(site, ctx);
    const files = scan.datasets.filter((d) => d.kind === 'file');
    if (files.length === 0) {
      if (scan.portalLinks.length) return result.needsReview([citePortalLink(scan.portalLinks[0])], 'on-data-portal', { href: scan.portalLinks[0].link.href });
      const key = scan.datasets.length ? 'api-only' : 'no-datasets';
      return { outcome: 'not-applicable', score: null, evidence: [], messageKey: key };
    }
    const judged: Judged[] = files.map((dataset) => {
      const { state, newest } = freshness(dataset.dates, ctx.asOf, MAX_AGE_DAYS);
      return { dataset, state, newest: newest?.iso ?? null };
    });
    const count = (s: Judged['state']) => judged.filter((j) => j.state === s).length;
    const fresh = count('fresh');
    const data = {
      maxAgeDays: MAX_AGE_DAYS, total: judged.length, fresh, stale: count('stale'), undated: count('undated'),
      datasets: judged.slice(0, MAX_LISTED).map((j) => ({ href: j.dataset.hrefs[0], state: j.state, newest: j.newest })),
    };
    // Cite a fresh dataset when there is one, else the first stale or undated one.
    const shown = judged.find((j) => j.state === 'fresh') ?? judged[0];
    const evidence = [shown.dataset.citation];
    if (fresh === judged.length) return result.pass(evidence, 'fresh', data);
    if (fresh > 0) return result.partial(fresh / judged.length, evidence, 'share', data);
    return result.fail('none-fresh', data, evidence);
  },
});
