// Page 4 and 5: a finding with its evidence, and its review.
import type { Hono } from 'hono';
import { indicatorSpec } from '../../../rules/catalog.ts';
import { reviewedScores } from '../../report/json.ts';
import { addReview, reviewHistory } from '../../store/reviews.ts';
import type { UiContext } from '../context.ts';
import { blobInfo, findingRef, pageTitles, readBlob, type FindingRef } from '../data.ts';
import { fail, forbidRole, formBody, hasRole, idParam, page, viewFor, type Ctx, type Env } from '../http.ts';
import { parseReviewForm } from '../review-input.ts';
import { findingPage, type ReviewForm } from '../views/finding.ts';

/** Response headers evidence is small JSON; shown pretty-printed (and escaped) on the page. */
function headerTexts(ctx: UiContext, shas: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const sha of shas) {
    const blob = readBlob(ctx.db, sha);
    if (!blob?.bytes || blob.bytes.length > 256 * 1024) continue;
    try {
      out.set(sha, JSON.stringify(JSON.parse(blob.bytes.toString('utf8')), null, 2));
    } catch {
      out.set(sha, blob.bytes.toString('utf8'));
    }
  }
  return out;
}

async function render(ctx: UiContext, c: Ctx, ref: FindingRef, form: ReviewForm, status: 200 | 422 = 200): Promise<Response> {
  const agency = (await ctx.exports.get(ref.runId)).agencies.find((a) => a.id === ref.agencyId)!;
  const indicator = agency.indicators.find((i) => i.id === ref.indicatorId)!;
  const all = [...indicator.evidence, ...(indicator.services ?? []).flatMap((s) => s.evidence)];
  const spec = indicatorSpec(ctx.model, indicator.id);
  const v = viewFor(ctx, c, `/findings/${ref.id}`);
  return page(c, findingPage(v, {
    ref, agency, indicator, reviewed: reviewedScores(ctx.model, agency), history: reviewHistory(ctx.db, ref.id),
    titles: pageTitles(ctx.db, ref.runId, ref.agencyId), blobs: blobInfo(ctx.db, all.map((e) => e.sha256)),
    headers: headerTexts(ctx, all.filter((e) => e.kind === 'headers').map((e) => e.sha256)),
    form, canReview: hasRole(c.get('user'), 'evaluator'), weight: spec ? { weight: spec.weight, priority: spec.priority } : null,
  }), status);
}

export function findingRoutes(app: Hono<Env>, ctx: UiContext): void {
  app.get('/findings/:id', async (c) => {
    const ref = findingRef(ctx.db, idParam(c.req.param('id')) ?? 0);
    if (!ref) return fail(ctx, c, 404, 'error.notFound', 'error.noFinding');
    return render(ctx, c, ref, { error: null, values: {} });
  });

  app.post('/findings/:id/reviews', async (c) => {
    const ref = findingRef(ctx.db, idParam(c.req.param('id')) ?? 0);
    if (!ref) return fail(ctx, c, 404, 'error.notFound', 'error.noFinding');
    if (!hasRole(c.get('user'), 'evaluator')) return forbidRole(ctx, c, 'evaluator');
    const body = await formBody(c);
    const observed = (await ctx.exports.get(ref.runId)).agencies.find((a) => a.id === ref.agencyId)!.indicators.find((i) => i.id === ref.indicatorId)!;
    const parsed = parseReviewForm(body, observed);
    if (!parsed.ok) return render(ctx, c, ref, { error: parsed.error, values: body }, 422);
    const user = c.get('user')!;
    addReview(ctx.db, { findingId: ref.id, ...parsed.value, username: user.username, role: user.role }, ctx.now());
    return c.redirect(`/findings/${ref.id}#review`, 303);
  });
}
