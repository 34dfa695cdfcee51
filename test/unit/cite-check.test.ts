// The fixture citation check (test/support/cite-check.ts): what counts as citing the
// element a rule fixture names, and that a rule citing a decoy fails it.
import { describe, expect, it } from 'vitest';
import { loadDom, type Element } from '../../crawlers/dom.ts';
import type { Citation } from '../../src/engine/define-rule.ts';
import { RULES } from '../../rules/index.ts';
import { createRuleContext, runRule, type Finding } from '../../src/engine/run-rules.ts';
import { capturedCitations, citationProblems, citesElement, isWholePage, missingAnnotation, parseHtmlFixture, parseSpecAnnotations } from '../support/cite-check.ts';
import { siteFromHtml } from '../support/fixture-site.ts';

const HOME = 'https://agency.example.ir/';
const PAGE = `<!doctype html><html><body>
<div id="wrap">
  <header id="top"><nav id="menu"><a href="/">خانه</a> <a id="menu-complaint" href="/complaint">شکایات</a></nav></header>
  <div id="content">
    <section id="news"><h2>اخبار</h2><ul><li id="decoy">راه‌اندازی سامانه شکایات به‌زودی</li></ul></section>
    <section id="complaints"><h2>ثبت شکایات</h2>
      <div id="box"><form id="form"><label id="label">متن شکایت</label><textarea></textarea></form></div>
    </section>
  </div>
  <footer id="foot">نشانی: تهران</footer>
</div></body></html>`;

const $ = loadDom(PAGE);
const el = (sel: string) => $(sel).get(0) as Element;
const cite = (selector: string | null, pageUrl = HOME): Citation => ({ pageUrl, selector, snippet: 'x' });
const pages = [{ url: HOME, html: PAGE }];
const problems = (annotationLines: string, citations: Citation[]) => citationProblems(parseHtmlFixture(`${annotationLines}\n${PAGE}`, HOME).annotations, citations, pages);

describe('citesElement', () => {
  it('accepts the element itself and anything inside it', () => {
    expect(citesElement($, el('#form'), el('#form'))).toBe(true);
    expect(citesElement($, el('#label'), el('#form'))).toBe(true);
  });

  it('accepts a container up to the nearest section, not beyond', () => {
    expect(citesElement($, el('#form'), el('#label'))).toBe(true);
    expect(citesElement($, el('#box'), el('#label'))).toBe(false); // the label's nearest section is its form
    expect(citesElement($, el('#box'), el('#form'))).toBe(false); // a form is its own nearest section
    expect(citesElement($, el('#complaints'), el('#complaints > h2'))).toBe(true);
    expect(citesElement($, el('#content'), el('#complaints > h2'))).toBe(false);
    expect(citesElement($, el('#menu'), el('#menu-complaint'))).toBe(true);
    expect(citesElement($, el('#top'), el('#menu-complaint'))).toBe(false);
  });

  it('never accepts the whole page, even around an element with no section', () => {
    const bare = loadDom('<body><div id="w"><p id="p">متن</p><p>دیگر</p></div></body>');
    const get = (sel: string) => bare(sel).get(0) as Element;
    expect(isWholePage(bare, get('#w'))).toBe(true);
    expect(citesElement(bare, get('#w'), get('#p'))).toBe(false);
    expect(citesElement(bare, get('body'), get('#p'))).toBe(false);
    expect(isWholePage($, el('#wrap'))).toBe(true);
    expect(isWholePage($, el('#content'))).toBe(false);
  });

  it('rejects a sibling block', () => {
    expect(citesElement($, el('#news'), el('#form'))).toBe(false);
    expect(citesElement($, el('#decoy'), el('#complaints'))).toBe(false);
  });
});

