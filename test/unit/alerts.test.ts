// Alerts from run history: an agency counts as down, and a drop as a
// regression, only once N nights agree, and each is reported once; new
// over-claims; links; the text line; the webhook's retries; and the whole
// step over a store written directly, posting to a loopback receiver.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MODEL } from '../../rules/catalog.ts';
import { agenciesDown, agencyState, buildAlert, hasNews, newOverClaims, regressions, type AlertOptions } from '../../src/alerts/build.ts';
import { alertText, notifyRun } from '../../src/alerts/notify.ts';
import { postJson, redactUrl, type WebhookLog } from '../../src/alerts/webhook.ts';
import type { ExportAgency, ExportDoc, ExportIndicator } from '../../src/report/json.ts';
import { buildUiStore } from '../support/ui-store.ts';
import { webhookReceiver, type Receiver } from '../support/webhook-receiver.ts';

interface AgencyNight { error?: string; blocked?: boolean; scores?: Record<string, number | null>; overClaimed?: string[] }
interface Night { run: number; agencies: Record<string, AgencyNight>; round?: { name: string; importedAt: string } }

function indicator(id: string, score: number | null, overClaimed: boolean): ExportIndicator {
  const outcome = score === null ? 'error' : score === 1 ? 'pass' : score === 0 ? 'fail' : 'partial';
  return { id, pillar: 'transparent', outcome, score, messageKey: null, data: {}, evidence: [], declared: overClaimed ? 1 : null, verdict: overClaimed ? 'over-claimed' : null, suspected: overClaimed, review: null };
}

function agency(id: string, n: AgencyNight): ExportAgency {
  const scores = n.error ? Object.fromEntries(Object.keys(n.scores ?? {}).map((k) => [k, null])) : (n.scores ?? {});
  return {
    id, name: { fa: `دستگاه ${id}`, en: `Agency ${id}` }, homepage: `http://${id}.test/`, rank: null, score: n.error ? null : 50, reviewedScore: null, coverage: 0.5, lowCoverage: true,
    pillars: {}, declaredScore: null, gap: null, verificationRate: null, error: n.error ?? null, blocked: n.blocked ? { kind: 'status-403', detail: n.error ?? 'blocked' } : null, pagesCrawled: 1, claims: [], serviceCatalog: null,
    indicators: Object.entries(scores).map(([k, s]) => indicator(k, s, (n.overClaimed ?? []).includes(k))),
  };
}

/** A night's export document; runs finish at noon of day `run` of December 2025. */
function night(n: Night): ExportDoc {
  const day = String(n.run).padStart(2, '0');
  return {
    schema: 'portal-audit/export@1',
    run: { id: n.run, startedAt: `2025-12-${day}T02:00:00Z`, finishedAt: `2025-12-${day}T12:00:00Z`, status: 'completed', model: '2026.1', modelHash: 'm', asOf: `2025-12-${day}`, manifestSha256: 'f'.repeat(64), signature: null, publicKey: null, nationalSystems: null },
    national: { score: 50, reviewedScore: 50, agencies: Object.keys(n.agencies).length, scored: Object.values(n.agencies).filter((a) => !a.error).length },
    declarations: n.round ? { round: n.round.name, file: 'd.csv', sha256: 'x', format: 'csv', encoding: 'utf-8', rows: 1, importedAt: n.round.importedAt, notInRun: [] } : null,
    agencies: Object.entries(n.agencies).map(([id, a]) => agency(id, a)),
  };
}

/** Nights oldest first, as they happen; each alert sees tonight and the nights before it, newest first. */
function replay(nights: Night[], o: AlertOptions, pick: (history: ExportDoc[], o: AlertOptions) => unknown[]): number[] {
  const docs = nights.map(night);
  return docs.flatMap((_, i) => (pick(docs.slice(0, i + 1).reverse(), o).length ? [docs[i].run.id] : []));
}

const N2: AlertOptions = { nights: 2 };
const up = (scores: Record<string, number | null> = { 'org-chart': 1 }): AgencyNight => ({ scores });
const down: AgencyNight = { error: 'net::ERR_CONNECTION_REFUSED', scores: { 'org-chart': null } };
const blocked: AgencyNight = { error: 'the portal answered 403 Forbidden to the crawler', blocked: true, scores: { 'org-chart': null } };
const nightsOf = (states: AgencyNight[]): Night[] => states.map((a, i) => ({ run: i + 1, agencies: { portal: a, steady: up() } }));

