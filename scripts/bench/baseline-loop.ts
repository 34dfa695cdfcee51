// The benchmark's baseline, run as its own process so it is measured like the
// audit: a bare Playwright loop that renders every page of the nation once
// (goto, waitUntil 'load') and takes a screenshot of it. One browser, one
// context per portal, `portalConcurrency` portals at a time and up to
// `pageConcurrency` pages at a time within a portal. Nothing is stored.
// Usage: node scripts/bench/baseline-loop.ts JOB.json  (prints one JSON line)
import { readFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright';

export interface BaselineJob {
  executablePath: string;
  args: string[];
  portalConcurrency: number;
  pageConcurrency: number;
  navigationTimeoutMs: number;
  viewport: { width: number; height: number };
  /** Each portal's page URLs. */
  portals: string[][];
}

export interface BaselineResult {
  pages: number;
  screenshots: number;
  screenshotBytes: number;
  errors: string[];
  chromiumVersion: string;
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function renderPortal(browser: Browser, job: BaselineJob, urls: string[], result: BaselineResult): Promise<void> {
  const context = await browser.newContext({ viewport: job.viewport, locale: 'fa-IR' });
  try {
    await pool(urls, job.pageConcurrency, async (url) => {
      const page = await context.newPage();
      try {
        await page.goto(url, { waitUntil: 'load', timeout: job.navigationTimeoutMs });
        result.pages++;
        const png = await page.screenshot({ timeout: job.navigationTimeoutMs });
        result.screenshots++;
        result.screenshotBytes += png.length;
      } catch (err) {
        if (result.errors.length < 20) result.errors.push(`${url}: ${(err as Error).message.split('\n')[0]}`);
      } finally {
        await page.close().catch(() => {});
      }
    });
  } finally {
    await context.close().catch(() => {});
  }
}

async function main(jobFile: string): Promise<void> {
  const job = JSON.parse(readFileSync(jobFile, 'utf8')) as BaselineJob;
  const browser = await chromium.launch({ executablePath: job.executablePath, headless: true, args: job.args, timeout: 60_000 });
  const result: BaselineResult = { pages: 0, screenshots: 0, screenshotBytes: 0, errors: [], chromiumVersion: browser.version() };
  try {
    await pool(job.portals, job.portalConcurrency, (urls) => renderPortal(browser, job, urls, result));
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  if (!process.argv[2]) {
    process.stderr.write('usage: node scripts/bench/baseline-loop.ts JOB.json\n');
    process.exit(2);
  }
  await main(process.argv[2]);
}
