// Hostile portals: one audit of eighteen misbehaving portals and one ordinary
// sample portal. The audit must finish, each hostile agency's record must say
// what went wrong, the ordinary agency must be judged exactly as when alone,
// and the tool's memory must stay bounded.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_AS_OF } from '../../src/commands/demo.ts';
import { closePortals, SAMPLE_PORTALS_DIR, servePortal, type ServedPortal } from '../../src/demo/sample-portals.ts';
import { normalize } from '../../src/text/persian.ts';
import { runCli, type CliResult } from '../support/cli.ts';
import { HOSTILE_CASES, serveHostilePortals, type HostileCase, type HostilePortal } from '../support/hostile-portals.ts';

interface PageRow { url: string; status: number | null; error: string | null; fetched_by: string; render_reason: string | null; encoding: string | null; title: string; retries: number; attempts_json: string; html: Buffer | null }
interface AgencyRow { agency_id: string; error: string | null; checks_json: string }

let dir: string;
let db: string;
let hostile: HostilePortal[];
let control: ServedPortal;
let audit: CliResult;

function query<T>(sql: string, ...params: unknown[]): T[] {
  const store = new Database(db, { readonly: true });
  try {
    return store.prepare(sql).all(...params) as T[];
  } finally {
    store.close();
  }
}

const agency = (id: HostileCase) => query<AgencyRow>('SELECT agency_id, error, checks_json FROM run_agencies WHERE agency_id = ?', id)[0];
const checks = (id: HostileCase) => JSON.parse(agency(id).checks_json);
const pages = (id: HostileCase) => query<PageRow>(`SELECT p.*, b.bytes AS html FROM pages p LEFT JOIN blobs b ON b.sha256 = p.html_sha256 WHERE agency_id = ? ORDER BY p.id`, id);
const page = (id: HostileCase, path: string) => pages(id).find((p) => new URL(p.url).pathname === path)!;
const outcomes = (id: string) => Object.fromEntries(query<{ indicator_id: string; outcome: string }>('SELECT indicator_id, outcome FROM findings WHERE agency_id = ?', id).map((r) => [r.indicator_id, r.outcome]));
const outcome = (id: string, indicator: string) => query<{ outcome: string }>('SELECT outcome FROM findings WHERE agency_id = ? AND indicator_id = ?', id, indicator)[0]?.outcome;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-'));
  db = join(dir, 'hostile.sqlite');
  hostile = await serveHostilePortals();
  control = await servePortal(join(SAMPLE_PORTALS_DIR, 'markazi'));
  const name = { fa: 'آزمایشی', en: 'Test' };
  const registry = join(dir, 'agencies.json');
  writeFileSync(registry, JSON.stringify({ agencies: [
    ...hostile.map((h) => ({ id: h.id, name, homepage: h.homepage })),
    { id: 'markazi', name, homepage: `${control.origin}/` },
  ] }));
  audit = await runCli(['audit', '--no-external-probes', '--agencies', registry, '--db', db, '--as-of', SAMPLE_AS_OF, '--no-lighthouse',
    '--timeout-ms', '3000', '--max-retries', '2', '--host-delay-ms', '0', '--concurrency', '4', '--max-pages', '60'], {}, 400_000);
}, 420_000);

afterAll(async () => {
  await Promise.all(hostile.flatMap((h) => [h.server.close(), h.outside?.close()]));
  await closePortals([control]);
});

