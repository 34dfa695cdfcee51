// Open data as a citizen sees it: sections labelled «داده‌های باز» / "Open
// data" (a heading, the page's h1/title, or an /open-data page), the
// machine-readable links in them grouped into datasets, and links to the
// national data portal. Shared by open-data and open-data-freshness.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { ancestors, isElement, labelText, rawText } from '../../crawlers/dom.ts';
import type { LinkArtifact, PageArtifact, SiteArtifacts } from '../../crawlers/artifacts.ts';
import type { Citation, RuleContext } from '../../src/engine/define-rule.ts';
import { extractDates, labelledDates, type FoundDate } from '../../src/text/dates.ts';
import { normalize } from '../../src/text/persian.ts';
import { inRunningText } from './blocks.ts';
import { cite, citeLink } from './cite.ts';
import { matchesWhole, words } from './labels.ts';
import { labelLinks, linkElement, MAX_NAV_LINK_WORDS, onHosts, probedDead, wasCrawled } from './links.ts';
import { isDeadLink } from './targets.ts';
import { labelledSections, mainContent, type LabelledSection } from './sections.ts';

/** Whole-word cues: «داده‌های باز» but not «داده‌های بازرگانی», «داده بازار». */
export const OPEN_DATA_CUES = [
  'داده باز', 'داده های باز', 'داده آزاد', 'داده های آزاد', 'مجموعه داده', 'مجموعه داده ها', 'مجموعه های داده', 'دیتاست',
  'دادگان', 'دادگان باز',
  'دیتاست ها', 'open data', 'open government data', 'dataset', 'datasets', 'data sets', 'data catalog', 'data catalogue',
  // A section that names its statistics as data («آمار و داده», «داده‌های آماری») publishes data files, not «آمار» alone.
  'آمار و داده', 'آمار و داده ها', 'داده و آمار', 'داده ها و آمار', 'داده های آماری',
  'data and statistics', 'statistics and data', 'statistical data',
];
/** Statistics and data sections («آمار مشترکین», «داده‌های منابع آب»): open data when they offer a data file. */
const STATISTICS_CUES = ['آمار', 'داده ها', 'statistics', 'data'];
/** A spreadsheet to fill in and hand back is a form, not data. */
const FORM_WORD = /(?<![\p{L}\p{N}])(فرم|فرمت خام|نمونه فرم|form|template)(?![\p{L}\p{N}])/u;
/** Pages whose address names open data: /open-data, /opendata/, /datasets. */
const OPEN_DATA_PATH = /(^|[/_-])(open-?data|datasets?)([/_.-]|$)/i;
/** Files a program can read without a person. A PDF is a document, not data. */
const DATA_FILE = /\.(csv|tsv|xlsx?|ods|json|geojson|jsonld|xml|rdf|ttl|parquet)$/i;
const FORMAT_PARAM = /[?&](format|type|ext|output)=(csv|tsv|xlsx?|ods|json|geojson|xml|rdf)(&|$)/i;
const PDF_FILE = /\.pdf$/i;
/** News feeds and sitemaps are XML too, but they are not datasets. */
const FEED = /(rss|atom|feed|sitemap)/i;
/** A download link named by its format («دریافت CSV», "Excel") leading to a script such as /download?id=7. */
const FORMAT_WORD = /(?<![\p{L}\p{N}])(csv|tsv|xlsx?|ods|json|geojson|xml|excel|اکسل)(?![\p{L}\p{N}])/u;
const API_WORD = /(?<![\p{L}\p{N}])(api|وب ?سرویس|web ?service|واسط برنامه نویسی)(?![\p{L}\p{N}])/u;
const API_SEGMENT = /^(api|apis|swagger|openapi|graphql)$/i;
/** Words of a link that say nothing about which dataset it is: formats, "download", sizes. */
const NON_DESCRIPTIVE = /(?<![\p{L}\p{N}])(csv|tsv|xlsx?|ods|json|geojson|xml|rdf|excel|اکسل|api|pdf|دانلود|دریافت|فایل|نسخه|قالب|فرمت|download|file|format|kb|mb|gb|کیلوبایت|مگابایت|\d+(\.\d+)?)(?![\p{L}\p{N}])/gu;

