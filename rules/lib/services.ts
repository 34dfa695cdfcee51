// Service discovery for the per-service indicators: the pages the catalog
// lists, the service URLs the agency declared, and pages shaped like a
// service card. The sample is deterministic: ordered by a hash of the URL,
// so it spreads over the catalog and is the same on every run.
import { createHash } from 'node:crypto';
import type { PageArtifact, SiteArtifacts } from '../../crawlers/artifacts.ts';
import { labelText } from '../../crawlers/dom.ts';
import type { RuleContext } from '../../src/engine/define-rule.ts';
import { findPattern } from '../../src/text/match.ts';
import { findServiceCatalog } from './service-catalog.ts';

/** Labels a service card (شناسنامه خدمت) is made of; each counts once. */
export const SERVICE_CARD_LABELS = [
  ['مدارک لازم', 'مدارک مورد نیاز', 'مستندات لازم', 'required documents', 'documents required'],
  ['هزینه', 'تعرفه', 'fee', 'fees', 'cost'],
  ['مدت زمان', 'زمان انجام', 'زمان ارائه', 'duration', 'processing time'],
  ['مراحل انجام', 'فرآیند', 'فرایند', 'گردش کار', 'روند انجام', 'steps', 'process'],
  ['قوانین و مقررات', 'مبنای قانونی', 'مستندات قانونی', 'legal basis'],
  ['مخاطبان', 'گیرندگان خدمت', 'متقاضیان', 'who can apply', 'audience', 'eligibility'],
  ['نحوه دریافت', 'نحوه ارائه', 'شیوه ارائه', 'how to apply', 'delivery channel'],
];
const MIN_CARD_LABELS = 2;
const LABEL_SELECTOR = 'h2,h3,h4,h5,h6,dt,th,strong,b,label,summary,legend';

/** How many distinct service-card labels a page shows as labels (headings, terms, table headers). */
export function cardLabelCount(page: PageArtifact, ctx: RuleContext): number {
  const $ = ctx.dom(page);
  const labels = $(LABEL_SELECTOR).toArray().map(labelText).filter((t) => t.split(' ').length <= 6);
  return SERVICE_CARD_LABELS.filter((group) => labels.some((l) => findPattern(l, group))).length;
}

function urlHash(url: string): string {
  return createHash('sha256').update(url).digest('hex');
}

/** The sampled service pages: crawled, usable, neither the home page nor the catalog itself. */
export function discoverServices(site: SiteArtifacts, ctx: RuleContext): PageArtifact[] {
  const catalog = findServiceCatalog(site, ctx);
  const wanted = new Set([...(catalog?.links ?? []), ...(site.declaredServices ?? [])]);
  const skip = new Set([site.home?.finalUrl, catalog?.page.finalUrl]);
  const picked = site.pages.filter((p) => !skip.has(p.finalUrl)
    && (wanted.has(p.url) || wanted.has(p.finalUrl) || cardLabelCount(p, ctx) >= MIN_CARD_LABELS));
  const unique = [...new Map(picked.map((p) => [p.finalUrl, p])).values()];
  return unique.sort((a, b) => urlHash(a.finalUrl).localeCompare(urlHash(b.finalUrl))).slice(0, ctx.config.maxServicesPerAgency);
}
