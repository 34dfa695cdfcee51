// Accounts, for admins: list, add, remove. The same as `portal-audit users`.
import type { Hono } from 'hono';
import { z } from 'zod';
import { insertUser, listUsers, removeUser, ROLES, USERNAME } from '../../store/users.ts';
import { hashPassword, passwordProblem, MIN_PASSWORD_LENGTH } from '../auth/password.ts';
import type { UiContext } from '../context.ts';
import { forbidRole, formBody, hasRole, page, viewFor, type Ctx, type Env } from '../http.ts';
import { usersPage } from '../views/pages.ts';

const AddForm = z.object({ username: z.string().trim().toLowerCase().default(''), role: z.enum(ROLES as [string, ...string[]]).catch('viewer'), password: z.string().default('') });

function show(ctx: UiContext, c: Ctx, notice: string | null, error: string | null, status: 200 | 422 = 200): Response {
  return page(c, usersPage(viewFor(ctx, c, '/users'), { users: listUsers(ctx.db), notice, error }), status);
}

export function userRoutes(app: Hono<Env>, ctx: UiContext): void {
  app.use('/users', async (c, next) => (hasRole(c.get('user'), 'admin') ? next() : forbidRole(ctx, c, 'admin')));
  app.use('/users/*', async (c, next) => (hasRole(c.get('user'), 'admin') ? next() : forbidRole(ctx, c, 'admin')));

  app.get('/users', (c) => {
    const v = viewFor(ctx, c);
    const done = c.req.query('added') ?? c.req.query('removed');
    const notice = done ? v.t(c.req.query('added') ? 'users.added' : 'users.removed', { user: done }) : null;
    return show(ctx, c, notice, null);
  });

  app.post('/users', async (c) => {
    const v = viewFor(ctx, c, '/users');
    const f = AddForm.parse(await formBody(c));
    if (!USERNAME.test(f.username)) return show(ctx, c, null, v.t('users.error.name'), 422);
    const problem = passwordProblem(f.password);
    if (problem) return show(ctx, c, null, v.t(problem === 'short' ? 'users.error.short' : 'users.error.long', { min: v.num(MIN_PASSWORD_LENGTH, 0) }), 422);
    if (!insertUser(ctx.db, f.username, f.role as (typeof ROLES)[number], await hashPassword(f.password), ctx.now())) {
      return show(ctx, c, null, v.t('users.error.taken', { user: f.username }), 422);
    }
    return c.redirect(`/users?added=${encodeURIComponent(f.username)}`, 303);
  });

  app.post('/users/:name/remove', (c) => {
    const v = viewFor(ctx, c, '/users');
    const name = c.req.param('name');
    if (name === c.get('user')!.username) return show(ctx, c, null, v.t('users.error.self'), 422);
    if (!removeUser(ctx.db, name)) return show(ctx, c, null, v.t('users.error.unknown', { user: name }), 422);
    return c.redirect(`/users?removed=${encodeURIComponent(name)}`, 303);
  });
}
