import { readFileSync } from 'node:fs';
import { RULES } from './rules/index.ts';
import { createRuleContext, runRule } from './src/engine/run-rules.ts';
import { siteFromHtml } from './test/support/fixture-site.ts';
const [id, file] = process.argv.slice(2);
const rule = RULES.find((r) => r.id === id)!;
const f = runRule(rule, siteFromHtml(readFileSync(file, 'utf8')), createRuleContext('2025-12-22'));
console.log(JSON.stringify(f, null, 1));
