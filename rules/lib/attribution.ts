// Whose feature is it? A shared host or a parent's link puts another body's
// pages in reach: a sibling town's org chart on the provinces' shared platform
// («ساختار سازمانی شهرداری آران و بیدگل» on Nooshabad's portal), the national
// company's chart on its provincial company's site. A label that names a body
// of the agency's own kind by another name is that body's, not the agency's.
import type { PageArtifact, SiteArtifacts } from '../../crawlers/artifacts.ts';
import type { CheerioAPI } from '../../crawlers/dom.ts';
import { normalize } from '../../src/text/persian.ts';

/** Words that open an agency's name and say what kind of body it is. */
const KINDS = new Set([
  'شهرداری', 'شرکت', 'اداره', 'سازمان', 'بنیاد', 'دانشگاه', 'فرمانداری', 'استانداری', 'بخشداری', 'مرکز', 'شبکه',
  'بیمارستان', 'صندوق', 'کمیته', 'ستاد', 'دادگستری', 'گمرک', 'بانک', 'پژوهشگاه', 'موسسه', 'مؤسسه', 'جهاد', 'ثبت',
]);

/** Words that may follow a body's name in a label without being part of it («… مصوب ۱۴۰۲», «… در سال …»). */
const NOT_A_NAME = new Set([
  'از', 'در', 'به', 'با', 'برای', 'تا', 'و', 'که', 'را', 'یا', 'بر', 'طی', 'مصوب', 'سال', 'مورخ', 'جدید', 'فعلی', 'قدیم',
  'کل', 'مرکزی', 'محترم', 'مربوط', 'مربوطه', 'تابعه', 'های', 'ها',
]);

function wordsOf(text: string): string[] {
  return normalize(text).replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter(Boolean);
}

/** How a mention of the kind word at `at` reads: the agency's own name (or part of it), or another body's. */
function mentionAt(words: string[], at: number, own: string[]): 'own' | 'other' {
  for (let j = 1; j < own.length; j++) {
    const w = words[at + j];
    if (w === undefined || w === own[j]) continue;
    // A word the agency's name has elsewhere is a shortened own name («اداره کل تعزیرات کهگیلویه …»);
    // a name is Persian words, not a file name or a number after it («… شرکت chart.jpg»).
    return !/^\p{Script=Arabic}{2,}$/u.test(w) || NOT_A_NAME.has(w) || own.includes(w) ? 'own' : 'other';
  }
  return 'own';
}

/**
 * Does the text name a body of the agency's own kind by another name? True for
 * «شهرداری آران و بیدگل» when the agency is «شهرداری نوش‌آباد»; false for the
 * agency's own name, a shortened one, a bare «شهرداری», or text that names it
 * beside another.
 */
export function namesAnotherBody(text: string, agencyName: string | undefined): boolean {
  const own = agencyName ? wordsOf(agencyName) : [];
  if (own.length < 2 || !KINDS.has(own[0])) return false;
  const words = wordsOf(text);
  let other = false;
  for (let i = 0; i < words.length; i++) {
    if (words[i] !== own[0]) continue;
    const mention = mentionAt(words, i, own);
    if (mention === 'own' && words[i + 1] === own[1]) return false;
    if (mention === 'other') other = true;
  }
  return other;
}

/** A finding's page or its cited text names another body of the agency's kind: the feature is that body's («ساختار سازمانی شهرداری آران» on Nooshabad's shared host). */
export function anotherBodys(site: SiteArtifacts, page: PageArtifact, $: CheerioAPI, citedText: string): boolean {
  const name = site.agency.name?.fa;
  if (!name) return false;
  return namesAnotherBody(`${page.title} ${$('h1').first().text()}`, name) || namesAnotherBody(citedText, name);
}
