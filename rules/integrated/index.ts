// The integrated pillar's rules, in catalog order. Every rule file of this folder is listed here.
import type { RuleDefinition } from '../../src/engine/define-rule.ts';
import nationalWindow from './national-window.ts';
import nationalSso from './national-sso.ts';
import singleEntry from './single-entry.ts';
import paperlessService from './paperless-service.ts';
import openData from './open-data.ts';
import openDataFreshness from './open-data-freshness.ts';
import smartChannels from './smart-channels.ts';

export const RULES: readonly RuleDefinition[] = [
  nationalWindow,
  nationalSso,
  singleEntry,
  paperlessService,
  openData,
  openDataFreshness,
  smartChannels,
];
