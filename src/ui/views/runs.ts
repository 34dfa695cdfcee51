// Page 1: every run, newest first.
import type { RunSummary } from '../data.ts';
import { h, type Html } from './html.ts';
import { layout } from './layout.ts';
import type { View } from './view.ts';

export interface RunRow extends RunSummary {
  /** The national score with overrides applied, when any finding of the run was overridden. */
  reviewed: number | null;
  /** The completed run before this one, for "what changed". */
  previous: number | null;
}

function row(v: View, r: RunRow): Html {
  const open = r.agencies > 0;
  return h`<tr>
<td>${open ? h`<a href="/runs/${r.id}">${v.num(r.id, 0)}</a>` : v.num(r.id, 0)}</td>
<td>${v.date(r.asOf)}</td>
<td><span dir="ltr">${v.gregorian(r.asOf)}</span></td>
<td>${v.dateTime(r.startedAt)}</td>
<td><span class="status status-${r.status}">${v.label('status', r.status)}</span></td>
<td><code dir="ltr">${r.model}</code></td>
<td class="num"><b>${v.num(r.national)}</b></td>
<td class="num">${r.reviewed === r.national ? v.t('dash') : v.num(r.reviewed)}</td>
<td class="num">${v.num(r.agencies, 0)}</td>
<td>${r.previous !== null ? h`<a href="/compare?from=${r.previous}&amp;to=${r.id}">${v.t('runs.changes')}</a>` : ''}</td>
</tr>`;
}

export function runsPage(v: View, runs: RunRow[]): Html {
  const body = runs.length === 0
    ? h`<p class="empty">${v.t('runs.none')} <code dir="ltr">portal-audit audit --agencies data/agencies.json</code></p>`
    : h`<div class="table-wrap"><table class="data">
<thead><tr><th>${v.t('runs.id')}</th><th>${v.t('runs.jalali')}</th><th>${v.t('runs.gregorian')}</th><th>${v.t('runs.started')}</th>
<th>${v.t('runs.status')}</th><th>${v.t('runs.model')}</th><th>${v.t('runs.national')}</th><th>${v.t('runs.reviewed')}</th><th>${v.t('runs.agencies')}</th><th></th></tr></thead>
<tbody>${runs.map((r) => row(v, r))}</tbody></table></div>
<p class="note">${v.t('runs.note')}</p>`;
  return layout(v, v.t('runs.title'), body);
}
