// Pattern matching on normalised text. A pattern's spaces (and ZWNJs) match a
// space, a ZWNJ or nothing, so رضایت‌سنجی = رضایت سنجی = رضایتسنجی.
import { normalize } from './persian.ts';

export type Patterns = readonly string[];

const cache = new Map<string, RegExp>();

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compile a plain-text pattern (not a regex) into a matcher over normalised text. */
export function compilePattern(pattern: string): RegExp {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const words = normalize(pattern).split(' ').filter(Boolean).map(escapeRegExp);
  // Leading boundary only: Persian words take suffixes (شکایات، شکایت‌ها).
  // Latin words get a trailing boundary too ("fee" is not "feedback"); Persian
  // keeps a leading one only, since its words take suffixes (شکایات، شکایت‌ها).
  const latin = /^[a-z0-9 .'&/-]+$/.test(normalize(pattern));
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${words.join('\\s?')}${latin ? '(?:e?s)?(?![\\p{L}])' : ''}`, 'u');
  cache.set(pattern, re);
  return re;
}

/** The first pattern that occurs in already-normalised text, or null. */
export function findPattern(normalizedText: string, patterns: Patterns): string | null {
  for (const p of patterns) if (compilePattern(p).test(normalizedText)) return p;
  return null;
}

export function matchesAny(normalizedText: string, patterns: Patterns): boolean {
  return findPattern(normalizedText, patterns) !== null;
}
