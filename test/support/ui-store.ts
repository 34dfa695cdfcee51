// A small store for the review UI's tests, written through the store's own
// functions: two completed runs of two agencies, evidence with a real PNG,
// a declarations round with an over-claim, and accounts of every role.
import { deflateSync } from 'node:zlib';
import { MODEL } from '../../rules/catalog.ts';
import type { Outcome, PillarId } from '../../src/engine/define-rule.ts';
import type { Finding } from '../../src/engine/run-rules.ts';
import { nationalScore, scoreAgency } from '../../src/engine/scoring.ts';
import type { EvidenceItem } from '../../src/evidence/capture.ts';
import { sha256 } from '../../src/evidence/hash.ts';
import type { Agency } from '../../src/registry/registry.ts';
import { openStore, type Db } from '../../src/store/db.ts';
import { replaceRound } from '../../src/store/declarations.ts';
import { createRun, finishRun, saveAgencyResult } from '../../src/store/runs.ts';
import { insertUser, type Role } from '../../src/store/users.ts';
import { hashPassword } from '../../src/ui/auth/password.ts';

/** A w × h PNG of one colour, so an <img> has a natural size. */
export function png(w: number, h: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3, 0xc0)]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export const HOSTILE = '<script>window.__xss=1</script>"><img src=x onerror=alert(1)>';
export const PASSWORD = 'correct horse battery';
/** Cheap scrypt for test accounts: a login then costs milliseconds (the cost travels with the hash). */
const TEST_COST = { logN: 10, r: 8, p: 1 };

export const AGENCIES: Agency[] = [
  { id: 'alpha', name: { fa: 'سازمان آلفا', en: 'Alpha Organisation' }, homepage: 'http://alpha.test/', hosts: [] },
  { id: 'beta', name: { fa: `سازمان بتا ${HOSTILE}`, en: `Beta ${HOSTILE}` }, homepage: 'http://beta.test/', hosts: [] },
];

function item(kind: EvidenceItem['kind'], url: string, bytes: Buffer, mime: string, snippet: string, serviceUrl: string | null = null): EvidenceItem {
  const box = kind === 'screenshot' ? { x: 20, y: 30, width: 120, height: 40 } : null;
  return { kind, url, selector: '#main > form', snippet, sha256: sha256(bytes), mime, capturedAt: '2025-12-22T08:30:00.000Z', selectorFound: true, box, serviceUrl, bytes };
}

function finding(ruleId: string, outcome: Outcome, score: number | null, extra: Partial<Finding> = {}): Finding {
  const spec = MODEL.indicators.find((i) => i.id === ruleId)!;
  return { ruleId, pillar: spec.pillar as PillarId, outcome, score, evidence: [], ...extra };
}

interface Night { asOf: string; alphaTracking: Outcome; betaOrgChart: Outcome }

function saveNight(db: Db, night: Night): number {
  const runId = createRun(db, { asOf: night.asOf, modelVersion: MODEL.version, modelHash: 'test-model', options: {} });
  const scores: Array<number | null> = [];
  for (const agency of AGENCIES) {
    const page = `${agency.homepage}track`;
    const shot = png(320, 200);
    const html = Buffer.from(`<!doctype html><title>${HOSTILE}</title><p>${HOSTILE}</p><script>parent.__xss=4</script>`);
    const tracking = agency.id === 'alpha' ? night.alphaTracking : 'pass';
    const findings: Finding[] = [
      finding('status-tracking', tracking, tracking === 'pass' ? 1 : 0, { evidence: [{ pageUrl: page, selector: '#main > form', snippet: `${HOSTILE} · کد رهگیری` }] }),
      finding('org-chart', agency.id === 'beta' ? night.betaOrgChart : 'pass', (agency.id === 'beta' ? night.betaOrgChart : 'pass') === 'pass' ? 1 : 0),
      finding('help-faq', 'partial', 0.5),
      finding('accessibility', 'needs-review', null),
      finding('service-card', 'partial', 0.5, { services: [
        { url: `${agency.homepage}services/a`, outcome: 'pass', score: 1, evidence: [] },
        { url: `${agency.homepage}services/b`, outcome: 'fail', score: 0, evidence: [] },
      ], messageKey: 'service-share', data: { passed: 1, sampled: 2 } }),
    ];
    const evidence: EvidenceItem[][] = [
      [item('screenshot', page, shot, 'image/png', `${HOSTILE} · کد رهگیری`), item('element', page, png(80, 40), 'image/png', `${HOSTILE} · کد رهگیری`), item('html', page, html, 'text/html; charset=utf-8', `${HOSTILE} · کد رهگیری`)],
      [], [], [],
      [item('screenshot', `${agency.homepage}services/a`, png(300, 150), 'image/png', 'کارت خدمت', `${agency.homepage}services/a`)],
    ];
    const result = scoreAgency(MODEL, findings.map((f) => ({ ruleId: f.ruleId, outcome: f.outcome, score: f.score })));
    scores.push(result.score);
    saveAgencyResult(db, runId, { agency, error: null, scores: result, pages: [], findings, evidence, startedAt: `${night.asOf}T02:00:00.000Z`, checks: {} });
    db.prepare(`INSERT INTO pages (run_id, agency_id, url, final_url, status, depth, fetched_by, title, content_type, headers_json, html_sha256, error, started_at, duration_ms)
      VALUES (?, ?, ?, ?, 200, 1, 'http', ?, 'text/html', '{}', ?, NULL, ?, 5)`).run(runId, agency.id, page, page, `${HOSTILE} title`, sha256(html), `${night.asOf}T02:00:00.000Z`);
  }
  finishRun(db, runId, nationalScore(scores), 'test-model');
  return runId;
}

export interface UiStore { db: Db; runs: [number, number] }

/** Two nights: alpha's tracking breaks on the second; beta claims an org chart it does not show (an over-claim). */
export async function buildUiStore(path: string): Promise<UiStore> {
  const db = openStore(path);
  const first = saveNight(db, { asOf: '2025-12-22', alphaTracking: 'pass', betaOrgChart: 'fail' });
  const second = saveNight(db, { asOf: '2025-12-23', alphaTracking: 'fail', betaOrgChart: 'fail' });
  replaceRound(db, { name: 'round-1', file: 'declarations.csv', sha256: 'x'.repeat(64), format: 'csv', encoding: 'utf-8' }, [
    { row: 2, agencyId: 'beta', indicatorId: 'org-chart', serviceUrl: null, declaredRaw: 'yes', share: 1, count: null, note: '' },
    { row: 3, agencyId: 'alpha', indicatorId: 'org-chart', serviceUrl: null, declaredRaw: 'yes', share: 1, count: null, note: '' },
  ]);
  for (const [name, role] of [['viv', 'viewer'], ['eva', 'evaluator'], ['ada', 'admin']] as Array<[string, Role]>) {
    insertUser(db, name, role, await hashPassword(PASSWORD, TEST_COST));
  }
  return { db, runs: [first, second] };
}
