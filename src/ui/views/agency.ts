// Page 3: one agency in one run: its scores observed and reviewed, pillars,
// coverage, every indicator with outcome, declared value, verdict and review
// state, the claims about single services, and its score across runs.
import type { AgencyScore } from '../../engine/scoring.ts';
import { verdict as verdictOf } from '../../engine/verdicts.ts';
import type { ExportAgency, ExportClaim, ExportIndicator } from '../../report/json.ts';
import type { TrendPoint } from '../data.ts';
import { trendChart } from './charts.ts';
import { externalLink, h, type Html } from './html.ts';
import { layout } from './layout.ts';
import type { View } from './view.ts';

export interface AgencyInput {
  runId: number;
  runAsOf: string;
  agency: ExportAgency;
  reviewed: AgencyScore;
  findingIds: Map<string, number>;
  trend: TrendPoint[];
  /** The page of claims about single services to show. */
  claims: ClaimsPage;
}

/** The reviewed score of an indicator: the override's, or the observed one. */
export function reviewedOf(i: ExportIndicator): number | null {
  return i.review?.action === 'override' ? i.review.score : i.score;
}

export function outcomeBadge(v: View, outcome: string): Html {
  return h`<span class="badge outcome-${outcome}">${v.label('outcome', outcome)}</span>`;
}

export function reviewState(v: View, i: ExportIndicator): Html {
  const r = i.review;
  if (!r) return h`<span class="muted">${v.t('review.none')}</span>`;
  if (r.action === 'confirm') return h`<span class="badge reviewed-confirm">${v.t('review.confirmedBy', { user: r.by })}</span>`;
  return h`<span class="badge reviewed-override">${v.t('review.overriddenBy', { user: r.by })}</span> → ${outcomeBadge(v, r.outcome)}`;
}

export function verdictBadge(v: View, verdict: string | null, suspected: boolean): Html {
  if (!verdict) return h`<span class="muted">${v.t('dash')}</span>`;
  return h`<span class="badge verdict-${verdict}">${v.label('verdict', verdict)}</span>${suspected ? h` <small class="warn">(${v.t('verdict.suspected')})</small>` : ''}`;
}

function cards(v: View, a: ExportAgency, reviewed: AgencyScore): Html {
  return h`<dl class="cards">
<div><dt>${v.t('agency.rank')}</dt><dd class="big">${a.rank === null ? v.t('dash') : v.num(a.rank, 0)}</dd></div>
<div><dt>${v.t('agency.observed')}</dt><dd class="big">${v.num(a.score)}</dd></div>
<div><dt>${v.t('agency.reviewed')}</dt><dd class="big reviewed" data-testid="agency-reviewed">${v.num(reviewed.score)}</dd></div>
<div><dt>${v.t('agency.coverage')}</dt><dd>${v.pct(a.coverage)}${a.lowCoverage ? h` <small class="muted">${v.t('national.lowCoverage')}</small>` : ''}</dd></div>
<div><dt>${v.t('agency.declared')}</dt><dd>${v.num(a.declaredScore)}</dd></div>
<div><dt>${v.t('agency.gap')}</dt><dd>${v.signed(a.gap)}</dd></div>
<div><dt>${v.t('agency.verification')}</dt><dd>${v.pct(a.verificationRate)}</dd></div>
<div><dt>${v.t('agency.pages')}</dt><dd>${v.num(a.pagesCrawled, 0)}</dd></div>
</dl>`;
}

