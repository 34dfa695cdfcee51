// Benchmark: import 50,000 valid declaration rows (read, validate, write one
// round) into a fresh database. The target is under 5 seconds on the project's
// 2-core machine. Run: node scripts/bench-declarations.ts [ROWS]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODEL } from '../rules/catalog.ts';
import { importDeclarations } from '../src/declarations/import.ts';
import type { Agency } from '../src/registry/registry.ts';

const ROWS = Number(process.argv[2] ?? 50_000);
const TARGET_MS = 5_000;
const VALUES = ['yes', 'no', 'بله', 'خیر', '80%', '۶۵٪', 'true', '0'];

const agencies: Agency[] = Array.from({ length: 20 }, (_, i) => ({
  id: `agency-${i}`, name: { fa: `دستگاه ${i}`, en: `Agency ${i}` }, homepage: `https://agency-${i}.gov.ir/`, hosts: [`e.agency-${i}.gov.ir`],
}));
const declarable = MODEL.indicators.filter((i) => i.declarable && i.id !== 'service-catalog').map((i) => i.id);

function csv(rows: number): string {
  const lines = ['agency_id,indicator_id,declared,service_url,note'];
  for (let i = 0; i < rows; i++) {
    const agency = agencies[i % agencies.length];
    const host = i % 2 ? `https://e.${agency.id}.gov.ir` : '';
    lines.push(`${agency.id},${declarable[i % declarable.length]},${VALUES[i % VALUES.length]},${host}/services/s${i},یادداشت ${i}`);
  }
  return lines.join('\r\n') + '\r\n';
}

const dir = mkdtempSync(join(tmpdir(), 'bench-declarations-'));
try {
  const file = join(dir, 'declarations.csv');
  writeFileSync(file, csv(ROWS));
  const t0 = performance.now();
  const outcome = await importDeclarations({ file, db: join(dir, 'bench.sqlite'), agencies, registryFile: 'bench registry', model: MODEL });
  const ms = performance.now() - t0;
  if (!outcome.ok) throw new Error(`the generated file did not import: ${JSON.stringify(outcome.issues.slice(0, 3))}`);
  const verdict = ms < TARGET_MS ? 'ok' : 'TOO SLOW';
  console.log(`imported ${outcome.round.rowCount} rows in ${(ms / 1000).toFixed(2)} s (${Math.round(outcome.round.rowCount / (ms / 1000))} rows/s); target < ${TARGET_MS / 1000} s: ${verdict}`);
  process.exitCode = ms < TARGET_MS ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
