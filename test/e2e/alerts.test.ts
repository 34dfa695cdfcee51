// Alerts through the CLI: three nights of one sample portal, one that is
// unreachable and one that flaps (down, up, down), with two webhooks on
// loopback, one of which always fails. The unreachable portal is reported
// once, after the second night; the flapping one never; the failing webhook
// is retried, logged, and the audit still exits 0.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDoc } from '../../src/alerts/build.ts';
import { offlineAgency, portalAgencies, SAMPLE_AS_OF } from '../../src/commands/demo.ts';
import { closePortals, serveSamplePortals, type ServedPortal } from '../../src/demo/sample-portals.ts';
import { runCli, type CliResult } from '../support/cli.ts';
import { webhookReceiver, type Receiver } from '../support/webhook-receiver.ts';

let portals: ServedPortal[] = [];
let ok: Receiver;
let failing: Receiver;
let dir: string;
let registry: string;
const nights: CliResult[] = [];
const received: number[] = [];

beforeAll(async () => {
  portals = (await serveSamplePortals()).filter((p) => p.config.id === 'example-ministry');
  [ok, failing] = [await webhookReceiver([200]), await webhookReceiver([500])];
  dir = mkdtempSync(join(tmpdir(), 'e2e-alerts-'));
  registry = join(dir, 'agencies.json');
  const [portal] = portalAgencies(portals);
  const offline = await offlineAgency();
  for (let n = 0; n < 3; n++) {
    // The flapping agency's portal answers on the second night only.
    const flapping = { ...portal, id: 'flapping', name: { fa: 'دستگاه ناپایدار', en: 'Flapping agency' }, homepage: n === 1 ? portal.homepage : offline.homepage };
    writeFileSync(registry, JSON.stringify({ agencies: [portal, offline, flapping] }));
    nights.push(await runCli(['audit', '--agencies', registry, '--db', join(dir, 'audit.sqlite'), '--as-of', SAMPLE_AS_OF, '--host-delay-ms', '0', '--no-lighthouse',
      '--notify', ok.url, '--notify', failing.url, '--notify-retries', '1', '--ui-url', 'http://127.0.0.1:8080/']));
    received.push(ok.bodies.length);
  }
}, 400_000);

afterAll(async () => {
  await closePortals(portals);
  await ok?.close();
  await failing?.close();
});

describe('alerts after each night', () => {
  it('completes every night with exit 0, the failing webhook included', () => {
    for (const n of nights) expect(n.code, n.stderr).toBe(0);
  });

  it('reports the unreachable portal once, after the second night in a row, and the flapping one never', () => {
    expect(received).toEqual([0, 1, 1]);
    const alert = ok.bodies[0] as AlertDoc;
    expect(alert.schema).toBe('portal-audit/alert@1');
    expect(alert.run.id).toBe(2);
    expect(alert.run.url).toBe('http://127.0.0.1:8080/runs/2');
    expect(alert.alertAfterNights).toBe(2);
    expect(alert.agenciesDown.map((d) => [d.agency, d.state, d.nights, d.since.id, d.url])).toEqual([['offline-agency', 'failed', 2, 1, 'http://127.0.0.1:8080/runs/2/agencies/offline-agency']]);
    expect(alert.agenciesDown[0].error).toMatch(/ERR_CONNECTION_REFUSED/);
    expect(alert.totals).toMatchObject({ agencies: 3, scored: 2, failed: 1 });
    expect(alert.text).toMatch(/^portal-audit run 2 \(2025-12-22\): agencies down 1 \(offline-agency\) · regressions 0 · new over-claims 0 · national score [\d.]+\. http:\/\/127\.0\.0\.1:8080\/runs\/2$/);
    expect(nights[0].stderr).toMatch(/alerts: nothing new for run 1 that 2 nights agree on/);
    expect(nights[2].stderr).toMatch(/alerts: nothing new for run 3/);
  });

  it('retries the failing webhook and logs that it gave up, without its secret', () => {
    expect(failing.attempts()).toBe(2);
    expect(nights[1].stderr).toMatch(/webhook http:\/\/127\.0\.0\.1:\d+\/hooks\/…: attempt 1 of 2 failed \(HTTP 500\)/);
    expect(nights[1].stderr).toMatch(/gave up after 2 attempts \(HTTP 500\); the run itself is complete and stored/);
    expect(nights[1].stderr).not.toMatch(/secret|portal-audit\?token/);
  });

  it('refuses bad alert options before anything is written', async () => {
    const stray = await runCli(['audit', '--db', join(dir, 'none.sqlite'), '--ui-url', 'http://x.test/']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/--ui-url applies to alerts: add --notify URL/);
    const bad = await runCli(['audit', '--db', join(dir, 'none.sqlite'), '--notify', 'ftp://x.test/']);
    expect(bad.stderr).toMatch(/--notify ftp:\/\/x\.test\/: expected an http:\/\/ or https:\/\/ URL/);
    const nightsBad = await runCli(['schedule', '--agencies', registry, '--db', join(dir, 'none.sqlite'), '--notify', ok.url, '--alert-after-nights', '0'], {}, 30_000);
    expect(nightsBad.stderr).toMatch(/--alert-after-nights 0: expected a whole number ≥ 1/);
    expect(existsSync(join(dir, 'none.sqlite'))).toBe(false);
  });
});
