// Checks that a rule's evidence points at the element a fixture names (axe-core's
// fixture style). An HTML fixture names it in leading comment lines:
//   <!-- cite: SEL1 | SEL2 -->   one of these must be cited (each such line must be met)
//   <!-- not-cite: SEL -->       the rule must not cite this element (a decoy)
//   <!-- cite: none -->          nothing on the page can be cited (a check that could not run)
// A .site.json/.headers.json fixture has top-level "cite" / "not-cite" arrays of
// { page, selector } (selector null: a page-level fact such as a header; "cite": []: none).
//
// A citation matches an expected element when, in the page's DOM, the cited element
//  - is that element, or lies inside it; or
//  - contains it, is not the whole page (html, body, main, role=main, anything holding
//    main or every text of the page), and lies within the expected element's nearest
//    section (the element itself or its closest section, article, aside, nav, header,
//    footer, form, fieldset, table, figure, details or landmark role). With no such
//    section, any container that is not the whole page is accepted.
// A citation whose selector finds nothing matches nothing.
import type { AnyNode, Element } from 'domhandler';
import { isElement, loadDom, type CheerioAPI } from '../../crawlers/dom.ts';
import type { Citation } from '../../src/engine/define-rule.ts';

/** One expectation: a citation on `page` must match one of `anyOf` (null: a page-level citation). */
export interface CiteExpectation {
  /** Absolute URL of the page. */
  page: string;
  anyOf: Array<string | null>;
}

export interface Annotations {
  cite: CiteExpectation[];
  notCite: CiteExpectation[];
  /** The fixture says there is nothing to cite (`<!-- cite: none -->`, `"cite": []`): the rule must cite nothing. */
  none: boolean;
}

/** The evidence an evaluator sees: the capture step keeps a finding's first 3 citations (audit's maxCitationsPerFinding). */
const CAPTURED_CITATIONS = 3;

const ANNOTATION_LINE = /^\s*<!--\s*(cite|not-cite):\s*(.*?)\s*-->\s*$/;
const SECTION = 'section, article, aside, nav, header, footer, form, fieldset, table, figure, details, dialog, '
  + '[role=region], [role=navigation], [role=complementary], [role=search], [role=form], [role=banner], [role=contentinfo]';
const NON_TEXT = new Set(['script', 'style', 'noscript', 'template', 'head']);

function alternatives(spec: string | null): Array<string | null> {
  if (spec === null) return [null];
  return spec.split(/\s+\|\s+/).map((s) => s.trim()).filter(Boolean);
}

/** Splits an HTML fixture into its leading annotation lines and the page as the rule sees it. */
export function parseHtmlFixture(text: string, pageUrl: string): { html: string; annotations: Annotations } {
  const lines = text.split('\n');
  const annotations: Annotations = { cite: [], notCite: [], none: false };
  let i = 0;
  for (; i < lines.length; i++) {
    const m = ANNOTATION_LINE.exec(lines[i]);
    if (!m) break;
    if (m[1] === 'cite' && m[2] === 'none') annotations.none = true;
    else (m[1] === 'cite' ? annotations.cite : annotations.notCite).push({ page: pageUrl, anyOf: alternatives(m[2]) });
  }
  return { html: lines.slice(i).join('\n'), annotations };
}

export interface SpecCite {
  page?: string;
  selector: string | null;
}

/** The "cite" / "not-cite" arrays of a JSON fixture; pages are resolved against the fixture's URL. */
export function parseSpecAnnotations(spec: { url?: string; cite?: SpecCite[]; 'not-cite'?: SpecCite[] }, defaultUrl: string): Annotations {
  const base = spec.url ?? defaultUrl;
  const toExpectation = (c: SpecCite): CiteExpectation => ({ page: new URL(c.page ?? base, base).href, anyOf: alternatives(c.selector) });
  return { cite: (spec.cite ?? []).map(toExpectation), notCite: (spec['not-cite'] ?? []).map(toExpectation), none: spec.cite?.length === 0 };
}

function contains(outer: Element, inner: AnyNode): boolean {
  for (let n: AnyNode | null = inner; n; n = n.parent) if (n === outer) return true;
  return false;
}

function textNodes(node: AnyNode, out: AnyNode[] = []): AnyNode[] {
  if (node.type === 'text') {
    if ((node as unknown as { data: string }).data.trim()) out.push(node);
  } else if (isElement(node) && !NON_TEXT.has(node.name)) for (const c of node.children) textNodes(c, out);
  return out;
}

/** html, body, main, or an element that holds main. */
function isPageFrame($: CheerioAPI, el: Element): boolean {
  return ['html', 'body', 'main'].includes(el.name) || el.attribs.role === 'main' || $(el).find('main, [role=main]').length > 0;
}

