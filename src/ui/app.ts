// The review UI as one Hono app. Order matters: headers, host guard, body
// limit, language and session first; then the public routes (assets, sign-in);
// then the sign-in and CSRF guards; then every page.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { describeStoreError } from '../store/errors.ts';
import { createUiContext, type UiContext, type UiOptions } from './context.ts';
import { csrfGuard, fail, hostGuard, language, requireLogin, securityHeaders, session, viewFor, type Env } from './http.ts';
import { authRoutes, logoutRoute } from './routes/auth.ts';
import { blobRoutes } from './routes/blobs.ts';
import { browseRoutes } from './routes/browse.ts';
import { findingRoutes } from './routes/findings.ts';
import { userRoutes } from './routes/users.ts';
import { errorPage } from './views/pages.ts';

/** The stylesheet and the Persian font, read once; the font comes from the vazirmatn package, not a CDN. */
function loadAssets(): { css: Uint8Array<ArrayBuffer>; font: Uint8Array<ArrayBuffer> } {
  const fontDir = join(dirname(createRequire(import.meta.url).resolve('vazirmatn/package.json')), 'fonts', 'webfonts');
  return {
    css: new Uint8Array(readFileSync(new URL('./assets/app.css', import.meta.url))),
    font: new Uint8Array(readFileSync(join(fontDir, 'Vazirmatn[wght].woff2'))),
  };
}

function assetRoutes(app: Hono<Env>): void {
  const assets = loadAssets();
  const cache = 'public, max-age=86400';
  app.get('/assets/app.css', (c) => c.body(assets.css, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': cache }));
  app.get('/assets/vazirmatn.woff2', (c) => c.body(assets.font, 200, { 'content-type': 'font/woff2', 'cache-control': cache }));
  app.get('/favicon.ico', (c) => c.body(null, 204));
}

export function createApp(ctx: UiContext): Hono<Env> {
  const app = new Hono<Env>();
  app.use('*', securityHeaders());
  app.use('*', hostGuard(ctx));
  app.use('*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('Payload too large', 413) }));
  app.use('*', language());
  app.use('*', session(ctx));
  assetRoutes(app);
  authRoutes(app, ctx);
  app.use('*', requireLogin(ctx));
  app.use('*', csrfGuard(ctx));
  logoutRoute(app, ctx);
  browseRoutes(app, ctx);
  findingRoutes(app, ctx);
  blobRoutes(app, ctx);
  userRoutes(app, ctx);
  app.notFound((c) => fail(ctx, c, 404, 'error.notFound', 'error.noPage'));
  app.onError((err, c) => {
    const v = viewFor(ctx, c, '/');
    // A full disk or a read-only database: one line in the log, and the visitor is told nothing was saved.
    const store = describeStoreError(err, ctx.db.name);
    if (store) {
      console.error(`error: ${store}`);
      return c.html(errorPage(v, 'error.store', v.t('error.storeBody')), 503);
    }
    console.error(err);
    return c.html(errorPage(v, 'error.server', v.t('error.serverBody')), 500);
  });
  return app;
}

export function createUi(options: UiOptions): { app: Hono<Env>; ctx: UiContext } {
  const ctx = createUiContext(options);
  return { app: createApp(ctx), ctx };
}
