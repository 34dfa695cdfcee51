// A portal on ASP.NET WebForms whose only navigation is LinkButtons
// (`javascript:__doPostBack('ctl00$mnuMain$lnkContact','')`): every view is
// answered at /Default.aspx to a POST of the page-wide form. The crawl posts
// each navigating LinkButton with the view state of the page it was found on
// (the server refuses any other, as WebForms' event validation does), and never
// posts one that acts: a logout, or the search box's own button. A postback the
// server refuses is left unread, not counted as a broken link. A second
// portal ties its view state to the session its cookie names (WebForms'
// ViewStateUserKey): the crawl keeps the portal's cookies, so its postbacks hold.
import Database from 'better-sqlite3';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type TestServer } from '../support/servers.ts';
import { auditServed } from '../support/served-audit.ts';

const link = (target: string, text: string, argument = '') => `<a id="${target.replace(/\$/g, '_')}" href="javascript:__doPostBack(&#39;${target}&#39;,&#39;${argument}&#39;)">${text}</a>`;

const MENU = `<table id="ctl00_mnuMain"><tr>
<td>${link('ctl00$mnuMain$lnkHome', 'صفحه اصلی')}</td><td>${link('ctl00$mnuMain$lnkServices', 'فهرست خدمات')}</td>
<td>${link('ctl00$mnuMain$lnkFaq', 'پرسش‌های متداول')}</td><td>${link('ctl00$mnuMain$lnkContact', 'تماس با ما')}</td>
<td>${link('ctl00$ucHeader$lnkLogout', 'خروج')}</td><td>${link('ctl00$mnuMain$lnkArchive', 'آرشیو اسناد')}</td></tr></table>
<div class="search"><input name="ctl00$ucHeader$txtSearch" type="text" value=""> ${link('ctl00$ucHeader$lnkGo', 'جستجو')}</div>`;

const SERVICES = ['صدور مجوز اجاره موقوفات', 'استعلام وضعیت موقوفه', 'ثبت وقف جدید'];

/** Each view: its body, and the controls on it a postback may name (event validation). */
const VIEWS: Record<string, { title: string; body: string }> = {
  home: { title: 'اداره کل اوقاف', body: '<h1>اداره کل اوقاف و امور خیریه</h1><p>مراسم بزرگداشت واقفان در تالار اداره برگزار شد.</p>' },
  services: {
    title: 'فهرست خدمات',
    body: `<h1>فهرست خدمات</h1><table id="ctl00_cphMain_gvServices">${SERVICES.map((s, i) => `<tr><td>${link(`ctl00$cphMain$gvServices$ctl0${i + 2}$lnkTitle`, s)}</td></tr>`).join('')}
<tr class="pager"><td>${link('ctl00$cphMain$gvServices', 'مرتب‌سازی', 'Sort$Title')}</td></tr></table>`,
  },
  faq: {
    title: 'پرسش‌های متداول',
    body: `<h1>پرسش‌های متداول</h1>${[['اجاره‌نامه موقوفه را چگونه تمدید کنم؟', 'با مدارک هویتی و اجاره‌نامه قبلی به واحد امور موقوفات مراجعه کنید؛ تمدید ظرف یک هفته انجام می‌شود.'],
      ['وقف جدید چگونه ثبت می‌شود؟', 'واقف با سند مالکیت به اداره اوقاف شهرستان مراجعه می‌کند و وقف‌نامه در دفترخانه تنظیم می‌شود.'],
      ['اجاره‌بها را از کجا بپردازم؟', 'از درگاه پرداخت اینترنتی یا شعب بانک ملی با شناسه پرداخت مندرج در اجاره‌نامه.']].map(([q, a]) => `<h3>${q}</h3><p>${a}</p>`).join('')}`,
  },
  contact: { title: 'تماس با ما', body: '<h1>تماس با ما</h1><p>نشانی: همدان، میدان امام، خیابان اکباتان، اداره کل اوقاف و امور خیریه</p><p>تلفن: ۰۸۱-۳۲۵۲۰۰۰۰</p><p>کد پستی: ۶۵۱۳۸۱۳۱۱۱</p>' },
  ...Object.fromEntries(SERVICES.map((s, i) => [`service${i}`, { title: s, body: `<h1>${s}</h1><p>شرح خدمت: ${s} برای متقاضیان حقیقی و حقوقی.</p>` }])),
};

