// Request plumbing shared by the routes: security headers on every response,
// the host guard, language, session, sign-in and CSRF checks, and rendering.
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Lang } from '../i18n/messages.ts';
import type { UiKey } from '../i18n/ui.ts';
import { sessionUser, touchSession, type Role, type SessionUser } from '../store/users.ts';
import { tokenHash, tokensMatch } from './auth/tokens.ts';
import { isLoopback, type UiContext } from './context.ts';
import type { Html } from './views/html.ts';
import { errorPage } from './views/pages.ts';
import { makeView, type View } from './views/view.ts';

export type Env = {
  Bindings: { incoming?: IncomingMessage };
  Variables: { lang: Lang; user: SessionUser | null; sessionHash: string | null };
};
export type Ctx = Context<Env>;

export const SESSION_COOKIE = 'pa_session';
export const LOGIN_CSRF_COOKIE = 'pa_login_csrf';
export const LANG_COOKIE = 'pa_lang';
export const SESSION_IDLE_MS = 2 * 60 * 60_000;
export const SESSION_MAX_MS = 12 * 60 * 60_000;

/** Pages: nothing but our own stylesheet, images, font and frames; no scripts at all. */
export const PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/** A stored page shown in a frame: sandboxed (no scripts, forms or same origin) and unable to fetch anything. */
export const SNAPSHOT_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

export function securityHeaders(): MiddlewareHandler<Env> {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    if (!h.has('content-security-policy')) h.set('content-security-policy', PAGE_CSP);
    if (!h.has('x-frame-options')) h.set('x-frame-options', 'DENY');
    if (!h.has('cache-control')) h.set('cache-control', 'no-store');
    h.set('x-content-type-options', 'nosniff');
    // Not no-referrer: under it Chromium sends "Origin: null" with our own forms.
    h.set('referrer-policy', 'same-origin');
    h.set('cross-origin-opener-policy', 'same-origin');
    h.set('cross-origin-resource-policy', 'same-origin');
  };
}

/** Bound to loopback, answer only requests addressed to loopback: a rebound DNS name is refused. */
export function hostGuard(ctx: UiContext): MiddlewareHandler<Env> {
  return async (c, next) => {
    if (ctx.loopbackOnly) {
      const host = c.req.header('host') ?? '';
      const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
      if (!isLoopback(name.toLowerCase())) return c.text('Misdirected request: this server answers only on a loopback address.', 421);
    }
    await next();
  };
}

function secureRequest(c: Ctx): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

export function cookieOptions(c: Ctx, maxAgeSeconds?: number) {
  return { path: '/', httpOnly: true, sameSite: 'Strict' as const, secure: secureRequest(c), ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}) };
}

/** Persian by default; ?lang=en|fa switches and is remembered in a cookie. */
export function language(): MiddlewareHandler<Env> {
  return async (c, next) => {
    const asked = c.req.query('lang');
    const lang: Lang = asked === 'en' || asked === 'fa' ? asked : getCookie(c, LANG_COOKIE) === 'en' ? 'en' : 'fa';
    if (asked === 'en' || asked === 'fa') setCookie(c, LANG_COOKIE, asked, cookieOptions(c, 365 * 86_400));
    c.set('lang', lang);
    await next();
  };
}

export function session(ctx: UiContext): MiddlewareHandler<Env> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const hash = token ? tokenHash(token) : null;
    const now = ctx.now();
    const user = hash ? sessionUser(ctx.db, hash, now) : null;
    if (hash && !user) deleteCookie(c, SESSION_COOKIE, { path: '/' });
    if (hash && user && now.getTime() - Date.parse(user.lastSeenAt) > 60_000) {
      // Sliding idle timeout, within the session's absolute lifetime; written at most once a minute.
      touchSession(ctx.db, hash, now, sessionExpiry(now, new Date(user.sessionCreatedAt)));
    }
    c.set('user', user);
    c.set('sessionHash', user ? hash : null);
    await next();
  };
}

export function sessionExpiry(now: Date, createdAt: Date): Date {
  return new Date(Math.min(now.getTime() + SESSION_IDLE_MS, createdAt.getTime() + SESSION_MAX_MS));
}

export function viewFor(ctx: UiContext, c: Ctx, getPath?: string): View {
  const lang = c.get('lang') ?? 'fa';
  const url = new URL(c.req.url);
  const target = new URL(getPath ?? `${url.pathname}${url.search}`, url);
  target.searchParams.set('lang', lang === 'fa' ? 'en' : 'fa');
  return makeView({ lang, user: c.get('user') ?? null, langHref: `${target.pathname}${target.search}`, model: ctx.model, rules: ctx.rules, timeZone: ctx.timeZone });
}

export function page(c: Ctx, body: Html, status: 200 | 400 | 401 | 403 | 404 | 422 | 429 = 200): Response {
  return c.html(body, status);
}

export function fail(ctx: UiContext, c: Ctx, status: 400 | 403 | 404, title: UiKey, message: UiKey, params?: Record<string, unknown>): Response {
  const v = viewFor(ctx, c, '/');
  return page(c, errorPage(v, title, v.t(message, params)), status);
}

/** Pages need a signed-in user: a GET is sent to sign in, anything else is refused. */
export function requireLogin(ctx: UiContext): MiddlewareHandler<Env> {
  return async (c, next) => {
    if (c.get('user')) return next();
    if (c.req.method === 'GET' || c.req.method === 'HEAD') {
      const url = new URL(c.req.url);
      return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    }
    return fail(ctx, c, 403, 'error.forbidden', 'error.signIn');
  };
}

/** A cross-origin form post is refused even before its token is read; a request without Origin relies on the token. */
export function sameOrigin(c: Ctx): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === c.req.header('host');
  } catch {
    return false;
  }
}

/** Every state-changing request carries the session's CSRF token in its form. */
export function csrfGuard(ctx: UiContext): MiddlewareHandler<Env> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const body = await c.req.parseBody().catch(() => ({} as Record<string, unknown>));
    if (!sameOrigin(c) || !tokensMatch(c.get('user')?.csrfToken, body._csrf)) return fail(ctx, c, 403, 'error.forbidden', 'error.csrf');
    return next();
  };
}

const RANK: Record<Role, number> = { viewer: 0, evaluator: 1, admin: 2 };

/** Roles are ordered: an admin may do what an evaluator may, an evaluator what a viewer may. */
export function hasRole(user: SessionUser | null, role: Role): boolean {
  return !!user && RANK[user.role] >= RANK[role];
}

export function forbidRole(ctx: UiContext, c: Ctx, role: Role): Response {
  const user = c.get('user')!;
  return fail(ctx, c, 403, 'error.forbidden', 'error.role', { role: viewFor(ctx, c).label('role', user.role), needed: viewFor(ctx, c).label('role', role) });
}

export function clientIp(c: Ctx): string {
  return c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

export function formBody(c: Ctx): Promise<Record<string, string>> {
  return c.req.parseBody().then((b) => Object.fromEntries(Object.entries(b).filter(([, v]) => typeof v === 'string')) as Record<string, string>);
}

/** A route id that must be a positive whole number. */
export function idParam(value: string | undefined): number | null {
  return value && /^[1-9]\d{0,15}$/.test(value) ? Number(value) : null;
}
