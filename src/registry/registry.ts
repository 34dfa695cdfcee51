// The agency registry (CONTRACT.md): JSON, or CSV with id,name_fa,name_en,homepage,hosts.
// Validated with zod; an error names the file, the entry index and the field.
import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { em, UserError } from '../errors.ts';

export interface Agency {
  id: string;
  name: { fa: string; en: string };
  homepage: string;
  hosts: string[];
}

const missingOr = (what: string) => ({ error: (iss: { input?: unknown }) => (iss.input === undefined ? 'is missing' : `must be ${what}`) });

const httpUrl = z.string(missingOr('a URL string')).trim().min(1, 'is empty').refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}, 'must be an http:// or https:// URL').refine((v) => {
  // A user name or password would travel in every stored page URL, export and screenshot citation.
  const u = URL.parse(v);
  return !u || (u.username === '' && u.password === '');
}, 'must not carry a user name or password (user:pass@); remove them');

const hostName = z.string().trim().toLowerCase().regex(/^[a-z0-9.-]+(:\d+)?$/, 'must be a host name such as e.agency.gov.ir');

const agencySchema = z.object({
  id: z.string(missingOr('a string')).regex(/^[a-z0-9-]+$/, 'must match [a-z0-9-]+'),
  name: z.object({ fa: z.string(missingOr('a string')).min(1, 'is empty'), en: z.string(missingOr('a string')).min(1, 'is empty') }, missingOr('an object {fa, en}')),
  homepage: httpUrl,
  hosts: z.array(hostName).default([]),
});

const registrySchema = z.object({ agencies: z.array(agencySchema, { error: 'must be an array of agencies' }) }, { error: 'must be an object with an "agencies" array' });

function fieldPath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(root)';
}

function fromCsv(text: string, file: string): unknown {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true });
  } catch (err) {
    throw new UserError(em('registry.csv', { file, detail: (err as Error).message }));
  }
  return {
    agencies: rows.map((r) => ({
      id: r.id, name: { fa: r.name_fa, en: r.name_en }, homepage: r.homepage || undefined,
      hosts: (r.hosts ?? '').split(/[\s;|]+/).filter(Boolean),
    })),
  };
}

/** Validate registry data; throws a one-line UserError naming the entry and field. */
export function parseRegistry(data: unknown, file: string): Agency[] {
  const parsed = registrySchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = fieldPath(issue.path);
    const more = parsed.error.issues.length - 1;
    throw new UserError(em(more ? 'registry.invalidMore' : 'registry.invalid', { file, where, problem: issue.message, more }));
  }
  const agencies = parsed.data.agencies as Agency[];
  const seen = new Map<string, number>();
  agencies.forEach((a, i) => {
    const first = seen.get(a.id);
    if (first !== undefined) throw new UserError(em('registry.duplicate', { file, index: i, id: a.id, first }));
    seen.set(a.id, i);
  });
  if (agencies.length === 0) throw new UserError(em('registry.empty', { file }));
  return agencies;
}

export function loadRegistry(file: string): Agency[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(em('registry.unreadable', { file, detail: (err as NodeJS.ErrnoException).code ?? (err as Error).message }));
  }
  if (/\.csv$/i.test(file)) return parseRegistry(fromCsv(text, file), file);
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UserError(em('registry.json', { file, detail: (err as Error).message }));
  }
  return parseRegistry(data, file);
}

/** Keep only the agencies named by --agency; an unknown id is an error. */
export function selectAgencies(all: Agency[], ids: string[], file: string): Agency[] {
  if (ids.length === 0) return all;
  const unknown = ids.filter((id) => !all.some((a) => a.id === id));
  if (unknown.length) throw new UserError(em('registry.unknownAgency', { ids: unknown.join(', '), file, known: all.map((a) => a.id).join(', ') }));
  return all.filter((a) => ids.includes(a.id));
}