function pillars(v: View, a: ExportAgency, reviewed: AgencyScore): Html {
  const rows = v.model.pillars.map((p) => h`<tr><td>${p.title[v.lang]}</td><td class="num">${v.num(p.weight, 2)}</td>
<td class="num">${v.num(a.pillars[p.id] ?? null)}</td><td class="num">${v.num(reviewed.pillars[p.id] ?? null)}</td></tr>`);
  return h`<table class="data"><thead><tr><th>${v.t('agency.pillar')}</th><th>${v.t('agency.weight')}</th><th>${v.t('agency.observedCol')}</th><th>${v.t('agency.reviewedCol')}</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

function indicatorRow(v: View, input: AgencyInput, i: ExportIndicator): Html {
  const fid = input.findingIds.get(`${input.agency.id}\n${i.id}`);
  const rs = reviewedOf(i);
  const reviewedVerdict = i.declared !== null && i.review?.action === 'override' ? verdictOf(i.declared, rs) : null;
  return h`<tr id="ind-${i.id}">
<td>${fid ? h`<a href="/findings/${fid}">${v.indicatorTitle(i.id)}</a>` : v.indicatorTitle(i.id)}<br><code class="id" dir="ltr">${i.id}</code></td>
<td>${outcomeBadge(v, i.outcome)}<br><small>${v.message(i.id, i.messageKey, i.data)}</small></td>
<td class="num">${v.share(i.score)}</td>
<td class="num">${i.declared === null ? v.t('dash') : v.pct(i.declared)}</td>
<td>${verdictBadge(v, i.verdict, i.suspected)}${reviewedVerdict && reviewedVerdict !== i.verdict ? h`<br><small>${v.t('agency.reviewedVerdict', { verdict: v.label('verdict', reviewedVerdict) })}</small>` : ''}</td>
<td>${reviewState(v, i)}</td>
<td class="num">${i.review?.action === 'override' ? h`<b class="reviewed">${v.share(rs)}</b>` : v.t('dash')}</td>
</tr>`;
}

function indicators(v: View, input: AgencyInput): Html {
  const groups = v.model.pillars.map((p) => {
    const list = input.agency.indicators.filter((i) => i.pillar === p.id);
    if (!list.length) return h``;
    return h`<tbody><tr class="group"><th colspan="7">${p.title[v.lang]}</th></tr>${list.map((i) => indicatorRow(v, input, i))}</tbody>`;
  });
  return h`<div class="table-wrap"><table class="data indicators"><thead><tr><th>${v.t('agency.indicator')}</th><th>${v.t('agency.outcome')}</th><th>${v.t('agency.scoreCol')}</th>
<th>${v.t('agency.declaredCol')}</th><th>${v.t('agency.verdict')}</th><th>${v.t('agency.review')}</th><th>${v.t('agency.reviewedCol')}</th></tr></thead>${groups}</table></div>`;
}

/** Claims about single services are shown this many to a page: an agency may declare thousands of services. */
export const CLAIMS_PER_PAGE = 200;

export interface ClaimsPage { claims: ExportClaim[]; page: number; pages: number; first: number; total: number }

/** Page `param` (from 1; anything else is the first, past the end the last) of the agency's claims about single services. */
export function claimsPage(a: ExportAgency, param: string | undefined): ClaimsPage {
  const list = a.claims.filter((c) => c.serviceUrl !== null);
  const pages = Math.max(1, Math.ceil(list.length / CLAIMS_PER_PAGE));
  const asked = Number(param);
  const page = Number.isInteger(asked) && asked >= 1 ? Math.min(asked, pages) : 1;
  const first = (page - 1) * CLAIMS_PER_PAGE;
  return { claims: list.slice(first, first + CLAIMS_PER_PAGE), page, pages, first: first + 1, total: list.length };
}

function claimsPager(v: View, input: AgencyInput): Html {
  const { page, pages } = input.claims;
  if (pages === 1) return h``;
  const link = (n: number, label: string, rel: string) => h`<a rel="${rel}" href="/runs/${input.runId}/agencies/${encodeURIComponent(input.agency.id)}?claims=${n}#claims">${label}</a>`;
  const count = v.num(CLAIMS_PER_PAGE, 0);
  return h`<nav class="pager" aria-label="${v.t('agency.claimsPage')}">${page > 1 ? link(page - 1, v.t('agency.claimsPrev', { count }), 'prev') : ''}
${page < pages ? link(page + 1, v.t('agency.claimsNext', { count }), 'next') : ''}</nav>`;
}

function claims(v: View, input: AgencyInput): Html {
  const { claims: list, first, total } = input.claims;
  if (!list.length) return h``;
  const rows = list.map((c) => h`<tr><td>${v.indicatorTitle(c.indicator)}</td><td>${externalLink(c.serviceUrl!)}</td><td>${c.declaredRaw}</td>
<td class="num">${v.share(c.observed)}</td><td>${verdictBadge(v, c.verdict, c.suspected)}</td><td class="num">${v.num(c.row, 0)}</td></tr>`);
  const range = v.t('agency.claimsRange', { first: v.num(first, 0), last: v.num(first + list.length - 1, 0), total: v.num(total, 0) });
  return h`<section id="claims"><h2>${v.t('agency.claims')}</h2><p class="sub" data-testid="claims-range">${range}</p>${claimsPager(v, input)}
<div class="table-wrap"><table class="data"><thead><tr><th>${v.t('agency.indicator')}</th><th>${v.t('agency.service')}</th>
<th>${v.t('agency.declaredCol')}</th><th>${v.t('agency.observedCol')}</th><th>${v.t('agency.verdict')}</th><th>${v.t('agency.row')}</th></tr></thead><tbody>${rows}</tbody></table></div>
${claimsPager(v, input)}</section>`;
}

function trend(v: View, input: AgencyInput): Html {
  const rows = input.trend.map((p) => h`<tr${p.runId === input.runId ? h` class="chosen"` : ''}><td><a href="/runs/${p.runId}/agencies/${encodeURIComponent(input.agency.id)}">${v.num(p.runId, 0)}</a></td>
<td>${v.date(p.asOf)}</td><td class="num">${v.num(p.observed)}</td><td class="num">${v.num(p.reviewed)}</td></tr>`);
  return h`<section><h2>${v.t('agency.trend')}</h2><div class="charts">
${input.trend.length ? trendChart(v, 'chart-trend', v.t('chart.trend'), input.trend) : h`<p class="empty">${v.t('chart.none')}</p>`}
<table class="data compact"><thead><tr><th>${v.t('agency.run')}</th><th>${v.t('runs.jalali')}</th><th>${v.t('agency.observedCol')}</th><th>${v.t('agency.reviewedCol')}</th></tr></thead><tbody>${rows}</tbody></table>
</div></section>`;
}

export function agencyPage(v: View, input: AgencyInput): Html {
  const a = input.agency;
  const other = v.lang === 'fa' ? 'en' : 'fa';
  const body = h`<p class="sub"><bdi lang="${other}">${a.name[other]}</bdi>${v.t('sep')}<code dir="ltr">${a.id}</code>${v.t('sep')}${externalLink(a.homepage)}</p>
${a.blocked ? h`<p class="alert blocked">${v.t('agency.blocked', { reason: v.t(`blocked.${a.blocked.kind}`), detail: a.blocked.detail })}</p>`
  : a.error ? h`<p class="alert">${v.t('agency.error', { error: a.error })}</p>` : ''}
${cards(v, a, input.reviewed)}
<section><h2>${v.t('agency.pillars')}</h2>${pillars(v, a, input.reviewed)}</section>
${trend(v, input)}
<section><h2>${v.t('agency.indicators')}</h2>${indicators(v, input)}</section>
${claims(v, input)}`;
  return layout(v, a.name[v.lang], body, [
    { href: '/', label: v.t('nav.runs') },
    { href: `/runs/${input.runId}`, label: v.t('national.crumb', { id: v.num(input.runId, 0) }) },
    { label: a.name[v.lang] },
  ]);
}
