// The review UI end to end, in real Chromium: the sample portals and a hostile
// one are audited, the example declarations imported, accounts made and
// `serve` started through the CLI. An evaluator signs in, filters the national
// view by over-claims, opens a finding, sees its screenshot and overrides it;
// the reviewed score moves and the observed one does not. The hostile portal's
// payloads show as text and never run. Roles, CSRF and the login limit are
// checked over real HTTP; verify and the export see the review.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSED_NETWORK_FLAGS, findChromium } from '../../crawlers/browser.ts';
import { portalAgencies, SAMPLE_AS_OF } from '../../src/commands/demo.ts';
import { closePortals, serveSamplePortals, servePortal, type ServedPortal } from '../../src/demo/sample-portals.ts';
import type { ExportDoc } from '../../src/report/json.ts';
import { ROOT, runCli, runCliWithInput, startCli, type LongRunning } from '../support/cli.ts';

const HOSTILE_DIR = join(ROOT, 'test/fixtures/hostile-ui/xss-portal');
const PASSWORDS = { eva: 'evaluator password 1404', viv: 'viewer password 1404' };

let portals: ServedPortal[] = [];
let db: string;
let server: LongRunning;
let base: string;
let browser: Browser;

/** Persian or Latin digits, Persian decimal separator → a number. */
function numberIn(text: string): number {
  const ascii = text.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace('٫', '.').replace(/[^\d.]/g, '');
  return Number(ascii);
}

beforeAll(async () => {
  portals = [...await serveSamplePortals(), await servePortal(HOSTILE_DIR)];
  const dir = mkdtempSync(join(tmpdir(), 'e2e-ui-'));
  db = join(dir, 'audit.sqlite');
  const registry = join(dir, 'agencies.json');
  writeFileSync(registry, JSON.stringify({ agencies: portalAgencies(portals) }));
  const audit = await runCli(['audit', '--no-external-probes', '--agencies', registry, '--db', db, '--as-of', SAMPLE_AS_OF, '--host-delay-ms', '0', '--no-lighthouse']);
  expect(audit.code, audit.stderr).toBe(0);
  // The example declarations without the offline agency, which this registry leaves out.
  const declarations = join(dir, 'declarations.csv');
  writeFileSync(declarations, readFileSync(join(ROOT, 'data/declarations.example.csv'), 'utf8').split('\n').filter((l) => !l.startsWith('offline-agency,')).join('\n'));
  const imported = await runCli(['declarations', 'import', declarations, '--db', db, '--agencies', registry]);
  expect(imported.code, imported.stderr).toBe(0);
  for (const [name, role] of [['eva', 'evaluator'], ['viv', 'viewer']] as const) {
    const added = await runCliWithInput(['users', 'add', name, '--role', role, '--password-stdin', '--db', db], `${PASSWORDS[name]}\n`);
    expect(added.code, added.stderr).toBe(0);
  }
  server = await startCli(['serve', '--db', db, '--port', '0'], /Review UI: (http:\/\/127\.0\.0\.1:\d+\/)/);
  base = server.match[1];
  browser = await chromium.launch({ executablePath: findChromium()!, args: CLOSED_NETWORK_FLAGS });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  expect(await server?.stop()).toBe(0);
  await closePortals(portals);
});

async function signIn(page: Page, user: keyof typeof PASSWORDS): Promise<void> {
  await page.goto(base);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', PASSWORDS[user]);
  await page.click('form.login button[type=submit]');
  await page.waitForURL(base);
}

