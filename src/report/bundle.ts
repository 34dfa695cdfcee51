// A dispute bundle for one agency: its screenshots, pages and headers, a
// manifest with every hash, and a SHA256SUMS file, so the evidence can be
// checked with nothing more than `sha256sum -c`.
import { strToU8, zipSync, type Zippable } from 'fflate';
import { em, UserError } from '../errors.ts';
import { sha256 } from '../evidence/hash.ts';
import { signText, type SigningKey } from '../evidence/signing.ts';
import type { Db } from '../store/db.ts';
import { blobBytes, prevManifestOf } from '../store/reads.ts';
import type { ExportAgency, ExportDoc, ExportEvidence } from './json.ts';

export const BUNDLE_SCHEMA = 'portal-audit/bundle@1';

const EXT: Record<string, string> = { 'image/png': 'png', 'application/json': 'json' };

function extension(mime: string): string {
  return EXT[mime] ?? (mime.startsWith('text/html') ? 'html' : 'bin');
}

interface BundleFile { path: string; sha256: string; indicator: string; kind: string; url: string; selector: string | null; capturedAt: string; box?: ExportEvidence['box'] }

const README = `Evidence bundle produced by portal-audit.

Every file's SHA-256 is listed in SHA256SUMS and in manifest.json, and each
evidence file is named by the same SHA-256 that the audit database and the
JSON export record for it. To check that nothing was altered:

  unzip bundle.zip -d bundle && cd bundle && sha256sum -c SHA256SUMS

Screenshots are the page exactly as it was rendered; nothing was drawn on it.
Where a finding cites one element, manifest.json gives its "box" in the
image (x, y, width, height in pixels from the top left).

manifest.json also carries the run's manifest hash, which chains to the
previous run's; \`portal-audit verify\` on the audit database recomputes it.

When the operator signed the bundle, SHA256SUMS.sig holds the Ed25519
signature (base64) of SHA256SUMS, and manifest.json's run.signature that of
the run's manifest. With the operator's published public key:

  portal-audit verify --bundle bundle.zip --public-key signing-key.pub.pem

or, with OpenSSL alone:

  base64 -d SHA256SUMS.sig > sums.sig
  openssl pkeyutl -verify -pubin -inkey signing-key.pub.pem -rawin -in SHA256SUMS -sigfile sums.sig
`;

/** The signature file beside SHA256SUMS: a rewritten bundle with a fresh SHA256SUMS no longer matches it. */
export const SUMS_SIGNATURE = 'SHA256SUMS.sig';

/** Zip bytes of the bundle for `agencyId` in the exported run; signed when given the operator's key. */
export function buildBundle(db: Db, doc: ExportDoc, agencyId: string, key: SigningKey | null = null): Uint8Array {
  const agency: ExportAgency | undefined = doc.agencies.find((a) => a.id === agencyId);
  if (!agency) throw new UserError(em('bundle.agency', { agency: agencyId, runId: doc.run.id, agencies: doc.agencies.map((a) => a.id).join(', ') }));
  const blob = blobBytes(db);
  const entries: Zippable = {};
  const files: BundleFile[] = [];
  const pruned: string[] = [];
  for (const ind of agency.indicators) {
    for (const e of [...ind.evidence, ...(ind.services ?? []).flatMap((svc) => svc.evidence)]) {
      const row = blob(e.sha256);
      if (!row?.bytes) {
        pruned.push(e.sha256);
        continue;
      }
      const path = `evidence/${ind.id}/${e.kind}-${e.sha256}.${extension(row.mime)}`;
      if (!(path in entries)) entries[path] = new Uint8Array(row.bytes);
      files.push({ path, sha256: e.sha256, indicator: ind.id, kind: e.kind, url: e.url, selector: e.selector, capturedAt: e.capturedAt, ...(e.box ? { box: e.box } : {}) });
    }
  }
  const manifest = strToU8(JSON.stringify({ schema: BUNDLE_SCHEMA, run: { ...doc.run, prevManifestSha256: prevManifestOf(db, doc.run.id) }, agency, files, prunedSha256: [...new Set(pruned)] }, null, 2) + '\n');
  entries['manifest.json'] = manifest;
  entries['README.txt'] = strToU8(README);
  const sums = [...new Set(files.map((f) => `${f.sha256}  ${f.path}`))];
  sums.push(`${sha256(Buffer.from(manifest))}  manifest.json`, `${sha256(Buffer.from(entries['README.txt'] as Uint8Array))}  README.txt`);
  const sumsText = sums.join('\n') + '\n';
  entries.SHA256SUMS = strToU8(sumsText);
  if (key) entries[SUMS_SIGNATURE] = strToU8(signText(key, sumsText) + '\n');
  return zipSync(entries, { level: 6, mtime: new Date(doc.run.startedAt) });
}
