// The page frame: language and direction, navigation, the signed-in user,
// the language switch, and the one stylesheet. No scripts anywhere.
import { h, type Html } from './html.ts';
import type { View } from './view.ts';

export interface Crumb { href?: string; label: string }

function nav(v: View): Html {
  const u = v.user;
  if (!u) return h``;
  return h`<nav class="main-nav" aria-label="${v.t('nav.label')}">
  <a href="/">${v.t('nav.runs')}</a>
  <a href="/compare">${v.t('nav.compare')}</a>
  ${u.role === 'admin' ? h`<a href="/users">${v.t('nav.users')}</a>` : ''}
</nav>
<div class="who">
  <span>${v.t('nav.signedIn', { user: u.username, role: v.t(`role.${u.role}`) })}</span>
  <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${u.csrfToken}"><button type="submit" class="link">${v.t('nav.logout')}</button></form>
</div>`;
}

function crumbs(list: Crumb[]): Html {
  if (!list.length) return h``;
  return h`<nav class="crumbs" aria-label="breadcrumb"><ol>${list.map((c) => (c.href ? h`<li><a href="${c.href}">${c.label}</a></li>` : h`<li aria-current="page">${c.label}</li>`))}</ol></nav>`;
}

export function layout(v: View, title: string, body: Html, trail: Crumb[] = []): Html {
  const other = v.lang === 'fa' ? 'en' : 'fa';
  return h`<!doctype html>
<html lang="${v.lang}" dir="${v.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${title}${v.t('sep')}${v.t('app.title')}</title>
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<header class="top">
  <a class="brand" href="/">${v.t('app.title')}</a>
  ${nav(v)}
  <a class="lang" href="${v.langHref}" lang="${other}" hreflang="${other}">${v.t('nav.otherLanguage')}</a>
</header>
<main>
${crumbs(trail)}
<h1>${title}</h1>
${body}
</main>
</body>
</html>`;
}
