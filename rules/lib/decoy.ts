// Placeholders and decoys, shared by every rule: a page or section that only
// promises a feature («در حال به‌روزرسانی», «به‌زودی», "coming soon", a title
// and nothing else), a sentence in the future tense («راه‌اندازی خواهد شد»),
// and a satisfaction survey form, which is neither a public consultation nor
// published results. None of these is evidence of the feature.
import type { PageArtifact } from '../../crawlers/artifacts.ts';
import { rawText, within, type CheerioAPI, type Element } from '../../crawlers/dom.ts';
import { matchesAny } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';
import { inPageChrome } from './chrome.ts';
import { sectionOf } from './heading-section.ts';
import { HEADING_SELECTOR, words } from './labels.ts';

/** Notices that a page or section is not there yet. */
const PLACEHOLDER_CUES = [
  'در حال به روز رسانی', 'در حال بروز رسانی', 'در حال به روزرسانی', 'در دست به روز رسانی', 'در دست بروز رسانی',
  'به زودی', 'بزودی', 'در دست ساخت', 'در دست طراحی', 'در دست تهیه', 'در حال ساخت', 'در حال طراحی', 'در حال تکمیل',
  'در حال آماده سازی', 'در حال تهیه',
  // Being launched: «در حال/در دست راه‌اندازی است».
  'در حال راه اندازی', 'در دست راه اندازی', 'در حال پیاده سازی', 'محتوایی برای نمایش وجود ندارد', 'مطلبی برای نمایش وجود ندارد', 'محتوایی ثبت نشده',
  'صفحه مورد نظر یافت نشد', 'صفحه ای که به دنبال آن هستید', 'صفحه یافت نشد', 'خطای 404',
  'coming soon', 'under construction', 'being updated', 'under development', 'under maintenance', 'page not found', 'no content',
];
/** A theme's or template's filler text: the Persian and Latin lorem ipsum. */
const FILLER_CUES = ['لورم ایپسوم', 'لورم اپیسوم', 'متن ساختگی با تولید سادگی', 'lorem ipsum', 'dolor sit amet'];
/**
 * Words of a purchased theme's demo questions about itself (its install, its
 * plugins, its demo): the theme's FAQ left in, not help about the agency.
 * «قالب» alone also means "form" («در قالب نامه»), so only with its verbs.
 */
const THEME_DEMO_CUES = [
  'پوسته', 'المنتور', 'وردپرس', 'ووکامرس', 'افزونه', 'دموی', 'درون ریزی', 'راست چین', 'نصب قالب', 'قالب را', 'این قالب', 'خرید قالب', 'پشتیبانی قالب', 'خریداران قالب', 'همراه قالب', 'های قالب',
  'elementor', 'wordpress', 'woocommerce', 'plugin', 'this theme', 'the theme', 'demo content', 'demo import',
];

/** E-mail domains reserved or used by templates for examples, never an agency's. */
const SAMPLE_EMAIL_DOMAIN = /@(?:example\.(?:com|org|net|ir)|your-?(?:domain|site|website|company|email)\.[a-z]+|(?:my|test)-?site\.[a-z]+|site-?name\.[a-z]+|domain\.(?:com|ir|net))\b/i;

/** Future tense and plans: «راه‌اندازی خواهد شد», «قرار است …», "will be launched". */
const FUTURE_CUES = [
  'خواهد شد', 'خواهند شد', 'خواهد گردید', 'خواهد بود', 'خواهد رسید', 'خواهد کرد', 'خواهد یافت', 'قرار است', 'در آینده نزدیک', 'به زودی', 'بزودی',
  'will be', 'will soon', 'coming soon', 'is planned', 'are planned', 'planned for',
];
/** Words of its own a placeholder may say besides its notice (the title, «لطفاً بعداً مراجعه کنید»). */
const MAX_PLACEHOLDER_WORDS = 60;
/** A page saying no more than this beside its headings, with nothing to see or use, is a title and nothing else (a short contact page says more). */
const NEAR_EMPTY_WORDS = 3;
/** Content a near-empty page may still carry: a chart image, a file, a form, a table, a list of links. */
const SUBSTANCE = 'img,svg,canvas,object,embed,iframe,video,form,input,table';
const MIN_CONTENT_LINKS = 3;

/** Normalised text that announces a placeholder. */
export function saysPlaceholder(text: string): boolean {
  return matchesAny(text, PLACEHOLDER_CUES);
}

/** Normalised text that is a template's filler (lorem ipsum): it says nothing about the agency. */
export function saysFiller(text: string): boolean {
  return matchesAny(text, FILLER_CUES);
}

/** Normalised text of a theme's demo content about the theme itself. */
export function saysThemeDemo(text: string): boolean {
  return matchesAny(text, THEME_DEMO_CUES);
}

/** An e-mail address on a reserved or template domain (info@example.com, info@yourdomain.com). */
export function isSampleEmail(text: string): boolean {
  return SAMPLE_EMAIL_DOMAIN.test(text);
}

/** Normalised text in the future tense or about a plan: a promise, not a feature. */
export function saysFuture(text: string): boolean {
  return matchesAny(text, FUTURE_CUES);
}

