// The runner's slots, against a real Chromium and Lighthouse: only the home
// page's load and trace hold the machine alone; the tab is opened before it
// and the gathered artifacts are scored after it, under the ordinary work slot,
// so the crawl is held back no longer than the measurement needs.
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchBrowser } from '../../crawlers/browser.ts';
import { LighthouseRunner } from '../../crawlers/lighthouse.ts';
import { freePort } from '../../crawlers/ports.ts';
import { portalPage, serve, type TestServer } from '../support/servers.ts';

let server: TestServer;
let browser: Browser;
let port: number;

beforeAll(async () => {
  server = await serve(portalPage);
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
});
