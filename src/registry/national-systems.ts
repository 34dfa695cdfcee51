// Loads the national-systems file (data/national-systems.json by default, or
// an operator's copy): validated with zod, hashed so the run records which
// list judged it. Errors name the file and the field.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { em, UserError } from '../errors.ts';
import type { NationalSystem, NationalSystems } from './national-systems-types.ts';

export type { NationalSystem, NationalSystemKind, NationalSystems } from './national-systems-types.ts';

export const DEFAULT_NATIONAL_SYSTEMS_FILE = fileURLToPath(new URL('../../data/national-systems.json', import.meta.url));

const host = z.string().trim().toLowerCase().regex(/^[a-z0-9.-]+(:\d+)?$/, 'must be a host name such as my.gov.ir');
const systemSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'must match [a-z0-9-]+'),
  kind: z.enum(['national-window', 'sso', 'complaints', 'foi', 'open-data']),
  name: z.object({ fa: z.string().min(1, 'is empty'), en: z.string().min(1, 'is empty') }),
  hosts: z.array(host).default([]),
  formerHosts: z.array(host).default([]),
  aliases: z.array(z.string().min(1, 'is empty')).default([]),
  hotlines: z.array(z.string().regex(/^\d{3,6}$/, 'must be a short number such as 111')).default([]),
});
const fileSchema = z.object({ version: z.string().min(1, 'is empty'), systems: z.array(systemSchema).min(1, 'lists no systems') });

function where(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(root)';
}

/** Validate the file's parsed JSON; throws a one-line UserError naming the field. */
export function parseNationalSystems(data: unknown, bytes: Buffer | string, source: string): NationalSystems {
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(em('systems.invalid', { file: source, where: where(issue.path), problem: issue.message }));
  }
  const ids = new Set<string>();
  for (const [i, s] of parsed.data.systems.entries()) {
    if (ids.has(s.id)) throw new UserError(em('systems.duplicate', { file: source, index: i, id: s.id }));
    ids.add(s.id);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { version: parsed.data.version, systems: parsed.data.systems as NationalSystem[], sha256, source };
}

export function loadNationalSystems(file = DEFAULT_NATIONAL_SYSTEMS_FILE): NationalSystems {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new UserError(em('systems.unreadable', { file, detail: (err as NodeJS.ErrnoException).code ?? (err as Error).message }));
  }
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new UserError(em('systems.json', { file, detail: (err as Error).message }));
  }
  return parseNationalSystems(data, bytes, file);
}

/** Every host (current and former) of the systems of one kind, or of every system when no kind is given. */
export function systemHosts(systems: NationalSystems, kind?: NationalSystem['kind']): string[] {
  return systems.systems.filter((s) => !kind || s.kind === kind).flatMap((s) => [...s.hosts, ...s.formerHosts]);
}
