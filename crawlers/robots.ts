// robots.txt per origin, via robots-parser. An unreachable or missing file
// allows everything (the common reading); the fetch is bounded by a timeout.
import robotsParserModule from 'robots-parser';

interface Robot {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}
// robots-parser is CommonJS: its default import is the parser function itself.
const robotsParser = robotsParserModule as unknown as (url: string, robotstxt: string) => Robot;

export interface RobotsPolicy {
  isAllowed(url: string): boolean;
  /** Seconds, when the file asks for one. */
  crawlDelaySeconds: number | null;
  source: 'file' | 'missing' | 'unreachable';
}

export const ROBOTS_TOKEN = 'portal-audit';

export async function fetchRobots(origin: string, userAgent: string, timeoutMs: number): Promise<RobotsPolicy> {
  const url = new URL('/robots.txt', origin).href;
  let text = '';
  let source: RobotsPolicy['source'] = 'missing';
  try {
    const res = await fetch(url, { headers: { 'user-agent': userAgent }, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    if (res.ok) {
      text = (await res.text()).slice(0, 512 * 1024);
      source = 'file';
    } else {
      await res.body?.cancel();
    }
  } catch {
    source = 'unreachable';
  }
  const robots = robotsParser(url, text);
  return {
    isAllowed: (u) => robots.isAllowed(u, ROBOTS_TOKEN) !== false,
    crawlDelaySeconds: robots.getCrawlDelay(ROBOTS_TOKEN) ?? null,
    source,
  };
}
