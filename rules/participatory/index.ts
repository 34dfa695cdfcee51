// The participatory pillar's rules, in catalog order. Every rule file of this folder is listed here.
import type { RuleDefinition } from '../../src/engine/define-rule.ts';
import complaintsChannel from './complaints-channel.ts';
import serviceFeedback from './service-feedback.ts';
import publicConsultation from './public-consultation.ts';
import complaintStatistics from './complaint-statistics.ts';
import socialMedia from './social-media.ts';

export const RULES: readonly RuleDefinition[] = [
  complaintsChannel,
  serviceFeedback,
  publicConsultation,
  complaintStatistics,
  socialMedia,
];
