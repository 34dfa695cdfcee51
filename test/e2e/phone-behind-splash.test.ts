// A language splash that fits a phone in front of a site that does not: the
// phone check measures the page a citizen opens next as well, so the portal
// fails mobile-friendly, with that page's phone-width screenshot as evidence.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servePages, type TestServer } from '../support/servers.ts';
import { auditServed } from '../support/served-audit.ts';

const HEAD = '<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>بیمارستان آموزشی</title></head>';
const SPLASH = `${HEAD}<body><main><h1>بیمارستان آموزشی</h1><a href="/fa/">فارسی</a> <a href="/en/">English</a></main></body></html>`;
const WIDE = (body: string) => `${HEAD}<body><div style="width:1170px;margin:0 auto">${body}</div></body></html>`;
const FA = WIDE('<h1>بیمارستان</h1><a href="/fa/services.html">خدمات</a> <a href="/fa/contact.html">تماس با ما</a>');
const SERVICES = WIDE('<h1>خدمات</h1><ul><li><a href="/fa/s1.html">نوبت‌دهی</a></li></ul>');
const EN = `${HEAD}<body><h1>Teaching hospital</h1></body></html>`;

let server: TestServer;

beforeAll(async () => {
  server = await servePages({ '/': SPLASH, '/fa/': FA, '/fa/services.html': SERVICES, '/en/': EN });
});

afterAll(async () => {
  await server?.close();
});

describe('a splash page in front of a desktop-only site', () => {
  it('fails mobile-friendly on the page behind the splash, with its phone-width screenshot', async () => {
    const { code, stderr, db } = await auditServed([{ id: 'hospital', origin: server.origin }], 'phone-behind');
    expect(code, stderr).toBe(0);
    const store = new Database(db, { readonly: true });
    const finding = store.prepare(`SELECT id, outcome, data_json FROM findings WHERE indicator_id = 'mobile-friendly'`).get() as { id: number; outcome: string; data_json: string };
    const shots = store.prepare(`SELECT url, kind FROM evidence WHERE finding_id = ?`).all(finding.id) as Array<{ url: string; kind: string }>;
    store.close();
    const data = JSON.parse(finding.data_json);
    expect(finding.outcome).toBe('fail');
    expect(data.behind.url).toMatch(/\/fa\//);
    expect(data.behindWidth).toBeGreaterThanOrEqual(1170);
    expect(shots).toContainEqual({ url: data.behind.url, kind: 'screenshot' });
    expect(shots.every((s) => s.url === data.behind.url)).toBe(true);
  }, 120_000);
});
