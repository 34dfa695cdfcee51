import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/text/persian.ts';
import { compilePattern, findPattern, matchesAny } from '../../src/text/match.ts';

const ZWNJ = '\u200c';
const withZwnj = `رضایت${ZWNJ}سنجی`;
const withSpace = 'رضایت سنجی';
const joined = 'رضایتسنجی';

/** As real callers do: text is normalised before matching. */
function hits(text: string, pattern: string): boolean {
  return matchesAny(normalize(text), [pattern]);
}

describe('ZWNJ, space and no space inside patterns', () => {
  it.each([
    ['ZWNJ', withZwnj],
    ['space', withSpace],
  ])('a pattern written with a %s matches text with ZWNJ, space and no break', (_kind, pattern) => {
    expect(hits(`نتایج ${withZwnj} سال گذشته`, pattern)).toBe(true);
    expect(hits(`نتایج ${withSpace} سال گذشته`, pattern)).toBe(true);
    expect(hits(`نتایج ${joined} سال گذشته`, pattern)).toBe(true);
  });

  it('a pattern without a break matches text without a break', () => {
    expect(hits(`نتایج ${joined}`, joined)).toBe(true);
  });

  it('ZWNJ and space in a pattern compile to the same matcher', () => {
    expect(compilePattern(withZwnj).source).toBe(compilePattern(withSpace).source);
  });

  it('tolerates a ZWNJ followed by a space, and repeated spaces, in the text', () => {
    expect(hits(`رضایت${ZWNJ} سنجی`, withZwnj)).toBe(true);
    expect(hits('رضایت    سنجی', withZwnj)).toBe(true);
    expect(hits(`رضایت\u200d سنجی`, withSpace)).toBe(true);
  });

  it('works for multi-word patterns with several breaks', () => {
    const pattern = 'پرسش‌های متداول';
    for (const text of ['پرسش‌های متداول', 'پرسش های متداول', 'پرسشهای متداول', 'پرسش‌هایمتداول', 'پرسشهایمتداول']) {
      expect(hits(text, pattern)).toBe(true);
    }
    const three = 'انتشار و دسترسی آزاد به اطلاعات';
    expect(hits('قانون انتشار و دسترسی آزاد به اطلاعات', three)).toBe(true);
  });

  it('does not allow arbitrary text between the words of a pattern', () => {
    expect(hits('رضایت مردم از سنجی', withZwnj)).toBe(false);
    expect(hits('رضایت , سنجی', withZwnj)).toBe(false);
  });
});

describe('spelling variants between pattern and text', () => {
  it('Arabic yeh/kaf in the text match a Persian pattern, and the other way round', () => {
    expect(hits('خدمات الكترونيكي', 'خدمات الکترونیکی')).toBe(true);
    expect(hits('خدمات الکترونیکی', 'خدمات الكترونيكي')).toBe(true);
    expect(hits('شكايات', 'شکایات')).toBe(true);
  });

  it('kashida and diacritics on either side do not block a match', () => {
    expect(hits('مـــیز خـدمت', 'میز خدمت')).toBe(true);
    expect(hits('میز خدمت', 'مـیز خِدمَت')).toBe(true);
    expect(hits('مُدیرانِ پاسخگو', 'مدیران پاسخگو')).toBe(true);
  });

  it('ۀ, هٔ and ه all meet', () => {
    expect(hits('شیو\u06c0 ثبت', 'شیوه ثبت')).toBe(true);
    expect(hits('شیوه\u0654 ثبت', 'شیوه ثبت')).toBe(true);
    expect(hits('شیوه ثبت', 'شیو\u06c0 ثبت')).toBe(true);
  });

  it('Persian and Arabic-Indic digits meet ASCII digits', () => {
    expect(hits('سامانه ۱۱۱', 'سامانه 111')).toBe(true);
    expect(hits('سامانه 111', 'سامانه ۱۱۱')).toBe(true);
    expect(hits('سامانه ١١١', 'سامانه ۱۱۱')).toBe(true);
  });

  it('Latin patterns are case-insensitive', () => {
    expect(hits('Track your request', 'track')).toBe(true);
    expect(hits('privacy policy', 'Privacy')).toBe(true);
  });
});

