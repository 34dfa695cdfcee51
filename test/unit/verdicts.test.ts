import { describe, expect, it } from 'vitest';
import { MODEL, effectiveWeight, indicatorSpec } from '../../rules/catalog.ts';
import { compareAgency, declaredShares } from '../../src/declarations/compare.ts';
import { isSuspected } from '../../src/declarations/trust.ts';
import type { ScoredIndicator } from '../../src/engine/scoring.ts';
import { scoreAgency } from '../../src/engine/scoring.ts';
import { compare, verdict } from '../../src/engine/verdicts.ts';
import type { StoredDeclaration } from '../../src/store/declarations.ts';

const obs = (ruleId: string, score: number | null): ScoredIndicator => ({ ruleId, score, outcome: score === null ? 'needs-review' : score === 1 ? 'pass' : score === 0 ? 'fail' : 'partial' });
const e = (id: string) => effectiveWeight(indicatorSpec(MODEL, id)!);
const decl = (indicatorId: string, share: number, serviceUrl: string | null = null): StoredDeclaration =>
  ({ agencyId: 'a', indicatorId, serviceUrl, declaredRaw: String(share), share, count: null, note: '', sourceRow: 2 });

describe('verdict', () => {
  it('follows the table in INDICATORS.md', () => {
    expect(verdict(1, 1)).toBe('confirmed');
    expect(verdict(1, 0)).toBe('over-claimed');
    expect(verdict(0, 1)).toBe('under-claimed');
    expect(verdict(0, 0)).toBe('confirmed-absent');
    expect(verdict(1, null)).toBe('unverifiable');
    expect(verdict(0, null)).toBe('unverifiable');
  });

  it('counts a share of 0.5 or more as yes, on both sides', () => {
    expect(verdict(0.5, 0.5)).toBe('confirmed');
    expect(verdict(0.8, 0.49)).toBe('over-claimed');
    expect(verdict(0.49, 0.5)).toBe('under-claimed');
    expect(verdict(0.3, 0.2)).toBe('confirmed-absent');
  });

  it('marks over-claims suspected while the detector is not trusted', () => {
    expect(isSuspected('over-claimed', 'org-chart')).toBe(true);
    expect(isSuspected('over-claimed', 'org-chart', new Set(['org-chart']))).toBe(false);
    expect(isSuspected('under-claimed', 'org-chart')).toBe(false);
    expect(isSuspected('confirmed', 'org-chart')).toBe(false);
  });
});

describe('declared score, gap and verification rate', () => {
  const observed = [obs('status-tracking', 1), obs('org-chart', 0), obs('satisfaction-results', 0.5), obs('security-headers', 0)];

  it('substitutes declared values for checked claims only, and keeps the rest observed', () => {
    const c = compare(MODEL, observed, new Map([['org-chart', 1], ['online-service', 1]]));
    const expected = scoreAgency(MODEL, [obs('status-tracking', 1), obs('org-chart', 1), obs('satisfaction-results', 0.5), obs('security-headers', 0)]).score;
    expect(c.declaredScore).toBe(expected);
    expect(c.observedScore).toBe(scoreAgency(MODEL, observed).score);
    expect(c.gap).toBeCloseTo(expected! - c.observedScore!, 2);
    expect(c.gap).toBeGreaterThan(0);
  });

  it('computes the verification rate as Σ e·min(d,o) / Σ e·d over checked claims', () => {
    const c = compare(MODEL, observed, new Map([['status-tracking', 1], ['org-chart', 1], ['satisfaction-results', 0.8], ['online-service', 1]]));
    const num = e('status-tracking') * 1 + e('org-chart') * 0 + e('satisfaction-results') * 0.5;
    const den = e('status-tracking') + e('org-chart') + e('satisfaction-results') * 0.8;
    expect(c.verificationRate).toBeCloseTo(num / den, 4);
  });

  it('gives a negative gap for under-claims', () => {
    const c = compare(MODEL, observed, new Map([['status-tracking', 0]]));
    expect(c.gap).toBeLessThan(0);
    expect(c.verificationRate).toBeNull();
  });

  it('is null when no claim can be checked', () => {
    const c = compare(MODEL, observed, new Map([['online-service', 1]]));
    expect(c).toMatchObject({ declaredScore: null, gap: null, verificationRate: null });
    const offline = compare(MODEL, [obs('status-tracking', null)], new Map([['status-tracking', 1]]));
    expect(offline).toMatchObject({ declaredScore: null, observedScore: null, gap: null });
  });
});

describe('claims of one agency', () => {
  it('uses the agency row, else the share of its service rows', () => {
    const shares = declaredShares([
      { indicatorId: 'online-service', serviceUrl: 'https://a/1', declared: 1 },
      { indicatorId: 'online-service', serviceUrl: 'https://a/2', declared: 0 },
      { indicatorId: 'online-service', serviceUrl: 'https://a/3', declared: 1 },
      { indicatorId: 'online-service', serviceUrl: 'https://a/4', declared: 1 },
      { indicatorId: 'org-chart', serviceUrl: 'https://a/1', declared: 0 },
      { indicatorId: 'org-chart', serviceUrl: null, declared: 1 },
    ]);
    expect(shares.get('online-service')).toBe(0.75);
    expect(shares.get('org-chart')).toBe(1);
  });

  it('checks a service claim against that service\'s own observation when a per-service rule sampled it', () => {
    const services = new Map([['online-service', new Map([['a.ir/s/1', 1], ['a.ir/s/2', 0.33]])]]);
    const c = compareAgency(MODEL, [obs('online-service', 0.665)],
      [decl('online-service', 1, 'https://a.ir/s/1/'), decl('online-service', 1, 'http://a.ir/s/2'), decl('online-service', 1, 'https://a.ir/s/3')], services);
    expect(c.claims.map((x) => [x.serviceUrl, x.observed, x.verdict])).toEqual([
      ['https://a.ir/s/1/', 1, 'confirmed'],
      ['http://a.ir/s/2', 0.33, 'over-claimed'],
      ['https://a.ir/s/3', null, 'unverifiable'],
    ]);
    expect(c.indicators.get('online-service')).toMatchObject({ declared: 1, observed: 0.665, verdict: 'confirmed' });
  });

  it('gives every claim a verdict; service claims stay unverifiable without per-service observations', () => {
    const c = compareAgency(MODEL, [obs('org-chart', 0), obs('status-tracking', 1)],
      [decl('org-chart', 1), decl('status-tracking', 0), decl('online-service', 1), decl('status-tracking', 1, 'https://a/track')]);
    expect(c.claims.map((x) => [x.indicatorId, x.serviceUrl, x.verdict, x.suspected])).toEqual([
      ['org-chart', null, 'over-claimed', true],
      ['status-tracking', null, 'under-claimed', false],
      ['online-service', null, 'unverifiable', false],
      ['status-tracking', 'https://a/track', 'unverifiable', false],
    ]);
    expect(c.indicators.get('org-chart')).toEqual({ declared: 1, observed: 0, verdict: 'over-claimed', suspected: true });
    expect(c.indicators.get('online-service')?.verdict).toBe('unverifiable');
  });
});
