// The README's indicator table, generated from the model and the rules so
// that the documentation cannot drift from the code (a test compares them).
import type { Model } from '../../rules/catalog.ts';
import type { RuleDefinition } from '../engine/define-rule.ts';

export const TABLE_START = '<!-- indicator-table:start (generated: npm run indicators) -->';
export const TABLE_END = '<!-- indicator-table:end -->';

export function indicatorTable(model: Model, rules: readonly RuleDefinition[]): string {
  const lines = ['| id | pillar | w × p | per service | passes when (the rule\'s title) |', '| --- | --- | --- | --- | --- |'];
  for (const spec of model.indicators) {
    const rule = rules.find((r) => r.id === spec.id);
    lines.push(`| \`${spec.id}\` | ${spec.pillar} | ${spec.weight} × ${spec.priority} | ${spec.perService ? 'yes' : ''} | ${rule ? rule.title.en : '*not implemented yet*'} |`);
  }
  return [TABLE_START, ...lines, TABLE_END].join('\n');
}
