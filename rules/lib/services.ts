// Service discovery for the per-service indicators: the pages the catalog
// lists, the service URLs the agency declared, and pages shaped like a
// service card. The sample is deterministic: ordered by a hash of the URL,
// so it spreads over the catalog and is the same on every run.
import { createHash } from 'node:crypto';
import type { PageArtifact, SiteArtifacts } from '../../crawlers/artifacts.ts';
import { labelText } from '../../crawlers/dom.ts';
import type { RuleContext } from '../../src/engine/define-rule.ts';
import { findPattern } from '../../src/text/match.ts';
import { isPlaceholderPage } from './decoy.ts';
import { findServiceCatalog } from './service-catalog.ts';

/**
 * The six fields of a service card (شناسنامه خدمت) that the service-card
 * indicator counts (INDICATORS.md), each a group of label cues. A label opens
 * with its cue («هزینه ارائه خدمت», «نوع مخاطبین» after an opener word).
 */
export const SERVICE_CARD_FIELDS = {
  documents: [
    'مدارک لازم', 'مدارک مورد نیاز', 'مدارک مورد لزوم', 'مدارک و مستندات', 'مدارک', 'مستندات لازم', 'مستندات مورد نیاز',
    'required documents', 'documents required', 'documents needed', 'supporting documents', 'what you need', 'documents',
  ],
  fee: ['هزینه', 'تعرفه', 'مبلغ', 'کارمزد', 'fee', 'fees', 'cost', 'costs', 'charges', 'price'],
  duration: [
    'مدت زمان', 'زمان انجام', 'زمان ارائه', 'زمان تقریبی', 'زمان پاسخگویی', 'زمان مورد نیاز', 'زمان لازم', 'مدت انجام', 'مدت ارائه', 'مدت پاسخگویی',
    // Time to handle a request or case: «زمان/مدت رسیدگی».
    'زمان رسیدگی', 'مدت رسیدگی',
    'duration', 'processing time', 'time to complete', 'how long', 'turnaround time', 'timeframe', 'time frame',
  ],
  legal: [
    'قوانین و مقررات', 'قوانین', 'مبنای قانونی', 'مبانی قانونی', 'مستندات قانونی', 'مستند قانونی', 'مرجع قانونی', 'مصوبات',
    'legal basis', 'legislation', 'laws and regulations', 'regulations', 'legal reference',
  ],
  audience: [
    'مخاطبان', 'مخاطبین', 'مخاطب خدمت', 'گیرندگان خدمت', 'گیرنده خدمت', 'خدمت گیرندگان', 'متقاضیان', 'جامعه هدف',
    'who can apply', 'audience', 'eligibility', 'who is eligible', 'target group', 'applicants',
  ],
  channel: [
    'نحوه دریافت', 'نحوه ارائه', 'شیوه ارائه', 'شیوه دریافت', 'نحوه دسترسی', 'کانال ارائه', 'محل ارائه', 'روش ارائه', 'روش دریافت',
    'how to apply', 'delivery channel', 'how to get', 'where to apply', 'service channel', 'how to access', 'delivery method',
  ],
} as const;
export type CardField = keyof typeof SERVICE_CARD_FIELDS;

/** Labels that head a service's steps (service-process); also a card label for discovery. */
export const SERVICE_PROCESS_LABELS = [
  'مراحل انجام', 'مراحل', 'فرآیند', 'فرایند', 'گردش کار', 'روند انجام', 'روند', 'روال انجام', 'روال', 'فلوچارت', 'فلو چارت',
  'steps', 'process', 'procedure', 'how it works', 'workflow',
];

/**
 * Bare words that name a card field under a card's structure but also head
 * other pages («قوانین» on a laws page, «مبلغ» in a tender): discovery, which
 * counts labels anywhere on any page, leaves them out.
 */
const LOOSE_CUES = new Set<string>(['مدارک', 'قوانین', 'مبلغ', 'مصوبات', 'مراحل', 'روند', 'روال', 'documents', 'regulations', 'price', 'costs', 'charges', 'applicants']);

/** Labels a service card (شناسنامه خدمت) is made of; each counts once. */
export const SERVICE_CARD_LABELS = [
  SERVICE_CARD_FIELDS.documents,
  SERVICE_CARD_FIELDS.fee,
  SERVICE_CARD_FIELDS.duration,
  SERVICE_PROCESS_LABELS,
  SERVICE_CARD_FIELDS.legal,
  SERVICE_CARD_FIELDS.audience,
  SERVICE_CARD_FIELDS.channel,
].map((group) => group.filter((p) => !LOOSE_CUES.has(p)));
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

/** A page that links to at least this many of the catalog's services lists them: another listing, not a service. */
const LISTING_LINKS = 5;

function listsCatalog(page: PageArtifact, catalogLinks: ReadonlySet<string>): boolean {
  return new Set(page.links.map((l) => l.href).filter((h) => catalogLinks.has(h))).size >= LISTING_LINKS;
}

/**
 * The sampled service pages: crawled, usable, neither the home page nor the
 * catalog itself (nor its further pages). A page taken for its card-like
 * labels alone is no service when it lists the catalog's services (a table of
 * them with «مدت زمان» heads). A listed service whose page only says «در حال
 * به‌روزرسانی» is a service without a card on a half-built site, and is
 * judged; when every one is such a page, nothing is built yet to judge.
 */
export function discoverServices(site: SiteArtifacts, ctx: RuleContext): PageArtifact[] {
  const catalog = findServiceCatalog(site, ctx);
  const listed = new Set(catalog?.links ?? []);
  const wanted = new Set([...listed, ...(site.declaredServices ?? [])]);
  const skip = new Set([site.home?.finalUrl, catalog?.page.finalUrl, ...(catalog?.morePages ?? []).map((p) => p.finalUrl)]);
  const isWanted = (p: PageArtifact) => wanted.has(p.url) || wanted.has(p.finalUrl);
  const candidates = site.pages.filter((p) => !skip.has(p.finalUrl) && (isWanted(p) || (cardLabelCount(p, ctx) >= MIN_CARD_LABELS && !listsCatalog(p, listed))));
  const built = candidates.filter((p) => !isPlaceholderPage(ctx.dom(p), p));
  const picked = built.length ? candidates.filter((p) => built.includes(p) || isWanted(p)) : [];
  // One page reached by two addresses (a query that changes nothing) is one service.
  const unique = [...new Map(picked.map((p) => [urlHash(p.text), p])).values()];
  return unique.sort((a, b) => urlHash(a.finalUrl).localeCompare(urlHash(b.finalUrl))).slice(0, ctx.config.maxServicesPerAgency);
}
