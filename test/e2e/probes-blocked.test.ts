// The probe step, the blocked state and sitemap discovery through the CLI,
// and a portal whose menu promises only placeholders and dead targets.
// Every "external system" is another loopback server on another port, listed
// in a test copy of the national-systems file passed with --national-systems.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL } from '../../rules/catalog.ts';
import { RULES } from '../../rules/index.ts';
import type { ExportDoc } from '../../src/report/json.ts';
import { openStore } from '../../src/store/db.ts';
import { createUi } from '../../src/ui/app.ts';
import { runCli, runCliWithInput } from '../support/cli.ts';
import { html, isPhoneCheck, serve, type TestServer } from '../support/servers.ts';
import { UiClient } from '../support/ui-client.ts';

const AS_OF = '2025-12-22';
const name = { fa: 'آزمایشی', en: 'Test' };
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(4_991, 0x20)]);
const CHALLENGE = readFileSync(join(import.meta.dirname, '../fixtures/blocked/challenge-cloudflare.html'), 'utf8');

let dir: string;
let db: string;
let systemsFile: string;
let portal: TestServer;
let national: TestServer;
let deadSystem: TestServer;
let robotsNo: TestServer;
let other: TestServer;
let refusing: TestServer;
let challenge: TestServer;
let decoys: TestServer;
const asked: Record<string, string[]> = { national: [], dead: [], robotsNo: [], other: [], portal: [] };
let audit: { code: number; stdout: string; stderr: string };
let doc: ExportDoc;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
}

function homePage(): string {
  return page('سازمان نمونه', `<header><form id="top-search" action="/search" method="get" role="search"><input type="search" name="q"><button>جستجو</button></form></header>
<main><h1>درگاه سازمان نمونه</h1><p>${'خدمات سازمان نمونه برای شهروندان. '.repeat(20)}</p>
<ul><li><a href="/about">درباره ما</a></li><li><a href="/docs/chart.pdf">نمودار سازمانی</a></li><li><a href="/docs/old.pdf">گزارش عملکرد</a></li></ul>
<form id="dead-search" action="/find" method="get"><input name="query" placeholder="جستجو"><input type="hidden" name="lang" value="fa"><input type="submit" value="جستجو"></form>
<form id="webforms" method="post" action="/Default.aspx"><input name="ctl00$txtSearch" placeholder="جستجو"><input type="submit" name="ctl00$btnSearch" value="جستجو"></form>
<footer><a href="${national.origin}/services">پنجره ملی خدمات</a> <a href="${deadSystem.origin}/track"><img src="/i/track.png" alt=""></a>
<a href="${robotsNo.origin}/login">ورود یکپارچه</a> <a href="${other.origin}/complaints">ثبت شکایت</a> <a href="${other.origin}/gallery">گالری تصاویر</a></footer></main>`);
}