describe('an agency that is down', () => {
  it('is classified as failed from its error, or blocked when the portal refused the crawler', () => {
    expect(agencyState(agency('a', up()))).toBe('ok');
    expect(agencyState(agency('a', down))).toBe('failed');
    expect(agencyState(agency('a', blocked))).toBe('blocked');
  });

  it('is reported as blocked after two nights of refusals', () => {
    const [report] = agenciesDown(nightsOf([up(), blocked, blocked]).map(night).reverse(), N2);
    expect(report).toMatchObject({ agency: 'portal', state: 'blocked', nights: 2 });
  });

  it('is never reported while its portal flaps night by night', () => {
    expect(replay(nightsOf([down, up(), down, up(), down, up(), down]), N2, agenciesDown)).toEqual([]);
  });

  it('is reported once, on the second night in a row, and not again while it stays down', () => {
    expect(replay(nightsOf([up(), down, down, down, down]), N2, agenciesDown)).toEqual([3]);
    const [report] = agenciesDown(nightsOf([up(), down, down]).map(night).reverse(), N2);
    expect(report).toMatchObject({ agency: 'portal', state: 'failed', error: down.error, nights: 2, since: { id: 2, asOf: '2025-12-02' }, path: '/runs/3/agencies/portal' });
  });

  it('is reported again after it came back and went down for N nights once more', () => {
    expect(replay(nightsOf([down, down, up(), down, down]), N2, agenciesDown)).toEqual([2, 5]);
  });

  it('waits for as many nights as --alert-after-nights says, and at 1 reports the first night', () => {
    expect(replay(nightsOf([up(), down, down, down, down]), { nights: 3 }, agenciesDown)).toEqual([4]);
    expect(replay(nightsOf([up(), down, up(), down]), { nights: 1 }, agenciesDown)).toEqual([2, 4]);
  });

  it('does not count a night the agency was not audited as agreeing', () => {
    const nights: Night[] = [{ run: 1, agencies: { portal: down } }, { run: 2, agencies: { steady: up() } }, { run: 3, agencies: { portal: down } }];
    expect(replay(nights, N2, agenciesDown)).toEqual([]);
  });
});

describe('a regression', () => {
  const scores = (list: Array<number | null>): Night[] => list.map((s, i) => ({ run: i + 1, agencies: { portal: up({ 'org-chart': s, 'help-faq': 1 }) } }));

  it('is reported once, after the second night below the score before the drop', () => {
    expect(replay(scores([1, 1, 0, 0, 0, 0]), N2, regressions)).toEqual([4]);
    const [r] = regressions(scores([1, 1, 0, 0]).map(night).reverse(), N2);
    expect(r).toMatchObject({ agency: 'portal', indicator: 'org-chart', before: { run: { id: 2 }, outcome: 'pass', score: 1 }, after: { outcome: 'fail', score: 0 }, nights: 2, path: '/compare?from=2&to=4' });
  });

  it('is not a one-night dip, nor an indicator that flaps', () => {
    expect(replay(scores([1, 0, 1, 1, 0, 1, 0, 1]), N2, regressions)).toEqual([]);
  });

  it('needs an assessed score before and on every night since: not assessed is no evidence either way', () => {
    expect(replay(scores([null, 0, 0, 0]), N2, regressions)).toEqual([]);
    expect(replay(scores([1, 0, null, 0, 0]), N2, regressions)).toEqual([]);
  });

  it('counts a further drop as a new regression, and at one night reports the first', () => {
    expect(replay(scores([1, 0.5, 0.5, 0, 0]), N2, regressions)).toEqual([3, 5]);
    expect(replay(scores([1, 0.5, 0.5, 1]), { nights: 1 }, regressions)).toEqual([2]);
  });
});

describe('new over-claims', () => {
  const round = { name: 'r1', importedAt: '2025-11-30T13:00:00Z' };
  const claims = (list: boolean[], r: Night['round'] = round): Night[] =>
    list.map((over, i) => ({ run: i + 1, round: r, agencies: { portal: { scores: { 'org-chart': over ? 0 : 1 }, overClaimed: over ? ['org-chart'] : [] } } }));

  it('are reported the first night they show against the round, and not while they persist', () => {
    expect(replay(claims([true, true, true]), N2, newOverClaims)).toEqual([1]);
    expect(replay(claims([false, true, true]), N2, newOverClaims)).toEqual([2]);
  });

  it('are not reported again when the indicator flaps within the window', () => {
    expect(replay(claims([true, false, true, false, true]), N2, newOverClaims)).toEqual([1]);
  });

  it('count nights that finished before the round was imported as never checked', () => {
    const tonight = (importedAt: string) => newOverClaims(claims([true, true, true], { name: 'r1', importedAt }).map(night).reverse(), N2);
    expect(tonight('2025-12-02T13:00:00Z')).toHaveLength(1);
    expect(tonight('2025-12-01T13:00:00Z')).toHaveLength(0);
  });

  it('are none without a declarations round', () => {
    expect(newOverClaims([night({ run: 1, agencies: { portal: { scores: { 'org-chart': 0 }, overClaimed: ['org-chart'] } } })], N2)).toEqual([]);
  });
});

