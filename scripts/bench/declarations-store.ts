// A synthetic nation for the declarations benchmark: one completed run of N
// agencies (every indicator judged, per-service indicators with 20 sampled
// services each) and a declarations CSV of R rows, most of them about single
// services, some of which the run sampled. Written through the store's own
// functions, so the benchmark reads what an audit would have written.
import { writeFileSync } from 'node:fs';
import { MODEL } from '../../rules/catalog.ts';
import type { Outcome, PillarId } from '../../src/engine/define-rule.ts';
import type { Finding } from '../../src/engine/run-rules.ts';
import { nationalScore, scoreAgency } from '../../src/engine/scoring.ts';
import type { EvidenceItem } from '../../src/evidence/capture.ts';
import { sha256 } from '../../src/evidence/hash.ts';
import type { Agency } from '../../src/registry/registry.ts';
import type { Db } from '../../src/store/db.ts';
import { createRun, finishRun, saveAgencyResult } from '../../src/store/runs.ts';

export const SAMPLED_PER_INDICATOR = 20;
const VALUES = ['yes', 'no', 'بله', 'خیر', '80%', '۶۵٪', 'true', '0'];
const OUTCOMES: Array<[Outcome, number]> = [['pass', 1], ['fail', 0], ['partial', 0.5]];

export function benchAgencies(count: number): Agency[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `agency-${i}`, name: { fa: `دستگاه ${i}`, en: `Agency ${i}` }, homepage: `https://agency-${i}.gov.ir/`, hosts: [`e.agency-${i}.gov.ir`],
  }));
}

const declarable = MODEL.indicators.filter((i) => i.declarable && i.id !== 'service-catalog');

/** The service URL of row i (unique per agency and indicator), on the home host or the extra host. */
function serviceUrl(agency: Agency, i: number): string {
  return `${i % 2 ? `https://e.${agency.id}.gov.ir` : agency.homepage.slice(0, -1)}/services/s${i}`;
}

const perService = declarable.filter((i) => i.perService);

/**
 * Row i of the CSV: first every agency claims every indicator as a whole; then
 * claims about single services, half of them by agency-0 (one large agency
 * with many services), the rest spread over the others.
 */
function row(agencies: Agency[], i: number): { agency: Agency; indicator: string; url: string | null; value: string } {
  const value = VALUES[i % VALUES.length];
  const agencyLevel = agencies.length * declarable.length;
  if (i < agencyLevel) return { agency: agencies[i % agencies.length], indicator: declarable[Math.floor(i / agencies.length)].id, url: null, value };
  const j = i - agencyLevel;
  const agency = j % 2 === 0 || agencies.length === 1 ? agencies[0] : agencies[1 + (Math.floor(j / 2) % (agencies.length - 1))];
  return { agency, indicator: perService[Math.floor(j / 2) % perService.length].id, url: serviceUrl(agency, i), value };
}

export function writeDeclarationsCsv(file: string, agencies: Agency[], rows: number): void {
  const lines = ['agency_id,indicator_id,declared,service_url,note'];
  for (let i = 0; i < rows; i++) {
    const r = row(agencies, i);
    lines.push(`${r.agency.id},${r.indicator},${r.value},${r.url ?? ''},یادداشت ${i}`);
  }
  writeFileSync(file, lines.join('\r\n') + '\r\n');
}

/** The first service URLs the CSV declares per agency and per-service indicator: the run "sampled" these. */
function sampledServices(agencies: Agency[], rows: number): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < rows; i++) {
    const r = row(agencies, i);
    const spec = MODEL.indicators.find((s) => s.id === r.indicator)!;
    if (!r.url || !spec.perService) continue;
    const key = `${r.agency.id}\n${r.indicator}`;
    const list = out.get(key) ?? [];
    if (list.length < SAMPLED_PER_INDICATOR) list.push(r.url);
    out.set(key, list);
  }
  return out;
}

function findingsOf(agency: Agency, index: number, sampled: Map<string, string[]>): Finding[] {
  return MODEL.indicators.map((spec, k) => {
    const [outcome, score] = OUTCOMES[(index + k) % OUTCOMES.length];
    const services = spec.perService
      ? (sampled.get(`${agency.id}\n${spec.id}`) ?? []).map((url, s) => ({ url, outcome: OUTCOMES[s % 2][0], score: OUTCOMES[s % 2][1], evidence: [] }))
      : undefined;
    return { ruleId: spec.id, pillar: spec.pillar as PillarId, outcome, score, evidence: [{ pageUrl: agency.homepage, selector: 'main', snippet: spec.id }], ...(services ? { services } : {}) };
  });
}

/** One completed run of every agency; returns its id. */
export function writeBenchRun(db: Db, agencies: Agency[], rows: number): number {
  const runId = createRun(db, { asOf: '2025-12-22', modelVersion: MODEL.version, modelHash: 'bench-model', options: {} });
  const sampled = sampledServices(agencies, rows);
  const scores: Array<number | null> = [];
  agencies.forEach((agency, index) => {
    const html = Buffer.from(`<!doctype html><title>${agency.name.en}</title><main>${agency.id}</main>`);
    const findings = findingsOf(agency, index, sampled);
    const evidence: EvidenceItem[][] = findings.map((f) => [{
      kind: 'html', url: agency.homepage, selector: 'main', snippet: f.ruleId, sha256: sha256(html), mime: 'text/html; charset=utf-8',
      capturedAt: '2025-12-22T02:00:00.000Z', selectorFound: true, box: null, serviceUrl: null, bytes: html,
    }]);
    const result = scoreAgency(MODEL, findings.map((f) => ({ ruleId: f.ruleId, outcome: f.outcome, score: f.score })));
    scores.push(result.score);
    saveAgencyResult(db, runId, { agency, error: null, scores: result, pages: [], findings, evidence, startedAt: '2025-12-22T02:00:00.000Z', checks: {} });
  });
  finishRun(db, runId, nationalScore(scores), 'bench-model');
  return runId;
}