describe('review UI in Chromium', () => {
  it('signs in, filters by over-claims, opens a finding with its screenshot, overrides it: reviewed score moves, observed does not', async () => {
    const page = await browser.newPage();
    await signIn(page, 'eva');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await page.click('a[href="/runs/1"]');
    await expect.poll(() => page.locator('table.ranking tbody tr').count()).toBe(portals.length);

    await page.selectOption('select[name=verdict]', 'over-claimed');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/verdict=over-claimed/);
    const rows = page.locator('table.ranking tbody tr');
    expect(await rows.allInnerTexts()).toEqual([expect.stringContaining('وزارت کشور'), expect.stringContaining('بانک مرکزی')]);

    // keshvar declares an org chart; the audit found only a stale one.
    await rows.filter({ hasText: 'وزارت کشور' }).locator('a[href^="/findings/"]').first().click();
    await page.waitForURL(/\/findings\/\d+$/);
    expect(await page.locator('h1').innerText()).toBe('ساختار سازمانی منتشر شده است');
    const shot = page.locator('figure.shot img').first();
    await shot.waitFor();
    await expect.poll(() => shot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(await page.locator('figure.shot svg.highlight rect.box').count()).toBeGreaterThan(0);
    expect(await page.locator('code.sha').first().innerText()).toMatch(/^[0-9a-f]{64}$/);

    const observed = numberIn(await page.innerText('[data-testid=agency-observed]'));
    const reviewedBefore = numberIn(await page.innerText('[data-testid=agency-reviewed]'));
    expect(reviewedBefore).toBe(observed);
    await page.check('input[name=action][value=override]');
    await page.selectOption('select[name=outcome]', 'pass');
    await page.fill('textarea[name=reason]', 'نمودار سازمانی در صفحهٔ درباره منتشر شده و تاریخ آن به‌روز است.');
    await page.click('form.review-form button[type=submit]');
    await page.waitForURL(/#review$/);

    expect(numberIn(await page.innerText('[data-testid=agency-observed]'))).toBe(observed);
    expect(numberIn(await page.innerText('[data-testid=agency-reviewed]'))).toBeGreaterThan(observed);
    expect(await page.innerText('[data-testid=finding-observed]')).toContain('ناموفق');
    expect(await page.innerText('[data-testid=finding-reviewed]')).toContain('موفق');
    expect(await page.innerText('table.history')).toContain('نمودار سازمانی در صفحهٔ درباره منتشر شده');

    // The national view shows the reviewed score beside the unchanged observed one.
    await page.goto(`${base}runs/1?verdict=over-claimed`);
    const keshvar = page.locator('table.ranking tbody tr', { hasText: 'وزارت کشور' });
    expect(numberIn(await keshvar.locator('td').nth(2).innerText())).toBe(observed);
    expect(numberIn(await keshvar.locator('td').nth(3).innerText())).toBeGreaterThan(observed);
    await page.close();
  });

  it('shows a hostile portal\'s title, snippet and name as text, and runs none of their scripts', async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await signIn(page, 'viv');
    await page.goto(`${base}runs/1/agencies/xss-portal`);
    expect(await page.innerText('h1')).toBe("سازمان آزمون <script>window.__xss='name'</script>");
    await page.locator('tr#ind-status-tracking a[href^="/findings/"]').click();
    await page.waitForURL(/\/findings\/\d+$/);
    const text = await page.innerText('main');
    expect(text).toContain(`<script>window.__xss='title'</script> "><img src=x onerror=alert(1)> سازمان آزمون`);
    // The snippet: the page title, then the tracking field's label.
    expect(await page.locator('.snippet').first().innerText()).toContain(`<script>window.__xss='title'</script> "><img src=x onerror=alert(1)> سازمان آزمون · کد رهگیری "><img src=x onerror=alert(2)>`);
    expect(await page.locator('img[src="x"], main script').count()).toBe(0);

    await page.click('a[href$="/snapshot"]');
    await page.waitForURL(/\/snapshot$/);
    await page.locator('iframe.snapshot').waitFor();
    await expect.poll(() => page.frameLocator('iframe.snapshot').locator('h1').innerText()).toBe('سازمان آزمون');
    expect(await page.innerText('pre.source')).toContain("<script>window.__xss = 'crawled'");
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await page.close();
  });
});

describe('review UI over HTTP', () => {
  async function session(user: keyof typeof PASSWORDS | null) {
    let cookie = '';
    const call = async (path: string, form?: Record<string, string>) => {
      const res = await fetch(new URL(path, base), {
        method: form ? 'POST' : 'GET', redirect: 'manual',
        headers: { cookie, ...(form ? { 'content-type': 'application/x-www-form-urlencoded', origin: base.slice(0, -1) } : {}) },
        body: form ? new URLSearchParams(form).toString() : undefined,
      });
      for (const c of res.headers.getSetCookie()) cookie = [...cookie.split('; ').filter((x) => x && !x.startsWith(c.split('=')[0] + '=')), c.split(';')[0]].join('; ');
      return { status: res.status, text: await res.text() };
    };
    const csrf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];
    if (user) {
      const login = await call('/login');
      expect((await call('/login', { _csrf: csrf(login.text), username: user, password: PASSWORDS[user] })).status).toBe(303);
    }
    return { call, csrf };
  }

  it('refuses a viewer\'s override (403) and a review without its CSRF token', async () => {
    const viewer = await session('viv');
    const page = await viewer.call('/findings/1');
    expect(page.status).toBe(200);
    expect((await viewer.call('/findings/1/reviews', { _csrf: viewer.csrf(page.text), action: 'override', outcome: 'pass', reason: 'x' })).status).toBe(403);
    const evaluator = await session('eva');
    expect((await evaluator.call('/findings/1/reviews', { action: 'override', outcome: 'pass', reason: 'x' })).status).toBe(403);
  });

  it('refuses the 11th attempt after 10 failed sign-ins, even with the right password', async () => {
    const anon = await session(null);
    for (let i = 0; i < 10; i++) {
      const form = await anon.call('/login');
      expect((await anon.call('/login', { _csrf: anon.csrf(form.text), username: 'viv', password: `guess ${i}` })).status).toBe(401);
    }
    const form = await anon.call('/login');
    const last = await anon.call('/login', { _csrf: anon.csrf(form.text), username: 'viv', password: PASSWORDS.viv });
    expect(last.status).toBe(429);
  }, 60_000);

  it('keeps the evidence chain intact after reviews, and the export carries the review', async () => {
    const verify = await runCli(['verify', '--db', db]);
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.stdout).toMatch(/^intact: .* 1 review\(s\)$/m);
    const res = await runCli(['export', '--db', db]);
    const doc = JSON.parse(res.stdout) as ExportDoc;
    const keshvar = doc.agencies.find((a) => a.id === 'keshvar')!;
    const orgChart = keshvar.indicators.find((i) => i.id === 'org-chart')!;
    expect([orgChart.outcome, orgChart.score, orgChart.verdict]).toEqual(['fail', 0, 'over-claimed']);
    expect(orgChart.review).toMatchObject({ action: 'override', outcome: 'pass', score: 1, by: 'eva', role: 'evaluator' });
    expect(keshvar.reviewedScore).toBeGreaterThan(keshvar.score!);
    expect(doc.national.reviewedScore).toBeGreaterThan(doc.national.score!);
  });
});
