// The command line's catalogs: every key in both languages, with the same
// placeholders, on one line; every UserError built from a catalog (so it
// follows PORTAL_AUDIT_LANG); and errors printed in Persian when asked.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import type { Io } from '../../src/commands/common.ts';
import { UserError, em } from '../../src/errors.ts';
import { DECLARATION_CATALOGS } from '../../src/i18n/declarations.ts';
import { ERROR_CATALOGS } from '../../src/i18n/errors.ts';
import { MESSAGE_CATALOGS, type Lang } from '../../src/i18n/messages.ts';
import { REPORT_CATALOGS } from '../../src/i18n/report.ts';
import { TABLE_LABELS } from '../../src/i18n/tables.ts';
import { ROOT } from '../support/cli.ts';

const CATALOGS: Record<string, Record<Lang, Record<string, string>>> = {
  errors: ERROR_CATALOGS, messages: MESSAGE_CATALOGS, declarations: DECLARATION_CATALOGS, report: REPORT_CATALOGS, tables: TABLE_LABELS,
};

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** Words a reader must read, once placeholders, code spans and flags are set aside. */
const words = (text: string) => text.replace(/\{\w+\}|`[^`]*`|--[\w-]+|[A-Z_]{3,}\S*|\S*[./]\S*|\b(?:pid|json|csv|xlsx|pdf|html|http|https|users?|serve|prune|schedule|audit|agencies|latest|previous|portal-audit|sha-256)\b/gi, '');

describe('message catalogs', () => {
  for (const [name, catalog] of Object.entries(CATALOGS)) {
    it(`${name}: every key has an English and a Persian text, with the same placeholders, on one line`, () => {
      expect(Object.keys(catalog.fa).sort()).toEqual(Object.keys(catalog.en).sort());
      for (const key of Object.keys(catalog.en)) {
        const [en, fa] = [catalog.en[key], catalog.fa[key]];
        expect(en.trim(), `${name} ${key} (en)`).not.toBe('');
        expect(fa.trim(), `${name} ${key} (fa)`).not.toBe('');
        expect(placeholders(fa), `${name} ${key}`).toEqual(placeholders(en));
        expect(`${en}${fa}`, `${name} ${key}`).not.toMatch(/[\r\n]/);
        // A Persian text that is the English one left untranslated.
        if (/[a-z]{3,}/i.test(words(en))) expect(fa, `${name} ${key}`).toMatch(/[\u0600-\u06ff]/);
      }
    });
  }
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The text between the parenthesis at `open` and its match. */
function inside(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/** The argument with every catalog call (em, td, t) taken out: what is left must hold no words of its own. */
function withoutCatalogCalls(arg: string): string {
  let rest = arg;
  for (let m = /\b(?:em|td|t)\(/.exec(rest); m; m = /\b(?:em|td|t)\(/.exec(rest)) {
    const open = m.index + m[0].length - 1;
    rest = rest.slice(0, m.index) + rest.slice(open + inside(rest, open).length + 2);
  }
  return rest;
}

describe('UserError', () => {
  it('is built from a catalog everywhere (em, or a message translated by td/t), never from English text alone', () => {
    const offenders: string[] = [];
    for (const file of ['src', 'crawlers', 'rules'].flatMap((d) => sources(join(ROOT, d)))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/new UserError\(/g)) {
        const left = withoutCatalogCalls(inside(text, m.index + m[0].length - 1));
        // Literals may remain only as glue (`${file}: ` before a translated message) or in conditions.
        const prose = [...left.matchAll(/'[^']*'|`[^`]*`/g)].map((l) => l[0].replace(/\$\{[^}]*\}/g, '')).filter((l) => /[a-z]{2,}/i.test(l) && !/^'[\w-]+'$/.test(l));
        if (prose.length) offenders.push(`${file.slice(ROOT.length)}: ${prose.join(' ')}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps its English message, and is printed in the language asked for', () => {
    const err = new UserError(em('cli.positiveInt', { flag: '--max-pages', value: '0' }));
    expect(err.message).toBe('--max-pages 0: expected a whole number ≥ 1.');
    expect(err.text('fa')).toBe('--max-pages 0: عدد درستِ ≥ ۱ انتظار می‌رفت.');
    expect(new UserError('already translated').text('fa')).toBe('already translated');
  });

  it('reaches the command line in Persian with PORTAL_AUDIT_LANG=fa, in one line', async () => {
    const run = async (argv: string[], lang: Lang) => {
      let err = '';
      const io: Io = { out: () => {}, err: (s) => { err += s; }, isTty: false, env: {}, lang, cwd: ROOT };
      return { code: await main(argv, io), err };
    };
    const fa = await run(['export', '--format', 'docx'], 'fa');
    expect(fa.code).toBe(2);
    expect(fa.err).toBe('خطا: --format docx: پشتیبانی نمی‌شود؛ یکی از json, csv, html, pdf, xlsx, bundle را به کار ببرید.\n');
    expect((await run(['export', '--format', 'docx'], 'en')).err).toBe('error: --format docx: not supported; use one of json, csv, html, pdf, xlsx, bundle.\n');
    expect((await run(['nope'], 'fa')).err).toMatch(/^خطا: فرمان ناشناختهٔ «nope»\. فرمان‌ها: audit, /);
    expect((await run(['audit', '--agencies', join(ROOT, 'no-such.json'), '--db', join(ROOT, 'no-such.sqlite')], 'fa')).err)
      .toMatch(/^خطا: .*no-such\.json: فهرست دستگاه‌ها خوانده نمی‌شود \(ENOENT\)\. با --agencies FILE پرونده را بدهید\.\n$/);
  });
});
