import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { loadRegistry, parseRegistry, selectAgencies } from '../../src/registry/registry.ts';

const name = { fa: 'دستگاه', en: 'Agency' };
const entry = (over: Record<string, unknown> = {}) => ({ id: 'a-1', name, homepage: 'https://a.gov.ir/', ...over });

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('registry', () => {
  it('accepts a valid registry and defaults hosts to []', () => {
    const agencies = parseRegistry({ agencies: [entry(), entry({ id: 'b', hosts: ['E.B.gov.ir'] })] }, 'r.json');
    expect(agencies.map((a) => a.hosts)).toEqual([[], ['e.b.gov.ir']]);
  });

  it('names both indexes of a duplicate id', () => {
    const msg = errorOf(() => parseRegistry({ agencies: [entry(), entry({ homepage: 'https://x.ir/' })] }, 'r.json'));
    expect(msg).toMatch(/^r\.json: agencies\[1\]\.id "a-1" duplicates agencies\[0\]\.id/);
  });

  it('names the entry and field of a missing homepage', () => {
    const msg = errorOf(() => parseRegistry({ agencies: [entry(), { id: 'b', name }] }, 'r.json'));
    expect(msg).toMatch(/^r\.json: agencies\[1\]\.homepage is missing/);
  });

  it('rejects a non-HTTP homepage', () => {
    const msg = errorOf(() => parseRegistry({ agencies: [entry({ homepage: 'ftp://a.gov.ir/' })] }, 'r.json'));
    expect(msg).toMatch(/agencies\[0\]\.homepage must be an http/);
  });

  it('refuses a user name or password in a homepage, in one line naming the file, the entry and the field, and never echoes it', () => {
    const msg = errorOf(() => parseRegistry({ agencies: [entry(), entry({ id: 'b', homepage: 'https://admin:s3cret@b.gov.ir/' })] }, 'r.json'));
    expect(msg).toMatch(/^r\.json: agencies\[1\]\.homepage must not carry a user name or password/);
    expect(msg).not.toContain('s3cret');
    expect(msg.split('\n')).toHaveLength(1);
    expect(errorOf(() => parseRegistry({ agencies: [entry({ homepage: 'http://user@a.gov.ir/' })] }, 'r.json'))).toMatch(/agencies\[0\]\.homepage must not carry/);
    const dir = mkdtempSync(join(tmpdir(), 'registry-'));
    const file = join(dir, 'agencies.csv');
    writeFileSync(file, 'id,name_fa,name_en,homepage,hosts\na,الف,A,https://u:p@a.gov.ir/,\n');
    expect(errorOf(() => loadRegistry(file))).toMatch(/agencies\.csv: agencies\[0\]\.homepage must not carry a user name or password/);
  });

  it('rejects a bad id and a bad host', () => {
    expect(errorOf(() => parseRegistry({ agencies: [entry({ id: 'Bad Id' })] }, 'r.json'))).toMatch(/agencies\[0\]\.id must match/);
    expect(errorOf(() => parseRegistry({ agencies: [entry({ hosts: ['http://x'] })] }, 'r.json'))).toMatch(/agencies\[0\]\.hosts\[0\]/);
  });

  it('reads CSV with the contract columns', () => {
    const dir = mkdtempSync(join(tmpdir(), 'registry-'));
    const file = join(dir, 'agencies.csv');
    writeFileSync(file, '\uFEFFid,name_fa,name_en,homepage,hosts\ntazirat,سازمان تعزیرات,Tazirat,https://tazirat.gov.ir/,e.tazirat.gov.ir;x.tazirat.gov.ir\n');
    expect(loadRegistry(file)).toEqual([{ id: 'tazirat', name: { fa: 'سازمان تعزیرات', en: 'Tazirat' }, homepage: 'https://tazirat.gov.ir/', hosts: ['e.tazirat.gov.ir', 'x.tazirat.gov.ir'] }]);
  });

  it('reports unreadable and malformed files in one line', () => {
    expect(errorOf(() => loadRegistry('/nonexistent/agencies.json'))).toMatch(/^\/nonexistent\/agencies\.json: cannot read the agency registry \(ENOENT\)/);
    const dir = mkdtempSync(join(tmpdir(), 'registry-'));
    writeFileSync(join(dir, 'bad.json'), '{"agencies": [');
    expect(errorOf(() => loadRegistry(join(dir, 'bad.json')))).toMatch(/bad\.json: not valid JSON/);
  });

  it('selects agencies by id and refuses unknown ids', () => {
    const all = parseRegistry({ agencies: [entry(), entry({ id: 'b' })] }, 'r.json');
    expect(selectAgencies(all, ['b'], 'r.json').map((a) => a.id)).toEqual(['b']);
    expect(errorOf(() => selectAgencies(all, ['zz'], 'r.json'))).toMatch(/--agency zz: not in r\.json/);
  });
});
