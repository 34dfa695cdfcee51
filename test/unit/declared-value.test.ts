import { describe, expect, it } from 'vitest';
import { parseDeclared } from '../../src/declarations/declared-value.ts';

const share = (raw: string, indicator = 'org-chart') => {
  const r = parseDeclared(raw, indicator);
  return r.ok ? r.value.share : r.problem;
};

describe('declared values', () => {
  it('reads yes and no in English and Persian, any case, with spaces', () => {
    for (const yes of ['yes', 'YES', ' Yes ', 'true', 'True', '1', 'بله', '۱', 'بلی']) expect(share(yes), yes).toBe(1);
    for (const no of ['no', 'No', 'false', 'FALSE', '0', 'خیر', '۰', '٠']) expect(share(no), no).toBe(0);
  });

  it('reads percentages with ASCII, Persian or Arabic-Indic digits and either percent sign', () => {
    expect(share('80%')).toBe(0.8);
    expect(share('۸۰٪')).toBe(0.8);
    expect(share('٨٠٪')).toBe(0.8);
    expect(share('85 %')).toBe(0.85);
    expect(share('%80')).toBe(0.8);
    expect(share('۱۲٫۵٪')).toBe(0.125);
    expect(share('100%')).toBe(1);
    expect(share('0%')).toBe(0);
  });

  it('reads a fraction as a spreadsheet stores a percent cell', () => {
    expect(share('0.8')).toBe(0.8);
    expect(share('.25')).toBe(0.25);
  });

  it('rejects values it cannot read, and percentages over 100', () => {
    expect(share('maybe')).toBe('unreadable');
    expect(share('')).toBe('empty');
    expect(share('  ')).toBe('empty');
    expect(share('120%')).toBe('out-of-range');
    expect(share('80%%')).toBe('unreadable');
    expect(share('-5%')).toBe('unreadable');
    expect(share('1.5')).toBe('unreadable');
  });

  it('takes a whole number as a service count for service-catalog only', () => {
    expect(parseDeclared('42', 'service-catalog')).toEqual({ ok: true, value: { share: 1, count: 42 } });
    expect(parseDeclared('۱٬۲۰۰', 'service-catalog')).toEqual({ ok: true, value: { share: 1, count: 1200 } });
    expect(parseDeclared('1', 'service-catalog')).toEqual({ ok: true, value: { share: 1, count: null } });
    expect(parseDeclared('yes', 'service-catalog')).toEqual({ ok: true, value: { share: 1, count: null } });
    expect(share('80', 'online-service')).toBe('count-elsewhere');
  });
});
