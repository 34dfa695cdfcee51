import { describe, expect, it } from 'vitest';
import { MODEL, effectiveWeight } from '../../rules/catalog.ts';
import { nationalScore, scoreAgency, type ScoredIndicator } from '../../src/engine/scoring.ts';

const ind = (ruleId: string, score: number | null, outcome: ScoredIndicator['outcome'] = score === null ? 'error' : score === 1 ? 'pass' : 'fail'): ScoredIndicator => ({ ruleId, outcome, score });

describe('scoring', () => {
  it('computes a pillar as the effective-weighted mean of assessed indicators', () => {
    // status-tracking e=4.5 (pass), org-chart e=2 (fail), satisfaction-results e=4.5 (0.5)
    const s = scoreAgency(MODEL, [ind('status-tracking', 1), ind('org-chart', 0), ind('satisfaction-results', 0.5, 'partial')]);
    expect(s.pillars.transparent).toBeCloseTo((100 * (4.5 + 0 + 2.25)) / 11, 2);
    expect(s.pillars['user-centric']).toBeNull();
  });

  it('treats null as not assessed, never as 0', () => {
    const withNull = scoreAgency(MODEL, [ind('status-tracking', 1), ind('org-chart', null)]);
    const without = scoreAgency(MODEL, [ind('status-tracking', 1)]);
    expect(withNull.pillars.transparent).toBe(100);
    expect(withNull.score).toBe(without.score);
    const withZero = scoreAgency(MODEL, [ind('status-tracking', 1), ind('org-chart', 0)]);
    expect(withZero.pillars.transparent).toBeLessThan(100);
  });

  it('renormalises the agency score over assessed pillars', () => {
    const s = scoreAgency(MODEL, [ind('status-tracking', 1), ind('security-headers', 0)]);
    // transparent 100 × 0.3, technical 0 × 0.1 → 30 / 0.4
    expect(s.score).toBe(75);
  });

  it('measures coverage as assessed effective weight over the whole model', () => {
    const total = MODEL.indicators.reduce((a, i) => a + effectiveWeight(i), 0);
    const s = scoreAgency(MODEL, [ind('status-tracking', 0), ind('org-chart', null)]);
    expect(s.coverage).toBeCloseTo(4.5 / total, 4);
    expect(s.lowCoverage).toBe(true);
  });

  it('drops not-applicable indicators from the coverage denominator', () => {
    const total = MODEL.indicators.reduce((a, i) => a + effectiveWeight(i), 0);
    const s = scoreAgency(MODEL, [ind('status-tracking', 1), ind('org-chart', null, 'not-applicable')]);
    expect(s.coverage).toBeCloseTo(4.5 / (total - 2), 4);
  });

  it('gives null everywhere when nothing was assessed', () => {
    const s = scoreAgency(MODEL, [ind('status-tracking', null)]);
    expect(s.score).toBeNull();
    expect(s.coverage).toBe(0);
  });

  it('takes the national score as the mean of scored agencies', () => {
    expect(nationalScore([80, null, 60])).toBe(70);
    expect(nationalScore([null])).toBeNull();
  });
});
