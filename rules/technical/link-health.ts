// Link health: the share of crawled internal links that resolve (HTTP < 400).
// A "not found" page served with 200 (a soft 404) counts as broken too.
// Internal documents (PDFs and other files the crawl does not read as pages)
// count by what the probe step found when it asked them.
import type { PageArtifact, ProbeRecord, SiteArtifacts } from '../../crawlers/artifacts.ts';
import { LEFT_SCOPE } from '../../crawlers/scope.ts';
import { defineRule, result, type Citation } from '../../src/engine/define-rule.ts';
import { matchesAny } from '../../src/text/match.ts';
import { snippet } from '../../src/text/persian.ts';

const NOT_FOUND = ['صفحه یافت نشد', 'صفحه مورد نظر یافت نشد', 'صفحه مورد نظر وجود ندارد', 'خطای 404', '404 not found', 'page not found', 'not found'];

/** A page served as 200 whose title or first heading says it does not exist. */
function softNotFound(page: PageArtifact): boolean {
  return page.status !== null && page.status < 400 && (matchesAny(page.title, NOT_FOUND) || matchesAny(page.text.slice(0, 200), NOT_FOUND));
}

function broken(page: PageArtifact): boolean {
  return !!page.error || page.status === null || page.status >= 400 || softNotFound(page);
}

function why(page: PageArtifact): string {
  if (page.error) return page.error;
  return softNotFound(page) ? `HTTP ${page.status}, but the page says it was not found` : `HTTP ${page.status}`;
}

/** A probed document as a link the crawl tried: its status, and the first page that links it as referrer. */
function asLink(site: SiteArtifacts, probe: ProbeRecord): PageArtifact {
  const from = site.pages.find((p) => p.links.some((l) => l.href === probe.url));
  const base = site.home!;
  return { ...base, url: probe.url, finalUrl: probe.finalUrl ?? probe.url, status: probe.status, error: null, referrer: from?.finalUrl ?? null, title: '', text: '' };
}

export default defineRule({
  id: 'link-health',
  pillar: 'technical',
  title: { fa: 'پیوندهای داخلی سالم‌اند', en: 'Internal links resolve' },
  messages: {
    summary: { fa: '{ok} از {total} پیوند داخلی خزیده‌شده سالم است', en: '{ok} of {total} crawled internal links resolve' },
  },
  needs: ['home'],
  evaluate(site) {
    // The home page is the entry point, not a link; a failing home makes the whole audit an error.
    // A download is not a page, and a redirect out of the agency's sites was not followed: neither is known to be broken.
    const pages = site.attempts.filter((p) => p !== site.home && !/^not an HTML page/.test(p.error ?? '') && !LEFT_SCOPE.test(p.error ?? ''));
    const counted = new Set(pages.flatMap((p) => [p.url, p.finalUrl]));
    const documents = (site.probes ?? []).filter((d) => d.kind === 'document' && (d.state === 'ok' || d.state === 'dead') && !counted.has(d.url)).map((d) => asLink(site, d));
    const links = [...pages, ...documents];
    const bad = links.filter(broken);
    const ok = links.length - bad.length;
    const data = { ok, total: links.length, broken: bad.slice(0, 50).map((p) => ({ url: p.url, referrer: p.referrer, reason: why(p) })) };
    if (links.length === 0) return result.notApplicable('summary', data);
    const evidence: Citation[] = bad.slice(0, 3).map((p) => {
      const from = site.pages.find((q) => q.finalUrl === p.referrer);
      const link = from?.links.find((l) => l.href === p.url);
      return link && from
        ? { pageUrl: from.finalUrl, selector: link.selector, snippet: snippet(`${link.text} → ${p.url}: ${why(p)}`, 300) }
        : { pageUrl: p.url, selector: null, snippet: snippet(`${p.url}: ${why(p)}`, 300) };
    });
    if (bad.length === 0) return result.pass([{ pageUrl: site.home!.finalUrl, selector: null, snippet: `${ok}/${links.length} internal links resolve` }], 'summary', data);
    const share = ok / links.length;
    return share === 0 ? result.fail('summary', data, evidence) : result.partial(Math.round(share * 1000) / 1000, evidence, 'summary', data);
  },
});
