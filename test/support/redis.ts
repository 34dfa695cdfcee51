// A throwaway redis-server on a free loopback port: no snapshots, no AOF, and
// the eviction policy the queue needs. Stopped (and waited for) by `stop`.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../crawlers/ports.ts';

export interface TestRedis { url: string; port: number; child: ChildProcess; stop: () => Promise<void> }

export async function startRedis(port?: number): Promise<TestRedis> {
  const p = port ?? await freePort();
  const child = spawn('redis-server', ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const missing = new Promise<never>((_, reject) => child.once('error', (err) => reject(new Error(`redis-server did not run (${err.message}): install Redis >= 6.2 (apt-get install -y redis-server)`))));
  missing.catch(() => {});
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await Promise.race([missing, new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/Ready to accept connections/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => { clearTimeout(timer); reject(new Error(`redis-server exited:\n${out}`)); });
  })]);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return { url: `redis://127.0.0.1:${p}`, port: p, child, stop };
}
