// The review UI's app, request by request (no network, no browser): security
// headers, sign-in, sessions, CSRF, roles, the login limit, reviews and the
// pages' escaping, over a small store written by the store's own functions.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MODEL } from '../../rules/catalog.ts';
import { RULES } from '../../rules/index.ts';
import { buildExport } from '../../src/report/json.ts';
import type { Db } from '../../src/store/db.ts';
import { verifyStore } from '../../src/store/integrity.ts';
import { reviewHistory } from '../../src/store/reviews.ts';
import { createUi } from '../../src/ui/app.ts';
import { PAGE_CSP } from '../../src/ui/http.ts';
import { UiClient } from '../support/ui-client.ts';
import { buildUiStore, HOSTILE, PASSWORD } from '../support/ui-store.ts';

let db: Db;
let runs: [number, number];
let clock: number;

beforeAll(async () => {
  ({ db, runs } = await buildUiStore(join(mkdtempSync(join(tmpdir(), 'ui-app-')), 'ui.sqlite')));
});
afterAll(() => db.close());

/** A fresh app (fresh login limits) over the shared store, on a clock the test moves. */
function app() {
  clock = Date.parse('2026-01-10T10:00:00Z');
  return createUi({ db, model: MODEL, rules: RULES, loopbackOnly: true, now: () => new Date(clock) }).app;
}

function findingId(agency: string, indicator: string, run = runs[1]): number {
  return db.prepare('SELECT id FROM findings WHERE run_id = ? AND agency_id = ? AND indicator_id = ?').pluck().get(run, agency, indicator) as number;
}

async function signedIn(user: string): Promise<UiClient> {
  const client = new UiClient(app());
  const res = await client.login(user, PASSWORD);
  expect(res.status, res.text).toBe(303);
  return client;
}