describe('citationProblems', () => {
  it('passes when one alternative is cited', () => {
    expect(problems('<!-- cite: #menu-complaint | #complaints -->', [cite('#complaints > div')])).toEqual([]);
  });

  it('fails a rule that cites a decoy instead of the feature', () => {
    const out = problems('<!-- cite: #complaints -->\n<!-- not-cite: #decoy -->', [cite('#news > ul > li')]);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/must cite #complaints/);
    expect(out[1]).toMatch(/must not cite #decoy/);
  });

  it('fails a citation of the whole page, a selector that finds nothing, or another page', () => {
    expect(problems('<!-- cite: #form -->', [cite('html > body')])).toHaveLength(1);
    expect(problems('<!-- cite: #form -->', [cite('#missing')])).toHaveLength(1);
    expect(problems('<!-- cite: #form -->', [cite('#form', 'https://agency.example.ir/other')])).toHaveLength(1);
  });

  it('needs every annotation line met', () => {
    expect(problems('<!-- cite: #form -->\n<!-- cite: #foot -->', [cite('#form')])).toHaveLength(1);
    expect(problems('<!-- cite: #form -->\n<!-- cite: #foot -->', [cite('#form'), cite('#foot')])).toEqual([]);
  });

  it('reports a broken annotation rather than passing it', () => {
    expect(() => problems('<!-- cite: #nowhere -->', [cite('#form')])).toThrow(/finds nothing/);
    expect(() => problems('<!-- cite: #wrap -->', [cite('#form')])).not.toThrow(); // a wrapper div: only html/body/main are refused
    expect(() => problems('<!-- cite: body -->', [cite('#form')])).toThrow(/whole page/);
  });

  it('checks page-level facts and "cite: none"', () => {
    const spec = parseSpecAnnotations({ cite: [{ selector: null }] }, HOME);
    expect(citationProblems(spec, [cite(null)], pages)).toEqual([]);
    expect(citationProblems(spec, [cite('#form')], pages)).toHaveLength(1);
    const none = parseSpecAnnotations({ cite: [] }, HOME);
    expect(none.none).toBe(true);
    expect(citationProblems(none, [], pages)).toEqual([]);
    expect(citationProblems(none, [cite(null)], pages)).toHaveLength(1);
  });

  it('resolves a JSON annotation page against the fixture URL', () => {
    const spec = parseSpecAnnotations({ url: 'https://a.example.ir/', cite: [{ page: '/faq', selector: '#form' }] }, HOME);
    expect(spec.cite[0].page).toBe('https://a.example.ir/faq');
  });
});

describe('fixture annotations', () => {
  it('strips annotation lines so the rule sees the page as written', () => {
    const { html, annotations } = parseHtmlFixture(`<!-- cite: #a | #b -->\n<!-- not-cite: #c -->\n${PAGE}`, HOME);
    expect(html).toBe(PAGE);
    expect(annotations.cite).toEqual([{ page: HOME, anyOf: ['#a', '#b'] }]);
    expect(annotations.notCite).toEqual([{ page: HOME, anyOf: ['#c'] }]);
  });

  it('requires one on pass, partial and review fixtures', () => {
    const empty = { cite: [], notCite: [], none: false };
    expect(missingAnnotation('pass', empty)).toMatch(/no cite annotation/);
    expect(missingAnnotation('fail', empty)).toBeNull();
    expect(missingAnnotation('review', { ...empty, none: true })).toBeNull();
    expect(missingAnnotation('pass', { ...empty, none: true })).toMatch(/cannot have/);
  });

  it('takes the citations capture keeps: three of the finding and each service\'s first', () => {
    const finding = { evidence: [cite('#a'), cite('#b'), cite('#c'), cite('#d')], services: [{ evidence: [cite('#e'), cite('#f')] }] };
    expect(capturedCitations(finding).map((c) => c.selector)).toEqual(['#a', '#b', '#c', '#e']);
  });
});

describe('a real rule against the check', () => {
  // The rule passes on the real complaint form; the same finding re-pointed at the news
  // decoy, as a rule that matched the keyword would, must fail the check.
  const { html, annotations } = parseHtmlFixture(`<!-- cite: #complaints -->\n<!-- not-cite: #decoy -->\n${PAGE}`, HOME);
  const rule = RULES.find((r) => r.id === 'complaints-channel')!;
  const finding: Finding = runRule(rule, siteFromHtml(html, HOME), createRuleContext('2025-12-22'));

  it('fails when a passing finding cites the decoy', () => {
    expect(finding.outcome).toBe('pass');
    expect(citationProblems(annotations, capturedCitations(finding), pages)).toEqual([]);
    const decoyed = { ...finding, evidence: [cite('#decoy')] };
    expect(citationProblems(annotations, capturedCitations(decoyed), pages).length).toBeGreaterThan(0);
  });
});
