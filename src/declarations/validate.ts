// Row validation with zod: known agency and declarable indicator ids, a
// readable `declared` value, a service_url on the agency's own hosts, and no
// duplicate claims. Every problem is collected; nothing stops at the first.
import { z } from 'zod';
import type { Model } from '../../rules/catalog.ts';
import type { DeclMessageKey } from '../i18n/declarations.ts';
import type { Agency } from '../registry/registry.ts';
import { parseDeclared, type DeclaredProblem } from './declared-value.ts';
import type { Column, ImportIssue, RawRow } from './table.ts';

export interface Declaration {
  row: number;
  agencyId: string;
  indicatorId: string;
  /** Absolute URL of the service the claim is about, or null for the whole agency. */
  serviceUrl: string | null;
  declaredRaw: string;
  /** d in [0,1]. */
  share: number;
  /** Declared service count (service-catalog only). */
  count: number | null;
  note: string;
}

export interface ValidationContext {
  agencies: readonly Agency[];
  model: Model;
  /** Named in messages about unknown agencies. */
  registryFile: string;
}

const DECLARED_KEYS: Record<DeclaredProblem, DeclMessageKey> = {
  empty: 'value.missing', unreadable: 'declared.unreadable', 'out-of-range': 'declared.range', 'count-elsewhere': 'declared.count',
};

export function agencyHosts(agency: Agency): string[] {
  return [new URL(agency.homepage).host.toLowerCase(), ...agency.hosts.map((h) => h.toLowerCase())];
}

/** A path is resolved against the agency's home page, so a file can name services without the portal's origin. */
export function resolveServiceUrl(raw: string, agency: Agency): URL | null {
  try {
    const url = new URL(raw, agency.homepage);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url;
  } catch {
    return null;
  }
}

type Issue = { column: Column; key: DeclMessageKey; params?: Record<string, unknown> };

function checkRow(row: Record<Column, string>, ctx: ValidationContext, agencies: Map<string, Agency>): Issue[] {
  const issues: Issue[] = [];
  const agency = agencies.get(row.agency_id);
  if (row.agency_id === '') issues.push({ column: 'agency_id', key: 'value.missing' });
  else if (!agency) issues.push({ column: 'agency_id', key: 'agency.unknown', params: { registry: ctx.registryFile } });
  const spec = ctx.model.indicators.find((i) => i.id === row.indicator_id);
  if (row.indicator_id === '') issues.push({ column: 'indicator_id', key: 'value.missing' });
  else if (!spec) issues.push({ column: 'indicator_id', key: 'indicator.unknown' });
  else if (!spec.declarable) issues.push({ column: 'indicator_id', key: 'indicator.notDeclarable' });
  const declared = parseDeclared(row.declared, row.indicator_id);
  if (!declared.ok) issues.push({ column: 'declared', key: DECLARED_KEYS[declared.problem] });
  if (row.service_url !== '' && agency) {
    const url = resolveServiceUrl(row.service_url, agency);
    const hosts = agencyHosts(agency);
    if (!url) issues.push({ column: 'service_url', key: 'url.invalid' });
    else if (!hosts.includes(url.host.toLowerCase())) issues.push({ column: 'service_url', key: 'url.host', params: { host: url.host, agency: agency.id, hosts: hosts.join(', '), registry: ctx.registryFile } });
  }
  return issues;
}

function rowSchema(ctx: ValidationContext) {
  const agencies = new Map(ctx.agencies.map((a) => [a.id, a]));
  const cell = z.string().trim().default('');
  return z.object({ agency_id: cell, indicator_id: cell, declared: cell, service_url: cell, note: cell }).superRefine((row, zctx) => {
    for (const issue of checkRow(row, ctx, agencies)) zctx.addIssue({ code: 'custom', path: [issue.column], message: issue.key, params: issue.params });
  });
}

function toDeclaration(row: number, cells: Record<Column, string>, agency: Agency): Declaration {
  const declared = parseDeclared(cells.declared, cells.indicator_id);
  if (!declared.ok) throw new Error('unreachable: the row was validated');
  return {
    row, agencyId: cells.agency_id, indicatorId: cells.indicator_id,
    serviceUrl: cells.service_url ? resolveServiceUrl(cells.service_url, agency)!.href : null,
    declaredRaw: cells.declared, share: declared.value.share, count: declared.value.count, note: cells.note,
  };
}

export function validateRows(rows: readonly RawRow[], ctx: ValidationContext): { declarations: Declaration[]; issues: ImportIssue[] } {
  const schema = rowSchema(ctx);
  const agencies = new Map(ctx.agencies.map((a) => [a.id, a]));
  const declarations: Declaration[] = [];
  const issues: ImportIssue[] = [];
  const firstRow = new Map<string, number>();
  for (const raw of rows) {
    const parsed = schema.safeParse(raw.cells);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0] ?? '');
        const params = (issue as { params?: Record<string, unknown> }).params ?? {};
        issues.push({ row: raw.row, column, key: issue.message as DeclMessageKey, params: { value: raw.cells[column as Column] ?? '', ...params } });
      }
      continue;
    }
    const d = toDeclaration(raw.row, parsed.data, agencies.get(parsed.data.agency_id)!);
    const key = `${d.agencyId}\u0000${d.indicatorId}\u0000${d.serviceUrl ?? ''}`;
    const first = firstRow.get(key);
    if (first !== undefined) issues.push({ row: raw.row, column: d.serviceUrl ? 'service_url' : 'indicator_id', key: 'row.duplicate', params: { first } });
    else firstRow.set(key, raw.row);
    declarations.push(d);
  }
  return { declarations, issues };
}
