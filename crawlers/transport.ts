// HTTPS facts for the technical indicators: does http://<host>/ send the
// citizen on to https? Read with a plain HTTP request, redirects not followed.
import type { TransportFacts } from './artifacts.ts';

const MAX_HOPS = 5;

/** Follow http:// redirects by hand (at most MAX_HOPS) until one leaves http or stops redirecting. */
export async function probeHttp(homepage: string, userAgent: string, timeoutMs: number): Promise<NonNullable<TransportFacts['httpProbe']>> {
  const start = new URL('/', homepage);
  start.protocol = 'http:';
  let url = start.href;
  try {
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const res = await fetch(url, { redirect: 'manual', headers: { 'user-agent': userAgent }, signal: AbortSignal.timeout(timeoutMs) });
      await res.body?.cancel();
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { url: start.href, status: res.status, location: null, redirectsToHttps: false, error: null };
      const next = new URL(location, url);
      if (next.protocol === 'https:') return { url: start.href, status: res.status, location: next.href, redirectsToHttps: true, error: null };
      url = next.href;
    }
    return { url: start.href, status: null, location: url, redirectsToHttps: false, error: `more than ${MAX_HOPS} redirects` };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { url: start.href, status: null, location: null, redirectsToHttps: false, error: cause?.code ?? cause?.message ?? (err as Error).message };
  }
}
