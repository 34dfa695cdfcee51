// Sign-in and sign-out. A failed sign-in counts against the address and the
// name tried; at the limit the next attempt is refused (429) without even
// checking the password. Unknown names cost the same time as wrong passwords.
import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { countUsers, deleteSession, findUser, insertSession } from '../../store/users.ts';
import { burnPasswordCheck, verifyPassword } from '../auth/password.ts';
import { randomToken, tokenHash, tokensMatch } from '../auth/tokens.ts';
import type { UiContext } from '../context.ts';
import {
  clientIp, cookieOptions, formBody, LOGIN_CSRF_COOKIE, page, sameOrigin, SESSION_COOKIE, SESSION_MAX_MS, sessionExpiry, viewFor,
  type Ctx, type Env,
} from '../http.ts';
import { loginPage, type LoginInput } from '../views/pages.ts';

// Over-long fields are cut rather than refused: the attempt then simply fails, and counts.
const LoginForm = z.object({
  _csrf: z.string().default(''),
  username: z.string().default('').transform((u) => u.slice(0, 65)),
  password: z.string().default('').transform((p) => p.slice(0, 1025)),
  next: z.string().default('/').transform((n) => (n.length > 2000 ? '/' : n)),
});

/**
 * Only a path on this site after signing in: one leading `/`, no `//`, no
 * backslash, and printable ASCII only. Browsers drop tabs and newlines from a
 * Location and read `\` as `/`, so `/\t/host` would lead to another origin;
 * a control character would not even fit in the header. Anything else goes to `/`.
 */
export function safeNext(next: string | undefined): string {
  const ok = next !== undefined && /^\/(?!\/)[\x21-\x7e]*$/.test(next) && !next.includes('//') && !next.includes('\\');
  return ok ? next : '/';
}

function showLogin(ctx: UiContext, c: Ctx, input: Partial<LoginInput>, status: 200 | 401 | 403 | 429 = 200): Response {
  // The sign-in form's own CSRF token (double submit): a cookie and a field that must match.
  let csrf = getCookie(c, LOGIN_CSRF_COOKIE);
  if (!csrf) {
    csrf = randomToken();
    setCookie(c, LOGIN_CSRF_COOKIE, csrf, cookieOptions(c));
  }
  const v = viewFor(ctx, c, `/login${input.next && input.next !== '/' ? `?next=${encodeURIComponent(input.next)}` : ''}`);
  return page(c, loginPage(v, { error: null, username: '', ...input, csrf, next: safeNext(input.next), noUsers: countUsers(ctx.db) === 0 }), status);
}

async function signIn(ctx: UiContext, c: Ctx): Promise<Response> {
  const form = LoginForm.parse(await formBody(c));
  const username = form.username.trim().toLowerCase();
  if (!sameOrigin(c) || !tokensMatch(getCookie(c, LOGIN_CSRF_COOKIE), form._csrf)) {
    return showLogin(ctx, c, { error: 'login.expired', username, next: form.next }, 403);
  }
  const ip = clientIp(c);
  const pairKey = `${ip}\n${username}`;
  for (const check of [ctx.limits.pair.check(pairKey), ctx.limits.ip.check(ip)]) {
    if (!check.allowed) {
      const minutes = Math.ceil(check.retryAfterMs / 60_000);
      c.header('retry-after', String(Math.ceil(check.retryAfterMs / 1000)));
      return showLogin(ctx, c, { error: 'login.limited', errorParams: { minutes: viewFor(ctx, c).num(minutes, 0) }, username, next: form.next }, 429);
    }
  }
  const user = username ? findUser(ctx.db, username) : null;
  const ok = user ? await verifyPassword(form.password, user.passwordHash) : await burnPasswordCheck(form.password);
  if (!user || !ok) {
    ctx.limits.pair.fail(pairKey);
    ctx.limits.ip.fail(ip);
    return showLogin(ctx, c, { error: 'login.failed', username, next: form.next }, 401);
  }
  ctx.limits.pair.succeed(pairKey);
  // A fresh token at every sign-in: a session cannot be planted before it.
  const old = getCookie(c, SESSION_COOKIE);
  if (old) deleteSession(ctx.db, tokenHash(old));
  const token = randomToken();
  const now = ctx.now();
  insertSession(ctx.db, { tokenSha256: tokenHash(token), userId: user.id, csrfToken: randomToken(), now, expiresAt: sessionExpiry(now, now) });
  setCookie(c, SESSION_COOKIE, token, cookieOptions(c, SESSION_MAX_MS / 1000));
  deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/' });
  return c.redirect(safeNext(form.next), 303);
}

export function authRoutes(app: Hono<Env>, ctx: UiContext): void {
  app.get('/login', (c) => (c.get('user') ? c.redirect(safeNext(c.req.query('next')), 303) : showLogin(ctx, c, { next: c.req.query('next') })));
  app.post('/login', (c) => signIn(ctx, c));
}

/** Registered behind the sign-in and CSRF checks, like every other state change. */
export function logoutRoute(app: Hono<Env>, ctx: UiContext): void {
  app.post('/logout', (c) => {
    deleteSession(ctx.db, c.get('sessionHash')!);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });
}
