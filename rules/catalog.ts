// The indicator model (INDICATORS.md, model 2026.1). Weights and priorities live
// here and nowhere else; every run stores this model's version and hash.
import { createHash } from 'node:crypto';
import type { Localized, PillarId } from '../src/engine/define-rule.ts';

export interface IndicatorSpec {
  id: string;
  pillar: PillarId;
  /** Default weight w (1–3). */
  weight: number;
  /** Priority coefficient p; 1.5 marks the impactful, low-national-average ones. */
  priority: number;
  /** Judged per sampled service page. */
  perService: boolean;
  /** Agencies self-declare it. */
  declarable: boolean;
  /** How old (in days) the newest dated evidence may be before the finding is stale; absent when the indicator has no freshness window. */
  maxAgeDays?: number;
}

export interface PillarSpec {
  id: PillarId;
  weight: number;
  title: Localized;
}

export interface Model {
  version: string;
  pillars: PillarSpec[];
  indicators: IndicatorSpec[];
  /** Coverage below this share of effective weight flags the agency. */
  minCoverage: number;
}

type IndicatorFields = Pick<IndicatorSpec, 'id' | 'pillar' | 'weight' | 'priority'> & Partial<IndicatorSpec>;

const ind = ({ perService = false, declarable = false, ...spec }: IndicatorFields): IndicatorSpec => {
  const { id, pillar, weight, priority, maxAgeDays } = spec;
  return { id, pillar, weight, priority, perService, declarable, ...(maxAgeDays === undefined ? {} : { maxAgeDays }) };
};

export const MODEL: Model = {
  version: '2026.1',
  minCoverage: 0.7,
  pillars: [
    { id: 'user-centric', weight: 0.3, title: { fa: 'دولت کاربرمحور', en: 'User-centric' } },
    { id: 'transparent', weight: 0.3, title: { fa: 'دولت شفاف', en: 'Transparent' } },
    { id: 'integrated', weight: 0.2, title: { fa: 'دولت یکپارچه و هوشمند', en: 'Integrated and smart' } },
    { id: 'participatory', weight: 0.1, title: { fa: 'دولت مشارکتی', en: 'Participatory' } },
    { id: 'technical', weight: 0.1, title: { fa: 'فنی', en: 'Technical' } },
  ],
  indicators: [
    ind({ id: 'service-catalog', pillar: 'user-centric', weight: 3, priority: 1, declarable: true }),
    ind({ id: 'service-card', pillar: 'user-centric', weight: 3, priority: 1.5, perService: true, declarable: true }),
    ind({ id: 'online-service', pillar: 'user-centric', weight: 3, priority: 1.5, perService: true, declarable: true }),
    ind({ id: 'help-faq', pillar: 'user-centric', weight: 1, priority: 1 }),
    ind({ id: 'contact-details', pillar: 'user-centric', weight: 1, priority: 1 }),
    ind({ id: 'site-search', pillar: 'user-centric', weight: 1, priority: 1 }),
    ind({ id: 'mobile-friendly', pillar: 'user-centric', weight: 2, priority: 1 }),
    ind({ id: 'accessibility', pillar: 'user-centric', weight: 2, priority: 1.5, declarable: true }),
    ind({ id: 'performance', pillar: 'user-centric', weight: 1, priority: 1 }),

    ind({ id: 'service-process', pillar: 'transparent', weight: 3, priority: 1.5, perService: true, declarable: true }),
    ind({ id: 'service-duration', pillar: 'transparent', weight: 2, priority: 1, perService: true, declarable: true }),
    ind({ id: 'status-tracking', pillar: 'transparent', weight: 3, priority: 1.5, declarable: true }),
    ind({ id: 'satisfaction-results', pillar: 'transparent', weight: 3, priority: 1.5, declarable: true, maxAgeDays: 365 }),
    ind({ id: 'org-chart', pillar: 'transparent', weight: 2, priority: 1, declarable: true, maxAgeDays: 730 }),
    ind({ id: 'accountable-managers', pillar: 'transparent', weight: 2, priority: 1, declarable: true, maxAgeDays: 365 }),
    ind({ id: 'duties-and-laws', pillar: 'transparent', weight: 1, priority: 1 }),
    ind({ id: 'access-to-information', pillar: 'transparent', weight: 2, priority: 1, declarable: true }),
    ind({ id: 'financial-reports', pillar: 'transparent', weight: 2, priority: 1, declarable: true, maxAgeDays: 730 }),
    ind({ id: 'privacy-policy', pillar: 'transparent', weight: 1, priority: 1 }),
    ind({ id: 'content-freshness', pillar: 'transparent', weight: 1, priority: 1, maxAgeDays: 60 }),

    ind({ id: 'national-window', pillar: 'integrated', weight: 3, priority: 1, declarable: true }),
    ind({ id: 'national-sso', pillar: 'integrated', weight: 2, priority: 1.5, declarable: true }),
    ind({ id: 'single-entry', pillar: 'integrated', weight: 1, priority: 1, declarable: true }),
    ind({ id: 'paperless-service', pillar: 'integrated', weight: 2, priority: 1, perService: true, declarable: true }),
    ind({ id: 'open-data', pillar: 'integrated', weight: 2, priority: 1.5, declarable: true }),
    ind({ id: 'open-data-freshness', pillar: 'integrated', weight: 2, priority: 1.5, declarable: true, maxAgeDays: 365 }),
    ind({ id: 'smart-channels', pillar: 'integrated', weight: 1, priority: 1, declarable: true }),

    ind({ id: 'complaints-channel', pillar: 'participatory', weight: 3, priority: 1, declarable: true }),
    ind({ id: 'service-feedback', pillar: 'participatory', weight: 2, priority: 1, perService: true, declarable: true }),
    ind({ id: 'public-consultation', pillar: 'participatory', weight: 2, priority: 1, declarable: true, maxAgeDays: 365 }),
    ind({ id: 'complaint-statistics', pillar: 'participatory', weight: 1, priority: 1, declarable: true }),
    ind({ id: 'social-media', pillar: 'participatory', weight: 1, priority: 1 }),

    ind({ id: 'https', pillar: 'technical', weight: 3, priority: 1, declarable: true }),
    ind({ id: 'hsts', pillar: 'technical', weight: 1, priority: 1 }),
    ind({ id: 'security-headers', pillar: 'technical', weight: 2, priority: 1 }),
    ind({ id: 'mixed-content', pillar: 'technical', weight: 1, priority: 1 }),
    ind({ id: 'link-health', pillar: 'technical', weight: 1, priority: 1 }),
  ],
};

/** Effective weight e = w × p. */
export function effectiveWeight(spec: IndicatorSpec): number {
  return spec.weight * spec.priority;
}

export function indicatorSpec(model: Model, id: string): IndicatorSpec | undefined {
  return model.indicators.find((i) => i.id === id);
}

/** The freshness window of an indicator of the model; a rule's message shows it as {maxAgeDays}. */
export function maxAgeDays(id: string, model: Model = MODEL): number {
  const days = indicatorSpec(model, id)?.maxAgeDays;
  if (days === undefined) throw new Error(`rules/catalog.ts: indicator ${id} has no maxAgeDays`);
  return days;
}

/** sha256 of the model's canonical JSON: a run records which model scored it. */
export function modelHash(model: Model): string {
  return createHash('sha256').update(JSON.stringify(model)).digest('hex');
}
