// The README's indicator table is generated; this keeps it true to the code.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODEL } from '../../rules/catalog.ts';
import { RULES } from '../../rules/index.ts';
import { indicatorTable } from '../../src/report/indicator-table.ts';

describe('README', () => {
  it('carries the indicator table generated from the model and rules (run `npm run indicators` after changing rules)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(indicatorTable(MODEL, RULES));
  });
});
