import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { em, UserError } from '../errors.ts';
import { generateKeyPair, loadPublicKey, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, SIGNING_KEY_ENV } from '../evidence/signing.ts';
import { type Command, type Io, parse } from './common.ts';

/** Outside the repository and the database's directory, readable by the operator alone. */
export function defaultKeyDir(): string {
  return join(homedir(), '.config', 'portal-audit');
}

function generate(argv: string[], io: Io): number {
  const { values } = parse(argv, { out: { type: 'string' } }, 'keys generate');
  const dir = values.out ?? defaultKeyDir();
  const privateFile = join(dir, PRIVATE_KEY_FILE);
  const publicFile = join(dir, PUBLIC_KEY_FILE);
  for (const file of [privateFile, publicFile]) {
    if (existsSync(file)) throw new UserError(em('keys.exists', { file }));
  }
  const pair = generateKeyPair();
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(privateFile, pair.privatePem, { mode: 0o600, flag: 'wx' });
    writeFileSync(publicFile, pair.publicPem, { mode: 0o644, flag: 'wx' });
  } catch (err) {
    throw new UserError(em('keys.write', { dir, detail: (err as NodeJS.ErrnoException).code ?? (err as Error).message }));
  }
  io.out(`private key: ${privateFile} (mode 0600; keep it off the database's disk and out of backups of the database)
public key:  ${publicFile}
fingerprint: ${pair.publicKey.fingerprint}
Sign each audit with --signing-key ${privateFile}, or set ${SIGNING_KEY_ENV}=${privateFile}.
Publish the public key and its fingerprint where readers of the export can find them.
`);
  return 0;
}

function show(argv: string[], io: Io): number {
  const { positionals } = parse(argv, {}, 'keys show', true);
  if (positionals.length !== 1) throw new UserError(em('keys.showOne'));
  const key = loadPublicKey(positionals[0]);
  io.out(`public key (as run.publicKey): ${key.base64}\nfingerprint: ${key.fingerprint}\n`);
  return 0;
}

export const keysCommand: Command = {
  name: 'keys',
  summary: 'Make the operator\'s Ed25519 signing key, or show a key\'s fingerprint.',
  usage: `Usage: portal-audit keys generate [--out DIR]
       portal-audit keys show FILE

generate: makes an Ed25519 key pair for signing runs and dispute bundles:
DIR/${PRIVATE_KEY_FILE} (PKCS#8 PEM, mode 0600) and DIR/${PUBLIC_KEY_FILE}
(SPKI PEM). DIR defaults to ~/.config/portal-audit. The private key never
enters the database; an existing key is never overwritten.
show: prints a key's public half as the export carries it (run.publicKey),
and its SHA-256 fingerprint.

The audit signs with --signing-key FILE, or $${SIGNING_KEY_ENV}.

Options:
  --out DIR      where generate writes the two files (default ~/.config/portal-audit)
  -h, --help     show this help`,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h') {
      io.out(this.usage + '\n');
      return sub === undefined ? 2 : 0;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(this.usage + '\n');
      return 0;
    }
    if (sub === 'generate') return generate(rest, io);
    if (sub === 'show') return show(rest, io);
    throw new UserError(em('keys.subcommand', { sub }));
  },
};
