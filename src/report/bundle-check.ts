// Checks a dispute bundle against the operator's public key, without the
// database: SHA256SUMS signed by that key, every file as SHA256SUMS lists it
// and nothing else added, and the run's own signature in manifest.json.
import { unzipSync } from 'fflate';
import { sha256 } from '../evidence/hash.ts';
import { runStatement, signatureValid, type PublicKey } from '../evidence/signing.ts';
import { SUMS_SIGNATURE } from './bundle.ts';

export interface BundleCheck { problems: string[]; notes: string[]; files: number }

function listedSums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split('\n').filter(Boolean)) {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (m) sums.set(m[2], m[1]);
  }
  return sums;
}

function checkRun(manifest: Uint8Array | undefined, trusted: PublicKey, check: BundleCheck): void {
  let run: { id?: unknown; manifestSha256?: unknown; signature?: unknown; publicKey?: unknown } | undefined;
  try {
    run = manifest ? JSON.parse(Buffer.from(manifest).toString('utf8')).run : undefined;
  } catch {
    run = undefined;
  }
  if (!run || typeof run.id !== 'number' || typeof run.manifestSha256 !== 'string') {
    check.problems.push('manifest.json is missing or names no run');
    return;
  }
  if (typeof run.signature !== 'string') {
    check.notes.push(`run ${run.id} itself was not signed when it was audited (run.signature is null)`);
  } else if (run.publicKey !== trusted.base64 || !signatureValid(trusted.base64, runStatement(run.id, run.manifestSha256), run.signature)) {
    check.problems.push(`run ${run.id}: run.signature in manifest.json is not the operator's signature of its manifest ${run.manifestSha256}`);
  }
}

export function checkBundle(zip: Uint8Array, trusted: PublicKey): BundleCheck {
  const check: BundleCheck = { problems: [], notes: [], files: 0 };
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (err) {
    return { ...check, problems: [`not a readable zip file (${(err as Error).message})`] };
  }
  const sumsBytes = entries.SHA256SUMS;
  if (!sumsBytes) return { ...check, problems: ['SHA256SUMS is missing'] };
  const sumsText = Buffer.from(sumsBytes).toString('utf8');
  const signature = entries[SUMS_SIGNATURE] ? Buffer.from(entries[SUMS_SIGNATURE]).toString('utf8').trim() : null;
  if (signature === null) check.problems.push(`${SUMS_SIGNATURE} is missing: the bundle was not signed, so a rewritten copy cannot be told from the original`);
  else if (!signatureValid(trusted.base64, sumsText, signature)) check.problems.push(`${SUMS_SIGNATURE} is not the operator's signature of SHA256SUMS: the bundle was rewritten, or signed with another key`);
  const sums = listedSums(sumsText);
  for (const [path, hash] of sums) {
    const bytes = entries[path];
    if (!bytes) check.problems.push(`${path}: listed in SHA256SUMS but missing`);
    else if (sha256(Buffer.from(bytes)) !== hash) check.problems.push(`${path}: its SHA-256 is not the one SHA256SUMS lists`);
    else check.files++;
  }
  for (const path of Object.keys(entries)) {
    if (!sums.has(path) && path !== 'SHA256SUMS' && path !== SUMS_SIGNATURE && !path.endsWith('/')) check.problems.push(`${path}: not listed in SHA256SUMS`);
  }
  checkRun(entries['manifest.json'], trusted, check);
  return check;
}
