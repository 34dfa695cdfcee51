// An audit on a full disk: a 600 KiB tmpfs holds the database's schema but
// not the first agency's evidence. The audit ends in one line naming the
// file and what to do (no stack, no crash from agencies still running), and
// what was written stays intact. Mounting a tmpfs needs root: elsewhere this
// file does not run, and test/unit/store-errors.test.ts covers the mapping
// with a real SQLITE_FULL from SQLite's page limit.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalAgencies, SAMPLE_AS_OF } from '../../src/commands/demo.ts';
import { closePortals, SAMPLE_PORTALS_DIR, serveSamplePortals, type ServedPortal } from '../../src/demo/sample-portals.ts';
import { runCli } from '../support/cli.ts';

const canMount = process.getuid?.() === 0;
const dir = mkdtempSync(join(tmpdir(), 'full-disk-'));
const disk = join(dir, 'disk');
let portals: ServedPortal[] = [];

describe.runIf(canMount)('an audit on a full disk', () => {
  beforeAll(async () => {
    execFileSync('mkdir', ['-p', disk]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=600k', 'tmpfs', disk]);
    // Every sample portal, 4 audited at once: others are still running when the first agency fails to be stored.
    portals = await serveSamplePortals(SAMPLE_PORTALS_DIR);
    writeFileSync(join(dir, 'agencies.json'), JSON.stringify({ agencies: portalAgencies(portals) }));
  });
  afterAll(async () => {
    await closePortals(portals);
    execFileSync('umount', [disk]);
  });

  it('ends in one line naming the database and what to do, and leaves it intact', async () => {
    const db = join(disk, 'audit.sqlite');
    const res = await runCli(['audit', '--agencies', join(dir, 'agencies.json'), '--db', db, '--as-of', SAMPLE_AS_OF, '--host-delay-ms', '0', '--no-lighthouse']);
    expect(res.code, res.stderr).toBe(2);
    const lines = res.stderr.trim().split('\n').filter((l) => !l.startsWith('{'));
    expect(lines).toEqual([`error: ${db}: the disk (or the temporary directory) is full, so nothing more was written. Free some space, or pass --db on another disk, and run the command again (SQLITE_FULL).`]);
    const verify = await runCli(['verify', '--db', db]);
    expect([verify.code, verify.stdout]).toEqual([0, expect.stringMatching(/^intact: 1 run\(s\)/m)]);
  });
});
