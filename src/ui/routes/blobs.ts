// Evidence files by SHA-256. Images are shown as they are; a stored HTML page
// is crawled content and hostile: it is shown as escaped source, or rendered
// in a sandboxed frame whose CSP forbids scripts and every fetch. Nothing
// else is ever served inline.
import type { Hono } from 'hono';
import type { UiContext } from '../context.ts';
import { blobSource, readBlob } from '../data.ts';
import { fail, page, SNAPSHOT_CSP, viewFor, type Env } from '../http.ts';
import { snapshotPage } from '../views/pages.ts';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);
/** The source view shows this much of a page; the rest is still in the file. */
const MAX_SOURCE_CHARS = 2_000_000;
const isHtml = (mime: string) => mime.startsWith('text/html');
const IMMUTABLE = 'private, max-age=31536000, immutable';

export function blobRoutes(app: Hono<Env>, ctx: UiContext): void {
  app.get('/blobs/:sha', (c) => {
    const blob = readBlob(ctx.db, c.req.param('sha'));
    if (!blob?.bytes) return fail(ctx, c, 404, 'error.notFound', 'error.noBlob');
    const sha = blob.sha256;
    if (IMAGE_TYPES.has(blob.mime)) {
      return c.body(new Uint8Array(blob.bytes), 200, { 'content-type': blob.mime, 'cache-control': IMMUTABLE, 'content-security-policy': "default-src 'none'; sandbox" });
    }
    if (isHtml(blob.mime)) return c.redirect(`/blobs/${sha}/snapshot`, 303);
    const ext = blob.mime.includes('json') ? 'json' : 'bin';
    return c.body(new Uint8Array(blob.bytes), 200, {
      'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${sha}.${ext}"`,
      'cache-control': IMMUTABLE, 'content-security-policy': "default-src 'none'; sandbox",
    });
  });

  app.get('/blobs/:sha/snapshot', (c) => {
    const blob = readBlob(ctx.db, c.req.param('sha'));
    if (!blob?.bytes || !isHtml(blob.mime)) return fail(ctx, c, 404, 'error.notFound', 'error.noBlob');
    const text = blob.bytes.toString('utf8');
    const source = text.length > MAX_SOURCE_CHARS ? `${text.slice(0, MAX_SOURCE_CHARS)}\n…` : text;
    return page(c, snapshotPage(viewFor(ctx, c), blob.sha256, blobSource(ctx.db, blob.sha256), source));
  });

  app.get('/blobs/:sha/frame', (c) => {
    const blob = readBlob(ctx.db, c.req.param('sha'));
    if (!blob?.bytes || !isHtml(blob.mime)) return fail(ctx, c, 404, 'error.notFound', 'error.noBlob');
    return c.body(new Uint8Array(blob.bytes), 200, {
      'content-type': 'text/html; charset=utf-8', 'content-security-policy': SNAPSHOT_CSP, 'x-frame-options': 'SAMEORIGIN', 'cache-control': IMMUTABLE,
    });
  });
}