export type DataKind = 'file' | 'api' | 'pdf';

/** What a link offers: a machine-readable file, an API, a PDF, or nothing of the kind (null). */
function decodedPath(u: URL): string {
  try {
    return decodeURIComponent(u.pathname).toLowerCase();
  } catch {
    return u.pathname.toLowerCase();
  }
}

export function dataKind(href: string, text: string): DataKind | null {
  let u: URL;
  try {
    u = new URL(href);
  } catch {
    return null;
  }
  const path = decodedPath(u);
  if (FEED.test(path) || FEED.test(text)) return null;
  if (DATA_FILE.test(path) || FORMAT_PARAM.test(u.search)) return 'file';
  if (PDF_FILE.test(path)) return 'pdf';
  if (u.hostname.startsWith('api.') || path.split('/').some((s) => API_SEGMENT.test(s))) return 'api';
  if (words(text) > MAX_NAV_LINK_WORDS) return null;
  if (FORMAT_WORD.test(text)) return 'file';
  return API_WORD.test(text) ? 'api' : null;
}

/** An open-data section on a page: where its datasets are listed. */
export type OpenDataSection = LabelledSection;

/** Open-data sections: a whole-word cue in a heading or the page's h1/title, or an /open-data page. */
export function openDataSections($: CheerioAPI, page: PageArtifact): OpenDataSection[] {
  const labelled = labelledSections($, page, OPEN_DATA_CUES, { labelsOnly: true })
    .filter((s) => matchesWhole(labelText(s.anchor), OPEN_DATA_CUES));
  let path = '';
  try {
    path = new URL(page.finalUrl).pathname;
  } catch { /* an unparsable URL names nothing */ }
  if (labelled.length === 0 && OPEN_DATA_PATH.test(path)) {
    const anchor = $('h1')[0] ?? $('title')[0];
    if (anchor) labelled.push({ page, anchor, nodes: mainContent($) });
  }
  // A statistics or data section publishes open data when it offers a machine-readable file that is not a form to fill in.
  for (const section of labelledSections($, page, STATISTICS_CUES, { labelsOnly: true })) {
    if (labelled.some((s) => s.anchor === section.anchor)) continue;
    if (dataLinks($, section).some((l) => l.kind !== 'pdf' && !FORM_WORD.test(normalize(labelText(l.el))))) labelled.push(section);
  }
  // A menu item «داده‌های باز» whose submenu lists the files.
  for (const a of $('li > a').toArray()) {
    const sub = $(a).parent().children('ul,ol').toArray();
    if (sub.length && matchesWhole(labelText(a), OPEN_DATA_CUES) && words(labelText(a)) <= MAX_NAV_LINK_WORDS) labelled.push({ page, anchor: a, nodes: sub });
  }
  return labelled;
}

/** Links of a section, absolute, with their kind; hrefs are resolved against the page. */
interface DataLink { el: Element; href: string; kind: DataKind }

function dataLinks($: CheerioAPI, section: OpenDataSection): DataLink[] {
  const out: DataLink[] = [];
  const seen = new Set<Element>();
  for (const node of section.nodes) {
    for (const a of [node, ...$(node).find('a[href]').toArray()]) {
      // No prose test here: the section is already labelled open data, and a
      // dataset's description often runs to a sentence beside its link.
      if (a.name !== 'a' || !a.attribs.href || seen.has(a)) continue;
      seen.add(a);
      let href: string;
      try {
        href = new URL(a.attribs.href, section.page.finalUrl).href;
      } catch {
        continue;
      }
      const kind = dataKind(href, labelText(a));
      if (kind) out.push({ el: a, href, kind });
    }
  }
  return out;
}

