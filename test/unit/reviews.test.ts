// Reviews beside findings: stored append-only and chained, never changing a
// finding (verify stays green, and names an edited review); reviewed scoring;
// the review form's rules.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL } from '../../rules/catalog.ts';
import { applyOverrides, reviewedAgencyScore } from '../../src/engine/reviewed.ts';
import { scoreAgency, type ScoredIndicator } from '../../src/engine/scoring.ts';
import { formatters } from '../../src/report/format.ts';
import type { Db } from '../../src/store/db.ts';
import { verifyStore } from '../../src/store/integrity.ts';
import { addReview, latestReviews, reviewHistory, verifyReviews } from '../../src/store/reviews.ts';
import { parseReviewForm, readPercent } from '../../src/ui/review-input.ts';
import { buildUiStore } from '../support/ui-store.ts';

let db: Db;
let runs: [number, number];

beforeAll(async () => {
  ({ db, runs } = await buildUiStore(join(mkdtempSync(join(tmpdir(), 'reviews-')), 'ui.sqlite')));
});
afterAll(() => db.close());

const findingId = (agency: string, indicator: string) =>
  db.prepare('SELECT id FROM findings WHERE run_id = ? AND agency_id = ? AND indicator_id = ?').pluck().get(runs[1], agency, indicator) as number;

