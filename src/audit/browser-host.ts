// The run's Chromium: each agency thread launches its own and keeps it from
// agency to agency, so Playwright talks to it in the thread itself (a
// Playwright server shared over a WebSocket compressed every screenshot and
// page in the main thread). A thread's
// browser carries a marker in its command line, so the main thread can kill it
// (and remove its profile) when it stops the thread, even if it is frozen.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { launchBrowser, withTimeout } from '../../crawlers/browser.ts';
import type { BrowserSpec } from './worker-protocol.ts';

const LAUNCH_CHECK_MS = 60_000;
const MARKER_FLAG = '--portal-audit-thread=';

/** The Chromium command-line flag that names a thread's browser. */
export function markerFlag(marker: string): string {
  return `${MARKER_FLAG}${marker}`;
}

interface Marked { pid: number; profile: string | null }

/** Processes of this machine whose command line carries the marker (the browser process; its children die with it). */
function marked(marker: string): Marked[] {
  const flag = markerFlag(marker);
  const out: Marked[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!args.includes(flag)) continue;
      const profile = args.find((a) => a.startsWith('--user-data-dir='))?.slice('--user-data-dir='.length) ?? null;
      out.push({ pid: Number(entry), profile });
    } catch {
      // Gone while we looked.
    }
  }
  return out;
}

export class BrowserHost {
  readonly spec: BrowserSpec;
  private constructor(spec: BrowserSpec) {
    this.spec = spec;
  }

  /** Checks that Chromium starts before anything is written; each thread then launches its own. */
  static async launch(executablePath: string, lighthouse: boolean): Promise<BrowserHost> {
    const browser = await launchBrowser(executablePath);
    await withTimeout(browser.close(), LAUNCH_CHECK_MS, 'closing the test browser').catch(() => {});
    return new BrowserHost({ executablePath, lighthouse });
  }

  /** The same browser for a run that wants Lighthouse or not (a queue worker serves runs of either kind). */
  forRun(lighthouse: boolean): BrowserHost {
    return new BrowserHost({ ...this.spec, lighthouse });
  }

  /** Kill a stopped thread's browser, frozen or not, and remove the profile Playwright made for it. */
  kill(marker: string): void {
    for (const p of marked(marker)) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      if (p.profile?.includes('playwright')) rmSync(p.profile, { recursive: true, force: true });
    }
  }

  async close(): Promise<void> {
    // Every thread closes or kills its own browser; nothing is left here.
  }
}
