import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRuleContext, runRule } from '../../src/engine/run-rules.ts';
import { defineRule, result } from '../../src/engine/define-rule.ts';
import { siteFromHtml, siteFromPages } from '../support/fixture-site.ts';

const base = { pillar: 'transparent' as const, title: { fa: 'ت', en: 't' }, messages: {} };
const ctx = createRuleContext('2025-12-22');

describe('rule runner', () => {
  it('turns a throwing rule into an error finding', () => {
    const rule = defineRule({ ...base, id: 'boom', needs: ['pages'], evaluate: () => { throw new Error('kaput'); } });
    const f = runRule(rule, siteFromHtml('<p>x</p>'), ctx);
    expect(f).toMatchObject({ ruleId: 'boom', outcome: 'error', score: null, messageKey: 'rule-threw', data: { detail: 'kaput' } });
  });

  it('gives an error finding when the artifacts a rule needs are missing', () => {
    const rule = defineRule({ ...base, id: 'needs-home', needs: ['home'], evaluate: () => result.fail() });
    const f = runRule(rule, siteFromPages([]), ctx);
    expect(f).toMatchObject({ outcome: 'error', score: null, messageKey: 'missing-artifact' });
  });

  it('refuses a pass without evidence and a score outside [0,1]', () => {
    const noEvidence = defineRule({ ...base, id: 'x', needs: [], evaluate: () => result.pass([]) });
    expect(runRule(noEvidence, siteFromHtml('<p>x</p>'), ctx).messageKey).toBe('invalid-result');
    const badScore = defineRule({ ...base, id: 'y', needs: [], evaluate: () => result.partial(1.5, [{ pageUrl: 'u', selector: null, snippet: 's' }]) });
    expect(runRule(badScore, siteFromHtml('<p>x</p>'), ctx).outcome).toBe('error');
  });

  it('parses each page once per context', () => {
    const site = siteFromHtml('<p>x</p>');
    expect(ctx.dom(site.pages[0])).toBe(ctx.dom(site.pages[0]));
  });
});

describe('engine messages', () => {
  it('has fa and en text for every message key the engine and the orchestrator write', async () => {
    const { ENGINE_MESSAGES } = await import('../../src/engine/messages.ts');
    const sources = ['../../src/engine/run-rules.ts', '../../src/audit/run-audit.ts'].map((p) => readFileSync(new URL(p, import.meta.url), 'utf8')).join('\n');
    const keys = new Set([...sources.matchAll(/messageKey: '([a-z-]+)'/g), ...sources.matchAll(/errorFinding\(rule, '([a-z-]+)'/g), ...sources.matchAll(/'(no-services|services-not-assessed|service-share)'/g)].map((m) => m[1]));
    expect(keys.size).toBeGreaterThan(4);
    for (const key of keys) expect(ENGINE_MESSAGES[key]?.fa && ENGINE_MESSAGES[key]?.en, key).toBeTruthy();
  });
});
