// The gate that lets Lighthouse's performance run measure a quiet machine:
// shared holders run together, an exclusive one runs alone, and a waiting
// exclusive holder is not starved by shared ones arriving after it; the
// slots a thread asks for map onto it.
import { describe, expect, it } from 'vitest';
import { HostLimiter } from '../../crawlers/portal.ts';
import { heldIn } from '../../src/audit/audit-thread.ts';
import { ExclusiveGate } from '../../src/audit/exclusive-gate.ts';

/** A task that records when it starts and ends, and ends when told. */
function task(log: string[], name: string) {
  let end!: () => void;
  const done = new Promise<void>((resolve) => { end = resolve; });
  return { end, run: async () => { log.push(`${name}+`); await done; log.push(`${name}-`); } };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('ExclusiveGate', () => {
  it('runs shared tasks together', async () => {
    const gate = new ExclusiveGate();
    const log: string[] = [];
    const a = task(log, 'a');
    const b = task(log, 'b');
    const runs = [gate.withShared(a.run), gate.withShared(b.run)];
    await tick();
    expect(log).toEqual(['a+', 'b+']);
    a.end(); b.end();
    await Promise.all(runs);
  });

  it('starts an exclusive task only after the shared ones end, and holds later shared ones back until it is done', async () => {
    const gate = new ExclusiveGate();
    const log: string[] = [];
    const s1 = task(log, 's1');
    const x = task(log, 'x');
    const s2 = task(log, 's2');
    const runs = [gate.withShared(s1.run)];
    await tick();
    runs.push(gate.withExclusive(x.run));
    await tick();
    runs.push(gate.withShared(s2.run));
    await tick();
    expect(log).toEqual(['s1+']);
    s1.end();
    await tick();
    expect(log).toEqual(['s1+', 's1-', 'x+']);
    x.end();
    await tick();
    expect(log).toEqual(['s1+', 's1-', 'x+', 'x-', 's2+']);
    s2.end();
    await Promise.all(runs);
  });

  it('does not wait for a request on the network in flight, but holds new ones back until it is done', async () => {
    const gate = new ExclusiveGate();
    const log: string[] = [];
    const request = task(log, 'request');
    const render = task(log, 'render');
    const x = task(log, 'x');
    const later = task(log, 'later');
    const runs = [gate.withShared(request.run, true), gate.withShared(render.run)];
    await tick();
    runs.push(gate.withExclusive(x.run));
    await tick();
    runs.push(gate.withShared(later.run, true));
    await tick();
    // The render loads the machine: waited for. The request only waits on the network (a slow portal, a retry's backoff): not.
    expect(log).toEqual(['request+', 'render+']);
    render.end();
    await tick();
    expect(log).toEqual(['request+', 'render+', 'render-', 'x+']);
    request.end();
    await tick();
    expect(log.at(-1)).toBe('request-');
    x.end();
    await tick();
    expect(log.slice(-2)).toEqual(['x-', 'later+']);
    later.end();
    await Promise.all(runs);
  });

  it('runs exclusive tasks one at a time, and frees the gate when a task throws', async () => {
    const gate = new ExclusiveGate();
    const log: string[] = [];
    const boom = gate.withExclusive(async () => { log.push('boom'); throw new Error('lighthouse failed'); });
    const y = task(log, 'y');
    const after = gate.withExclusive(y.run);
    await expect(boom).rejects.toThrow('lighthouse failed');
    await tick();
    expect(log).toEqual(['boom', 'y+']);
    y.end();
    await after;
    const s = task(log, 's');
    const shared = gate.withShared(s.run);
    await tick();
    expect(log.at(-1)).toBe('s+');
    s.end();
    await shared;
  });
});

describe('the slots a thread asks for', () => {
  it('holds judging back while Lighthouse measures performance, lets it run beside the crawl, and keeps host slots polite', async () => {
    const pool = { gate: new ExclusiveGate(), limiter: new HostLimiter(1, 0) };
    const log: string[] = [];
    const fetchA = task(log, 'fetch');
    const judge = task(log, 'judge');
    const perf = task(log, 'perf');
    const judgeLater = task(log, 'judge2');
    const fetchB = task(log, 'fetch2');
    const runs = [heldIn({ kind: 'host', url: 'http://a.test/' }, pool, fetchA.run), heldIn({ kind: 'work' }, pool, judge.run)];
    await tick();
    // Judging beside the crawl; a second fetch of the same host waits for the host's one slot.
    runs.push(heldIn({ kind: 'host', url: 'http://a.test/x' }, pool, fetchB.run));
    await tick();
    expect(log).toEqual(['fetch+', 'judge+']);
    runs.push(heldIn({ kind: 'lighthouse' }, pool, perf.run));
    await tick();
    runs.push(heldIn({ kind: 'work' }, pool, judgeLater.run));
    fetchA.end(); judge.end();
    await tick();
    // The performance run starts once both are done; judging asked for later waits for it.
    expect(log.slice(2)).toEqual(['fetch-', 'judge-', 'perf+']);
    perf.end();
    await tick();
    expect(log.slice(5).sort()).toEqual(['fetch2+', 'judge2+', 'perf-'].sort());
    judgeLater.end(); fetchB.end();
    await Promise.all(runs);
  });

  it('does not make Lighthouse\'s performance run wait for a request over HTTP in flight, and keeps the request polite', async () => {
    const pool = { gate: new ExclusiveGate(), limiter: new HostLimiter(1, 0) };
    const log: string[] = [];
    const slow = task(log, 'slow-request');
    const perf = task(log, 'perf');
    const next = task(log, 'next-request');
    const page = task(log, 'page-in-browser');
    const runs = [heldIn({ kind: 'request', url: 'http://slow.test/' }, pool, slow.run), heldIn({ kind: 'host', url: 'http://b.test/' }, pool, page.run)];
    await tick();
    runs.push(heldIn({ kind: 'lighthouse' }, pool, perf.run));
    await tick();
    // The same host's next request waits for its one slot, and for the performance run.
    runs.push(heldIn({ kind: 'request', url: 'http://slow.test/next' }, pool, next.run));
    page.end();
    await tick();
    expect(log).toEqual(['slow-request+', 'page-in-browser+', 'page-in-browser-', 'perf+']);
    slow.end();
    await tick();
    expect(log.slice(4)).toEqual(['slow-request-']);
    perf.end();
    await tick();
    expect(log.slice(5)).toEqual(['perf-', 'next-request+']);
    next.end();
    await Promise.all(runs);
  });
});
