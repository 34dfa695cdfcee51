// Page 2: one run's ranking, filterable by pillar and verdict and sortable by
// any column (all in the query string), with the pillar averages and the
// score distribution as charts.
import { VERDICTS } from '../../engine/verdicts.ts';
import type { UiKey } from '../../i18n/ui.ts';
import type { ExportDoc } from '../../report/json.ts';
import { SORT_KEYS, type RankingQuery, type RankingRow } from '../ranking.ts';
import { barChart, histogram } from './charts.ts';
import { h, query, type Html } from './html.ts';
import { layout } from './layout.ts';
import type { View } from './view.ts';

export interface NationalInput {
  doc: ExportDoc;
  q: RankingQuery;
  rows: RankingRow[];
  findingIds: Map<string, number>;
  pillarAverages: Array<{ pillar: string; value: number | null }>;
}

const SORT_LABELS: Record<(typeof SORT_KEYS)[number], UiKey> = {
  rank: 'national.rank', name: 'national.agency', score: 'national.score', reviewed: 'national.reviewed',
  coverage: 'national.coverage', declared: 'national.declared', gap: 'national.gap',
};

function sortHeader(v: View, q: RankingQuery, key: string, label: string): Html {
  const active = q.sort === key;
  const firstDir = key === 'rank' || key === 'name' ? 'asc' : 'desc';
  const dir = active ? (q.dir === 'asc' ? 'desc' : 'asc') : firstDir;
  const href = query({ pillar: q.pillar ?? undefined, verdict: q.verdict ?? undefined }, { sort: key, dir });
  const arrow = active ? (q.dir === 'asc' ? ' ▲' : ' ▼') : '';
  const ariaSort = active ? (q.dir === 'asc' ? 'ascending' : 'descending') : 'none';
  return h`<th aria-sort="${ariaSort}"${key === q.pillar ? h` class="chosen"` : ''}><a href="${href || '?'}" title="${v.t('national.sortBy', { column: label })}">${label}${arrow}</a></th>`;
}

function filters(v: View, q: RankingQuery): Html {
  const pillarOptions = v.model.pillars.map((p) => h`<option value="${p.id}"${q.pillar === p.id ? ' selected' : ''}>${p.title[v.lang]}</option>`);
  const verdictOptions = VERDICTS.map((x) => h`<option value="${x}"${q.verdict === x ? ' selected' : ''}>${v.label('verdict', x)}</option>`);
  return h`<form method="get" class="filters" role="search">
<label>${v.t('national.pillar')} <select name="pillar"><option value="">${v.t('national.allPillars')}</option>${pillarOptions}</select></label>
<label>${v.t('national.verdict')} <select name="verdict"><option value="">${v.t('national.anyVerdict')}</option>${verdictOptions}</select></label>
<button type="submit">${v.t('national.apply')}</button>
${q.pillar || q.verdict ? h`<a href="?">${v.t('national.clear')}</a>` : ''}
<a class="shortcut" href="?verdict=over-claimed">${v.t('national.overClaims')}</a>
</form>`;
}

function verdictCell(v: View, runAgency: string, ids: string[], findingIds: Map<string, number>): Html {
  return h`<td><ul class="plain">${ids.map((id) => {
    const fid = findingIds.get(`${runAgency}\n${id}`);
    return h`<li>${fid ? h`<a href="/findings/${fid}">${v.indicatorTitle(id)}</a>` : v.indicatorTitle(id)}</li>`;
  })}</ul></td>`;
}

