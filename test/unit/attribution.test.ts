// Labels that name another body of the agency's kind: a sibling town, the
// national company, another province's office.
import { describe, expect, it } from 'vitest';
import { namesAnotherBody } from '../../rules/lib/attribution.ts';

describe('namesAnotherBody', () => {
  it('is true for a body of the same kind by another name', () => {
    expect(namesAnotherBody('ساختار سازمانی شهرداری آران و بیدگل', 'شهرداری نوش‌آباد')).toBe(true);
    expect(namesAnotherBody('نمودار سازمانی شركت شهرك‌هاي صنعتي ايران', 'شرکت شهرک‌های صنعتی خراسان رضوی')).toBe(true);
    expect(namesAnotherBody('اپلیکیشن اداره کل تعزیرات حکومتی استان تهران', 'اداره کل تعزیرات حکومتی استان کهگیلویه و بویراحمد')).toBe(true);
  });

  it('is false for the agency\'s own name, shortened, bare, or followed by a date or qualifier', () => {
    expect(namesAnotherBody('ساختار سازمانی شهرداری نوش آباد', 'شهرداری نوش‌آباد')).toBe(false);
    expect(namesAnotherBody('ساختار سازمانی شهرداری', 'شهرداری نوش‌آباد')).toBe(false);
    expect(namesAnotherBody('چارت سازمانی اداره کل تعزیرات کهگیلویه و بویراحمد', 'اداره کل تعزیرات حکومتی استان کهگیلویه و بویراحمد')).toBe(false);
    expect(namesAnotherBody('نمودار سازمانی شرکت شهرک های صنعتی مصوب ۱۴۰۲', 'شرکت شهرک‌های صنعتی خراسان رضوی')).toBe(false);
    expect(namesAnotherBody('نتایج نظرسنجی شهرداری نوش‌آباد و مقایسه با شهرداری کاشان', 'شهرداری نوش‌آباد')).toBe(false);
    expect(namesAnotherBody('ساختار سازمانی اداره کل chart.jpg', 'اداره کل امور مالیاتی استان اردبیل')).toBe(false);
    expect(namesAnotherBody('دریافت چارت سازمانی شرکت (PDF)', 'شرکت آب و فاضلاب استان زنجان')).toBe(false);
  });

  it('is false when the agency\'s name does not open with a kind of body, or there is no name', () => {
    expect(namesAnotherBody('ساختار سازمانی شهرداری آران', 'نوش‌آباد')).toBe(false);
    expect(namesAnotherBody('ساختار سازمانی شهرداری آران', undefined)).toBe(false);
  });
});