describe('the alert document', () => {
  const history = nightsOf([up(), down, down]).map(night).reverse();

  it('carries the run, its totals and links into the review UI when --ui-url is given, paths otherwise', () => {
    const withUi = buildAlert(history, { nights: 2, uiUrl: 'https://audit.example.ir/ui/' });
    expect(withUi.run).toMatchObject({ id: 3, asOf: '2025-12-03', path: '/runs/3', url: 'https://audit.example.ir/ui/runs/3', manifestSha256: 'f'.repeat(64) });
    expect(withUi.agenciesDown[0].url).toBe('https://audit.example.ir/ui/runs/3/agencies/portal');
    expect(withUi.totals).toEqual({ agencies: 2, scored: 1, failed: 1, blocked: 0, nationalScore: 50, previousNationalScore: 50 });
    const bare = buildAlert(history, N2);
    expect(bare.agenciesDown[0]).not.toHaveProperty('url');
    expect(bare.agenciesDown[0].path).toBe('/runs/3/agencies/portal');
    expect(hasNews(bare)).toBe(true);
    expect(hasNews(buildAlert(history.slice(1), N2))).toBe(false);
  });

  it('has a one-line text in English or Persian', () => {
    const alert = buildAlert(history, { nights: 2, uiUrl: 'https://audit.example.ir' });
    expect(alertText(alert, 'en')).toBe('portal-audit run 3 (2025-12-03): agencies down 1 (portal) · regressions 0 · new over-claims 0 · national score 50. https://audit.example.ir/runs/3');
    const fa = alertText(alert, 'fa');
    expect(fa).toContain('اجرای ۳');
    expect(fa).toContain('۱۴۰۴/۰۹/۱۲');
    expect(fa).not.toContain('\n');
  });
});

describe('posting to a webhook', () => {
  let receivers: Receiver[] = [];
  afterEach(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    receivers = [];
  });
  const fast = { retries: 2, backoffMs: 10, timeoutMs: 2_000 };
  const recorder = () => {
    const lines: string[] = [];
    const log: WebhookLog = { sent: (u, n) => lines.push(`sent ${u} ${n}`), retrying: (u, n, of, why) => lines.push(`retry ${n}/${of} ${why}`), gaveUp: (u, of, why) => lines.push(`gave up ${of} ${why}`) };
    return { lines, log };
  };

  it('retries a failing receiver with backoff until it accepts', async () => {
    const r = await webhookReceiver([503, 500, 200]);
    receivers.push(r);
    const { lines, log } = recorder();
    expect(await postJson(r.url, { hello: 'سلام' }, fast, log)).toBe(true);
    expect(r.bodies).toEqual([{ hello: 'سلام' }]);
    expect(lines).toEqual(['retry 1/3 HTTP 503', 'retry 2/3 HTTP 500', `sent ${redactUrl(r.url)} 3`]);
    expect(redactUrl(r.url)).toBe(`${r.origin}/hooks/…`);
    expect(redactUrl('https://chat.example/services/T0/B0/XYZ')).toBe('https://chat.example/services/…');
  });

  it('gives up after its retries without throwing, on an HTTP error or a closed port', async () => {
    const r = await webhookReceiver([500]);
    receivers.push(r);
    const { lines, log } = recorder();
    expect(await postJson(r.url, {}, fast, log)).toBe(false);
    expect(r.attempts()).toBe(3);
    expect(lines.at(-1)).toBe('gave up 3 HTTP 500');
    await r.close();
    const closed = recorder();
    expect(await postJson(r.url, {}, { ...fast, retries: 0 }, closed.log)).toBe(false);
    expect(closed.lines[0]).toMatch(/^gave up 1 ECONNREFUSED/);
  });
});

describe('after a run, over a store written directly', () => {
  it('posts the regression and the new over-claim of the second night to every webhook, and logs a failing one', async () => {
    const { db, runs } = await buildUiStore(join(mkdtempSync(join(tmpdir(), 'alerts-')), 'ui.sqlite'));
    const [ok, failing] = [await webhookReceiver([200]), await webhookReceiver([500])];
    const info: string[] = [];
    const warn: string[] = [];
    try {
      const options = { urls: [ok.url, failing.url], nights: 1, uiUrl: 'http://127.0.0.1:8080', webhook: { retries: 1, backoffMs: 10, timeoutMs: 2_000 } };
      const alert = await notifyRun({ db, model: MODEL, lang: 'en', info: (l) => info.push(l), warn: (l) => warn.push(l) }, runs[1], options);
      expect(alert).not.toBeNull();
      expect(ok.bodies).toEqual([JSON.parse(JSON.stringify(alert))]);
      expect(alert!.regressions.map((r) => [r.agency, r.indicator, r.before.score, r.after.score])).toEqual([['alpha', 'status-tracking', 1, 0]]);
      expect(alert!.overClaims.map((o) => [o.agency, o.indicator, o.round])).toEqual([['beta', 'org-chart', 'round-1']]);
      expect(alert!.agenciesDown).toEqual([]);
      expect(failing.attempts()).toBe(2);
      expect(warn.some((l) => /gave up after 2 attempts \(HTTP 500\)/.test(l))).toBe(true);
      expect(info.some((l) => l.startsWith(`alert for run ${runs[1]} sent to http://127.0.0.1:`))).toBe(true);
      // Two nights cannot confirm a regression at N = 2 (it needs the night before the drop and two after).
      const quiet = await notifyRun({ db, model: MODEL, lang: 'en', info: (l) => info.push(l), warn: (l) => warn.push(l) }, runs[1], { ...options, nights: 2 });
      expect(quiet?.regressions ?? []).toEqual([]);
    } finally {
      db.close();
      await ok.close();
      await failing.close();
    }
  });
});
