// The national view's table: filtered by pillar and by verdict, sorted by any
// column, all from the query string so it works without scripts. Unscored
// agencies ("not assessed") always sort last, whatever the direction.
import { z } from 'zod';
import type { Model } from '../../rules/catalog.ts';
import type { Lang } from '../i18n/messages.ts';
import { VERDICTS } from '../engine/verdicts.ts';
import type { ExportAgency, ExportDoc } from '../report/json.ts';

export const SORT_KEYS = ['rank', 'name', 'score', 'reviewed', 'coverage', 'declared', 'gap'] as const;

export interface RankingQuery {
  pillar: string | null;
  verdict: string | null;
  sort: string;
  dir: 'asc' | 'desc';
}

/** Unknown values fall back to the defaults rather than failing: these are bookmarkable links. */
export function readRankingQuery(model: Model, q: Record<string, string | undefined>): RankingQuery {
  const pillars = model.pillars.map((p) => p.id) as string[];
  const schema = z.object({
    pillar: z.string().refine((p) => pillars.includes(p)).nullable().catch(null),
    verdict: z.string().refine((x) => (VERDICTS as readonly string[]).includes(x)).nullable().catch(null),
    sort: z.string().refine((s) => (SORT_KEYS as readonly string[]).includes(s) || pillars.includes(s)).catch(''),
    dir: z.enum(['asc', 'desc']).catch('desc'),
  });
  const parsed = schema.parse({ pillar: q.pillar ?? null, verdict: q.verdict ?? null, sort: q.sort ?? '', dir: q.dir ?? '' });
  // Filtering by a pillar ranks by it, unless another column was chosen.
  const sort = parsed.sort || parsed.pillar || 'rank';
  const dir = q.dir ? parsed.dir : sort === 'rank' || sort === 'name' ? 'asc' : 'desc';
  return { ...parsed, sort, dir };
}

export interface RankingRow {
  agency: ExportAgency;
  /** Indicators with the filtered verdict (at agency level or in a claim about one of its services). */
  withVerdict: string[];
}

function verdictIndicators(a: ExportAgency, verdict: string): string[] {
  const ids = new Set([...a.indicators.filter((i) => i.verdict === verdict).map((i) => i.id), ...a.claims.filter((c) => c.verdict === verdict).map((c) => c.indicator)]);
  return [...ids].sort();
}

function value(a: ExportAgency, sort: string, lang: Lang): number | string | null {
  switch (sort) {
    case 'rank': return a.rank;
    case 'name': return a.name[lang];
    case 'score': return a.score;
    case 'reviewed': return a.reviewedScore;
    case 'coverage': return a.coverage;
    case 'declared': return a.declaredScore;
    case 'gap': return a.gap;
    default: return a.pillars[sort] ?? null;
  }
}

export function rankingRows(doc: ExportDoc, q: RankingQuery, lang: Lang): RankingRow[] {
  const collator = new Intl.Collator(lang);
  let agencies = doc.agencies;
  if (q.pillar) agencies = agencies.filter((a) => a.pillars[q.pillar!] !== null && a.pillars[q.pillar!] !== undefined);
  let rows = agencies.map((agency) => ({ agency, withVerdict: q.verdict ? verdictIndicators(agency, q.verdict) : [] }));
  if (q.verdict) rows = rows.filter((r) => r.withVerdict.length > 0);
  const sign = q.dir === 'asc' ? 1 : -1;
  return rows.sort((x, y) => {
    const [a, b] = [value(x.agency, q.sort, lang), value(y.agency, q.sort, lang)];
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    const c = typeof a === 'string' ? collator.compare(a, b as string) : a - (b as number);
    return sign * c || (x.agency.rank ?? Infinity) - (y.agency.rank ?? Infinity) || x.agency.id.localeCompare(y.agency.id);
  });
}

/** Mean of the agencies' scores for each pillar (unscored left out); null when no agency has one. */
export function pillarAverages(doc: ExportDoc, model: Model): Array<{ pillar: string; value: number | null }> {
  return model.pillars.map((p) => {
    const scores = doc.agencies.map((a) => a.pillars[p.id]).filter((s): s is number => typeof s === 'number');
    return { pillar: p.id, value: scores.length ? Math.round((scores.reduce((x, y) => x + y, 0) / scores.length) * 100) / 100 : null };
  });
}
