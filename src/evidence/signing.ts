// The operator's Ed25519 key (node:crypto): it signs each completed run's
// manifest and each dispute bundle, so a database or a bundle rewritten by
// someone without the key no longer verifies against the published public key.
// The private key lives in a file outside the database (PKCS#8 PEM, mode 0600).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { em, UserError } from '../errors.ts';

/** Where the audit (and export of bundles) find the private key when --signing-key is not given. */
export const SIGNING_KEY_ENV = 'PORTAL_AUDIT_SIGNING_KEY';
export const PRIVATE_KEY_FILE = 'signing-key.pem';
export const PUBLIC_KEY_FILE = 'signing-key.pub.pem';

export interface PublicKey {
  key: KeyObject;
  /** The SubjectPublicKeyInfo DER in base64: how the export and the bundle carry it. */
  base64: string;
  /** SHA-256 of that DER, hex: what an operator publishes and a reader compares. */
  fingerprint: string;
}

export interface SigningKey { privateKey: KeyObject; publicKey: PublicKey }

function publicKeyOf(key: KeyObject): PublicKey {
  const der = key.export({ type: 'spki', format: 'der' });
  return { key, base64: der.toString('base64'), fingerprint: createHash('sha256').update(der).digest('hex') };
}

export function generateKeyPair(): { privatePem: string; publicPem: string; publicKey: PublicKey } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    publicKey: publicKeyOf(publicKey),
  };
}

function readKeyFile(file: string, key: 'key.unreadablePrivate' | 'key.unreadablePublic'): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new UserError(em(key, { file, detail: (err as NodeJS.ErrnoException).code ?? (err as Error).message }));
  }
}

/** The private key in `file`; refused when others may read it or it is not an Ed25519 key. */
export function loadSigningKey(file: string): SigningKey {
  const pem = readKeyFile(file, 'key.unreadablePrivate');
  if ((statSync(file).mode & 0o077) !== 0) throw new UserError(em('key.loose', { file }));
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new UserError(em('key.notPrivate', { file }));
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new UserError(em('key.notEd25519', { file, type: privateKey.asymmetricKeyType }));
  return { privateKey, publicKey: publicKeyOf(createPublicKey(privateKey)) };
}

/** A public key file (PEM, or the base64 the export carries); a private key file gives its public half. */
export function loadPublicKey(file: string): PublicKey {
  const text = readKeyFile(file, 'key.unreadablePublic').toString('utf8').trim();
  let key: KeyObject;
  try {
    key = text.startsWith('-----') ? createPublicKey(text) : createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
  } catch {
    throw new UserError(em('key.notPublic', { file }));
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new UserError(em('key.notEd25519', { file, type: key.asymmetricKeyType }));
  return publicKeyOf(key);
}

/** The key named by --signing-key, else by $PORTAL_AUDIT_SIGNING_KEY; null when neither is set. */
export function signingKeyFrom(flag: string | undefined, env: NodeJS.ProcessEnv): SigningKey | null {
  const file = flag ?? (env[SIGNING_KEY_ENV] || undefined);
  return file === undefined ? null : loadSigningKey(file);
}

export function signText(key: SigningKey, text: string): string {
  return sign(null, Buffer.from(text, 'utf8'), key.privateKey).toString('base64');
}

/** Whether `signature` (base64) is `publicKey`'s (base64 SPKI DER) over `text`; false for anything malformed. */
export function signatureValid(publicKey: string, text: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ed25519' && verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** What is signed for a run: its id and its manifest (which covers every finding, agency row and the previous run's manifest). */
export function runStatement(runId: number, manifestSha256: string): string {
  return `portal-audit/run@1 run=${runId} manifest=${manifestSha256}`;
}