function recording(key: string, handler: Parameters<typeof serve>[0]): Parameters<typeof serve>[0] {
  return (req, res) => {
    if (!isPhoneCheck(req)) asked[key].push(req.url ?? '');
    handler(req, res);
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'probes-'));
  db = join(dir, 'audit.sqlite');
  national = await serve(recording('national', (_, res) => html(res, page('پنجره ملی', '<p>خدمات</p>'))));
  deadSystem = await serve(recording('dead', (_, res) => html(res, page('نیست', '<p>نیست</p>'), 404)));
  robotsNo = await serve(recording('robotsNo', (req, res) => (req.url === '/robots.txt' ? res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /\n') : html(res))));
  other = await serve(recording('other', (_, res) => html(res, page('شکایات', '<p>فرم شکایت</p>'))));
  portal = await serve(recording('portal', (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/robots.txt') return res.writeHead(200, { 'content-type': 'text/plain' }).end(`User-agent: *\nDisallow: /private\nSitemap: ${portal.origin}/sitemap-index.xml\n`);
    if (url.pathname === '/sitemap-index.xml') return res.writeHead(200, { 'content-type': 'application/xml' }).end(`<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${portal.origin}/sitemap-pages.xml</loc></sitemap></sitemapindex>`);
    if (url.pathname === '/sitemap-pages.xml') {
      return res.writeHead(200, { 'content-type': 'application/xml' }).end(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>${portal.origin}/from-sitemap</loc><lastmod>2025-11-30T10:00:00+03:30</lastmod></url><url><loc>${portal.origin}/about</loc></url><url><loc>https://elsewhere.example/x</loc></url></urlset>`);
    }
    if (url.pathname === '/') return html(res, homePage());
    if (url.pathname === '/about' || url.pathname === '/from-sitemap') return html(res, page('صفحه', `<main><h1>صفحه</h1><p>${url.pathname}</p><a href="/">خانه</a></main>`));
    if (url.pathname === '/search') return html(res, page('نتایج جستجو', `<main><h1>نتایج جستجو برای ${url.searchParams.get('q')}</h1><ol><li><a href="/about">درباره ما</a></li></ol></main>`));
    if (url.pathname === '/docs/chart.pdf') return res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(PDF.length) }).end(PDF);
    return html(res, page('یافت نشد', '<p>یافت نشد</p>'), 404);
  }));
  // A menu that promises more than the pages hold: placeholders, dead documents, a search that answers 404.
  decoys = await serve((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      return html(res, page('سازمان وعده', `<header><form id="q" action="/search" method="get" role="search"><input type="search" name="q" placeholder="جستجو در سایت"><button>جستجو</button></form>
<nav><ul><li><a href="/faq">پرسش‌های متداول</a></li><li><a href="/privacy">حریم خصوصی</a></li><li><a href="/files/chart.pdf">نمودار سازمانی</a></li>
<li><a href="/files/budget-1403.pdf">گزارش عملکرد و بودجه ۱۴۰۳</a></li></ul></nav></header><main><h1>سازمان وعده</h1><p>${'به درگاه سازمان وعده خوش آمدید. '.repeat(15)}</p></main>`));
    }
    if (path === '/faq') return html(res, page('پرسش‌های متداول', '<main><h1>پرسش‌های متداول</h1><p>این بخش در حال به‌روزرسانی است.</p></main>'));
    if (path === '/privacy') return html(res, page('حریم خصوصی', '<main><h1>حریم خصوصی</h1><p>به‌زودی</p></main>'));
    return html(res, page('یافت نشد', '<h1>صفحه یافت نشد</h1>'), 404);
  });
  refusing = await serve((_, res) => html(res, page('Forbidden', '<h1>403 Forbidden</h1>'), 403));
  challenge = await serve((_, res) => html(res, CHALLENGE));
  const systems = JSON.parse(readFileSync(join(import.meta.dirname, '../../data/national-systems.json'), 'utf8')) as { version: string; systems: Array<{ id: string; hosts: string[] }> };
  systems.version = 'test-1';
  systems.systems.find((s) => s.id === 'my-gov')!.hosts.push(new URL(national.origin).host);
  systems.systems.find((s) => s.id === 'my-gov-sso')!.hosts.push(new URL(robotsNo.origin).host);
  systems.systems.find((s) => s.id === 'saamad')!.hosts.push(new URL(deadSystem.origin).host);
  systemsFile = join(dir, 'national-systems.json');
  writeFileSync(systemsFile, JSON.stringify(systems, null, 2));
  const registry = join(dir, 'agencies.json');
  writeFileSync(registry, JSON.stringify({ agencies: [
    { id: 'ordinary', name, homepage: `${portal.origin}/` },
    { id: 'refuses', name, homepage: `${refusing.origin}/` },
    { id: 'challenged', name, homepage: `${challenge.origin}/` },
    { id: 'decoys', name, homepage: `${decoys.origin}/` },
  ] }));
  audit = await runCli(['audit', '--agencies', registry, '--db', db, '--as-of', AS_OF, '--host-delay-ms', '0', '--no-lighthouse', '--national-systems', systemsFile], {}, 300_000);
  doc = JSON.parse((await runCli(['export', '--db', db])).stdout) as ExportDoc;
}, 320_000);

