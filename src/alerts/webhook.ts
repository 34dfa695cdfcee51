// Posts an alert to a webhook: a timeout on every attempt, retries with
// exponential backoff, every failure logged; it never throws, so a receiver
// that is down cannot fail the run.
export interface WebhookOptions {
  /** Tries after the first. */
  retries: number;
  /** The wait before the first retry; each further one waits 4 times longer. */
  backoffMs: number;
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = { retries: 3, backoffMs: 2_000, timeoutMs: 10_000 };

export interface WebhookLog {
  retrying: (url: string, attempt: number, attempts: number, reason: string, delayMs: number) => void;
  gaveUp: (url: string, attempts: number, reason: string) => void;
  sent: (url: string, attempt: number) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A URL as logs show it: scheme, host and first path segment only, since a chat webhook's secret is often in its path or query. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const [first, ...rest] = u.pathname.split('/').filter(Boolean);
    return `${u.protocol}//${u.host}/${first ?? ''}${rest.length || u.search ? '/…' : ''}`;
  } catch {
    return '(invalid URL)';
  }
}

async function attempt(url: string, body: string, timeoutMs: number): Promise<string | null> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'portal-audit' }, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    await res.arrayBuffer().catch(() => undefined);
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.message);
  }
}

/** True when the receiver accepted it (2xx). */
export async function postJson(url: string, payload: unknown, o: WebhookOptions, log: WebhookLog): Promise<boolean> {
  const body = JSON.stringify(payload);
  const attempts = o.retries + 1;
  for (let n = 1; ; n++) {
    const failure = await attempt(url, body, o.timeoutMs);
    if (failure === null) {
      log.sent(redactUrl(url), n);
      return true;
    }
    if (n === attempts) {
      log.gaveUp(redactUrl(url), attempts, failure);
      return false;
    }
    const delayMs = o.backoffMs * 4 ** (n - 1);
    log.retrying(redactUrl(url), n, attempts, failure, delayMs);
    await sleep(delayMs);
  }
}
