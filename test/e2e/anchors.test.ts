// Anchors outside the database. Three audits of a sample portal (the first
// unsigned, the others signed with a key made by `keys generate`), then an
// attacker with the database and the code, but not the key nor the published
// head: hides the newest run, deletes it, replaces it with its chain
// recomputed, deletes the newest review (trigger dropped), and rewrites a
// dispute bundle with a fresh SHA256SUMS. Plain `verify` misses these; the
// head, the checkpoint file or the signature catch each one.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import type { Io } from '../../src/commands/common.ts';
import { portalAgencies, SAMPLE_AS_OF } from '../../src/commands/demo.ts';
import { closePortals, SAMPLE_PORTALS_DIR, serveSamplePortals, type ServedPortal } from '../../src/demo/sample-portals.ts';
import { sha256 } from '../../src/evidence/hash.ts';
import { loadSigningKey, runStatement, signatureValid } from '../../src/evidence/signing.ts';
import { signRun } from '../../src/store/anchors.ts';
import { computeManifest, findingDigest, type EvidenceRowForDigest, type FindingRowForDigest } from '../../src/store/integrity.ts';
import { addReview } from '../../src/store/reviews.ts';
import { runCli } from '../support/cli.ts';

let portals: ServedPortal[] = [];
let dir: string;
let db: string;
let keyDir: string;
let head: string;
const audits: Array<{ stdout: string }> = [];

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (s) => { out += s; }, err: (s) => { err += s; }, isTty: false, env: {}, lang: 'en', cwd: dir };
  return { code: await main(argv, io), out, err };
}

/** A copy of the database as an attacker left it. */
function tampered(label: string, tamper: (store: Database.Database) => void): string {
  const copy = join(dir, `${label}.sqlite`);
  copyFileSync(db, copy);
  const store = new Database(copy);
  store.pragma('foreign_keys = OFF');
  tamper(store);
  store.close();
  return copy;
}

/** What an attacker with the code does after changing a run: every digest and manifest from there on recomputed. */
function resealFrom(store: Database.Database, fromRun: number): void {
  const evidence = store.prepare('SELECT kind, url, selector, snippet, sha256, mime, captured_at, selector_found, service_url, box_json FROM evidence WHERE finding_id = ? ORDER BY id');
  const runs = store.prepare(`SELECT * FROM runs WHERE status = 'completed' ORDER BY id`).all() as Array<{ id: number; as_of: string; model_hash: string; manifest_sha256: string }>;
  let prev: string | null = null;
  for (const run of runs) {
    if (run.id >= fromRun) {
      for (const f of store.prepare('SELECT * FROM findings WHERE run_id = ?').all(run.id) as Array<FindingRowForDigest & { id: number }>) {
        store.prepare('UPDATE findings SET sha256 = ? WHERE id = ?').run(findingDigest(f, evidence.all(f.id) as EvidenceRowForDigest[]), f.id);
      }
      const manifest = computeManifest(store as never, run, prev);
      store.prepare('UPDATE runs SET prev_manifest_sha256 = ?, manifest_sha256 = ? WHERE id = ?').run(prev, manifest, run.id);
      run.manifest_sha256 = manifest;
    }
    prev = run.manifest_sha256;
  }
}

function deleteRun(store: Database.Database, runId: number): void {
  store.prepare('DELETE FROM evidence WHERE finding_id IN (SELECT id FROM findings WHERE run_id = ?)').run(runId);
  for (const table of ['findings', 'pages', 'run_agencies', 'run_signatures']) store.prepare(`DELETE FROM ${table} WHERE run_id = ?`).run(runId);
  store.prepare('DELETE FROM runs WHERE id = ?').run(runId);
}

beforeAll(async () => {
  portals = await serveSamplePortals(SAMPLE_PORTALS_DIR, ['tazirat']);
  dir = mkdtempSync(join(tmpdir(), 'anchors-'));
  db = join(dir, 'audit.sqlite');
  keyDir = join(dir, 'keys');
  expect((await cli(['keys', 'generate', '--out', keyDir])).code).toBe(0);
  const file = join(dir, 'agencies.json');
  writeFileSync(file, JSON.stringify({ agencies: portalAgencies(portals) }));
  const base = ['audit', '--agencies', file, '--db', db, '--as-of', SAMPLE_AS_OF, '--host-delay-ms', '0', '--no-lighthouse'];
  // Night 1 unsigned; night 2 signed through the environment; night 3 through --signing-key.
  for (const [args, env] of [[base, {}], [base, { PORTAL_AUDIT_SIGNING_KEY: join(keyDir, 'signing-key.pem') }], [[...base, '--signing-key', join(keyDir, 'signing-key.pem')], {}]] as const) {
    const res = await runCli([...args], env);
    expect(res.code, res.stderr).toBe(0);
    audits.push(res);
  }
  const store = new Database(db);
  store.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  head = (await cli(['head', '--db', db])).out.trim();
}, 300_000);