/** Which view each control's postback shows. */
const TARGETS: Record<string, string> = {
  'ctl00$mnuMain$lnkHome': 'home', 'ctl00$mnuMain$lnkServices': 'services', 'ctl00$mnuMain$lnkFaq': 'faq', 'ctl00$mnuMain$lnkContact': 'contact',
  ...Object.fromEntries(SERVICES.map((_, i) => [`ctl00$cphMain$gvServices$ctl0${i + 2}$lnkTitle`, `service${i}`])),
};

/** `session`: the view state carries the visitor's session (ViewStateUserKey), so it is valid only with that session's cookie. */
function page(view: string, session = ''): string {
  const v = VIEWS[view];
  return `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>${v.title}</title></head><body>
<form method="post" action="./Default.aspx" id="aspnetForm"><div><input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value=""><input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="VS-${view}${session ? `-${session}` : ''}"></div>
<script>function __doPostBack(t,a){var f=document.forms.aspnetForm;f.__EVENTTARGET.value=t;f.__EVENTARGUMENT.value=a;f.submit();}</script>
${MENU}<div id="content">${v.body}</div></form></body></html>`;
}

let server: TestServer;
let sessionServer: TestServer;
const posted: Array<{ target: string; state: string; ok: boolean }> = [];
let sessions = 0;

function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((ok) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => ok(new URLSearchParams(body)));
  });
}

/** The session a request's cookie names, if it is one this server started. */
function sessionOf(req: IncomingMessage, started: Set<string>): string | null {
  const id = /ASP\.NET_SessionId=(\w+)/.exec(req.headers.cookie ?? '')?.[1];
  return id && started.has(id) ? id : null;
}

async function answer(req: IncomingMessage, res: ServerResponse, started?: Set<string>): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/') {
    res.writeHead(302, { location: '/Default.aspx' }).end();
    return;
  }
  if (path !== '/Default.aspx') {
    res.writeHead(404, { 'content-type': 'text/html' }).end('not found');
    return;
  }
  let session = started ? sessionOf(req, started) : null;
  if (req.method !== 'POST') {
    const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
    if (started && !session) {
      session = `s${++sessions}`;
      started.add(session);
      headers['set-cookie'] = `ASP.NET_SessionId=${session}; path=/; HttpOnly; SameSite=Lax`;
    }
    res.writeHead(200, headers).end(page('home', session ?? ''));
    return;
  }
  const form = await readBody(req);
  const target = form.get('__EVENTTARGET') ?? '';
  const [state, stateSession = ''] = (form.get('__VIEWSTATE') ?? '').replace(/^VS-/, '').split('-');
  // Event validation: the control must be on the view whose state came back; with sessions, the state must be this visitor's.
  const ok = !!VIEWS[state] && page(state).includes(`__doPostBack(&#39;${target}&#39;`) && !!TARGETS[target] && (!started || (!!session && stateSession === session));
  posted.push({ target, state, ok });
  if (!ok) {
    res.writeHead(500, { 'content-type': 'text/html' }).end(started ? 'Validation of viewstate MAC failed.' : 'Invalid postback or callback argument.');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(TARGETS[target], session ?? ''));
}

beforeAll(async () => {
  server = await serve((req, res) => void answer(req, res));
  const started = new Set<string>();
  sessionServer = await serve((req, res) => void answer(req, res, started));
});

afterAll(async () => {
  await server?.close();
  await sessionServer?.close();
});