describe('review storage', () => {
  it('keeps every review in order, the latest per finding, and leaves the finding row alone', () => {
    const id = findingId('alpha', 'status-tracking');
    const before = db.prepare('SELECT * FROM findings WHERE id = ?').get(id);
    const t0 = new Date('2026-01-01T09:00:00Z');
    addReview(db, { findingId: id, action: 'override', outcome: 'pass', score: 1, reason: 'form found behind login', username: 'eva', role: 'evaluator' }, t0);
    addReview(db, { findingId: id, action: 'confirm', outcome: 'fail', score: 0, reason: '', username: 'ada', role: 'admin' }, new Date(t0.getTime() + 60_000));
    expect(reviewHistory(db, id).map((r) => [r.action, r.username, r.createdAt])).toEqual([
      ['override', 'eva', '2026-01-01T09:00:00.000Z'], ['confirm', 'ada', '2026-01-01T09:01:00.000Z'],
    ]);
    expect(latestReviews(db, runs[1]).get(id)?.action).toBe('confirm');
    expect(latestReviews(db, runs[0]).size).toBe(0);
    expect(db.prepare('SELECT * FROM findings WHERE id = ?').get(id)).toEqual(before);
    expect(verifyStore(db)).toMatchObject({ problems: [], reviews: 2 });
  });

  it('is append-only: the database refuses to change or delete a review', () => {
    expect(() => db.prepare(`UPDATE reviews SET reason = 'edited'`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM reviews').run()).toThrow(/append-only/);
  });

  it('verify names a review edited behind the triggers, and one deleted from the middle of the chain', () => {
    const id = findingId('beta', 'org-chart');
    addReview(db, { findingId: id, action: 'override', outcome: 'pass', score: 1, reason: 'a', username: 'eva', role: 'evaluator' });
    addReview(db, { findingId: id, action: 'override', outcome: 'fail', score: 0, reason: 'b', username: 'eva', role: 'evaluator' });
    db.exec('DROP TRIGGER reviews_no_update; DROP TRIGGER reviews_no_delete');
    try {
      const first = db.prepare('SELECT MIN(id) FROM reviews').pluck().get() as number;
      db.prepare(`UPDATE reviews SET outcome = 'partial', score = 0.5 WHERE id = ?`).run(first);
      expect(verifyReviews(db).problems).toEqual([expect.stringMatching(new RegExp(`^altered review #${first} `))]);
      db.prepare(`UPDATE reviews SET outcome = 'pass', score = 1 WHERE id = ?`).run(first);
      expect(verifyReviews(db).problems).toEqual([]);
      const middle = db.prepare('SELECT id FROM reviews ORDER BY id LIMIT 1 OFFSET 2').pluck().get() as number;
      db.prepare('DELETE FROM reviews WHERE id = ?').run(middle);
      expect(verifyStore(db).problems).toEqual([expect.stringMatching(/^review #\d+: broken chain/)]);
    } finally {
      db.exec(`CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
        CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;`);
    }
  });
});

describe('reviewed scoring', () => {
  const observed: ScoredIndicator[] = [
    { ruleId: 'status-tracking', outcome: 'fail', score: 0 },
    { ruleId: 'org-chart', outcome: 'pass', score: 1 },
    { ruleId: 'help-faq', outcome: 'needs-review', score: null },
  ];
  const stored = scoreAgency(MODEL, observed);

  it('without overrides is the stored observed score itself', () => {
    expect(reviewedAgencyScore(MODEL, observed, new Map(), { ...stored, score: 42 }).score).toBe(42);
  });

  it('puts each override in place of the observation, and leaves the rest', () => {
    const overrides = new Map([['status-tracking', { outcome: 'pass' as const, score: 1 }], ['help-faq', { outcome: 'fail' as const, score: 0 }]]);
    expect(applyOverrides(observed, overrides)).toEqual([
      { ruleId: 'status-tracking', outcome: 'pass', score: 1 }, observed[1], { ruleId: 'help-faq', outcome: 'fail', score: 0 },
    ]);
    const reviewed = reviewedAgencyScore(MODEL, observed, overrides, stored);
    expect(reviewed.score).toBeGreaterThan(stored.score!);
    expect(reviewed.coverage).toBeGreaterThan(stored.coverage);
  });

  it('not applicable takes the indicator out of the score and of coverage', () => {
    const na = reviewedAgencyScore(MODEL, observed, new Map([['status-tracking', { outcome: 'not-applicable' as const, score: null }]]), stored);
    expect(na.pillars.transparent).toBe(100);
    expect(na.score).toBeGreaterThan(stored.score!);
  });
});

describe('the review form', () => {
  const observed = { outcome: 'fail', score: 0 };

  it('confirms the observed result, with or without a comment', () => {
    expect(parseReviewForm({ action: 'confirm', reason: '' }, observed)).toEqual({ ok: true, value: { action: 'confirm', outcome: 'fail', score: 0, reason: '' } });
  });

  it('overrides only with a reason, a known outcome, and a score for partial', () => {
    expect(parseReviewForm({ action: 'override', outcome: 'pass', reason: '' }, observed)).toEqual({ ok: false, error: 'review.error.reason' });
    expect(parseReviewForm({ action: 'override', outcome: 'error', reason: 'x' }, observed)).toEqual({ ok: false, error: 'review.error.outcome' });
    expect(parseReviewForm({ action: 'override', outcome: 'partial', score: '100', reason: 'x' }, observed)).toEqual({ ok: false, error: 'review.error.score' });
    expect(parseReviewForm({ action: 'override', outcome: 'fail', reason: 'x' }, observed)).toEqual({ ok: false, error: 'review.error.same' });
    expect(parseReviewForm({ action: 'delete' }, observed)).toEqual({ ok: false, error: 'review.error.action' });
    expect(parseReviewForm({ action: 'override', outcome: 'partial', score: '۳۷٫۵٪', reason: ' half of it \r\n' }, observed))
      .toEqual({ ok: true, value: { action: 'override', outcome: 'partial', score: 0.375, reason: 'half of it' } });
    expect(parseReviewForm({ action: 'override', outcome: 'not-applicable', reason: 'no services' }, observed)).toMatchObject({ ok: true, value: { score: null } });
  });

  it('reads percentages in any digits', () => {
    expect([readPercent('40'), readPercent('۴۰٪'), readPercent('٤٠'), readPercent('12.5 %'), readPercent('abc'), readPercent('1e2')]).toEqual([0.4, 0.4, 0.4, 0.125, null, null]);
  });
});

describe('formatting for the UI', () => {
  it('writes Persian digits, Jalali dates and Tehran time in Persian; ISO in English', () => {
    const fa = formatters('fa', '—');
    expect(fa.date('2025-12-22')).toBe('۱۴۰۴/۱۰/۰۱');
    expect(fa.dateTime('2025-12-22T20:45:10Z')).toBe('۱۴۰۴/۱۰/۰۲ ۰۰:۱۵:۱۰');
    expect(fa.num(48.79)).toBe('۴۸٫۸');
    expect(fa.num(null)).toBe('—');
    const en = formatters('en', '—');
    expect([en.date('2025-12-22'), en.dateTime('2025-12-22T20:45:10Z'), en.num(48.79)]).toEqual(['2025-12-22', '2025-12-23 00:15:10', '48.8']);
  });
});
