// The council's tables as one self-contained HTML file: inline CSS, no
// scripts, no external resources, so it opens offline and prints. Persian
// (RTL, Persian digits, Jalali dates) by default; English with lang = 'en'.
// Every string that comes from the database is escaped.
import type { Model } from '../../rules/catalog.ts';
import type { Lang } from '../i18n/messages.ts';
import { tr, type ReportKey } from '../i18n/report.ts';
import { formatters, type Formatters } from './format.ts';
import type { ExportDoc } from './json.ts';
import { councilTables, type AgencyRef, type CouncilTables } from './tables.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

interface View extends Formatters {
  lang: Lang;
  model: Model;
  t: (key: ReportKey, params?: Record<string, unknown>) => string;
}

function view(lang: Lang, model: Model): View {
  return { ...formatters(lang, tr(lang, 'dash')), lang, model, t: (key, params) => tr(lang, key, params) };
}

const code = (text: string) => `<bdi dir="ltr"><code>${escapeHtml(text)}</code></bdi>`;

function agencyCell(v: View, a: AgencyRef): string {
  return `<bdi>${escapeHtml(a.name[v.lang])}</bdi> <small>${code(a.id)}</small>`;
}

function agencyList(v: View, list: AgencyRef[] | null): string {
  if (list === null) return v.t('dash');
  return list.map((a) => `<bdi>${escapeHtml(a.name[v.lang])}</bdi>`).join(v.sep);
}

