// An agency's audit in a worker thread, so the run can stop it at its
// deadline even when its own code blocks (a parse, a render, a DevTools call
// that never returns): the main thread terminates the thread and kills the
// thread's own Chromium. The same entry serves the run's Lighthouse thread,
// which measures the agencies' sampled pages one agency at a time in a
// Chromium of its own, so Lighthouse loads once a run and never runs twice at once.
import { parentPort, workerData } from 'node:worker_threads';
import type { Browser } from 'playwright';
import { launchBrowser, withTimeout } from '../../crawlers/browser.ts';
import { HttpClient } from '../../crawlers/http.ts';
import { LighthouseRunner, loadLighthouse, type LighthouseResult, type Measurer } from '../../crawlers/lighthouse.ts';
import type { HostSlots } from '../../crawlers/portal.ts';
import { freePort } from '../../crawlers/ports.ts';
import { MODEL } from '../../rules/catalog.ts';
import { RULES } from '../../rules/index.ts';
import { markerFlag } from './browser-host.ts';
import { auditAgency } from './run-audit.ts';
import type { FromWorker, Slot, ThreadData, ToWorker } from './worker-protocol.ts';

const port = parentPort!;
const { options, browser: spec, marker, role } = workerData as ThreadData;
const CLOSE_MS = 10_000;

const send = (message: FromWorker) => port.postMessage(message);

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
  request: (url, task) => holding({ kind: 'request', url }, task),
  slowDown: (host, delayMs) => send({ type: 'slow-down', host, delayMs }),
  busy: (task) => holding({ kind: 'work' }, task),
};

/** This thread's Chromium, launched on its first agency and kept for the next ones (each gets a context of its own). */
type Own = { browser: Browser; lighthousePort: number | null };
let own: Promise<Own> | null = null;

async function launchOwn(): Promise<Own> {
  const lighthousePort = role === 'lighthouse' ? await freePort() : null;
  return { browser: await launchBrowser(spec.executablePath, lighthousePort ?? undefined, [markerFlag(marker)]), lighthousePort };
}

/** Launched once (a failed or lost launch is tried again on the next call). */
async function ownBrowser(): Promise<Own> {
  const current = await own?.catch(() => null);
  if (current?.browser.isConnected()) return current;
  own = launchOwn();
  return own;
}

let nextRequest = 0;
const answers = new Map<number, (results: LighthouseResult[]) => void>();

/** An agency thread's Lighthouse: the run's Lighthouse thread (or queue) measures, through the main thread. */
function byLighthouseThread(agencyId: string): Measurer {
  return {
    measure: (urls) => new Promise((resolve) => {
      const id = ++nextRequest;
      answers.set(id, resolve);
      send({ type: 'measure', id, agencyId, urls });
    }),
  };
}

async function audit(m: Extract<ToWorker, { type: 'audit' }>): Promise<FromWorker> {
  const { browser } = await ownBrowser();
  const http = new HttpClient(options.crawl.navigationTimeoutMs);
  try {
    const lighthouse = spec.lighthouse ? byLighthouseThread(m.agency.id) : null;
    const result = await auditAgency(m.agency, {
      browser, http, lighthouse, limiter: hostSlots, options, model: MODEL, rules: RULES, declaredServices: new Map([[m.agency.id, m.seeds]]),
      reporter: { warn: (message) => send({ type: 'warn', message }) },
    });
    return { type: 'result', result };
  } finally {
    await http.close();
  }
}

/** The runner on this thread's browser; a relaunched browser (a new port) gets a new one. */
let runner: { port: number; lighthouse: LighthouseRunner } | null = null;

/** The Lighthouse thread: one agency's pages, in this thread's own browser, under the run's slots. */
async function measure(m: Extract<ToWorker, { type: 'measure' }>): Promise<FromWorker> {
  await warmUp;
  const debugPort = (await ownBrowser()).lighthousePort!;
  if (runner?.port !== debugPort) runner = { port: debugPort, lighthouse: new LighthouseRunner(debugPort, options.lighthouse.timeoutMs, { exclusive: (task) => holding({ kind: 'lighthouse' }, task), work: hostSlots.busy, host: hostSlots.run }) };
  return { type: 'measured', results: await runner.lighthouse.measure(m.urls) };
}

async function close(): Promise<FromWorker> {
  const current = await own?.catch(() => null);
  if (current) await withTimeout(current.browser.close(), CLOSE_MS, 'closing the browser').catch(() => {});
  return { type: 'closed' };
}

// The Lighthouse thread starts with the run: Lighthouse loads while its browser starts, beside the first crawls, not on an agency's path.
// A failure here shows on the first measurement.
const warmUp = role === 'lighthouse' ? Promise.all([loadLighthouse(), ownBrowser()]).catch(() => {}) : null;

port.on('message', (m: ToWorker) => {
  if (m.type === 'granted' || m.type === 'measured') {
    if (m.type === 'granted') granted.get(m.id)?.();
    else answers.get(m.id)?.(m.results);
    (m.type === 'granted' ? granted : answers).delete(m.id);
    return;
  }
  const work = m.type === 'close' ? close() : m.type === 'measure' ? measure(m) : audit(m);
  work.then(send, (err: unknown) => send({ type: 'failed', message: (err instanceof Error ? err.message : String(err)).split('\n')[0] }));
});
