// An agency's audit in a worker thread, so the run can stop it at its
// deadline even when its own code blocks (a parse, a render, a DevTools call
// that never returns): the main thread terminates the thread and kills the
// thread's own Chromium.
import { parentPort, workerData } from 'node:worker_threads';
import type { Browser } from 'playwright';
import { launchBrowser, withTimeout } from '../../crawlers/browser.ts';
import { HttpClient } from '../../crawlers/http.ts';
import { LighthouseRunner, loadLighthouse } from '../../crawlers/lighthouse.ts';
import type { HostSlots } from '../../crawlers/portal.ts';
import { freePort } from '../../crawlers/ports.ts';
import { MODEL } from '../../rules/catalog.ts';
import { RULES } from '../../rules/index.ts';
import { markerFlag } from './browser-host.ts';
import { auditAgency } from './run-audit.ts';
import type { FromWorker, Slot, ThreadData, ToWorker } from './worker-protocol.ts';

const port = parentPort!;
const { options, browser: spec, marker } = workerData as ThreadData;
const CLOSE_MS = 10_000;

const send = (message: FromWorker) => port.postMessage(message);
// Beside the first crawl rather than on its agency's path; a failure shows when Lighthouse is used.
if (spec.lighthouse) loadLighthouse().catch(() => {});

let nextSlot = 0;
const granted = new Map<number, () => void>();

/** Run `task` holding a run-wide slot that the main thread grants. */
async function holding<T>(slot: Slot, task: () => Promise<T>): Promise<T> {
  const id = ++nextSlot;
  await new Promise<void>((resolve) => {
    granted.set(id, resolve);
    send({ type: 'acquire', id, slot });
  });
  try {
    return await task();
  } finally {
    send({ type: 'release', id });
  }
}

const hostSlots: HostSlots = {
  run: (url, task) => holding({ kind: 'host', url }, task),
  slowDown: (host, delayMs) => send({ type: 'slow-down', host, delayMs }),
};

/** This thread's Chromium, launched on its first agency and kept for the next ones (each gets a context of its own). */
let own: { browser: Browser; lighthousePort: number | null } | null = null;

async function ownBrowser(): Promise<{ browser: Browser; lighthousePort: number | null }> {
  if (own?.browser.isConnected()) return own;
  const lighthousePort = spec.lighthouse ? await freePort() : null;
  own = { browser: await launchBrowser(spec.executablePath, lighthousePort ?? undefined, [markerFlag(marker)]), lighthousePort };
  return own;
}

async function audit(m: Extract<ToWorker, { type: 'audit' }>): Promise<FromWorker> {
  const { browser, lighthousePort } = await ownBrowser();
  const http = new HttpClient(options.crawl.navigationTimeoutMs);
  try {
    const lighthouse = lighthousePort ? new LighthouseRunner(lighthousePort, options.lighthouse.timeoutMs, { exclusive: (task) => holding({ kind: 'lighthouse' }, task), host: hostSlots.run }) : null;
    const result = await auditAgency(m.agency, {
      browser, http, lighthouse, limiter: hostSlots, options, model: MODEL, rules: RULES, declaredServices: new Map([[m.agency.id, m.seeds]]),
      reporter: { warn: (message) => send({ type: 'warn', message }) },
    });
    return { type: 'result', result };
  } finally {
    await http.close();
  }
}

async function close(): Promise<FromWorker> {
  if (own) await withTimeout(own.browser.close(), CLOSE_MS, 'closing the browser').catch(() => {});
  return { type: 'closed' };
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'granted') {
    granted.get(m.id)?.();
    granted.delete(m.id);
    return;
  }
  const work = m.type === 'close' ? close() : audit(m);
  work.then(send, (err: unknown) => send({ type: 'failed', message: (err instanceof Error ? err.message : String(err)).split('\n')[0] }));
});