describe('word boundaries', () => {
  it('has a leading boundary: no match inside a longer word', () => {
    expect(hits('نظرسنجی', 'سنجی')).toBe(false);
    expect(hits('untracked', 'track')).toBe(false);
    expect(hits('x2025', '2025')).toBe(false);
  });

  it('has no trailing boundary for Persian, so suffixes still match', () => {
    expect(hits('ثبت شکایتهای مردمی', 'شکایت')).toBe(true);
    expect(hits('ثبت شکایات مردمی', 'شکایات')).toBe(true);
    expect(hits('شکایت‌ها', 'شکایت')).toBe(true);
  });

  it('gives Latin words a trailing boundary, plurals allowed ("fee" is not "feedback")', () => {
    expect(hits('send us feedback', 'fee')).toBe(false);
    expect(hits('fees and charges', 'fee')).toBe(true);
    expect(hits('our services', 'service')).toBe(true);
    expect(hits('tracking', 'track')).toBe(false);
    expect(hits('track your request', 'track')).toBe(true);
  });

  it('a match after punctuation or at the start of the text counts', () => {
    expect(hits('«رضایت‌سنجی»', withZwnj)).toBe(true);
    expect(hits('رضایت‌سنجی', withZwnj)).toBe(true);
    expect(hits('(privacy)', 'privacy')).toBe(true);
  });
});

describe('compilePattern', () => {
  it('treats the pattern as plain text, not a regex', () => {
    expect(hits('file (PDF) here', '(PDF)')).toBe(true);
    expect(hits('file PDF here', '(PDF)')).toBe(false);
    expect(hits('a.b', 'a.b')).toBe(true);
    expect(hits('axb', 'a.b')).toBe(false);
    expect(hits('c++ [x] {y} $z ^ |', 'c++ [x] {y} $z ^ |')).toBe(true);
    expect(hits('e-service/login?', 'e-service/login?')).toBe(true);
  });

  it('caches the compiled regex per pattern', () => {
    expect(compilePattern('میز خدمت')).toBe(compilePattern('میز خدمت'));
  });

  it('is stateless across repeated tests (no global flag)', () => {
    const re = compilePattern('جستجو');
    expect(re.global).toBe(false);
    for (let i = 0; i < 3; i++) expect(re.test('فرم جستجو')).toBe(true);
  });
});

describe('findPattern / matchesAny', () => {
  const patterns = ['پرسش‌های متداول', 'سوالات متداول', 'راهنما'];

  it('returns the first pattern (in list order) that occurs', () => {
    const text = normalize('راهنما و سوالات متداول');
    expect(findPattern(text, patterns)).toBe('سوالات متداول');
    expect(findPattern(normalize('راهنمای سامانه'), patterns)).toBe('راهنما');
  });

  it('returns null and false when nothing matches', () => {
    const text = normalize('اخبار و اطلاعیه‌ها');
    expect(findPattern(text, patterns)).toBeNull();
    expect(matchesAny(text, patterns)).toBe(false);
  });

  it('returns null for an empty pattern list', () => {
    expect(findPattern('anything', [])).toBeNull();
    expect(matchesAny('anything', [])).toBe(false);
  });

  it('matchesAny is true when any pattern occurs', () => {
    expect(matchesAny(normalize('پرسشهاي متداول'), patterns)).toBe(true);
  });

  it('a list matches exactly when one of its patterns matches alone, boundaries included (it is scanned once first)', () => {
    const lists = [['fee', 'fees paid'], ['fee', 'راهنما'], ['شکایت', 'c++ (x)'], ['سامانه ۱۳۷', 'feedback']];
    const texts = ['feedback form', 'the fee is', 'fees', 'راهنمای سامانه', 'شکایات ثبت', 'بیشکایت', 'c++ (x) y', 'سامانه 137 شهرداری', 'nothing here'];
    for (const list of lists) {
      for (const text of texts) {
        const t = normalize(text);
        const alone = list.find((p) => compilePattern(p).test(t)) ?? null;
        // A new array each time as well as the same one: both must agree with the patterns one by one.
        expect(findPattern(t, list), `${text} / ${list.join(', ')}`).toBe(alone);
        expect(findPattern(t, [...list]), `${text} / ${list.join(', ')}`).toBe(alone);
      }
    }
  });
});
