// The smaller pages: sign-in, errors, an HTML snapshot, accounts, and the
// changes between two runs.
import type { UiKey } from '../../i18n/ui.ts';
import type { CompareDoc } from '../../report/compare.ts';
import { ROLES, type User } from '../../store/users.ts';
import { MIN_PASSWORD_LENGTH } from '../auth/password.ts';
import type { RunSummary } from '../data.ts';
import { outcomeBadge } from './agency.ts';
import { externalLink, h, type Html } from './html.ts';
import { layout } from './layout.ts';
import type { View } from './view.ts';

export interface LoginInput { csrf: string; next: string; error: UiKey | null; errorParams?: Record<string, unknown>; username: string; noUsers: boolean }

export function loginPage(v: View, input: LoginInput): Html {
  const body = h`${input.noUsers ? h`<p class="alert">${v.t('login.noUsers')} <code dir="ltr">portal-audit users add NAME --role admin</code></p>` : ''}
${input.error ? h`<p class="alert" role="alert">${v.t(input.error, input.errorParams)}</p>` : ''}
<form method="post" action="/login" class="login">
<input type="hidden" name="_csrf" value="${input.csrf}">
<input type="hidden" name="next" value="${input.next}">
<label>${v.t('login.username')} <input name="username" autocomplete="username" dir="ltr" required maxlength="64" value="${input.username}"></label>
<label>${v.t('login.password')} <input name="password" type="password" autocomplete="current-password" dir="ltr" required maxlength="1024"></label>
<button type="submit">${v.t('login.submit')}</button>
</form>`;
  return layout(v, v.t('login.title'), body);
}

export function errorPage(v: View, title: UiKey, message: string): Html {
  return layout(v, v.t(title), h`<p class="alert">${message}</p><p><a href="/">${v.t('error.back')}</a></p>`);
}

export function snapshotPage(v: View, sha: string, url: string | null, source: string): Html {
  const body = h`<p>${url ? externalLink(url) : ''}${v.t('sep')}<code class="sha" dir="ltr">${sha}</code></p>
<p class="note">${v.t('snapshot.note')}</p>
<h2>${v.t('snapshot.rendered')}</h2>
<iframe class="snapshot" sandbox="" src="/blobs/${sha}/frame" title="${v.t('snapshot.rendered')}" referrerpolicy="no-referrer"></iframe>
<h2>${v.t('snapshot.source')}</h2>
<pre class="crawled source" dir="ltr">${source}</pre>`;
  return layout(v, v.t('snapshot.title'), body, [{ href: '/', label: v.t('nav.runs') }, { label: v.t('snapshot.title') }]);
}

export interface UsersInput { users: User[]; notice: string | null; error: string | null }

export function usersPage(v: View, input: UsersInput): Html {
  const me = v.user!;
  const csrf = me.csrfToken;
  const rows = input.users.map((u) => h`<tr><td dir="ltr">${u.username}${u.username === me.username ? h` <small class="muted">(${v.t('users.you')})</small>` : ''}</td>
<td>${v.label('role', u.role)}</td><td>${v.dateTime(u.createdAt)}</td>
<td>${u.username === me.username ? '' : h`<form method="post" action="/users/${encodeURIComponent(u.username)}/remove" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" class="danger">${v.t('users.remove')}</button></form>`}</td></tr>`);
  const roles = ROLES.map((r) => h`<option value="${r}"${r === 'evaluator' ? ' selected' : ''}>${v.label('role', r)}</option>`);
  const body = h`${input.notice ? h`<p class="notice" role="status">${input.notice}</p>` : ''}
${input.error ? h`<p class="alert" role="alert">${input.error}</p>` : ''}
<table class="data"><thead><tr><th>${v.t('users.username')}</th><th>${v.t('users.role')}</th><th>${v.t('users.created')}</th><th></th></tr></thead><tbody>${rows}</tbody></table>
<h2>${v.t('users.add')}</h2>
<form method="post" action="/users" class="login">
<input type="hidden" name="_csrf" value="${csrf}">
<label>${v.t('users.username')} <input name="username" dir="ltr" required maxlength="64" autocomplete="off"></label>
<label>${v.t('users.role')} <select name="role">${roles}</select></label>
<label>${v.t('users.password', { min: v.num(MIN_PASSWORD_LENGTH, 0) })} <input name="password" type="password" dir="ltr" required minlength="${MIN_PASSWORD_LENGTH}" autocomplete="new-password"></label>
<button type="submit">${v.t('users.submit')}</button>
</form>
<p class="note">${v.t('users.roles')}</p>
<p class="note">${v.t('users.cli')} <code dir="ltr">portal-audit users add NAME --role evaluator</code></p>`;
  return layout(v, v.t('users.title'), body, [{ href: '/', label: v.t('nav.runs') }, { label: v.t('users.title') }]);
}

export interface CompareInput { runs: RunSummary[]; from: number | null; to: number | null; doc: CompareDoc | null; findingIds: Map<string, number> }

function runSelect(v: View, name: string, runs: RunSummary[], chosen: number | null): Html {
  return h`<select name="${name}">${runs.map((r) => h`<option value="${r.id}"${r.id === chosen ? ' selected' : ''}>${v.t('compare.runOption', { id: v.num(r.id, 0), date: v.date(r.asOf) })}</option>`)}</select>`;
}

function state(v: View, s: { outcome: string; score: number | null } | null): Html {
  return s ? h`${outcomeBadge(v, s.outcome)} ${v.share(s.score)}` : h`<span class="muted">${v.t('dash')}</span>`;
}

export function comparePage(v: View, input: CompareInput): Html {
  const form = h`<form method="get" class="filters">
<label>${v.t('compare.from')} ${runSelect(v, 'from', input.runs, input.from)}</label>
<label>${v.t('compare.to')} ${runSelect(v, 'to', input.runs, input.to)}</label>
<button type="submit">${v.t('compare.show')}</button></form>`;
  const doc = input.doc;
  let result: Html;
  if (!doc) result = h`<p class="empty">${v.t('compare.needTwo')}</p>`;
  else if (!doc.agencies.length) result = h`<p class="empty">${v.t('compare.none')}</p>`;
  else {
    result = h`${doc.agencies.map((a) => h`<section class="compare-agency"><h2><a href="/runs/${doc.to.id}/agencies/${encodeURIComponent(a.id)}">${a.name[v.lang]}</a></h2>
<p>${v.t('compare.score', { before: v.num(a.scoreBefore), after: v.num(a.scoreAfter), delta: v.signed(a.delta) })}</p>
${a.changes.length ? h`<table class="data compact"><thead><tr><th>${v.t('compare.indicator')}</th><th>${v.t('compare.direction')}</th><th>${v.t('compare.before')}</th><th>${v.t('compare.after')}</th></tr></thead><tbody>
${a.changes.map((c) => {
    const fid = input.findingIds.get(`${a.id}\n${c.id}`);
    return h`<tr><td>${fid ? h`<a href="/findings/${fid}">${v.indicatorTitle(c.id)}</a>` : v.indicatorTitle(c.id)}</td><td><span class="badge direction-${c.direction}">${v.label('direction', c.direction)}</span></td><td>${state(v, c.before)}</td><td>${state(v, c.after)}</td></tr>`;
  })}</tbody></table>` : ''}</section>`)}`;
  }
  return layout(v, v.t('compare.title'), h`${form}${result}`, [{ href: '/', label: v.t('nav.runs') }, { label: v.t('compare.title') }]);
}