describe('every response', () => {
  it('carries a strict CSP, nosniff and no framing, even redirects, errors and assets', async () => {
    const client = new UiClient(app());
    for (const path of ['/login', '/', '/no-such-page', '/assets/app.css', '/assets/vazirmatn.woff2']) {
      const res = await client.get(path);
      expect(res.headers.get('content-security-policy'), path).toBe(PAGE_CSP);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
    expect(PAGE_CSP).toMatch(/default-src 'none'/);
    expect(PAGE_CSP).not.toMatch(/script-src|unsafe-inline/);
  });

  it('serves the Persian font and the stylesheet locally', async () => {
    const client = new UiClient(app());
    const font = await client.get('/assets/vazirmatn.woff2');
    expect([font.status, font.headers.get('content-type')]).toEqual([200, 'font/woff2']);
    expect((await client.get('/assets/app.css')).text).toContain("url('/assets/vazirmatn.woff2')");
  });

  it('refuses a request addressed to another host name (DNS rebinding) while bound to loopback', async () => {
    const res = await new UiClient(app()).get('/login', { host: 'attacker.example:8080' });
    expect(res.status).toBe(421);
  });
});

describe('signing in', () => {
  it('sends a signed-out visitor to the sign-in page, and back after signing in', async () => {
    const client = new UiClient(app());
    const res = await client.get(`/runs/${runs[1]}`);
    expect([res.status, res.location]).toEqual([303, `/login?next=%2Fruns%2F${runs[1]}`]);
    const form = await client.get(res.location!);
    expect(form.text).toContain('lang="fa" dir="rtl"');
    const ok = await client.post('/login', { _csrf: UiClient.csrf(form.text), username: 'eva', password: PASSWORD, next: `/runs/${runs[1]}` });
    expect([ok.status, ok.location]).toEqual([303, `/runs/${runs[1]}`]);
    expect((await client.get(`/runs/${runs[1]}`)).status).toBe(200);
  });

  it('sets the session cookie HttpOnly and SameSite=Strict, and Secure behind HTTPS', async () => {
    const client = new UiClient(app());
    const form = await client.get('/login');
    const res = await client.request('/login', { form: { _csrf: UiClient.csrf(form.text), username: 'eva', password: PASSWORD }, headers: { 'x-forwarded-proto': 'https' } });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('pa_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Secure/);
    const plain = await (new UiClient(app())).login('eva', PASSWORD);
    expect(plain.headers.getSetCookie().find((c) => c.startsWith('pa_session='))).not.toMatch(/Secure/);
  });

  it('refuses a wrong password and an unknown name alike', async () => {
    const client = new UiClient(app());
    const wrong = await client.login('eva', 'not the password');
    const unknown = await client.login('nobody', 'not the password');
    const tooLong = await client.login('x'.repeat(500), 'y'.repeat(5000));
    expect([wrong.status, unknown.status, tooLong.status]).toEqual([401, 401, 401]);
    expect(wrong.text).toContain('نام کاربری یا گذرواژه نادرست است');
  });

  it('refuses a sign-in form without its CSRF token, or posted from another origin', async () => {
    const client = new UiClient(app());
    await client.get('/login');
    expect((await client.post('/login', { username: 'eva', password: PASSWORD })).status).toBe(403);
    const form = await client.get('/login');
    const foreign = await client.post('/login', { _csrf: UiClient.csrf(form.text), username: 'eva', password: PASSWORD }, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
  });

  it('after 10 failed attempts refuses the next (429), even with the right password, until the lock ends', async () => {
    const client = new UiClient(app());
    for (let i = 0; i < 10; i++) expect((await client.login('eva', `wrong ${i}`)).status).toBe(401);
    const refused = await client.login('eva', PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another name from the same address is not locked; the same name from another address is not either.
    expect((await client.login('ada', PASSWORD)).status).toBe(303);
    clock += 61_000;
    expect((await new UiClient(app()).login('eva', PASSWORD)).status).toBe(303);
  });

  it('never redirects off the site after signing in', async () => {
    const client = new UiClient(app());
    const form = await client.get('/login');
    const res = await client.post('/login', { _csrf: UiClient.csrf(form.text), username: 'eva', password: PASSWORD, next: '//evil.example/x' });
    expect(res.location).toBe('/');
  });

  // Browsers strip tabs and newlines from a Location and read a backslash as a slash.
  const OFF_SITE = ['/\t/evil.example/x', '/\n/evil.example/x', '/\r\n/evil.example', '/ /evil.example', '/\\evil.example', '\\/evil.example',
    '/runs//evil.example', '/a\\b', 'https://evil.example/', 'evil.example', '', '/x\u0000y', '/x\u007fy', '/\u0641', '/runs/1\u00a0'];

  it('after signing in goes only to a same-site path; a tab, a control character or a backslash in next sends to /', async () => {
    for (const next of OFF_SITE) {
      const client = new UiClient(app());
      const form = await client.get('/login');
      const res = await client.post('/login', { _csrf: UiClient.csrf(form.text), username: 'eva', password: PASSWORD, next });
      expect([res.status, res.location], JSON.stringify(next)).toEqual([303, '/']);
    }
    const client = new UiClient(app());
    const form = await client.get('/login');
    const res = await client.post('/login', { _csrf: UiClient.csrf(form.text), username: 'eva', password: PASSWORD, next: `/runs/${runs[1]}?sort=gap&dir=asc` });
    expect(res.location).toBe(`/runs/${runs[1]}?sort=gap&dir=asc`);
  });

  it('answers a control character in next with the sign-in page or a redirect to /, never a 500', async () => {
    const form = await new UiClient(app()).get(`/login?next=${encodeURIComponent('/x\r\nSet-Cookie: a=b')}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('name="next" value="/"');
    const client = await signedIn('eva');
    for (const next of OFF_SITE) {
      const res = await client.get(`/login?next=${encodeURIComponent(next)}`);
      expect([res.status, res.location], JSON.stringify(next)).toEqual([303, '/']);
    }
  });

  it('signs out only with the CSRF token, and the session is then gone', async () => {
    const client = await signedIn('eva');
    expect((await client.post('/logout', {})).status).toBe(403);
    const page = await client.get('/');
    expect((await client.post('/logout', { _csrf: UiClient.csrf(page.text) })).location).toBe('/login');
    client.cookies.set('pa_session', 'stale');
    expect((await client.get('/')).status).toBe(303);
  });
});

describe('reviews', () => {
  let eva: UiClient;
  beforeEach(async () => {
    eva = await signedIn('eva');
  });

  it('refuses a review posted without the CSRF token, and records nothing', async () => {
    const id = findingId('beta', 'org-chart');
    const res = await eva.post(`/findings/${id}/reviews`, { action: 'override', outcome: 'pass', reason: 'seen on the about page' });
    expect(res.status).toBe(403);
    expect(reviewHistory(db, id)).toHaveLength(0);
  });

  it('refuses a viewer (403) and shows no review form', async () => {
    const viewer = await signedIn('viv');
    const id = findingId('beta', 'org-chart');
    const page = await viewer.get(`/findings/${id}`);
    expect(page.text).not.toContain('name="action"');
    const res = await viewer.post(`/findings/${id}/reviews`, { _csrf: UiClient.csrf(page.text), action: 'override', outcome: 'pass', reason: 'x' });
    expect(res.status).toBe(403);
    expect(reviewHistory(db, id)).toHaveLength(0);
  });

  it('needs a reason to override, and a score for partial', async () => {
    const id = findingId('beta', 'org-chart');
    const page = await eva.get(`/findings/${id}`);
    const csrf = UiClient.csrf(page.text);
    expect((await eva.post(`/findings/${id}/reviews`, { _csrf: csrf, action: 'override', outcome: 'pass', reason: '  ' })).status).toBe(422);
    expect((await eva.post(`/findings/${id}/reviews`, { _csrf: csrf, action: 'override', outcome: 'partial', score: '', reason: 'half' })).status).toBe(422);
    expect(reviewHistory(db, id)).toHaveLength(0);
  });

  it('overrides: the reviewed score changes, the observed score and the finding do not, and verify stays intact', async () => {
    const id = findingId('beta', 'org-chart');
    const before = buildExport(db, String(runs[1]), { model: MODEL });
    const beta = () => before.agencies.find((a) => a.id === 'beta')!;
    const page = await eva.get(`/findings/${id}`);
    const res = await eva.post(`/findings/${id}/reviews`, { _csrf: UiClient.csrf(page.text), action: 'override', outcome: 'partial', score: '۷۵٪', reason: 'The chart is on /about, drawn as an image.' });
    expect([res.status, res.location]).toEqual([303, `/findings/${id}#review`]);
    const after = buildExport(db, String(runs[1]), { model: MODEL });
    const betaAfter = after.agencies.find((a) => a.id === 'beta')!;
    const ind = betaAfter.indicators.find((i) => i.id === 'org-chart')!;
    expect([ind.outcome, ind.score]).toEqual(['fail', 0]);
    expect(ind.review).toMatchObject({ action: 'override', outcome: 'partial', score: 0.75, by: 'eva', role: 'evaluator', reason: 'The chart is on /about, drawn as an image.' });
    expect(betaAfter.score).toBe(beta().score);
    expect(betaAfter.reviewedScore).toBeGreaterThan(beta().score!);
    expect(after.national.score).toBe(before.national.score);
    expect(after.national.reviewedScore).toBeGreaterThan(after.national.score!);
    const shown = await eva.get(`/findings/${id}`);
    expect(shown.text).toContain('The chart is on /about, drawn as an image.');
    expect(verifyStore(db).problems).toEqual([]);
    expect(verifyStore(db).reviews).toBeGreaterThan(0);
    // Confirming again returns the reviewed score to the observed one; the history keeps both.
    await eva.post(`/findings/${id}/reviews`, { _csrf: UiClient.csrf(shown.text), action: 'confirm', reason: '' });
    const confirmed = buildExport(db, String(runs[1]), { model: MODEL }).agencies.find((a) => a.id === 'beta')!;
    expect(confirmed.reviewedScore).toBe(confirmed.score);
    expect(reviewHistory(db, id).map((r) => r.action)).toEqual(['override', 'confirm']);
  });
});

describe('pages', () => {
  it('ranks, filters by over-claims and by pillar, and sorts from the query string', async () => {
    const client = await signedIn('viv');
    const all = await client.get(`/runs/${runs[1]}`);
    expect(all.text).toContain('سازمان آلفا');
    const over = await client.get(`/runs/${runs[1]}?verdict=over-claimed`);
    expect(over.text).not.toContain('سازمان آلفا');
    expect(over.text).toContain(`/findings/${findingId('beta', 'org-chart')}`);
    const byName = await client.get(`/runs/${runs[1]}?sort=name&dir=desc&lang=en`);
    expect(byName.text.indexOf('Beta')).toBeLessThan(byName.text.indexOf('Alpha Organisation'));
    const pillar = await client.get(`/runs/${runs[1]}?pillar=transparent`);
    expect(pillar.status).toBe(200);
    expect(pillar.text).toContain('<svg');
  });

  it('switches to English with ?lang=en and remembers it', async () => {
    const client = await signedIn('viv');
    const en = await client.get('/?lang=en');
    expect(en.text).toContain('<html lang="en" dir="ltr">');
    expect(en.text).toContain('2025-12-23');
    expect((await client.get('/')).text).toContain('<html lang="en" dir="ltr">');
    const fa = await client.get('/?lang=fa');
    expect(fa.text).toContain('۱۴۰۴/۱۰/۰۲');
  });

  it('shows crawled text and agency names as text, never as markup', async () => {
    const client = await signedIn('viv');
    const pages = [`/runs/${runs[1]}`, `/runs/${runs[1]}/agencies/beta`, `/findings/${findingId('beta', 'status-tracking')}`];
    for (const path of pages) {
      const res = await client.get(path);
      expect(res.status, path).toBe(200);
      expect(res.text, path).not.toContain('<script>window.__xss');
      expect(res.text, path).not.toContain('<img src=x');
      expect(res.text, path).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;');
    }
    expect(HOSTILE).toContain('<img src=x');
  });

  it('serves a stored page only as escaped source or in a sandboxed frame', async () => {
    const client = await signedIn('viv');
    const sha = db.prepare(`SELECT sha256 FROM evidence WHERE kind = 'html' LIMIT 1`).pluck().get() as string;
    expect((await client.get(`/blobs/${sha}`)).location).toBe(`/blobs/${sha}/snapshot`);
    const snapshot = await client.get(`/blobs/${sha}/snapshot`);
    expect(snapshot.text).toContain('&lt;script&gt;parent.__xss=4&lt;/script&gt;');
    expect(snapshot.text).toMatch(/<iframe class="snapshot" sandbox=""/);
    const frame = await client.get(`/blobs/${sha}/frame`);
    expect(frame.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
    const image = await client.get(`/blobs/${db.prepare(`SELECT sha256 FROM evidence WHERE kind = 'screenshot' LIMIT 1`).pluck().get()}`);
    expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/png']);
  });

  it('compares runs: alpha\'s tracking regressed', async () => {
    const client = await signedIn('viv');
    const res = await client.get(`/compare?from=${runs[0]}&to=${runs[1]}&lang=en`);
    expect(res.text).toContain('Request status can be tracked');
    expect(res.text).toContain('regression');
  });

  it('shows the agency\'s trend across runs and each sampled service', async () => {
    const client = await signedIn('viv');
    const agency = await client.get(`/runs/${runs[1]}/agencies/alpha?lang=en`);
    expect(agency.text).toContain('Score across runs');
    expect(agency.text).toContain('polyline');
    const tracking = await client.get(`/findings/${findingId('alpha', 'status-tracking')}`);
    // The stored box drawn over the untouched 320 × 200 screenshot, and the element cropped from it with 16 px around.
    expect(tracking.text).toContain('<svg class="highlight" viewBox="0 0 320 200" preserveAspectRatio="none" aria-hidden="true"><rect class="box" x="20" y="30" width="120" height="40">');
    expect(tracking.text).toContain('<svg viewBox="4 14 152 72"');
    const card = await client.get(`/findings/${findingId('alpha', 'service-card')}?lang=en`);
    expect(card.text).toContain('Sampled services (2)');
    expect(card.text).toContain('http://alpha.test/services/b');
  });
});

describe('accounts page', () => {
  it('is for admins only; an admin adds and removes accounts but not their own', async () => {
    expect((await (await signedIn('eva')).get('/users')).status).toBe(403);
    const admin = await signedIn('ada');
    const page = await admin.get('/users');
    const csrf = UiClient.csrf(page.text);
    expect((await admin.post('/users', { _csrf: csrf, username: 'new.one', role: 'viewer', password: 'short' })).status).toBe(422);
    expect((await admin.post('/users', { _csrf: csrf, username: 'new.one', role: 'viewer', password: 'long enough password' })).location).toBe('/users?added=new.one');
    expect((await admin.post('/users/ada/remove', { _csrf: csrf })).status).toBe(422);
    expect((await admin.post('/users/new.one/remove', { _csrf: csrf })).location).toBe('/users?removed=new.one');
  });
});
