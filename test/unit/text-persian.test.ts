import { describe, expect, it } from 'vitest';
import { asciiDigits, normalize, snippet } from '../../src/text/persian.ts';

const ZWNJ = '\u200c';
const KASHIDA = '\u0640';

describe('normalize: letter variants', () => {
  it('folds Arabic yeh ي (U+064A) to Persian ی (U+06CC)', () => {
    expect(normalize('\u064a')).toBe('\u06cc');
    expect(normalize('خدمات الكترونيكي')).toBe('خدمات الکترونیکی');
    expect(normalize('سامانه ملي')).toBe(normalize('سامانه ملی'));
  });

  it('folds alef maksura ى (U+0649) to ی', () => {
    expect(normalize('\u0649')).toBe('\u06cc');
    expect(normalize('موسى')).toBe('موسی');
  });

  it('folds Arabic kaf ك (U+0643) to Persian ک (U+06A9)', () => {
    expect(normalize('\u0643')).toBe('\u06a9');
    expect(normalize('كد رهگيري')).toBe('کد رهگیری');
  });

  it('folds teh marbuta ة to ه', () => {
    expect(normalize('\u0629')).toBe('\u0647');
    expect(normalize('سامانة')).toBe('سامانه');
  });

  it('folds ۀ (U+06C0) and هٔ (ه + hamza above U+0654) the same way', () => {
    const precomposed = 'نام\u06c0 رسمی';
    const decomposed = 'نام\u0647\u0654 رسمی';
    const plain = 'نامه رسمی';
    expect(normalize(precomposed)).toBe(plain);
    expect(normalize(decomposed)).toBe(plain);
    expect(normalize(precomposed)).toBe(normalize(decomposed));
  });

  it('folds hamza-carrying alefs to a plain alef', () => {
    expect(normalize('أ إ ٱ')).toBe('ا ا ا');
  });

  it('leaves Persian letters that are already canonical untouched', () => {
    const s = 'پرسش‌های متداول گچ ژ آ';
    expect(normalize(s)).toBe('پرسش های متداول گچ ژ آ');
  });
});

