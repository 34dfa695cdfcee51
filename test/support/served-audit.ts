// One audit, through the CLI, of portals a test serves itself on loopback:
// the registry is written to a fresh folder, nothing outside is contacted,
// Lighthouse is off, and the audit date is the fixtures' (1404/10/01).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliResult } from './cli.ts';

export interface ServedAgency { id: string; origin: string }

/** `extraArgs`: more audit flags (`--fetch browser`). */
export async function auditServed(agencies: ServedAgency[], label: string, extraArgs: string[] = []): Promise<CliResult & { db: string }> {
  const dir = mkdtempSync(join(tmpdir(), `${label}-`));
  const registry = join(dir, 'agencies.json');
  writeFileSync(registry, JSON.stringify({ agencies: agencies.map((a) => ({ id: a.id, name: { fa: a.id, en: a.id }, homepage: `${a.origin}/` })) }));
  const db = join(dir, 'audit.sqlite');
  const res = await runCli(['audit', '--no-external-probes', '--no-lighthouse', '--agencies', registry, '--db', db, '--as-of', '2025-12-22', '--host-delay-ms', '0', ...extraArgs]);
  return { ...res, db };
}
