// The model must match INDICATORS.md exactly: ids are foreign keys everywhere.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL } from '../../rules/catalog.ts';
import { RULES } from '../../rules/index.ts';

// id: [pillar, w, p] as published in INDICATORS.md (model 2026.1).
const EXPECTED: Record<string, [string, number, number]> = {
  'service-catalog': ['user-centric', 3, 1], 'service-card': ['user-centric', 3, 1.5], 'online-service': ['user-centric', 3, 1.5],
  'help-faq': ['user-centric', 1, 1], 'contact-details': ['user-centric', 1, 1], 'site-search': ['user-centric', 1, 1],
  'mobile-friendly': ['user-centric', 2, 1], accessibility: ['user-centric', 2, 1.5], performance: ['user-centric', 1, 1],
  'service-process': ['transparent', 3, 1.5], 'service-duration': ['transparent', 2, 1], 'status-tracking': ['transparent', 3, 1.5],
  'satisfaction-results': ['transparent', 3, 1.5], 'org-chart': ['transparent', 2, 1], 'accountable-managers': ['transparent', 2, 1],
  'duties-and-laws': ['transparent', 1, 1], 'access-to-information': ['transparent', 2, 1], 'financial-reports': ['transparent', 2, 1],
  'privacy-policy': ['transparent', 1, 1], 'content-freshness': ['transparent', 1, 1],
  'national-window': ['integrated', 3, 1], 'national-sso': ['integrated', 2, 1.5], 'single-entry': ['integrated', 1, 1],
  'paperless-service': ['integrated', 2, 1], 'open-data': ['integrated', 2, 1.5], 'open-data-freshness': ['integrated', 2, 1.5],
  'smart-channels': ['integrated', 1, 1],
  'complaints-channel': ['participatory', 3, 1], 'service-feedback': ['participatory', 2, 1], 'public-consultation': ['participatory', 2, 1],
  'complaint-statistics': ['participatory', 1, 1], 'social-media': ['participatory', 1, 1],
  https: ['technical', 3, 1], hsts: ['technical', 1, 1], 'security-headers': ['technical', 2, 1], 'mixed-content': ['technical', 1, 1],
  'link-health': ['technical', 1, 1],
};

describe('catalog', () => {
  it('has the 37 indicators with their published weights and priorities', () => {
    expect(MODEL.version).toBe('2026.1');
    expect(MODEL.indicators).toHaveLength(37);
    for (const spec of MODEL.indicators) expect([spec.pillar, spec.weight, spec.priority], spec.id).toEqual(EXPECTED[spec.id]);
    expect(new Set(MODEL.indicators.map((i) => i.id)).size).toBe(37);
  });

  it('has the default pillar weights, summing to 1', () => {
    expect(Object.fromEntries(MODEL.pillars.map((p) => [p.id, p.weight]))).toEqual({ 'user-centric': 0.3, transparent: 0.3, integrated: 0.2, participatory: 0.1, technical: 0.1 });
  });

  it('has a rule file named by its id under its pillar for every implemented rule', () => {
    for (const rule of RULES) {
      const spec = MODEL.indicators.find((i) => i.id === rule.id);
      expect(spec, rule.id).toBeDefined();
      expect(rule.pillar).toBe(spec!.pillar);
      expect(existsSync(join(import.meta.dirname, '../../rules', rule.pillar, `${rule.id}.ts`)), rule.id).toBe(true);
    }
  });

  it('has a rule for every catalog id, and a catalog id for every rule', () => {
    expect(RULES.map((r) => r.id).sort()).toEqual(MODEL.indicators.map((i) => i.id).sort());
  });

  it('marks per-service rules as the catalog does', () => {
    for (const rule of RULES) expect(!!rule.evaluateService, rule.id).toBe(MODEL.indicators.find((i) => i.id === rule.id)!.perService);
  });

  it('registers every rule file in rules/index.ts', () => {
    const files = MODEL.pillars.flatMap((p) => {
      const dir = join(import.meta.dirname, '../../rules', p.id);
      return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.replace(/\.ts$/, '')) : [];
    });
    expect(files.sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  it('keeps freshness windows in the model: messages show {maxAgeDays}, never the number itself', () => {
    const windows = { 'satisfaction-results': 365, 'org-chart': 730, 'accountable-managers': 365, 'financial-reports': 730, 'content-freshness': 60, 'open-data-freshness': 365, 'public-consultation': 365 };
    for (const [id, days] of Object.entries(windows)) expect(MODEL.indicators.find((i) => i.id === id)!.maxAgeDays, id).toBe(days);
    for (const rule of RULES) {
      const days = MODEL.indicators.find((i) => i.id === rule.id)!.maxAgeDays;
      if (days === undefined) continue;
      const texts = Object.values(rule.messages).flatMap((m) => [m.fa, m.en]);
      expect(texts.some((t) => t.includes('{maxAgeDays}')), rule.id).toBe(true);
      for (const t of texts) expect(t, rule.id).not.toMatch(new RegExp(`(^|\\D)(${days}|${days.toString().replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)])})(\\D|$)`));
    }
  });

  it('gives every rule a title in both languages', () => {
    for (const rule of RULES) expect(rule.title.fa && rule.title.en, rule.id).toBeTruthy();
  });
});
