// An agency's audit in a worker thread, so the run can stop it at its
// deadline even when its own code blocks (a parse, a render, a DevTools call
// that never returns): the main thread terminates the thread, and the
// Playwright server closes the browser contexts of its connection.
import { parentPort, workerData } from 'node:worker_threads';
import { connectBrowser, withTimeout } from '../../crawlers/browser.ts';
import { HttpClient } from '../../crawlers/http.ts';
import { LighthouseRunner } from '../../crawlers/lighthouse.ts';
import type { HostSlots } from '../../crawlers/portal.ts';
import { MODEL } from '../../rules/catalog.ts';
import { RULES } from '../../rules/index.ts';
import { auditAgency, type AuditOptions } from './run-audit.ts';
import type { FromWorker, Slot, ToWorker } from './worker-protocol.ts';

const port = parentPort!;
const options = (workerData as { options: AuditOptions }).options;
const CONNECT_MS = 30_000;

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
  slowDown: (host, delayMs) => send({ type: 'slow-down', host, delayMs }),
};

async function audit(m: Extract<ToWorker, { type: 'audit' }>): Promise<FromWorker> {
  const browser = await connectBrowser(m.browser.wsEndpoint, CONNECT_MS);
  const http = new HttpClient(options.crawl.navigationTimeoutMs);
  try {
    const lhPort = m.browser.lighthousePort;
    const lighthouse = lhPort ? new LighthouseRunner(lhPort, options.lighthouse.timeoutMs, (task) => holding({ kind: 'lighthouse' }, task)) : null;
    const result = await auditAgency(m.agency, {
      browser, http, lighthouse, limiter: hostSlots, options, model: MODEL, rules: RULES, declaredServices: new Map([[m.agency.id, m.seeds]]),
      reporter: { warn: (message) => send({ type: 'warn', message }) },
    });
    return { type: 'result', result };
  } finally {
    await http.close();
    await withTimeout(browser.close(), CONNECT_MS, 'disconnecting from the browser').catch(() => {});
  }
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'granted') {
    granted.get(m.id)?.();
    granted.delete(m.id);
    return;
  }
  audit(m).then(send, (err: unknown) => send({ type: 'failed', message: (err instanceof Error ? err.message : String(err)).split('\n')[0] }));
});
