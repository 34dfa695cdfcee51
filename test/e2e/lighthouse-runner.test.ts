// The runner's slots, against a real Chromium and Lighthouse: only the home
// page's load and trace hold the machine alone; the tab is opened before it
// and the gathered artifacts are scored after it, under the ordinary work slot,
// so the crawl is held back no longer than the measurement needs.
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchBrowser } from '../../crawlers/browser.ts';
import { LighthouseRunner, machineMeasured } from '../../crawlers/lighthouse.ts';
import { freePort } from '../../crawlers/ports.ts';
import { html, portalPage, serve, type TestServer } from '../support/servers.ts';

/** A page with accessibility faults of several kinds, so a score below 1 shows which audits were weighed. */
const FLAWED = `<!doctype html><html><head><title>x</title></head><body>
<img src="/a.png"><input type="text"><a href="/x"></a><button></button>
<p style="color:#bbb;background:#fff">کم‌رنگ</p><div role="bogus">x</div><h1></h1><h4>پرش</h4></body></html>`;

let server: TestServer;
let browser: Browser;
let port: number;

beforeAll(async () => {
  server = await serve((req, res) => (req.url === '/flawed' ? html(res, FLAWED) : portalPage(req, res)));
  port = await freePort();
  browser = await launchBrowser(findChromium()!, port);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('LighthouseRunner', () => {
  it('holds the exclusive slot only while Lighthouse loads and traces the home page, and scores it after, under the work slot', async () => {
    const log: string[] = [];
    let alone = false;
    const runner = new LighthouseRunner(port, 120_000, {
      exclusive: async (task) => {
        const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json() as Array<{ type: string; url: string }>;
        log.push(`exclusive, tabs open: ${targets.filter((t) => t.type === 'page').map((t) => t.url).join(' ')}`);
        alone = true;
        try {
          return await task();
        } finally {
          alone = false;
        }
      },
      work: async (task) => {
        log.push(alone ? 'work inside exclusive' : 'work');
        return task();
      },
      host: (_url, task) => { log.push(alone ? 'host inside exclusive' : 'host'); return task(); },
    });
    const [home, service] = await runner.measure([`${server.origin}/`, `${server.origin}/complaints`]);
    expect(home.performance).toBeGreaterThan(0);
    expect(home.accessibility).toBeGreaterThan(0);
    expect(Object.keys(home.reports).sort()).toEqual(['accessibility', 'performance']);
    expect(service.accessibility).toBeGreaterThan(0);
    expect(service.performance).toBeNull();
    // The tab Lighthouse loads the home page in was opened before the slot was taken.
    expect(log).toEqual(['exclusive, tabs open: about:blank', 'work', 'host']);
  }, 180_000);

  it('takes the machine only from the start of the trace to its end: the tab is prepared before and read after, beside the crawl', async () => {
    const slots: Array<{ from: number; to: number }> = [];
    const exclusive = async <T>(task: () => Promise<T>): Promise<T> => {
      const slot = { from: performance.now(), to: Infinity };
      slots.push(slot);
      try {
        return await task();
      } finally {
        slot.to = performance.now();
      }
    };
    const pass = <T>(task: () => Promise<T>) => task();
    const runner = new LighthouseRunner(port, 120_000, { exclusive, work: pass, host: (_url, task) => task() });
    type Entry = { name: string; startTime: number; duration: number };
    const entriesOf = async () => {
      const measuresMachine = !machineMeasured();
      const [home] = await runner.measure([`${server.origin}/`]);
      const entries = (JSON.parse(home.reports.performance!).timing.entries as Entry[]);
      // The last of a name: the tab's preparation navigates it to about:blank first.
      const one = (name: string) => entries.filter((e) => e.name === name).at(-1)!;
      return { slot: slots.at(-1)!, one, measuresMachine };
    };
    // Lighthouse's marks and the slot are read on the same clock (this thread's performance.now()).
    const runs = [await entriesOf(), await entriesOf()];
    expect(runs[1].measuresMachine).toBe(false);
    for (const { slot, one, measuresMachine } of runs) {
      const navigate = one('lh:driver:navigate');
      expect(navigate.startTime).toBeGreaterThanOrEqual(slot.from);
      expect(navigate.startTime + navigate.duration).toBeLessThanOrEqual(slot.to);
      // Reading the page (axe) after the trace has ended is beside the crawl.
      expect(one('lh:gather:getArtifact:Accessibility').startTime).toBeGreaterThanOrEqual(slot.to);
      const prepare = one('lh:prepare:navigationMode');
      if (measuresMachine) {
        // The thread's first run measures the machine while it is quiet: its preparation holds the slot too.
        expect(one('lh:gather:getBenchmarkIndex').startTime).toBeGreaterThanOrEqual(slot.from);
        expect(prepare.startTime).toBeGreaterThanOrEqual(slot.from);
      } else {
        expect(prepare.startTime + prepare.duration).toBeLessThanOrEqual(slot.from);
      }
    }
    expect(slots).toHaveLength(2);
  }, 180_000);

  it('scores as Lighthouse\'s default config does: the same accessibility score, and the same weighed performance audits', async () => {
    const pass = <T>(task: () => Promise<T>) => task();
    const runner = new LighthouseRunner(port, 120_000, { exclusive: pass, work: pass, host: (_url, task) => task() });
    const [home, flawed] = await runner.measure([`${server.origin}/`, `${server.origin}/flawed`]);
    const { default: puppeteer } = await import('puppeteer-core');
    const { snapshot, navigation } = await import('lighthouse');
    const direct = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}` });
    try {
      const tab = await direct.newPage();
      await tab.goto(`${server.origin}/flawed`);
      const reference = await snapshot(tab, { flags: { onlyCategories: ['accessibility'] } });
      expect(flawed.accessibility).toBeLessThan(0.9);
      expect(flawed.accessibility).toBe(reference!.lhr.categories.accessibility.score);
      const full = await navigation(await direct.newPage(), `${server.origin}/`, { flags: { onlyCategories: ['performance'] } });
      const weighed = (refs: Array<{ id: string; weight: number }>) => refs.filter((r) => r.weight > 0).map((r) => `${r.id}:${r.weight}`).sort();
      const ours = JSON.parse(home.reports.performance!).categories.performance.auditRefs;
      expect(weighed(ours)).toEqual(weighed(full!.lhr.categories.performance.auditRefs));
      expect(weighed(ours).length).toBeGreaterThan(3);
    } finally {
      await direct.disconnect();
    }
  }, 240_000);
});
