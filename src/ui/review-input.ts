// The review form, read and checked (zod for the shape, then the rules an
// evaluator must follow): an override needs a reason, a partial outcome a
// score between 1 and 99 %, and must differ from what was observed.
import { z } from 'zod';
import type { Outcome } from '../engine/define-rule.ts';
import { OVERRIDE_OUTCOMES, overrideScore } from '../engine/reviewed.ts';
import type { UiKey } from '../i18n/ui.ts';
import type { ReviewAction } from '../store/reviews.ts';

export const MAX_REASON = 2000;

const Form = z.object({
  action: z.enum(['confirm', 'override']),
  outcome: z.string().default(''),
  score: z.string().default(''),
  reason: z.string().default(''),
});

export interface ReviewDecision { action: ReviewAction; outcome: Outcome; score: number | null; reason: string }

export type ReviewParse = { ok: true; value: ReviewDecision } | { ok: false; error: UiKey };

/** "40", "40%", "۴۰٪", "37.5", "۳۷٫۵" → 0.4 …; null when it is not a number. */
export function readPercent(text: string): number | null {
  const ascii = text.trim()
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[٫,]/g, '.')
    .replace(/\s*[%٪]$/, '');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(ascii)) return null;
  return Number(ascii) / 100;
}

export function parseReviewForm(body: Record<string, string>, observed: { outcome: string; score: number | null }): ReviewParse {
  const parsed = Form.safeParse(body);
  if (!parsed.success) return { ok: false, error: 'review.error.action' };
  const f = parsed.data;
  const reason = f.reason.trim().replace(/\r\n/g, '\n');
  if (reason.length > MAX_REASON) return { ok: false, error: 'review.error.long' };
  if (f.action === 'confirm') return { ok: true, value: { action: 'confirm', outcome: observed.outcome as Outcome, score: observed.score, reason } };
  const outcome = OVERRIDE_OUTCOMES.find((o) => o === f.outcome);
  if (!outcome) return { ok: false, error: 'review.error.outcome' };
  let partial: number | null = null;
  if (outcome === 'partial') {
    partial = readPercent(f.score);
    if (partial === null || partial <= 0 || partial >= 1) return { ok: false, error: 'review.error.score' };
  }
  if (!reason) return { ok: false, error: 'review.error.reason' };
  const score = overrideScore(outcome, partial);
  if (outcome === observed.outcome && score === observed.score) return { ok: false, error: 'review.error.same' };
  return { ok: true, value: { action: 'override', outcome, score, reason } };
}