describe('normalize: digits', () => {
  it('turns Persian digits ۰–۹ into ASCII', () => {
    expect(normalize('۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789');
  });

  it('turns Arabic-Indic digits ٠–٩ into ASCII', () => {
    expect(normalize('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
  });

  it('handles mixed digit systems in one number', () => {
    expect(normalize('۱٤0۴/٠۶/15')).toBe('1404/06/15');
  });

  it('maps the Arabic decimal and thousands separators', () => {
    expect(normalize('۳٫۵')).toBe('3.5');
    expect(normalize('۱٬۰۰۰')).toBe('1,000');
  });

  it('asciiDigits folds digits but keeps letters and spacing as they are', () => {
    expect(asciiDigits('سامانه ۱۱۱ و ٢٠')).toBe('سامانه 111 و 20');
    expect(asciiDigits('ي ك ـ')).toBe('ي ك ـ');
    expect(asciiDigits(`رضایت${ZWNJ}سنجی`)).toBe(`رضایت${ZWNJ}سنجی`);
  });
});

describe('normalize: kashida and diacritics', () => {
  it('removes kashida (tatweel)', () => {
    expect(normalize(`خـــدمات`)).toBe('خدمات');
    expect(normalize(`ا${KASHIDA}${KASHIDA}طلاعات`)).toBe('اطلاعات');
  });

  it.each([
    ['fatha', '\u064e'],
    ['damma', '\u064f'],
    ['kasra', '\u0650'],
    ['tashdid (shadda)', '\u0651'],
    ['sukun', '\u0652'],
    ['tanvin fathatan', '\u064b'],
    ['tanvin dammatan', '\u064c'],
    ['tanvin kasratan', '\u064d'],
    ['hamza above', '\u0654'],
    ['hamza below', '\u0655'],
    ['superscript alef', '\u0670'],
  ])('removes %s', (_name, mark) => {
    expect(normalize(`مد${mark}یر`)).toBe('مدیر');
  });

  it('removes several diacritics in a real word', () => {
    // مُدیرِیَّت، حَتماً
    expect(normalize('مُدیرِیَّت')).toBe('مدیریت');
    expect(normalize('حَتماً')).toBe('حتما');
  });
});

describe('normalize: invisible characters and whitespace', () => {
  it('turns ZWNJ into a space', () => {
    expect(normalize(`رضایت${ZWNJ}سنجی`)).toBe('رضایت سنجی');
  });

  it('turns ZWJ, LRM, RLM, soft hyphen, BOM and bidi controls into spaces, then collapses', () => {
    expect(normalize('a\u200db')).toBe('a b');
    expect(normalize('a\u200e\u200fb')).toBe('a b');
    expect(normalize('\ufeffa\u00adb\u202bc\u2067d')).toBe('a b c d');
  });

  it('collapses runs of whitespace and trims', () => {
    expect(normalize(`  میز \n\t خدمت ${ZWNJ} `)).toBe('میز خدمت');
  });

  it('lower-cases Latin text', () => {
    expect(normalize('Privacy POLICY')).toBe('privacy policy');
  });

  it('folds the Arabic comma to an ASCII comma', () => {
    expect(normalize('شنبه، ۱۵')).toBe('شنبه, 15');
  });

  it('is idempotent', () => {
    const samples = [
      'خدمات الكترونيكي ۱۴۰۴/۰۶/۱۵',
      `رضایت${ZWNJ}سنجی مُدیرِیَّت خـــدمات`,
      'نام\u0647\u0654 ٱ ة ى',
      'Updated: September 6, 2025',
    ];
    for (const s of samples) expect(normalize(normalize(s))).toBe(normalize(s));
  });

  it('makes the spelling variants of one phrase equal', () => {
    const variants = [
      'پرسش‌های متداول',
      'پرسش های متداول',
      'پرسـش‌هاي مُتداول',
      'پرسش\u200cهاي متداول',
    ];
    const expected = 'پرسش های متداول';
    for (const v of variants) expect(normalize(v)).toBe(expected);
  });
});

describe('snippet', () => {
  it('returns short text unchanged (after whitespace collapse)', () => {
    expect(snippet('  میز   خدمت  ')).toBe('میز خدمت');
    expect(snippet('abc', 3)).toBe('abc');
  });

  it('shortens long text to exactly maxChars code points, ending with an ellipsis', () => {
    const out = snippet('a'.repeat(500), 20);
    expect(Array.from(out)).toHaveLength(20);
    expect(out.endsWith('…')).toBe(true);
  });

  it('defaults to 160 characters', () => {
    const out = snippet('خ'.repeat(1000));
    expect(Array.from(out)).toHaveLength(160);
  });

  it('never cuts inside a surrogate pair', () => {
    const text = '😀'.repeat(50) + ' 𝔸𝔹ℂ 𠀀𠀁 ' + 'a😀'.repeat(50);
    for (let max = 1; max <= 120; max++) {
      const out = snippet(text, max);
      expect(Array.from(out).length).toBeLessThanOrEqual(max);
      // No lone surrogates anywhere in the output.
      expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      expect(out.isWellFormed()).toBe(true);
    }
  });

  it('respects maxChars for every bound, including tiny ones', () => {
    const text = 'نتایج نظرسنجی رضایت‌مندی مردم از خدمات الکترونیکی سازمان';
    for (let max = 0; max <= Array.from(text).length + 2; max++) {
      expect(Array.from(snippet(text, max)).length).toBeLessThanOrEqual(max);
    }
    expect(snippet(text, 0)).toBe('');
    expect(snippet(text, 1)).toBe('…');
  });

  it('keeps ZWNJ inside words (snippets are for display, not matching)', () => {
    expect(snippet(`رضایت${ZWNJ}سنجی`)).toBe(`رضایت${ZWNJ}سنجی`);
  });
});
