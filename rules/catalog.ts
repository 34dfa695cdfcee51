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

const ind = (id: string, pillar: PillarId, weight: number, priority: number, perService = false, declarable = false): IndicatorSpec =>
  ({ id, pillar, weight, priority, perService, declarable });

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
    ind('service-catalog', 'user-centric', 3, 1, false, true),
    ind('service-card', 'user-centric', 3, 1.5, true, true),
    ind('online-service', 'user-centric', 3, 1.5, true, true),
    ind('help-faq', 'user-centric', 1, 1),
    ind('contact-details', 'user-centric', 1, 1),
    ind('site-search', 'user-centric', 1, 1),
    ind('mobile-friendly', 'user-centric', 2, 1),
    ind('accessibility', 'user-centric', 2, 1.5, false, true),
    ind('performance', 'user-centric', 1, 1),

    ind('service-process', 'transparent', 3, 1.5, true, true),
    ind('service-duration', 'transparent', 2, 1, true, true),
    ind('status-tracking', 'transparent', 3, 1.5, false, true),
    ind('satisfaction-results', 'transparent', 3, 1.5, false, true),
    ind('org-chart', 'transparent', 2, 1, false, true),
    ind('accountable-managers', 'transparent', 2, 1, false, true),
    ind('duties-and-laws', 'transparent', 1, 1),
    ind('access-to-information', 'transparent', 2, 1, false, true),
    ind('financial-reports', 'transparent', 2, 1, false, true),
    ind('privacy-policy', 'transparent', 1, 1),
    ind('content-freshness', 'transparent', 1, 1),

    ind('national-window', 'integrated', 3, 1, false, true),
    ind('national-sso', 'integrated', 2, 1.5, false, true),
    ind('single-entry', 'integrated', 1, 1, false, true),
    ind('paperless-service', 'integrated', 2, 1, true, true),
    ind('open-data', 'integrated', 2, 1.5, false, true),
    ind('open-data-freshness', 'integrated', 2, 1.5, false, true),
    ind('smart-channels', 'integrated', 1, 1, false, true),

    ind('complaints-channel', 'participatory', 3, 1, false, true),
    ind('service-feedback', 'participatory', 2, 1, true, true),
    ind('public-consultation', 'participatory', 2, 1, false, true),
    ind('complaint-statistics', 'participatory', 1, 1, false, true),
    ind('social-media', 'participatory', 1, 1),

    ind('https', 'technical', 3, 1, false, true),
    ind('hsts', 'technical', 1, 1),
    ind('security-headers', 'technical', 2, 1),
    ind('mixed-content', 'technical', 1, 1),
    ind('link-health', 'technical', 1, 1),
  ],
};

/** Effective weight e = w × p. */
export function effectiveWeight(spec: IndicatorSpec): number {
  return spec.weight * spec.priority;
}

export function indicatorSpec(model: Model, id: string): IndicatorSpec | undefined {
  return model.indicators.find((i) => i.id === id);
}

/** sha256 of the model's canonical JSON: a run records which model scored it. */
export function modelHash(model: Model): string {
  return createHash('sha256').update(JSON.stringify(model)).digest('hex');
}