/** A dataset link's format: its file extension or format parameter, the format its text names, else "api"/"file". */
export function formatOf(href: string, text: string, kind: DataKind): string {
  try {
    const u = new URL(href);
    const ext = DATA_FILE.exec(decodedPath(u))?.[1] ?? FORMAT_PARAM.exec(u.search)?.[2];
    if (ext) return ext.toLowerCase();
  } catch { /* fall back to the text */ }
  const named = FORMAT_WORD.exec(text)?.[1];
  return named === 'اکسل' || named === 'excel' ? 'xlsx' : named ?? kind;
}

/** True when the link's text names which dataset it is, not just its format («CSV», «دانلود»). */
function descriptive(a: Element): boolean {
  return words(labelText(a).replace(NON_DESCRIPTIVE, ' ').replace(/[()[\]|,.:;-]/g, ' ')) > 0;
}

/**
 * A child that holds a dataset of its own: it has a machine-readable link and
 * says which dataset (its own text, or a descriptive link). Format buttons
 * («CSV», «JSON») of one dataset are not separate datasets.
 */
function holdsDataset($: CheerioAPI, child: Element, dataEls: ReadonlySet<Element>): boolean {
  const links = [child, ...$(child).find('a[href]').toArray()].filter((a) => dataEls.has(a));
  if (links.length === 0) return false;
  if (links.some(descriptive)) return true;
  const linkWords = links.reduce((n, a) => n + words(normalize(rawText(a))), 0);
  return words(normalize(rawText(child))) > linkWords;
}

/**
 * The dataset item a link belongs to: the largest ancestor (within the
 * section) that does not hold two datasets. A table row, a list item or a
 * card, with its title, formats and date.
 */
function itemOf($: CheerioAPI, link: Element, roots: ReadonlySet<Element>, dataEls: ReadonlySet<Element>): Element {
  let item = link;
  for (const a of ancestors(link)) {
    const holders = a.children.filter(isElement).filter((c) => holdsDataset($, c, dataEls));
    if (holders.length > 1) break;
    item = a;
    if (roots.has(a)) break;
  }
  return item;
}

export interface Dataset {
  page: PageArtifact;
  /** The row, list item or card of the dataset (null for a bare menu link not found again). */
  item: Element | null;
  /** Machine-readable links of the dataset (files first, then APIs). */
  hrefs: string[];
  /** Formats offered (csv, xlsx, json, api…). */
  formats: string[];
  /** 'api' when the dataset is offered only as an API. */
  kind: 'file' | 'api';
  /** Dates written in the item, or else labelled dates the section gives for all its datasets. */
  dates: FoundDate[];
  citation: Citation;
}

/** Dates in an element's text and in its <time datetime> attributes. */
function datesIn($: CheerioAPI, el: Element): FoundDate[] {
  const stamps = $(el).find('time[datetime]').addBack('time[datetime]').toArray().filter(isElement).map((t) => t.attribs.datetime).join(' ');
  return extractDates(normalize(`${rawText(el)} ${stamps}`));
}

/** Text of the section outside its dataset items: where «آخرین به‌روزرسانی: …» for the whole list stands. */
function sectionTextOutside(section: OpenDataSection, items: Set<Element>): string {
  const parts: string[] = [rawText(section.anchor)];
  const walk = (el: Element): void => {
    if (items.has(el)) return;
    for (const c of el.children) {
      if (c.type === 'text') parts.push((c as unknown as { data: string }).data);
      else if (isElement(c) && !['script', 'style'].includes(c.name)) walk(c);
    }
  };
  section.nodes.forEach(walk);
  return normalize(parts.join(' '));
}