/** The page frame, or an element that holds every text of the page: citing it proves nothing. */
export function isWholePage($: CheerioAPI, el: Element): boolean {
  if (isPageFrame($, el)) return true;
  const body = $('body').get(0);
  const texts = body ? textNodes(body) : [];
  return texts.length > 0 && texts.every((t) => contains(el, t));
}

function nearestSection($: CheerioAPI, el: Element): Element | null {
  return ($(el).closest(SECTION).get(0) as Element | undefined) ?? null;
}

/** Does the cited element stand for the expected one (see the header of this file)? */
export function citesElement($: CheerioAPI, cited: Element, expected: Element): boolean {
  if (contains(expected, cited)) return true;
  if (!contains(cited, expected) || isWholePage($, cited)) return false;
  const section = nearestSection($, expected);
  return section === null || contains(section, cited);
}

function first($: CheerioAPI, selector: string): Element | null {
  try {
    return ($(selector).get(0) as Element | undefined) ?? null;
  } catch {
    return null;
  }
}

/** The elements an annotation names; a selector that finds nothing or names the page frame is a broken annotation. */
function expectedElements($: CheerioAPI, selector: string): Element[] {
  let found: Element[];
  try {
    found = $(selector).toArray().filter(isElement);
  } catch (err) {
    throw new Error(`annotation selector "${selector}" is not valid CSS: ${(err as Error).message}`);
  }
  if (found.length === 0) throw new Error(`annotation selector "${selector}" finds nothing in the fixture`);
  if (found.some((el) => isPageFrame($, el))) throw new Error(`annotation selector "${selector}" names the whole page; name the block that proves the feature`);
  return found;
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}

/** Does any of the citations satisfy one alternative of the expectation? */
function meets(expectation: CiteExpectation, citations: readonly Citation[], domOf: (url: string) => CheerioAPI | null): boolean {
  const onPage = citations.filter((c) => sameUrl(c.pageUrl, expectation.page));
  return expectation.anyOf.some((selector) => {
    if (selector === null) return onPage.some((c) => c.selector === null);
    const $ = domOf(expectation.page);
    if (!$) throw new Error(`annotation names page ${expectation.page}, which the fixture does not hold`);
    const expected = expectedElements($, selector);
    return onPage.some((c) => {
      const cited = c.selector ? first($, c.selector) : null;
      return cited !== null && expected.some((el) => citesElement($, cited, el));
    });
  });
}

function listCitations(citations: readonly Citation[]): string {
  return citations.length ? citations.map((c) => `${c.pageUrl} ${c.selector ?? '(page)'}`).join('; ') : 'nothing';
}

/** The citations the capture step photographs: a finding's first few, and each sampled service's first. */
export function capturedCitations(finding: { evidence: Citation[]; services?: Array<{ evidence: Citation[] }> }): Citation[] {
  return [...finding.evidence.slice(0, CAPTURED_CITATIONS), ...(finding.services ?? []).flatMap((s) => s.evidence.slice(0, 1))];
}

/**
 * Problems with the cited evidence (see capturedCitations) against a fixture's annotations;
 * empty when it cites what it must and none of what it must not.
 */
export function citationProblems(annotations: Annotations, citations: readonly Citation[], pages: ReadonlyArray<{ url: string; html: string }>): string[] {
  const doms = new Map<string, CheerioAPI>();
  const domOf = (url: string): CheerioAPI | null => {
    const page = pages.find((p) => sameUrl(p.url, url));
    if (!page) return null;
    if (!doms.has(page.url)) doms.set(page.url, loadDom(page.html));
    return doms.get(page.url)!;
  };
  const problems: string[] = [];
  if (annotations.none && citations.length > 0) problems.push(`must cite nothing; cites ${listCitations(citations)}`);
  for (const e of annotations.cite) {
    if (!meets(e, citations, domOf)) problems.push(`must cite ${e.anyOf.map((s) => s ?? '(page)').join(' | ')} on ${e.page}; cites ${listCitations(citations)}`);
  }
  for (const e of annotations.notCite) {
    if (meets(e, citations, domOf)) problems.push(`must not cite ${e.anyOf.map((s) => s ?? '(page)').join(' | ')} on ${e.page}; cites ${listCitations(citations)}`);
  }
  return problems;
}

/** A pass, partial or review fixture must say what is cited (a pass or partial, something); null when it does. */
export function missingAnnotation(outcomePrefix: string, annotations: Annotations): string | null {
  if (!['pass', 'partial', 'review'].includes(outcomePrefix)) return null;
  if (annotations.cite.length > 0) return null;
  if (annotations.none && outcomePrefix === 'review') return null;
  return annotations.none
    ? `a ${outcomePrefix} fixture cannot have "cite: none": name the element that proves the feature`
    : 'no cite annotation: add <!-- cite: SELECTOR --> as the first line (JSON: "cite": [{"page": …, "selector": …}])';
}