describe('a WebForms portal navigated by LinkButton postbacks', () => {
  // In browser mode the POST's answer is rendered in a tab; a tab cannot be sent a postback by address.
  it.each([['http-first'], ['browser']])('is crawled (%s) by posting its LinkButtons: the views they show are judged and cited at their postback addresses', async (mode) => {
    posted.length = 0;
    const { code, stderr, db } = await auditServed([{ id: 'owqaf', origin: server.origin }], 'postbacks', ['--fetch', mode]);
    expect(code, stderr).toBe(0);
    const store = new Database(db, { readonly: true });
    const cited = (id: string) => store.prepare(`SELECT f.outcome, e.url FROM findings f JOIN evidence e ON e.finding_id = f.id WHERE f.indicator_id = ? AND e.kind = 'html'`).get(id) as { outcome: string; url: string } | undefined;
    const contact = cited('contact-details');
    const faq = cited('help-faq');
    const urls = (store.prepare(`SELECT url FROM pages ORDER BY id`).all() as Array<{ url: string }>).map((r) => r.url);
    const linkHealth = (store.prepare(`SELECT outcome FROM findings WHERE indicator_id = 'link-health'`).get() as { outcome: string }).outcome;
    store.close();
    expect(contact).toEqual({ outcome: 'pass', url: `${server.origin}/Default.aspx#postback=ctl00$mnuMain$lnkContact` });
    expect(faq).toEqual({ outcome: 'pass', url: `${server.origin}/Default.aspx#postback=ctl00$mnuMain$lnkFaq` });
    // Service rows posted from the services view's own form reach their pages.
    expect(urls).toContain(`${server.origin}/Default.aspx#postback=ctl00$cphMain$gvServices$ctl03$lnkTitle`);
    // Every post carried the state of a page that shows the control; each view is read once (home's link to itself shows home again).
    expect([...new Set(posted.filter((p) => !p.ok).map((p) => p.target))]).toEqual(['ctl00$mnuMain$lnkArchive']);
    // The archive's postback is refused (as a server that ties view state to a session refuses it): no page, and not a broken link.
    expect(urls.filter((u) => u.endsWith('lnkArchive'))).toEqual([]);
    expect(linkHealth).not.toBe('fail');
    expect(urls.filter((u) => u.endsWith('lnkHome'))).toEqual([]);
    // Nothing that acts was posted: the logout, the search box's button, a re-sort of the grid.
    const targets = posted.map((p) => p.target);
    expect(targets).not.toContain('ctl00$ucHeader$lnkLogout');
    expect(targets).not.toContain('ctl00$ucHeader$lnkGo');
    expect(targets).not.toContain('ctl00$cphMain$gvServices');
  }, 120_000);

  it.each([['http-first'], ['browser']])('keeps the portal\'s session (%s): a view state tied to the session cookie is posted with that cookie', async (mode) => {
    posted.length = 0;
    const { code, stderr, db } = await auditServed([{ id: 'owqaf', origin: sessionServer.origin }], 'session-postbacks', ['--fetch', mode]);
    expect(code, stderr).toBe(0);
    const store = new Database(db, { readonly: true });
    const urls = (store.prepare(`SELECT url FROM pages ORDER BY id`).all() as Array<{ url: string }>).map((r) => r.url);
    const contact = store.prepare(`SELECT f.outcome, e.url FROM findings f JOIN evidence e ON e.finding_id = f.id WHERE f.indicator_id = 'contact-details' AND e.kind = 'html'`).get();
    store.close();
    expect(contact).toEqual({ outcome: 'pass', url: `${sessionServer.origin}/Default.aspx#postback=ctl00$mnuMain$lnkContact` });
    expect(urls).toContain(`${sessionServer.origin}/Default.aspx#postback=ctl00$cphMain$gvServices$ctl03$lnkTitle`);
    // Only the archive, which no view shows, is refused.
    expect([...new Set(posted.filter((p) => !p.ok).map((p) => p.target))]).toEqual(['ctl00$mnuMain$lnkArchive']);
  }, 120_000);
});
