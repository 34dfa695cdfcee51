// A Chromium of its own for reference `lighthouse` CLI runs, started by the
// test rather than by the CLI's launcher: the launcher gives Chromium a fixed
// ~25 s to answer, which a loaded CI machine can exceed ("Unable to connect to
// Chrome"). Port 0 lets Chromium pick its port; it is read from its stderr.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ReferenceChromium { port: number; stop: () => Promise<void> }

const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', '--remote-debugging-port=0', 'about:blank'];

export async function startReferenceChromium(executablePath: string, startTimeoutMs = 120_000): Promise<ReferenceChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'reference-chromium-'));
  const child = spawn(executablePath, [...FLAGS, `--user-data-dir=${profile}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => reject(new Error(`Chromium did not open its debugging port in ${startTimeoutMs} ms:\n${err}`)), startTimeoutMs);
      child.once('error', (e) => { clearTimeout(timer); reject(e); });
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err);
        if (m) { clearTimeout(timer); resolve(Number(m[1])); }
      });
      void exited.then(() => { clearTimeout(timer); reject(new Error(`Chromium exited before opening its debugging port:\n${err}`)); });
    });
    child.stderr!.resume();
    return { port, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