describe('an audit of hostile portals', () => {
  it('finishes, with every agency recorded and the tool\'s memory bounded', () => {
    expect(audit.code, audit.stderr).toBe(0);
    expect(query<{ status: string }>('SELECT status FROM runs')[0].status).toBe('completed');
    expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM run_agencies')[0].n).toBe(HOSTILE_CASES.length + 1);
    // A 30 MB page is never held whole. The bound covers the main thread and four agency threads,
    // each with a heap of its own since agencies run under a deadline (about 500 MB before the threads, 700 with them).
    const peakMb = Number(/peak memory ([\d.]+) MB/.exec(audit.stdout)?.[1]);
    expect(peakMb).toBeGreaterThan(0);
    expect(peakMb).toBeLessThan(850);
  });

  it('leaves the ordinary portal\'s findings as its labels say, the same as when it is audited alone', () => {
    const labels = JSON.parse(readFileSync(join(SAMPLE_PORTALS_DIR, 'markazi', 'labels.json'), 'utf8')) as Record<string, string>;
    const ids = Object.keys(labels).filter((id) => !id.startsWith('_'));
    expect(ids.length).toBe(37);
    expect(Object.fromEntries(ids.map((id) => [id, outcome('markazi', id)]))).toEqual(Object.fromEntries(ids.map((id) => [id, labels[id]])));
  });

  it('a response that never starts, or trickles a byte a second, times out and is retried, then the agency records why', () => {
    expect(agency('never-starts').error).toMatch(/ERR_TIMED_OUT \(no response within 3000 ms\)/);
    expect(page('never-starts', '/').retries).toBe(2);
    expect(agency('trickle').error).toMatch(/ERR_TIMED_OUT \(the page did not finish within 3000 ms\)/);
    expect(outcome('trickle', 'complaints-channel')).toBe('error');
  });

  it('a 30 MB page is not read past the size cap', () => {
    expect(agency('huge-page').error).toMatch(/page larger than 5 MB/);
  });

  it('a redirect loop is named and not retried', () => {
    expect(agency('redirect-loop').error).toMatch(/ERR_TOO_MANY_REDIRECTS \(redirect loop/);
    expect(page('redirect-loop', '/').retries).toBe(0);
  });

  it('an infinite calendar is cut short by URL shape, and the rest of the portal is still crawled', () => {
    const paths = pages('infinite-calendar').map((p) => new URL(p.url).pathname);
    expect(paths).toContain('/complaints');
    expect(paths).toContain('/contact');
    // Two shapes (month pages, day pages), at most 20 of each, well inside the 60-page budget.
    expect(paths.filter((p) => p.startsWith('/calendar')).length).toBeLessThanOrEqual(40);
    expect(paths.length).toBeLessThan(60);
    expect(checks('infinite-calendar').crawlNotes.join('\n')).toMatch(/URLs shaped like .*\/calendar.* were not crawled/);
    expect(outcome('infinite-calendar', 'complaints-channel')).toBe('pass');
  });

  it('session ids and tracking parameters are stripped, so each page is fetched once', () => {
    const urls = pages('session-ids').map((p) => p.url);
    expect(new Set(urls).size).toBe(urls.length);
    expect(urls.map((u) => new URL(u).pathname).sort()).toEqual(['/', '/complaints', '/contact', '/news']);
    for (const u of urls) expect(u).not.toMatch(/jsessionid|PHPSESSID|utm_|sid=/i);
  });

  it('a script that never ends fails the render, not the page: the HTTP copy is judged and the failure recorded', () => {
    expect(agency('endless-script').error).toBeNull();
    const home = page('endless-script', '/');
    expect(home.fetched_by).toBe('http');
    expect(home.render_reason).toMatch(/^empty-app-root; rendering failed: /);
    expect(outcome('endless-script', 'complaints-channel')).toBe('pass');
  });

  it('alert, confirm and prompt dialogs are dismissed and the scripted content is read', () => {
    const home = page('dialogs', '/');
    expect(home).toMatchObject({ fetched_by: 'browser', render_reason: 'empty-app-root', error: null });
    expect(home.html!.toString('utf8')).toContain('id="rendered"');
  });

  it('pages that open popups are read, and the popups are not crawled', () => {
    const home = page('popups', '/');
    expect(home).toMatchObject({ fetched_by: 'browser', render_reason: 'empty-app-root', error: null });
    expect(home.html!.toString('utf8')).toContain('id="rendered"');
    expect(pages('popups').map((p) => new URL(p.url).pathname)).not.toContain('/popup');
  });

  it('a download served where a page was linked is recorded as not a page', () => {
    expect(agency('download-as-page').error).toBeNull();
    expect(page('download-as-page', '/annual-report').error).toMatch(/not an HTML page \(a download: attachment/);
  });

  it('a self-signed certificate fails https with the reason, and the portal is still read', () => {
    expect(agency('self-signed').error).toBeNull();
    expect(checks('self-signed').tls).toMatch(/ERR_CERT_AUTHORITY_INVALID/);
    expect(outcome('self-signed', 'https')).toBe('fail');
    expect(outcome('self-signed', 'complaints-channel')).toBe('pass');
  });

  it('bursts of 500s are retried with backoff; a page that keeps failing is recorded with its tries', () => {
    const home = page('bursts-of-500', '/');
    expect(home.status).toBe(200);
    expect(JSON.parse(home.attempts_json).map((a: { status: number }) => a.status)).toEqual([500, 500]);
    expect(page('bursts-of-500', '/contact')).toMatchObject({ status: 500, retries: 2 });
  });

  it('a 429 with Retry-After is waited for as asked', () => {
    const home = page('retry-after-429', '/');
    expect(home.status).toBe(200);
    expect(JSON.parse(home.attempts_json)).toEqual([{ status: 429, error: null, waitedMs: 1000 }]);
  });

  it('a Windows-1256 page is decoded, whether its meta tag says so or nothing does', () => {
    const home = page('windows-1256', '/');
    expect(home.encoding).toBe('windows-1256');
    expect(home.title).toBe(normalize('سازمان ثبت اسناد'));
    const legacy = page('windows-1256', '/legacy');
    expect(legacy.encoding).toBe('windows-1256');
    expect(legacy.title).toBe(normalize('صفحه قدیمی'));
    expect(outcome('windows-1256', 'complaints-channel')).toBe('pass');
  });

  it('gzip, br and deflate pages are judged like their plain twin, and each coding is recorded', () => {
    expect(agency('compressed').error).toBeNull();
    const [compressed, plain] = [outcomes('compressed'), outcomes('plain-twin')];
    expect(Object.keys(plain).filter((id) => compressed[id] !== plain[id]).map((id) => `${id}: ${compressed[id]} vs ${plain[id]}`)).toEqual([]);
    expect(Object.keys(outcomes('compressed'))).toHaveLength(37);
    expect(outcome('compressed', 'complaints-channel')).toBe('pass');
    expect(checks('compressed').fetch.contentEncodings).toEqual({ gzip: 1, br: 1, deflate: 1 });
    expect(page('compressed', '/').title).toBe(page('plain-twin', '/').title);
  });

  it('a decompression bomb fails that page only, at the size cap, with the reason', () => {
    expect(agency('gzip-bomb').error).toBeNull();
    expect(page('gzip-bomb', '/complaints').error).toMatch(/^page larger than 5 MB once decoded \(gzip, \d+ bytes sent\); decoding stopped there$/);
    expect(page('gzip-bomb', '/complaints').html).toBeNull();
    expect(page('gzip-bomb', '/contact').status).toBe(200);
  });

  it('a redirect, a meta refresh and a script navigation out of the agency\'s hosts are neither fetched, stored, photographed nor cited', () => {
    const h = hostile.find((p) => p.id === 'leaves-scope')!;
    expect(h.outside!.hits()).toBe(0);
    expect(agency('leaves-scope').error).toBeNull();
    const outside = h.outside!.origin;
    expect(page('leaves-scope', '/away').error).toBe(`net::ERR_BLOCKED_BY_CLIENT (redirect to ${outside}/redirected leaves the agency's sites; not followed: add its host to the registry's hosts if it belongs to the agency)`);
    for (const p of pages('leaves-scope')) expect(p.url.startsWith(outside) || (p.html?.toString('utf8') ?? '').includes('بیرون از درگاه')).toBe(false);
    const cited = query<{ url: string }>('SELECT e.url FROM evidence e JOIN findings f ON f.id = e.finding_id WHERE f.agency_id = ?', 'leaves-scope');
    expect(cited.length).toBeGreaterThan(0);
    for (const e of cited) expect(e.url.startsWith(outside)).toBe(false);
    const notes = checks('leaves-scope').crawlNotes.join('\n');
    expect(notes).toContain(`to ${outside}/scripted blocked: outside the agency's sites`);
    expect(notes).toContain(`to ${outside}/refreshed blocked: outside the agency's sites`);
    expect(outcome('leaves-scope', 'complaints-channel')).toBe('pass');
  });
});
