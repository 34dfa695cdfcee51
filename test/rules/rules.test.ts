// Every rule against its fixtures: test/fixtures/rules/<id>/<outcome>-<what>.html
// (outcome: pass, partial, fail, review, na (not-applicable), error). A `.headers.json` or
// `.site.json` fixture (test/support/fixture-site.ts SiteSpec: headers, html, transport facts,
// further pages) feeds HTTP facts instead of markup alone. Every pass, partial and review
// fixture names the element the rule must cite, and a decoy fixture may name one it must not
// (test/support/cite-check.ts): a rule that passes by citing something else fails its test.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.ts';
import { createRuleContext, runRule } from '../../src/engine/run-rules.ts';
import { siteFromHtml, siteFromSpec, type SiteSpec } from '../support/fixture-site.ts';
import { capturedCitations, citationProblems, missingAnnotation, parseHtmlFixture, parseSpecAnnotations } from '../support/cite-check.ts';

/** Fixture dates are judged from this audit date (1404/10/01). */
export const FIXTURE_AS_OF = '2025-12-22';
const DIR = new URL('../fixtures/rules/', import.meta.url).pathname;
const OUTCOME: Record<string, string> = { pass: 'pass', partial: 'partial', fail: 'fail', review: 'needs-review', na: 'not-applicable', error: 'error' };

const HOME = 'https://agency.example.ir/';

/** The fixture's site, and what it says must (not) be cited; annotation lines are not shown to the rule. */
function loadFixture(file: string) {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.html')) {
    const { html, annotations } = parseHtmlFixture(text, HOME);
    return { site: siteFromHtml(html, HOME), annotations };
  }
  const spec = JSON.parse(text) as SiteSpec;
  return { site: siteFromSpec(spec), annotations: parseSpecAnnotations(spec, HOME) };
}

for (const rule of RULES) {
  describe(`rule ${rule.id}`, () => {
    const dir = join(DIR, rule.id);
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.(html|headers\.json|site\.json)$/.test(f)).sort() : [];

    it('has at least 3 pass and 3 fail fixtures', () => {
      expect(files.filter((f) => f.startsWith('pass-')).length).toBeGreaterThanOrEqual(3);
      expect(files.filter((f) => f.startsWith('fail-')).length).toBeGreaterThanOrEqual(3);
    });

    for (const file of files) {
      const expected = OUTCOME[file.split('-')[0]];
      it(`${file} → ${expected}`, () => {
        const { site, annotations } = loadFixture(join(dir, file));
        expect(missingAnnotation(file.split('-')[0], annotations)).toBeNull();
        // A per-service rule's fixture is one service page: the sample is that page.
        if (rule.evaluateService) site.services = site.pages;
        const finding = runRule(rule, site, createRuleContext(FIXTURE_AS_OF));
        expect(finding.outcome, JSON.stringify(finding.data)).toBe(expected);
        if (expected === 'pass' || expected === 'partial') {
          expect(finding.evidence.length).toBeGreaterThan(0);
          expect(finding.evidence[0].snippet.length).toBeGreaterThan(0);
        }
        const pages = site.attempts.map((p) => ({ url: p.finalUrl, html: p.html }));
        expect(citationProblems(annotations, capturedCitations(finding), pages)).toEqual([]);
      });
    }
  });
}
