// Read-only pages: runs, a run's ranking, an agency, the changes between runs.
import type { Hono } from 'hono';
import { UserError } from '../../errors.ts';
import { buildComparison } from '../../report/compare.ts';
import { reviewedScores } from '../../report/json.ts';
import { latestReviews } from '../../store/reviews.ts';
import type { UiContext } from '../context.ts';
import { agencyTrend, findingIds, listRuns, runExists } from '../data.ts';
import { fail, idParam, page, viewFor, type Env } from '../http.ts';
import { pillarAverages, rankingRows, readRankingQuery } from '../ranking.ts';
import { agencyPage, claimsPage } from '../views/agency.ts';
import { nationalPage } from '../views/national.ts';
import { comparePage } from '../views/pages.ts';
import { runsPage, type RunRow } from '../views/runs.ts';

function runRows(ctx: UiContext): RunRow[] {
  const runs = listRuns(ctx.db);
  return runs.map((r) => {
    const overridden = [...latestReviews(ctx.db, r.id).values()].some((x) => x.action === 'override');
    const previous = runs.find((p) => p.id < r.id && p.status === 'completed')?.id ?? null;
    return { ...r, reviewed: overridden ? ctx.exports.reviewedNational(r.id) : r.national, previous: r.status === 'completed' ? previous : null };
  });
}

export function browseRoutes(app: Hono<Env>, ctx: UiContext): void {
  app.get('/', (c) => page(c, runsPage(viewFor(ctx, c), runRows(ctx))));

  app.get('/runs/:id', async (c) => {
    const runId = idParam(c.req.param('id'));
    if (runId === null || !runExists(ctx.db, runId)) return fail(ctx, c, 404, 'error.notFound', 'error.noRun');
    const doc = await ctx.exports.get(runId);
    const v = viewFor(ctx, c);
    const q = readRankingQuery(ctx.model, c.req.query());
    return page(c, nationalPage(v, { doc, q, rows: rankingRows(doc, q, v.lang), findingIds: findingIds(ctx.db, runId), pillarAverages: pillarAverages(doc, ctx.model) }));
  });

  app.get('/runs/:id/agencies/:agency', async (c) => {
    const runId = idParam(c.req.param('id'));
    const doc = runId === null || !runExists(ctx.db, runId) ? undefined : await ctx.exports.get(runId);
    const agency = doc?.agencies.find((a) => a.id === c.req.param('agency'));
    if (!doc || !agency) return fail(ctx, c, 404, 'error.notFound', 'error.noAgency');
    return page(c, agencyPage(viewFor(ctx, c), {
      runId: runId!, runAsOf: doc.run.asOf, agency, reviewed: reviewedScores(ctx.model, agency),
      findingIds: findingIds(ctx.db, runId!, agency.id), trend: agencyTrend(ctx.db, ctx.model, agency.id),
      claims: claimsPage(agency, c.req.query('claims')),
    }));
  });

  app.get('/compare', (c) => {
    const runs = listRuns(ctx.db).filter((r) => r.status === 'completed');
    const to = idParam(c.req.query('to')) ?? runs[0]?.id ?? null;
    const from = idParam(c.req.query('from')) ?? runs.find((r) => to !== null && r.id < to)?.id ?? null;
    let doc = null;
    if (from !== null && to !== null && from !== to) {
      try {
        doc = buildComparison(ctx.db, String(to), String(from));
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
      }
    }
    return page(c, comparePage(viewFor(ctx, c), { runs, from, to, doc, findingIds: to === null ? new Map() : findingIds(ctx.db, to) }));
  });
}