function table(v: View, input: NationalInput): Html {
  const { doc, q, rows } = input;
  if (rows.length === 0) return h`<p class="empty">${v.t('national.empty')}</p>`;
  const head = [
    sortHeader(v, q, 'rank', v.t(SORT_LABELS.rank)), sortHeader(v, q, 'name', v.t(SORT_LABELS.name)),
    sortHeader(v, q, 'score', v.t(SORT_LABELS.score)), sortHeader(v, q, 'reviewed', v.t(SORT_LABELS.reviewed)),
    sortHeader(v, q, 'coverage', v.t(SORT_LABELS.coverage)),
    ...v.model.pillars.map((p) => sortHeader(v, q, p.id, p.title[v.lang])),
    sortHeader(v, q, 'declared', v.t(SORT_LABELS.declared)), sortHeader(v, q, 'gap', v.t(SORT_LABELS.gap)),
  ];
  const body = rows.map(({ agency: a, withVerdict }) => h`<tr>
<td class="num">${a.rank === null ? v.t('dash') : v.num(a.rank, 0)}</td>
<td><a href="/runs/${doc.run.id}/agencies/${encodeURIComponent(a.id)}">${a.name[v.lang]}</a>
${a.blocked ? h`<br><small class="warn blocked">${v.t('national.blocked')}</small>` : a.error ? h`<br><small class="warn">${v.t('national.notAudited')}</small>` : a.lowCoverage ? h`<br><small class="muted">${v.t('national.lowCoverage')}</small>` : ''}</td>
<td class="num"><b>${v.num(a.score)}</b></td>
<td class="num">${a.reviewedScore === a.score ? v.t('dash') : h`<b class="reviewed">${v.num(a.reviewedScore)}</b>`}</td>
<td class="num">${v.pct(a.coverage)}</td>
${v.model.pillars.map((p) => h`<td class="num${p.id === q.pillar ? ' chosen' : ''}">${v.num(a.pillars[p.id] ?? null)}</td>`)}
<td class="num">${v.num(a.declaredScore)}</td>
<td class="num${(a.gap ?? 0) > 0 ? ' warn' : ''}">${v.signed(a.gap)}</td>
${q.verdict ? verdictCell(v, a.id, withVerdict, input.findingIds) : ''}
</tr>`);
  const verdictHead = q.verdict ? h`<th>${v.t('national.withVerdict', { verdict: v.label('verdict', q.verdict) })}</th>` : '';
  return h`<p class="muted">${v.t('national.showing', { count: v.num(rows.length, 0), total: v.num(doc.agencies.length, 0) })}</p>
<div class="table-wrap"><table class="data ranking"><thead><tr>${head}${verdictHead}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function cards(v: View, doc: ExportDoc): Html {
  const n = doc.national;
  const round = doc.declarations ? h`<code dir="ltr">${doc.declarations.round}</code>` : v.t('national.noRound');
  return h`<dl class="cards">
<div><dt>${v.t('national.nationalObserved')}</dt><dd class="big">${v.num(n.score)}</dd></div>
<div><dt>${v.t('national.nationalReviewed')}</dt><dd class="big reviewed">${v.num(n.reviewedScore)}</dd></div>
<div><dt>${v.t('national.agencies')}</dt><dd>${v.t('national.scoredOf', { scored: v.num(n.scored, 0), agencies: v.num(n.agencies, 0) })}</dd></div>
<div><dt>${v.t('national.asOf')}</dt><dd>${v.date(doc.run.asOf)} <small dir="ltr">(${v.gregorian(doc.run.asOf)})</small></dd></div>
<div><dt>${v.t('national.round')}</dt><dd>${round}</dd></div>
<div><dt>${v.t('runs.status')}</dt><dd>${v.label('status', doc.run.status)}</dd></div>
</dl>`;
}

export function nationalPage(v: View, input: NationalInput): Html {
  const { doc } = input;
  const scores = doc.agencies.map((a) => a.score).filter((s): s is number => s !== null);
  const unscored = doc.agencies.length - scores.length;
  const charts = h`<div class="charts">
${barChart(v, 'chart-pillars', v.t('chart.pillars'), input.pillarAverages.map((p) => ({ label: v.pillarTitle(p.pillar), value: p.value })))}
${histogram(v, 'chart-distribution', unscored ? `${v.t('chart.distribution')} (${v.t('chart.unscored', { count: v.num(unscored, 0) })})` : v.t('chart.distribution'), scores)}
</div>`;
  const body = h`${cards(v, doc)}
<section><h2>${v.t('national.ranking')}</h2>${filters(v, input.q)}${table(v, input)}
<p class="note">${v.t('national.note')}</p></section>
<section><h2>${v.t('national.charts')}</h2>${charts}</section>`;
  return layout(v, v.t('national.title', { id: v.num(doc.run.id, 0), date: v.date(doc.run.asOf) }), body, [{ href: '/', label: v.t('nav.runs') }, { label: v.t('national.crumb', { id: v.num(doc.run.id, 0) }) }]);
}
