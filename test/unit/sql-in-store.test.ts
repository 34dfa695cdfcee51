// SQL lives in src/store only: the worker/coordinator line follows the module
// line, and a query is found where the schema is. Any statement elsewhere in
// the tool's code or its scripts (a prepared statement, an exec, a pragma, or
// SQL in a string or template literal) fails this test, naming the file and line.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.ts';

const SCANNED = ['src', 'crawlers', 'rules', 'scripts'];
const ALLOWED = 'src/store/';

/** What counts as SQL: a statement prepared or executed from a literal, a pragma, or a literal starting with an SQL verb. */
const SQL = [
  /\.prepare\(\s*[`'"]/,
  /\.exec\(\s*[`'"]/,
  /\.pragma\(/,
  /[`'"]\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|ALTER|DROP|VACUUM|PRAGMA|WITH)\s+[\w*(]/,
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : files(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

function sqlLines(text: string): number[] {
  return text.split('\n').flatMap((line, i) => (SQL.some((re) => re.test(line)) ? [i + 1] : []));
}

describe('SQL outside src/store', () => {
  it('recognises each kind of statement', () => {
    expect(sqlLines("db.prepare('SELECT 1')")).toEqual([1]);
    expect(sqlLines('x\nstore.exec(`DELETE FROM runs`)')).toEqual([2]);
    expect(sqlLines("db.pragma('wal_checkpoint(PASSIVE)')")).toEqual([1]);
    expect(sqlLines('const q = `UPDATE runs SET status = 1`;\nconst r = "SELECT * FROM runs";')).toEqual([1, 2]);
    expect(sqlLines('/(\\d+)/.exec(text); page.prepare(tab); "Select a run"')).toEqual([]);
  });

  it('finds none in the tool\'s code or scripts outside src/store', () => {
    const found: string[] = [];
    for (const dir of SCANNED) {
      for (const file of files(join(ROOT, dir))) {
        const rel = relative(ROOT, file);
        if (rel.startsWith(ALLOWED)) continue;
        for (const line of sqlLines(readFileSync(file, 'utf8'))) found.push(`${rel}:${line}`);
      }
    }
    expect(found).toEqual([]);
  });
});
