// The words a URL says: host labels, path segments and the file name, split
// on punctuation and camel case, with Persian words written in Latin letters
// (shekayat, peygiri, nazarsanji …) given in Persian too, so that one cue list
// matches link text and URLs alike (`/node/add/complaint`, `btn-shekayat.png`).
import { normalize } from './persian.ts';

/** Transliterations portals use in paths and file names, each with the Persian words it stands for. Written once, here. */
export const TRANSLITERATIONS: Readonly<Record<string, string>> = {
  shekayat: 'شکایت', shekayt: 'شکایت', shekayate: 'شکایت', shakva: 'شکوائیه',
  peygiri: 'پیگیری', peigiri: 'پیگیری', paygiri: 'پیگیری', peygiry: 'پیگیری', rahgiri: 'رهگیری', rahgiry: 'رهگیری',
  nazarsanji: 'نظرسنجی', nazarkhahi: 'نظرخواهی', rezayat: 'رضایت', rezayatsanji: 'رضایت سنجی',
  pishnahad: 'پیشنهاد', pishnahadat: 'پیشنهادات', enteghad: 'انتقاد', entekad: 'انتقاد',
  tamas: 'تماس', tamasbama: 'تماس با ما', ertebat: 'ارتباط', ertebatbama: 'ارتباط با ما',
  soalat: 'سوالات', soalatmotadavel: 'سوالات متداول', porsesh: 'پرسش', porseshha: 'پرسش ها', motadavel: 'متداول', rahnama: 'راهنما',
  khadamat: 'خدمات', khedmat: 'خدمت', mizkhedmat: 'میز خدمت', mizekhedmat: 'میز خدمت',
  chart: 'چارت', nemoodar: 'نمودار', sakhtar: 'ساختار', modiran: 'مدیران',
  bodje: 'بودجه', boodje: 'بودجه', budje: 'بودجه', ghavanin: 'قوانین', qavanin: 'قوانین', vazayef: 'وظایف',
  shafafiat: 'شفافیت', shafafiyat: 'شفافیت', payamak: 'پیامک', samad: 'سامد', saamad: 'سامد', jostoju: 'جستجو',
};

/** The words of a URL, normalised, with the Persian words its transliterations stand for. Empty for a URL that does not parse. */
export function urlWords(href: string): string {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return '';
  }
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch { /* keep it encoded */ }
  const tokens = `${url.hostname.replace(/^www\./, '')} ${path}`
    .replace(/\.(aspx?|php|html?|jsp|png|jpe?g|gif|svg|webp|pdf)$/i, ' ')
    .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  // «NazarSanji» is one transliterated word and two camel-case parts.
  const words = tokens.flatMap((t) => {
    const parts = t.replace(/([a-z])([A-Z])/g, '$1 $2').split(' ');
    return parts.length > 1 ? [t, ...parts] : [t];
  }).map((w) => w.toLowerCase());
  // A number stuck to a word (shekayat2, faq1) is a version or a page number, not part of the word.
  const persian = words.map((w) => TRANSLITERATIONS[w] ?? TRANSLITERATIONS[w.replace(/\d+$/, '')]).filter(Boolean);
  return normalize([...words, ...persian].join(' '));
}