afterAll(async () => {
  await closePortals(portals);
});

describe('keys', () => {
  it('makes a private key only its owner may read, never overwrites it, and shows its fingerprint', async () => {
    expect(statSync(join(keyDir, 'signing-key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(keyDir, 'signing-key.pub.pem')).mode & 0o777).toBe(0o644);
    const again = await cli(['keys', 'generate', '--out', keyDir]);
    expect([again.code, again.err]).toEqual([2, expect.stringMatching(/signing-key\.pem already exists: a key is never overwritten/)]);
    const fromPublic = await cli(['keys', 'show', join(keyDir, 'signing-key.pub.pem')]);
    expect(fromPublic.out).toBe((await cli(['keys', 'show', join(keyDir, 'signing-key.pem')])).out);
    expect(fromPublic.out).toMatch(/^public key \(as run\.publicKey\): \S+\nfingerprint: [0-9a-f]{64}\n$/);
  });

  it('refuses a signing key others may read, and a file that is not a key, in one line before anything is written', async () => {
    const loose = join(dir, 'loose.pem');
    copyFileSync(join(keyDir, 'signing-key.pem'), loose);
    execFileSync('chmod', ['644', loose]);
    const res = await runCli(['audit', '--agencies', join(dir, 'agencies.json'), '--db', join(dir, 'never.sqlite'), '--signing-key', loose]);
    expect([res.code, res.stderr.trim()]).toEqual([2, `error: ${loose}: the signing key may be read by others. Run \`chmod 600 ${loose}\` and try again.`]);
    const notKey = join(dir, 'not-a-key.pem');
    writeFileSync(notKey, 'hello', { mode: 0o600 });
    const bad = await runCli(['audit', '--agencies', join(dir, 'agencies.json'), '--db', join(dir, 'never.sqlite'), '--signing-key', notKey]);
    expect(bad.stderr).toMatch(/not-a-key\.pem: not a private key in PEM form/);
    expect(() => statSync(join(dir, 'never.sqlite'))).toThrow();
  });
});

describe('signed runs', () => {
  it('the summary says whether the run was signed', () => {
    expect(audits[0].stdout).toMatch(/Run 1 is NOT signed: no --signing-key and no \$PORTAL_AUDIT_SIGNING_KEY/);
    expect(audits[1].stdout).toMatch(/Run 2 signed with the operator's key [0-9a-f]{64}/);
    expect(audits[2].stdout).toMatch(/Run 3 signed with the operator's key [0-9a-f]{64}/);
  });

  it('the export carries the signature and the public key; an unsigned run has null', async () => {
    const publicKey = (await cli(['keys', 'show', join(keyDir, 'signing-key.pub.pem')])).out.match(/run\.publicKey\): (\S+)/)![1];
    for (const runId of [2, 3]) {
      const { run } = JSON.parse((await cli(['export', '--db', db, '--run', String(runId)])).out);
      expect(run.publicKey).toBe(publicKey);
      expect(signatureValid(run.publicKey, runStatement(runId, run.manifestSha256), run.signature)).toBe(true);
    }
    const { run } = JSON.parse((await cli(['export', '--db', db, '--run', '1'])).out);
    expect([run.signature, run.publicKey]).toEqual([null, null]);
  });

  it('verify checks them against the operator\'s key, with the head: intact', async () => {
    const res = await cli(['verify', '--db', db, '--public-key', join(keyDir, 'signing-key.pub.pem'), '--head', head]);
    expect(res.out).toMatch(/^anchors: 2 signed run\(s\), against the key [0-9a-f]{64}; 1 head\(s\) checked$/m);
    expect([res.code, res.out]).toEqual([0, expect.stringMatching(/^intact: 3 run\(s\)/m)]);
    expect(head).toMatch(/^3\.0\.[0-9a-f]{64}$/);
  });
});

describe('an attacker without the key or the published head', () => {
  const pub = () => join(keyDir, 'signing-key.pub.pem');

  it('hides the newest run: its stored signature gives it away; with that removed too, the head does', async () => {
    const careless = tampered('hidden-signed', (s) => s.prepare(`UPDATE runs SET status = 'failed' WHERE id = 3`).run());
    const bySignature = await cli(['verify', '--db', careless]);
    expect([bySignature.code, bySignature.out]).toEqual([1, expect.stringContaining('ALTERED: run 3: signed, but no longer a completed run in the database: it was hidden or deleted')]);
    const copy = tampered('hidden', (s) => {
      s.prepare(`UPDATE runs SET status = 'failed' WHERE id = 3`).run();
      s.prepare('DELETE FROM run_signatures WHERE run_id = 3').run();
    });
    expect((await cli(['verify', '--db', copy, '--public-key', pub()])).code).toBe(0);
    const byHead = await cli(['verify', '--db', copy, '--head', head]);
    expect([byHead.code, byHead.out]).toEqual([1, expect.stringContaining(`ALTERED: head ${head}: run 3 was completed when the head was taken, and is now failed: it was hidden`)]);
  });

  it('deletes the newest run and its signature: caught by the head', async () => {
    const copy = tampered('deleted', (s) => deleteRun(s, 3));
    expect((await cli(['verify', '--db', copy, '--public-key', pub()])).code).toBe(0);
    const res = await cli(['verify', '--db', copy, '--head', head]);
    expect([res.code, res.out]).toEqual([1, expect.stringContaining(`ALTERED: head ${head}: run 3, the newest completed run when the head was taken, is gone from the database`)]);
  });

  it('replaces the newest run, its chain recomputed: caught by the signature, the operator\'s key and the head', async () => {
    const replace = (s: Database.Database) => {
      s.prepare(`UPDATE findings SET outcome = 'pass', score = 1 WHERE run_id = 3 AND outcome = 'fail'`).run();
      resealFrom(s, 3);
    };
    const kept = await cli(['verify', '--db', tampered('replaced-signed', replace)]);
    expect([kept.code, kept.out]).toEqual([1, expect.stringContaining('ALTERED: run 3: its signature does not match its manifest: the run was changed after it was signed')]);
    // The signature removed, or replaced by the attacker's own: only the operator's key or the head tell.
    const attackerKeys = join(dir, 'attacker-keys');
    await cli(['keys', 'generate', '--out', attackerKeys]);
    const attackerKey = loadSigningKey(join(attackerKeys, 'signing-key.pem'));
    const unsigned = tampered('replaced', (s) => {
      replace(s);
      s.prepare('DELETE FROM run_signatures WHERE run_id = 3').run();
    });
    const resigned = tampered('replaced-resigned', (s) => {
      replace(s);
      signRun(s as never, 3, attackerKey);
    });
    for (const copy of [unsigned, resigned]) expect((await cli(['verify', '--db', copy])).code).toBe(0);
    const byKey = await cli(['verify', '--db', unsigned, '--public-key', pub()]);
    expect([byKey.code, byKey.out]).toEqual([1, expect.stringContaining('ALTERED: run 3: not signed, though runs before it were signed by the operator\'s key')]);
    const byOtherKey = await cli(['verify', '--db', resigned, '--public-key', pub()]);
    expect([byOtherKey.code, byOtherKey.out]).toEqual([1, expect.stringContaining('ALTERED: run 3: signed by another key than the operator\'s')]);
    for (const copy of [unsigned, resigned]) {
      const byHead = await cli(['verify', '--db', copy, '--head', head]);
      expect([byHead.code, byHead.out]).toEqual([1, expect.stringContaining(`ALTERED: head ${head}: run 3 or review #0 is not what it was when the head was taken: it was replaced`)]);
    }
  });

  it('deletes the newest review (trigger dropped): caught by the checkpoint file', async () => {
    const reviewed = join(dir, 'reviewed.sqlite');
    copyFileSync(db, reviewed);
    const store = new Database(reviewed);
    const findings = store.prepare('SELECT id FROM findings WHERE run_id = 3 ORDER BY id LIMIT 2').pluck().all() as number[];
    for (const id of findings) addReview(store as never, { findingId: id, action: 'confirm', outcome: 'pass', score: 1, reason: 'seen', username: 'eva', role: 'evaluator' });
    store.close();
    const checkpoint = join(dir, 'published-heads.txt');
    writeFileSync(checkpoint, `# heads published each night\n${head} 2025-12-22T03:00:00Z\n`);
    const taken = await cli(['head', '--db', reviewed, '--out', checkpoint]);
    expect(taken.out.trim()).toMatch(/^3\.2\.[0-9a-f]{64}$/);
    expect((await cli(['verify', '--db', reviewed, '--checkpoint', checkpoint])).code).toBe(0);
    const copy = join(dir, 'review-deleted.sqlite');
    copyFileSync(reviewed, copy);
    const s = new Database(copy);
    s.exec('DROP TRIGGER reviews_no_delete');
    s.prepare('DELETE FROM reviews WHERE id = 2').run();
    s.close();
    expect((await cli(['verify', '--db', copy])).code).toBe(0);
    const res = await cli(['verify', '--db', copy, '--checkpoint', checkpoint]);
    expect([res.code, res.out]).toEqual([1, expect.stringContaining(`ALTERED: head ${taken.out.trim()}: review #2, the newest when the head was taken, is gone from the database`)]);
  });

  it('a checkpoint file with a broken line: one line naming the file and the line', async () => {
    const bad = join(dir, 'bad-heads.txt');
    writeFileSync(bad, `${head} 2025-12-22\nnot-a-head\n`);
    const res = await cli(['verify', '--db', db, '--checkpoint', bad]);
    expect([res.code, res.err]).toEqual([2, `error: ${bad}:2: "not-a-head" is not a head (RUN.REVIEW.SHA256). Restore the line as \`portal-audit head\` printed it.\n`]);
  });
});

describe('dispute bundles', () => {
  let signed: string;
  let unsigned: string;

  beforeAll(async () => {
    signed = join(dir, 'signed.zip');
    unsigned = join(dir, 'unsigned.zip');
    expect((await cli(['export', '--db', db, '--format', 'bundle', '--agency', 'tazirat', '--out', signed, '--signing-key', join(keyDir, 'signing-key.pem')])).code).toBe(0);
    const plain = await cli(['export', '--db', db, '--format', 'bundle', '--agency', 'tazirat', '--out', unsigned]);
    expect(plain.err).toMatch(/unsigned\.zip is not signed/);
  });

  it('a signed bundle verifies against the public key, with portal-audit and with OpenSSL alone', async () => {
    const res = await cli(['verify', '--bundle', signed, '--public-key', join(keyDir, 'signing-key.pub.pem')]);
    expect([res.code, res.out]).toEqual([0, expect.stringMatching(/^intact: bundle .*signed\.zip, \d+ file\(s\) checked/m)]);
    const out = join(dir, 'unzipped');
    mkdirSync(out);
    execFileSync('unzip', ['-q', signed, '-d', out]);
    writeFileSync(join(out, 'sums.sig'), Buffer.from(readFileSync(join(out, 'SHA256SUMS.sig'), 'utf8').trim(), 'base64'));
    const ok = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', join(keyDir, 'signing-key.pub.pem'), '-rawin', '-in', join(out, 'SHA256SUMS'), '-sigfile', join(out, 'sums.sig')], { encoding: 'utf8' });
    expect(ok).toMatch(/Signature Verified Successfully/);
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' })).not.toMatch(/FAILED/);
  });

  it('a bundle rewritten with a fresh SHA256SUMS passes sha256sum -c, and is caught by the signature', async () => {
    const entries = unzipSync(readFileSync(signed));
    const manifest = JSON.parse(Buffer.from(entries['manifest.json']).toString('utf8'));
    manifest.agency.score = 100;
    entries['manifest.json'] = strToU8(JSON.stringify(manifest, null, 2) + '\n');
    const sums = Buffer.from(entries.SHA256SUMS).toString('utf8').split('\n').filter(Boolean)
      .map((line) => (line.endsWith('  manifest.json') ? `${sha256(Buffer.from(entries['manifest.json']))}  manifest.json` : line));
    entries.SHA256SUMS = strToU8(sums.join('\n') + '\n');
    const rewritten = join(dir, 'rewritten.zip');
    writeFileSync(rewritten, zipSync(entries));
    const out = join(dir, 'rewritten');
    mkdirSync(out);
    execFileSync('unzip', ['-q', rewritten, '-d', out]);
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' })).not.toMatch(/FAILED/);
    const res = await cli(['verify', '--bundle', rewritten, '--public-key', join(keyDir, 'signing-key.pub.pem')]);
    expect([res.code, res.out]).toEqual([1, expect.stringContaining('ALTERED: SHA256SUMS.sig is not the operator\'s signature of SHA256SUMS: the bundle was rewritten, or signed with another key')]);
  });

  it('an unsigned bundle, or one checked against another key, does not pass', async () => {
    const res = await cli(['verify', '--bundle', unsigned, '--public-key', join(keyDir, 'signing-key.pub.pem')]);
    expect([res.code, res.out]).toEqual([1, expect.stringContaining('ALTERED: SHA256SUMS.sig is missing')]);
    const other = join(dir, 'other-keys');
    await cli(['keys', 'generate', '--out', other]);
    const wrong = await cli(['verify', '--bundle', signed, '--public-key', join(other, 'signing-key.pub.pem')]);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain('run 3: run.signature in manifest.json is not the operator\'s signature');
    const noKey = await cli(['verify', '--bundle', signed]);
    expect([noKey.code, noKey.err]).toEqual([2, expect.stringMatching(/verify --bundle needs --public-key FILE/)]);
  });
});
