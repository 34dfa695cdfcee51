// Persian text normalisation (INDICATORS.md, "Persian text"). Page text and
// patterns go through the same function so that spelling variants meet.

const CHAR_MAP: Record<string, string> = {
  'ي': 'ی', 'ى': 'ی', 'ك': 'ک', 'ة': 'ه', 'ۀ': 'ه', 'ە': 'ه',
  'أ': 'ا', 'إ': 'ا', 'ٱ': 'ا',
};

// Persian (U+06F0–9) and Arabic-Indic (U+0660–9) digits.
function toAsciiDigit(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
  return ch;
}

/** Fold digits only: used where text must keep its letters (snippets). */
export function asciiDigits(text: string): string {
  return text.replace(/[\u06f0-\u06f9\u0660-\u0669]/g, toAsciiDigit);
}

/**
 * Normalise for matching: unify Arabic/Persian letter variants, digits to ASCII,
 * drop kashida and diacritics (incl. the hamza of هٔ), ZWNJ and other
 * invisible joiners become a space, whitespace collapses, Latin is lower-cased.
 */
export function normalize(text: string): string {
  return asciiDigits(text)
    .replace(/[يىكةۀەأإٱ]/g, (ch) => CHAR_MAP[ch] ?? ch)
    .replace(/[\u0640\u064b-\u065f\u0670\u06d6-\u06ed]/g, '')
    .replace(/[\u200c\u200d\u200e\u200f\u00ad\u2066-\u2069\u202a-\u202e\ufeff]/g, ' ')
    .replace(/[٫]/g, '.')
    .replace(/[٪]/g, '%')
    .replace(/[٬،]/g, ',')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Shorten for display in evidence; never cuts inside a surrogate pair. */
export function snippet(text: string, maxChars = 160): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(clean);
  if (chars.length <= maxChars) return clean;
  return maxChars < 1 ? '' : chars.slice(0, maxChars - 1).join('') + '…';
}
