// npm run indicators: rewrite the README's indicator table from the model and the rules.
import { readFileSync, writeFileSync } from 'node:fs';
import { MODEL } from '../rules/catalog.ts';
import { RULES } from '../rules/index.ts';
import { indicatorTable, TABLE_END, TABLE_START } from '../src/report/indicator-table.ts';

const path = new URL('../README.md', import.meta.url);
const readme = readFileSync(path, 'utf8');
const start = readme.indexOf(TABLE_START);
const end = readme.indexOf(TABLE_END);
if (start < 0 || end < 0) throw new Error(`README.md has no ${TABLE_START} … ${TABLE_END} markers`);
writeFileSync(path, readme.slice(0, start) + indicatorTable(MODEL, RULES) + readme.slice(end + TABLE_END.length));
console.log('README.md: indicator table updated');