/** Text of the nodes without their headings and filler: what a section or page says under its title. */
function bodyText($: CheerioAPI, nodes: Element[]): string {
  const headings = new Set(within($, nodes, HEADING_SELECTOR));
  const parts: string[] = [];
  const walk = (el: Element): void => {
    if (headings.has(el)) return;
    for (const c of el.children) {
      if (c.type === 'tag') walk(c as Element);
      else if (c.type === 'text') {
        const data = (c as unknown as { data: string }).data;
        if (!saysFiller(normalize(data))) parts.push(data);
      }
    }
  };
  for (const n of nodes) if (!headings.has(n)) walk(n);
  return normalize(parts.join(' '));
}

/**
 * True when the nodes hold no feature: they announce a placeholder in a few
 * words, or say next to nothing and show nothing (no image, file, form, table
 * or list of links).
 */
export function isPlaceholder($: CheerioAPI, nodes: Element[]): boolean {
  if (saysPlaceholderIn($, nodes)) return true;
  if (words(bodyText($, nodes)) > NEAR_EMPTY_WORDS) return false;
  const shown = within($, nodes, SUBSTANCE).filter((el) => !inPageChrome(el));
  const links = within($, nodes, 'a[href]').filter((el) => !inPageChrome(el) && normalize(rawText(el)));
  return shown.length === 0 && links.length < MIN_CONTENT_LINKS;
}

/** True when a section under a heading is only a notice («این بخش در حال به‌روزرسانی است»). */
export function saysPlaceholderIn($: CheerioAPI, nodes: Element[]): boolean {
  const text = bodyText($, nodes);
  return words(text) <= MAX_PLACEHOLDER_WORDS && saysPlaceholder(text);
}

/** The page's content without its frame and sidebars. */
function pageContent($: CheerioAPI): Element[] {
  // Every content region, not the first: a card's «.content» before the page's <main> must not stand for the page.
  const regions = $('main, [role=main], #content, .content, article').toArray();
  const outer = regions.filter((el) => !regions.some((o) => o !== el && $(o).find(el).length > 0));
  const scope = outer.length ? outer : $('body').children().toArray();
  return scope.filter((el) => !inPageChrome(el) && el.name !== 'aside' && !['script', 'style'].includes(el.name));
}

/** A page that only promises its feature, or a soft 404: a menu item leading here leads to nothing. */
export function isPlaceholderPage($: CheerioAPI, page: PageArtifact): boolean {
  if (saysPlaceholder(page.title) && words(page.title) <= MAX_PLACEHOLDER_WORDS) return true;
  return titleOverNotice($) || isPlaceholder($, pageContent($));
}

/**
 * The page's title heading governing only a notice («این بخش در حال
 * بروزرسانی است»), whatever the frame around them holds (a layout table's
 * side boxes, a ticker).
 */
function titleOverNotice($: CheerioAPI): boolean {
  const h1 = $('h1').first()[0];
  if (!h1) return false;
  const section = sectionOf($, h1);
  return section.length > 0 && saysPlaceholderIn($, section);
}

const NOT_FOUND_CUES = ['صفحه مورد نظر یافت نشد', 'صفحه مورد نظر وجود ندارد', 'صفحه یافت نشد', 'خطای 404', 'خطا 404', '404', 'page not found', 'not found'];

/** A page that says it is not there (an error page served with status 200): its title or first heading says «۴۰۴» or "not found". */
export function isSoft404($: CheerioAPI, page: PageArtifact): boolean {
  const h1 = $('h1').first();
  return [page.title, h1.length ? normalize(rawText(h1[0])) : ''].some((t) => t && words(t) <= MAX_PLACEHOLDER_WORDS && matchesAny(t, NOT_FOUND_CUES));
}

/** Words of a questionnaire about the visitor's own satisfaction («میزان رضایت شما …», «پیشنهاد شما»). */
// Satisfaction, not opinion: a poll on a draft («نظرسنجی درباره پیش‌نویس …») is a consultation.
const SURVEY_CUES = [
  'میزان رضایت', 'رضایت شما', 'رضایت سنجی', 'رضایتمندی', 'امتیاز دهید', 'امتیاز شما', 'به این خدمت امتیاز',
  'how satisfied', 'your satisfaction', 'satisfaction survey', 'rate this', 'rate our',
  // A page's «was this useful» widget asks about the page or service in front of the visitor.
  'این صفحه برای شما مفید بود', 'این صفحه مفید بود', 'این مطلب مفید بود', 'was this page helpful', 'was this helpful',
];

/** Choices drawn as stars (★ ☆) or held by a star-rating widget («div.stars», «.rating»): a satisfaction scale. */
const STAR_CLASS = /(^|[\s_-])(stars?|rating|star-rating)([\s_-]|$)/i;

function starScale($: CheerioAPI, form: Element): boolean {
  if ($(form).find('input[type=radio]').length < 3) return false;
  return /[★☆⭐]/.test($(form).text()) || $(form).find('[class]').toArray().some((el) => STAR_CLASS.test(el.attribs.class) && $(el).find('input[type=radio]').length >= 3);
}

/**
 * A satisfaction survey form: rating choices (radio buttons, stars, a select)
 * under survey words. It asks the visitor's opinion of a service; it does not
 * publish results nor call for comment on a draft.
 */
export function isSurveyForm($: CheerioAPI, form: Element): boolean {
  // A scale of stars rates the service in front of the visitor, whatever words stand beside it.
  if (starScale($, form)) return true;
  const rating = $(form).find('input[type=radio], select, [class*=star i], [class*=rating i], input[type=range]').length > 0;
  return rating && matchesAny(normalize(rawText(form) + ' ' + $(form).find('[placeholder]').toArray().map((e) => e.attribs.placeholder).join(' ')), SURVEY_CUES);
}
