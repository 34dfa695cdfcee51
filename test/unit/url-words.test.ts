// URL words and the transliteration list (src/text/url-words.ts), read by every link cue.
import { describe, expect, it } from 'vitest';
import { urlWords } from '../../src/text/url-words.ts';
import { matchesAny } from '../../src/text/match.ts';

describe('urlWords', () => {
  it('splits host, path and file name, and gives transliterated Persian words in Persian', () => {
    expect(urlWords('https://agency.example.ir/node/add/complaint')).toContain('complaint');
    expect(matchesAny(urlWords('https://agency.example.ir/sites/default/files/btn-shekayat.png'), ['شکایت'])).toBe(true);
    expect(matchesAny(urlWords('https://agency.example.ir/fa/peygiri-darkhast'), ['پیگیری'])).toBe(true);
    expect(matchesAny(urlWords('https://saamad.ir/'), ['سامد'])).toBe(true);
    expect(matchesAny(urlWords('https://agency.example.ir/Pages/NazarSanji.aspx'), ['نظرسنجی'])).toBe(true);
  });

  it('reads a transliterated word with a number stuck to it (a version or page number)', () => {
    expect(matchesAny(urlWords('https://agency.example.ir/nazarsanji2/'), ['نظرسنجی'])).toBe(true);
    expect(matchesAny(urlWords('https://agency.example.ir/images/shekayat1.png'), ['شکایت'])).toBe(true);
  });

  it('does not read words that are not there', () => {
    expect(matchesAny(urlWords('https://agency.example.ir/news/1402'), ['شکایت', 'complaint'])).toBe(false);
    expect(urlWords('not a url')).toBe('');
  });
});
