// Pattern matching on normalised text. A pattern's spaces (and ZWNJs) match a
// space, a ZWNJ or nothing, so رضایت‌سنجی = رضایت سنجی = رضایتسنجی.
import { normalize } from './persian.ts';

export type Patterns = readonly string[];

const cache = new Map<string, RegExp>();

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const LEADING = '(?<![\\p{L}\\p{N}])';

/** A pattern's body: its words, and for Latin words a trailing boundary. */
function patternBody(pattern: string): string {
  const words = normalize(pattern).split(' ').filter(Boolean).map(escapeRegExp);
  // Latin words get a trailing boundary too ("fee" is not "feedback"); Persian
  // keeps a leading one only, since its words take suffixes (شکایات، شکایت‌ها).
  const latin = /^[a-z0-9 .'&/-]+$/.test(normalize(pattern));
  return `${words.join('\\s?')}${latin ? '(?:e?s)?(?![\\p{L}])' : ''}`;
}

/** Compile a plain-text pattern (not a regex) into a matcher over normalised text. */
export function compilePattern(pattern: string): RegExp {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const re = new RegExp(`${LEADING}${patternBody(pattern)}`, 'u');
  cache.set(pattern, re);
  return re;
}

const anyCache = new WeakMap<Patterns, RegExp>();
const anyByKey = new Map<string, RegExp>();
const MAX_LISTS = 5000;

/** One matcher for a whole list: whether any of its patterns occurs, in one scan of the text. */
function compileAny(patterns: Patterns): RegExp {
  const hit = anyCache.get(patterns);
  if (hit) return hit;
  const key = patterns.join('\u0000');
  let re = anyByKey.get(key);
  if (!re) {
    // Lists built per agency (its own names) would otherwise pile up over a night.
    if (anyByKey.size >= MAX_LISTS) anyByKey.clear();
    anyByKey.set(key, (re = new RegExp(`${LEADING}(?:${patterns.map(patternBody).join('|')})`, 'u')));
  }
  anyCache.set(patterns, re);
  return re;
}

/** The first pattern that occurs in already-normalised text, or null. */
export function findPattern(normalizedText: string, patterns: Patterns): string | null {
  // Most texts hold none of the patterns: one scan says so; only a hit asks which pattern came first in the list.
  if (patterns.length > 1 && !compileAny(patterns).test(normalizedText)) return null;
  for (const p of patterns) if (compilePattern(p).test(normalizedText)) return p;
  return null;
}

export function matchesAny(normalizedText: string, patterns: Patterns): boolean {
  return findPattern(normalizedText, patterns) !== null;
}