/** The section's datasets: its machine-readable links grouped into items, each with its dates. */
export function sectionDatasets($: CheerioAPI, section: OpenDataSection): Dataset[] {
  const links = dataLinks($, section).filter((l) => l.kind !== 'pdf');
  const roots = new Set(section.nodes);
  const dataEls = new Set(links.map((l) => l.el));
  const groups = new Map<Element, DataLink[]>();
  for (const l of links) {
    const item = itemOf($, l.el, roots, dataEls);
    groups.set(item, [...(groups.get(item) ?? []), l]);
  }
  const shared = labelledDates(sectionTextOutside(section, new Set(groups.keys())));
  return [...groups].map(([item, ls]) => {
    const own = datesIn($, item);
    const files = ls.filter((l) => l.kind === 'file');
    return {
      page: section.page,
      item,
      hrefs: [...files, ...ls.filter((l) => l.kind === 'api')].map((l) => l.href),
      formats: [...new Set(ls.map((l) => formatOf(l.href, labelText(l.el), l.kind)))],
      kind: files.length ? 'file' : 'api',
      dates: own.length ? own : shared,
      citation: cite(section.page, item, `${rawText(section.anchor)} · ${rawText(item)}`),
    };
  });
}

/** PDF links of a section: a document list that is not machine-readable. */
export function sectionPdfs($: CheerioAPI, section: OpenDataSection): Element[] {
  return dataLinks($, section).filter((l) => l.kind === 'pdf').map((l) => l.el);
}

export interface OpenDataScan {
  datasets: Dataset[];
  /** Sections found (with or without datasets), for failure evidence. */
  sections: OpenDataSection[];
  /** A PDF in an open-data section, when nothing machine-readable was found beside it. */
  pdf: Citation | null;
  /** Links to the national data portal that are not mentions in prose. */
  portalLinks: Array<{ page: PageArtifact; link: LinkArtifact }>;
  /** Menu links to an open-data page the crawl did not reach. */
  uncrawled: Array<{ page: PageArtifact; link: LinkArtifact }>;
}

function linkDataset(page: PageArtifact, $: CheerioAPI, link: LinkArtifact, kind: 'file' | 'api'): Dataset {
  const el = linkElement($, link);
  return { page, item: el, hrefs: [link.href], formats: [formatOf(link.href, link.text, kind)], kind, dates: extractDates(link.text), citation: citeLink(page, link) };
}

/** Everything open data on the crawled pages, datasets deduplicated by their first link. */
export function scanOpenData(site: SiteArtifacts, ctx: RuleContext): OpenDataScan {
  const scan: OpenDataScan = { datasets: [], sections: [], pdf: null, portalLinks: [], uncrawled: [] };
  const seen = new Set<string>();
  for (const page of site.pages) {
    const $ = ctx.dom(page);
    for (const section of openDataSections($, page)) {
      scan.sections.push(section);
      for (const d of sectionDatasets($, section)) {
        // A dataset whose every download answered >= 400 is not published.
        if (d.hrefs.some((h) => seen.has(h)) || d.hrefs.every((h) => isDeadLink(site, page, h))) continue;
        d.hrefs.forEach((h) => seen.add(h));
        scan.datasets.push(d);
      }
      const pdf = sectionPdfs($, section)[0];
      if (pdf && !scan.pdf) scan.pdf = cite(page, pdf, `${rawText(section.anchor)} · ${labelText(pdf)}`);
    }
    for (const link of page.links) {
      const el = linkElement($, link);
      if (onHosts(link.href, ctx.config.openDataHosts) && !(el && inRunningText(el)) && !probedDead(site, link.href)) scan.portalLinks.push({ page, link });
    }
    for (const link of labelLinks($, page, OPEN_DATA_CUES)) {
      if (!matchesWhole(link.text, OPEN_DATA_CUES) || onHosts(link.href, ctx.config.openDataHosts)) continue;
      const kind = dataKind(link.href, link.text);
      // A menu item straight to a file («داده‌های باز (CSV)») is a dataset of its own.
      if ((kind === 'file' || kind === 'api') && !seen.has(link.href) && !isDeadLink(site, page, link.href)) {
        seen.add(link.href);
        scan.datasets.push(linkDataset(page, $, link, kind));
      } else if (!kind && !wasCrawled(site, link.href)) scan.uncrawled.push({ page, link });
    }
  }
  return scan;
}

export function citePortalLink(found: { page: PageArtifact; link: LinkArtifact }): Citation {
  return citeLink(found.page, found.link);
}
