// Reads one `declared` cell (CONTRACT.md): yes/no in English or Persian,
// 1/0, a percentage (with Persian digits and ٪ too), a fraction 0–1 as a
// spreadsheet stores a percent cell, or, for service-catalog only, the
// declared number of services.
import { normalize } from '../text/persian.ts';

/** The indicator whose declaration is a count (INDICATORS.md: "yes (service count)"). */
export const COUNT_INDICATOR = 'service-catalog';

export interface DeclaredValue {
  /** d in [0,1]: yes = 1, no = 0, a percentage as a share. */
  share: number;
  /** The declared service count (service-catalog only), else null. */
  count: number | null;
}

export type DeclaredProblem = 'empty' | 'unreadable' | 'out-of-range' | 'count-elsewhere';
export type DeclaredParse = { ok: true; value: DeclaredValue } | { ok: false; problem: DeclaredProblem };

const YES = new Set(['yes', 'true', '1', 'بله', 'بلی']);
const NO = new Set(['no', 'false', '0', 'خیر']);
const PERCENT = /^(?:%\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*%)$/;
const FRACTION = /^0?\.\d+$/;
const WHOLE = /^\d+$/;

const ok = (share: number, count: number | null = null): DeclaredParse => ({ ok: true, value: { share, count } });
const fail = (problem: DeclaredProblem): DeclaredParse => ({ ok: false, problem });

function percent(text: string): DeclaredParse | null {
  const m = PERCENT.exec(text);
  if (!m) return null;
  const n = Number(m[1] ?? m[2]);
  return n <= 100 ? ok(n / 100) : fail('out-of-range');
}

/**
 * `1` and `0` keep their yes/no meaning everywhere; a whole number ≥ 2 is a
 * service count, which only service-catalog takes (any count ≥ 1 is a "yes").
 */
function wholeNumber(text: string, indicatorId: string): DeclaredParse | null {
  if (!WHOLE.test(text)) return null;
  const n = Number(text);
  if (indicatorId !== COUNT_INDICATOR) return fail('count-elsewhere');
  return ok(n > 0 ? 1 : 0, n);
}

export function parseDeclared(raw: string, indicatorId: string): DeclaredParse {
  const text = normalize(raw).replace(/(\d),(?=\d{3}\b)/g, '$1');
  if (text === '') return fail('empty');
  if (YES.has(text)) return ok(1);
  if (NO.has(text)) return ok(0);
  if (FRACTION.test(text)) return ok(Number(text));
  return percent(text) ?? wholeNumber(text, indicatorId) ?? fail('unreadable');
}
