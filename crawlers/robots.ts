// robots.txt per origin, via robots-parser. An unreachable or missing file
// allows everything (the common reading); the fetch is bounded by a timeout.
import robotsParserModule from 'robots-parser';
import { getGlobalDispatcher, interceptors, request, type Dispatcher } from 'undici';
import { discard, readBody } from './http.ts';

interface Robot {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
  getSitemaps(): string[];
}
// robots-parser is CommonJS: its default import is the parser function itself.
const robotsParser = robotsParserModule as unknown as (url: string, robotstxt: string) => Robot;

export interface RobotsPolicy {
  isAllowed(url: string): boolean;
  /** Seconds, when the file asks for one. */
  crawlDelaySeconds: number | null;
  source: 'file' | 'missing' | 'unreachable';
  /** `Sitemap:` lines, as written (absolute URLs). */
  sitemaps: string[];
}

export const ROBOTS_TOKEN = 'portal-audit';

// Google reads the first 500 KiB of a robots.txt; so do we.
const MAX_ROBOTS_BYTES = 512 * 1024;

export async function fetchRobots(origin: string, userAgent: string, timeoutMs: number, dispatcher?: Dispatcher): Promise<RobotsPolicy> {
  const url = new URL('/robots.txt', origin).href;
  let text = '';
  let source: RobotsPolicy['source'] = 'missing';
  try {
    const following = (dispatcher ?? getGlobalDispatcher()).compose(interceptors.redirect({ maxRedirections: 5 }));
    const res = await request(url, { headers: { 'user-agent': userAgent }, signal: AbortSignal.timeout(timeoutMs), dispatcher: following });
    if (res.statusCode >= 200 && res.statusCode < 300) {
      text = (await readBody(res.body, MAX_ROBOTS_BYTES, true))?.toString('utf8') ?? '';
      source = 'file';
    } else {
      discard(res.body);
    }
  } catch {
    source = 'unreachable';
  }
  const robots = robotsParser(url, text);
  return {
    isAllowed: (u) => robots.isAllowed(u, ROBOTS_TOKEN) !== false,
    crawlDelaySeconds: robots.getCrawlDelay(ROBOTS_TOKEN) ?? null,
    source,
    sitemaps: robots.getSitemaps(),
  };
}
