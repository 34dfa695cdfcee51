// What reads as a label (a noun phrase naming a feature) and what as a headline.
import { describe, expect, it } from 'vitest';
import { labelText, loadDom } from '../../crawlers/dom.ts';
import { readsLikeLabel } from '../../rules/lib/labels.ts';
import { normalize } from '../../src/text/persian.ts';

const label = (text: string) => readsLikeLabel(normalize(text), ['تعرفه خدمات', 'گزارش عملکرد']);

describe('readsLikeLabel', () => {
  it('does not count the period a label names: a dash, brackets or a closing year', () => {
    expect(label('جدول تعرفه خدمات آزمایشگاه مرجع سلامت در سال ۱۴۰۴')).toBe(true);
    expect(label('فهرست آزمون‌ها و تعرفه خدمات آزمایشگاهی سال ۱۴۰۴')).toBe(true);
    expect(label('گزارش عملکرد اداره کل میراث فرهنگی استان و شهرستان‌های تابعه — شش‌ماهه نخست ۱۴۰۴')).toBe(true);
  });

  it('still takes a long phrase or a sentence for no label', () => {
    expect(label('جدول جدید تعرفه خدمات آزمایشگاه مرجع سلامت برای شهروندان استان')).toBe(false);
    expect(label('تعرفه خدمات آزمایشگاه در سال ۱۴۰۴ افزایش یافت')).toBe(false);
  });
});

describe('labelText', () => {
  const first = (html: string) => loadDom(html)('a')[0];
  it('says a title that repeats the text once, in whatever letters it is written', () => {
    expect(labelText(first('<a href="/t" title="پیگیری درخواست">پيگيري درخواست</a>'))).toBe('پیگیری درخواست');
  });
  it('keeps a title or aria-label that adds to the text', () => {
    expect(labelText(first('<a href="/t" title="کد رهگیری" aria-label="کد رهگیری">پیگیری</a>'))).toBe('پیگیری کد رهگیری');
  });
});
