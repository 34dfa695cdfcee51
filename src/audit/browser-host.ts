// The run's Chromium, behind a Playwright server that agency workers connect
// to. It can be checked and, when it stops answering, replaced for the rest
// of the run. Every call on it is bounded.
import type { BrowserServer } from 'playwright';
import { connectBrowser, launchBrowserServer, withTimeout } from '../../crawlers/browser.ts';
import { freePort } from '../../crawlers/ports.ts';
import type { BrowserEndpoint } from './worker-protocol.ts';

/** How long a healthy Chromium takes at most to open and close a context with a page in it. */
const HEALTH_CHECK_MS = 20_000;
const CLOSE_MS = 10_000;

export class BrowserHost {
  private server: BrowserServer;
  private port: number | null;
  private readonly executablePath: string;
  /** Bumped each time the browser is replaced: work started on an older one is done again. */
  generation = 0;

  private constructor(server: BrowserServer, executablePath: string, port: number | null) {
    this.server = server;
    this.executablePath = executablePath;
    this.port = port;
  }

  static async launch(executablePath: string, lighthouse: boolean): Promise<BrowserHost> {
    const port = lighthouse ? await freePort() : null;
    return new BrowserHost(await launchBrowserServer(executablePath, port ?? undefined), executablePath, port);
  }

  endpoint(): BrowserEndpoint {
    return { wsEndpoint: this.server.wsEndpoint(), lighthousePort: this.port };
  }

  /** Can a new connection open a context and a page, and close them, in time? */
  async healthy(timeoutMs = HEALTH_CHECK_MS): Promise<boolean> {
    const check = async () => {
      const browser = await connectBrowser(this.server.wsEndpoint(), timeoutMs);
      try {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.setContent('<p>ok</p>');
        await context.close();
      } finally {
        await browser.close().catch(() => {});
      }
    };
    try {
      await withTimeout(check(), timeoutMs, 'the browser health check');
      return true;
    } catch {
      return false;
    }
  }

  /** A new Chromium for the rest of the run; the old one is killed. */
  async replace(): Promise<void> {
    await this.close();
    this.port = this.port === null ? null : await freePort();
    this.server = await launchBrowserServer(this.executablePath, this.port ?? undefined);
    this.generation++;
  }

  /** Close gracefully if it answers, else kill the process. */
  async close(): Promise<void> {
    try {
      await withTimeout(this.server.close(), CLOSE_MS, 'closing the browser');
    } catch {
      await this.server.kill().catch(() => {});
    }
  }
}