afterAll(async () => {
  await Promise.all([portal, national, deadSystem, robotsNo, other, refusing, challenge, decoys].map((s) => s?.close()));
});

function checksOf(agency: string): { probes: Array<{ kind: string; url: string; state: string; status: number | null; contentType: string | null; bytes: number | null; note: string | null }>; sitemap: { urls: string[]; entries: number; withLastmod: number } | null; blocked: unknown } {
  const store = new Database(db, { readonly: true });
  try {
    return JSON.parse(store.prepare('SELECT checks_json FROM run_agencies WHERE agency_id = ? ORDER BY run_id DESC LIMIT 1').pluck().get(agency) as string);
  } finally {
    store.close();
  }
}

describe('the probe step', () => {
  it('records documents, search forms and systems on other hosts with their answers', () => {
    expect(audit.code, audit.stderr).toBe(0);
    const probes = checksOf('ordinary').probes;
    const at = (url: string) => probes.find((p) => p.url === url);
    expect(at(`${portal.origin}/docs/chart.pdf`)).toMatchObject({ kind: 'document', state: 'ok', status: 200, contentType: 'application/pdf', bytes: PDF.length });
    expect(at(`${portal.origin}/docs/old.pdf`)).toMatchObject({ kind: 'document', state: 'dead', status: 404 });
    expect(at(`${portal.origin}/search?q=${encodeURIComponent('خدمات')}`)).toMatchObject({ kind: 'search', state: 'ok', status: 200 });
    expect(at(`${portal.origin}/find?lang=fa&query=${encodeURIComponent('خدمات')}`)).toMatchObject({ kind: 'search', state: 'dead', status: 404 });
    expect(at(`${portal.origin}/Default.aspx`)).toMatchObject({ kind: 'search', state: 'not-probed', note: expect.stringMatching(/POST form/) });
    expect(at(`${national.origin}/services`)).toMatchObject({ kind: 'external', state: 'ok', status: 200 });
    expect(at(`${deadSystem.origin}/track`)).toMatchObject({ kind: 'external', state: 'dead', status: 404 });
    expect(at(`${robotsNo.origin}/login`)).toMatchObject({ kind: 'external', state: 'not-probed', note: 'robots.txt disallows it' });
    // An unlisted host is probed when the link says it is a citizen-facing system, and not otherwise.
    expect(at(`${other.origin}/complaints`)).toMatchObject({ kind: 'external', state: 'ok' });
    expect(at(`${other.origin}/gallery`)).toBeUndefined();
    // Asked once each, first bytes only; robots.txt kept the disallowed system unasked.
    expect(asked.national.filter((u) => u === '/services')).toHaveLength(1);
    expect(asked.robotsNo).toEqual(['/robots.txt']);
    // The document's answer was not read as a page.
    expect(doc.agencies.find((a) => a.id === 'ordinary')!.pagesCrawled).toBeGreaterThan(1);
  });

  it('reads the sitemap (robots.txt Sitemap:, an index, lastmod) and crawls its in-scope pages', () => {
    const sitemap = checksOf('ordinary').sitemap;
    expect(sitemap).toEqual({ urls: [`${portal.origin}/sitemap-index.xml`, `${portal.origin}/sitemap-pages.xml`], entries: 2, withLastmod: 1 });
    expect(asked.portal).toContain('/from-sitemap');
    expect(asked.portal).not.toContain('/x');
  });

  it('stores the national-systems file\'s version and SHA-256 with the run, covered by verify', async () => {
    const sha = createHash('sha256').update(readFileSync(systemsFile)).digest('hex');
    expect(doc.run.nationalSystems).toEqual({ version: 'test-1', sha256: sha });
    const verify = await runCli(['verify', '--db', db]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const store = new Database(db);
    try {
      store.prepare('UPDATE runs SET national_systems_sha256 = ?').run('0'.repeat(64));
    } finally {
      store.close();
    }
    const tampered = await runCli(['verify', '--db', db]);
    expect(tampered.code).not.toBe(0);
    expect(tampered.stdout + tampered.stderr).toMatch(/manifest mismatch/);
    const restore = new Database(db);
    try {
      restore.prepare('UPDATE runs SET national_systems_sha256 = ?').run(sha);
    } finally {
      restore.close();
    }
  });

  it('with --no-external-probes and --max-probes 1: no other host is asked, the budget cuts in order', async () => {
    const before = { national: asked.national.length, dead: asked.dead.length, other: asked.other.length, robotsNo: asked.robotsNo.length };
    const registry = join(dir, 'one.json');
    writeFileSync(registry, JSON.stringify({ agencies: [{ id: 'ordinary', name, homepage: `${portal.origin}/` }] }));
    const res = await runCli(['audit', '--no-external-probes', '--max-probes', '1', '--agencies', registry, '--db', join(dir, 'budget.sqlite'), '--as-of', AS_OF,
      '--host-delay-ms', '0', '--no-lighthouse', '--national-systems', systemsFile]);
    expect(res.code, res.stderr).toBe(0);
    expect({ national: asked.national.length, dead: asked.dead.length, other: asked.other.length, robotsNo: asked.robotsNo.length }).toEqual(before);
    const store = new Database(join(dir, 'budget.sqlite'), { readonly: true });
    const probes = (JSON.parse(store.prepare('SELECT checks_json FROM run_agencies').pluck().get() as string) as ReturnType<typeof checksOf>).probes;
    store.close();
    const external = probes.filter((p) => p.kind === 'external');
    expect(external.length).toBe(4);
    expect(external.every((p) => p.state === 'not-probed' && /--no-external-probes/.test(p.note ?? ''))).toBe(true);
    const own = probes.filter((p) => p.kind !== 'external' && p.note !== null && /POST form/.test(p.note) === false);
    // Document order on the home page: the header's search form first, then the two documents, then the second form.
    expect(probes.filter((p) => p.state !== 'not-probed').map((p) => p.url)).toEqual([`${portal.origin}/search?q=${encodeURIComponent('خدمات')}`]);
    expect(own.filter((p) => p.note === 'probe budget').map((p) => p.kind)).toEqual(['document', 'document', 'search']);
  });

  it('a national-systems file that is not valid: one line naming it, nothing written', async () => {
    const bad = join(dir, 'bad-systems.json');
    writeFileSync(bad, JSON.stringify({ version: '1', systems: [{ id: 'x', kind: 'nonsense', name: { fa: 'x', en: 'x' } }] }));
    const fresh = join(dir, 'never.sqlite');
    const res = await runCli(['audit', '--no-external-probes', '--agencies', join(dir, 'one.json'), '--db', fresh, '--national-systems', bad]);
    expect(res.code).not.toBe(0);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain(bad);
    expect(res.stderr).toMatch(/systems\[0\]\.kind/);
    expect(existsSync(fresh)).toBe(false);
  });
});

describe('a menu leading only to placeholders, dead documents and a search that answers 404', () => {
  it('passes none of those indicators, and the probes recorded why', () => {
    const a = doc.agencies.find((x) => x.id === 'decoys')!;
    expect(a.blocked).toBeNull();
    const outcome = (id: string) => a.indicators.find((i) => i.id === id)!.outcome;
    for (const id of ['site-search', 'help-faq', 'privacy-policy', 'org-chart', 'financial-reports']) expect(outcome(id), id).not.toBe('pass');
    const probes = checksOf('decoys').probes;
    expect(probes.map((p) => [p.kind, new URL(p.url).pathname, p.state])).toEqual([
      ['search', '/search', 'dead'], ['document', '/files/chart.pdf', 'dead'], ['document', '/files/budget-1403.pdf', 'dead'],
    ]);
  });
});

describe('a portal that refuses the crawler is blocked, not failed', () => {
  it('in the export: blocked with its kind, null scores, every indicator not assessed', () => {
    const byId = new Map(doc.agencies.map((a) => [a.id, a]));
    expect(byId.get('ordinary')!.blocked).toBeNull();
    expect(byId.get('ordinary')!.score).not.toBeNull();
    for (const [id, kind] of [['refuses', 'status-403'], ['challenged', 'challenge']] as const) {
      const a = byId.get(id)!;
      expect(a.blocked?.kind, id).toBe(kind);
      expect(a.error).toMatch(/blocked the crawler/);
      expect(a.error!.split('\n')).toHaveLength(1);
      expect([a.score, a.rank, ...Object.values(a.pillars)]).toEqual([null, null, null, null, null, null, null]);
      expect(a.indicators).toHaveLength(MODEL.indicators.length);
      expect(a.indicators.every((i) => i.outcome === 'error' && i.score === null && i.messageKey === 'portal-blocked')).toBe(true);
    }
    expect(doc.national.scored).toBe(2);
  });

  it('in the summary table, the CSV ranking and the HTML report', async () => {
    expect(audit.stdout).toMatch(/refuses.*BLOCKED, not assessed.*HTTP 403/);
    expect(audit.stdout).toMatch(/challenged.*BLOCKED, not assessed.*bot check/);
    const csv = (await runCli(['export', '--db', db, '--format', 'csv', '--table', 'ranking'])).stdout.split('\r\n');
    expect(csv[0]).toMatch(/,error,blocked$/);
    expect(csv.find((l) => l.includes(',refuses,'))).toMatch(/^,refuses,.*,status-403$/);
    expect(csv.find((l) => l.includes(',challenged,'))).toMatch(/,challenge$/);
    const report = (await runCli(['export', '--db', db, '--format', 'html', '--lang', 'en'])).stdout;
    expect(report).toMatch(/not assessed: the portal blocked the audit bot \(HTTP 403\)/);
    expect(report).toMatch(/not assessed: the portal blocked the audit bot \(a bot or firewall challenge page\)/);
  });

  it('in the review UI: the national ranking and the agency page say so', async () => {
    const add = await runCliWithInput(['users', 'add', 'viewer1', '--role', 'viewer', '--password-stdin', '--db', db], 'correct-horse-battery\n');
    expect(add.code, add.stderr).toBe(0);
    const store = openStore(db);
    try {
      const client = new UiClient(createUi({ db: store, model: MODEL, rules: RULES, loopbackOnly: true }).app);
      expect((await client.login('viewer1', 'correct-horse-battery')).status).toBe(303);
      const nationalPage = await client.get(`/runs/${doc.run.id}?lang=en`);
      expect(nationalPage.status).toBe(200);
      expect(nationalPage.text.match(/blocked: not assessed/g)).toHaveLength(2);
      expect(nationalPage.text).toContain('/agencies/decoys');
      const agencyPage = await client.get(`/runs/${doc.run.id}/agencies/refuses?lang=en`);
      expect(agencyPage.text).toMatch(/Not assessed: the portal blocked the audit bot \(HTTP 403\)\. Its scores are empty, not zero\./);
      const fa = await client.get(`/runs/${doc.run.id}/agencies/challenged?lang=fa`);
      expect(fa.text).toContain('ارزیابی نشد: درگاه ربات ارزیابی را مسدود کرد (صفحهٔ چالش ضدربات یا دیوارهٔ آتش)');
      const ordinary = await client.get(`/runs/${doc.run.id}/agencies/ordinary?lang=en`);
      expect(ordinary.text).not.toMatch(/blocked the audit bot/);
    } finally {
      store.close();
    }
  });
});