function table(head: string[], rows: string[][], cls = ''): string {
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function meta(v: View, doc: ExportDoc): string {
  const items: Array<[ReportKey, string]> = [
    ['meta.run', v.num(doc.run.id, 0)],
    ['meta.asOf', v.date(doc.run.asOf)],
    ['meta.model', code(doc.run.model)],
    ['meta.round', doc.declarations ? `${code(doc.declarations.round)} (${v.date(doc.declarations.importedAt)})` : v.t('meta.noRound')],
  ];
  return `<dl class="meta">${items.map(([k, val]) => `<div><dt>${v.t(k)}</dt><dd>${val}</dd></div>`).join('')}</dl>`;
}

function national(v: View, t: CouncilTables): string {
  return `<section><h2>${v.t('national.title')}</h2><p class="national">${v.num(t.national.score, 2)}</p>` +
    `<p>${v.t('national.note', { scored: v.num(t.national.scored, 0), agencies: v.num(t.national.agencies, 0) })}</p></section>`;
}

function ranking(v: View, t: CouncilTables): string {
  const head = [v.t('ranking.rank'), v.t('ranking.agency'), v.t('ranking.score'), v.t('ranking.coverage'),
    ...v.model.pillars.map((p) => escapeHtml(p.title[v.lang])), v.t('ranking.declared'), v.t('ranking.gap')];
  const rows = t.ranking.map((a) => {
    const status = a.blocked ? `<br><small class="warn">${v.t('ranking.blocked', { reason: v.t(`blocked.${a.blocked.kind}`), detail: escapeHtml(a.blocked.detail) })}</small>`
      : a.error ? `<br><small class="warn">${v.t('ranking.error', { error: escapeHtml(a.error) })}</small>`
      : a.lowCoverage ? `<br><small class="warn">${v.t('ranking.lowCoverage')}</small>` : '';
    return [a.rank === null ? v.t('dash') : v.num(a.rank, 0), agencyCell(v, a) + status, `<b>${v.num(a.score)}</b>`, v.pct(a.coverage),
      ...v.model.pillars.map((p) => v.num(a.pillars[p.id] ?? null)), v.num(a.declaredScore), v.signed(a.gap)];
  });
  return `<section><h2>${v.t('ranking.title')}</h2>${table(head, rows, 'numbers')}</section>`;
}

function pillars(v: View, t: CouncilTables): string {
  const rows = t.pillarWinners.map((w) => [
    escapeHtml(v.model.pillars.find((p) => p.id === w.pillar)!.title[v.lang]),
    w.agencies.length ? w.agencies.map((a) => agencyCell(v, a)).join('<br>') : v.t('pillars.none'),
    v.num(w.score),
  ]);
  return `<section><h2>${v.t('pillars.title')}</h2>${table([v.t('pillars.pillar'), v.t('pillars.best'), v.t('pillars.score')], rows)}</section>`;
}

function buckets(v: View, t: CouncilTables): string {
  const count = (list: AgencyRef[] | null) => (list === null ? v.t('dash') : `<b>${v.num(list.length, 0)}</b> <small>${agencyList(v, list)}</small>`);
  const rows = t.buckets.map((b) => [v.t(`buckets.${b.bucket}`), count(b.declared), count(b.observed)]);
  rows.push([v.t('buckets.undeclared'), count(t.undeclared), v.t('dash')]);
  return `<section><h2>${v.t('buckets.title')}</h2>${table([v.t('buckets.bucket'), v.t('buckets.declared'), v.t('buckets.observed')], rows)}` +
    `<p class="note">${v.t('buckets.note')}</p></section>`;
}

function gaps(v: View, t: CouncilTables): string {
  const head = [v.t('gaps.agency'), v.t('gaps.declared'), v.t('gaps.observed'), v.t('gaps.gap'), v.t('gaps.rate'), v.t('gaps.overClaims')];
  const rows = t.gaps.map((g) => [agencyCell(v, g.agency), v.num(g.declaredScore), v.num(g.observedScore), `<b>${v.signed(g.gap)}</b>`, v.pct(g.verificationRate),
    g.overClaimed.map((o) => code(o.indicator) + (o.suspected ? ` <small class="warn">(${v.t('gaps.suspected')})</small>` : '')).join('<br>') || v.t('dash')]);
  const body = rows.length ? table(head, rows, 'numbers') : `<p>${v.t('gaps.none')}</p>`;
  return `<section><h2>${v.t('gaps.title')}</h2>${body}<p class="note">${v.t('gaps.note')}</p></section>`;
}

function notes(v: View, doc: ExportDoc): string {
  const weights = v.model.pillars.map((p) => `${escapeHtml(p.title[v.lang])} ${v.num(p.weight, 2)}`).join(v.sep);
  return `<section><h2>${v.t('notes.title')}</h2><p class="note">${v.t('notes.scores', { weights })}</p>` +
    `<p class="note">${v.t('meta.manifest')}: ${code(doc.run.manifestSha256 ?? v.t('dash'))}</p></section>`;
}

const CSS = `
body{font-family:Vazirmatn,"Noto Sans Arabic",Tahoma,"Segoe UI",Arial,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24;line-height:1.6}
h1{font-size:1.6rem;margin:0}h2{font-size:1.2rem;border-bottom:2px solid #1f6f8b;padding-bottom:.2rem;margin-top:2rem}
.sub{color:#555;margin-top:.2rem}.meta{display:flex;flex-wrap:wrap;gap:.5rem 2rem;margin:1rem 0}.meta dt{font-size:.8rem;color:#666}.meta dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:start;vertical-align:top}
th{background:#eef4f7}tbody tr:nth-child(even){background:#f8fafb}.numbers td{font-variant-numeric:tabular-nums}
.national{font-size:2.6rem;font-weight:bold;margin:.2rem 0;color:#1f6f8b}.note{font-size:.85rem;color:#555}.warn{color:#a4461a}
code{font-size:.85em;background:#f1f3f5;padding:0 .2em;border-radius:3px}small{color:#555}
@media print{body{margin:0;max-width:none}section{break-inside:avoid}}
`;

/** `css` is added after the report's own style (the PDF adds its font, page size and running header). */
export function renderHtml(doc: ExportDoc, model: Model, lang: Lang, extra: { css?: string } = {}): string {
  const v = view(lang, model);
  const t = councilTables(doc, model);
  return `<!doctype html>
<html lang="${lang}" dir="${lang === 'fa' ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${v.t('title')}</title>
<style>${CSS}${extra.css ?? ''}</style>
</head>
<body>
<header><h1>${v.t('title')}</h1><p class="sub">${v.t('subtitle')}</p>${meta(v, doc)}</header>
<main>
${national(v, t)}
${ranking(v, t)}
${pillars(v, t)}
${buckets(v, t)}
${gaps(v, t)}
${notes(v, doc)}
</main>
</body>
</html>
`;
}
