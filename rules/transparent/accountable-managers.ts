// The agency's managers named with their roles: a list, table or cards that
// pair a person's name with a title (معاون، مدیرکل، رئیس …) under a cue such
// as «معرفی مدیران» or «مدیران پاسخگو». If the list is dated («به‌روزرسانی:
// …»), the date must be within {maxAgeDays} days. A role in a news story is not a list.
import type { Element } from '../../crawlers/dom.ts';
import { rawText } from '../../crawlers/dom.ts';
import { defineRule, result, type Citation } from '../../src/engine/define-rule.ts';
import { labelledDates } from '../../src/text/dates.ts';
import { matchesAny } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';
import { textSegments, type TextSegment } from '../lib/blocks.ts';
import { cite, citeLink } from '../lib/cite.ts';
import { endsLikeHeadline, readsLikeLabel, words } from '../lib/labels.ts';
import { commonAncestor, featureSections, freshness, linkedSections, type Freshness, type LabelledSection } from '../lib/sections.ts';
import { maxAgeDays } from '../catalog.ts';
import { uncrawledMenuLinks } from '../lib/links.ts';
import { unseenCueLinks } from '../lib/targets.ts';

/** Labels of a managers list. «مدیران» also covers «مدیران پاسخگو», «مدیران ارشد», «مدیران استانی». */
const CUES = [
  'معرفی مدیران', 'مدیران', 'معرفی مدیر', 'اعضای هیئت مدیره', 'اعضای هیات مدیره', 'معاونین', 'معاونان', 'هیئت مدیره',
  'هیات مدیره', 'هیئت رئیسه', 'هیات رئیسه', 'هیئت رییسه', 'مسئولین', 'مسئولان',
  'managers', 'management team', 'management', 'leadership', 'board of directors', 'senior officials', 'officials',
];
/** Labels naming news or meetings about managers, not the managers themselves. */
const NOT_CUES = ['اخبار', 'خبر', 'انتصاب', 'انتصابات', 'نشست', 'جلسه', 'دیدار', 'همایش', 'news', 'appointment', 'meeting'];

// Titles of office, as whole words: «معاون» but not «معاونت» (a unit), «مدیر» but not «مدیریت».
const ROLE = new RegExp(`(?<![\\p{L}])(${[
  'قائم ?مقام', 'معاون', 'مدیر ?کل', 'مدیر ?عامل', 'مدیر', 'رئیس', 'رییس', 'سرپرست', 'دبیر', 'مشاور', 'وزیر', 'استاندار',
  'فرماندار', 'شهردار', 'دادستان', 'بازرس', 'خزانه ?دار', 'عضو', 'مسئول', 'نماینده',
  'deputy', 'director', 'head', 'chief', 'manager', 'minister', 'president', 'vice', 'chairman', 'chairwoman', 'chair',
  'ceo', 'secretary', 'advisor', 'adviser', 'governor', 'mayor', 'member', 'officer',
].join('|')})(?![\\p{L}])`, 'u');
/** Words that open a person's name: titles of address and degree. */
const HONORIFIC = /^(دکتر|مهندس|آقای|اقای|آقا|خانم|سرکار|جناب|سید|سیده|حجت ?الاسلام|آیت ?الله|سردار|سرتیپ|سرهنگ|امیر|استاد|dr|mr|mrs|ms|miss|eng|prof)\.?(?![\p{L}])/u;
/** Words that never stand in a person's name: units, contact fields, link labels. */
const NOT_NAME = new Set([
  'اداره', 'دفتر', 'معاونت', 'واحد', 'بخش', 'سازمان', 'وزارت', 'شرکت', 'مرکز', 'حوزه', 'گروه', 'امور', 'روابط', 'عمومی',
  'استان', 'شهرستان', 'کل', 'تلفن', 'نمابر', 'فکس', 'ایمیل', 'پست', 'الکترونیک', 'نشانی', 'آدرس', 'خدمات', 'ستاد', 'مدیریت',
  'منابع', 'انسانی', 'توسعه', 'فنی', 'مالی', 'اداری', 'پشتیبانی', 'حقوقی', 'هیئت', 'هیات', 'شورای', 'شورا', 'کمیته',
  'دبیرخانه', 'تماس', 'سامانه', 'صفحه', 'بیشتر', 'ادامه', 'مشاهده', 'رزومه', 'زندگینامه', 'زندگی', 'نامه', 'سوابق', 'مطلب',
  'اطلاعات', 'و', 'در', 'به', 'از', 'با', 'برای', 'سمت', 'نام', 'خانوادگی', 'تصویر', 'عکس', 'ساعات', 'ملاقات', 'داخلی',
  'مدیران', 'معرفی', 'پاسخگو',
  'office', 'department', 'unit', 'ministry', 'organization', 'division', 'read', 'more', 'view', 'profile', 'cv', 'resume',
  'phone', 'tel', 'fax', 'email', 'contact', 'name', 'title', 'position', 'the', 'of', 'and', 'for',
]);
/** A name is a few words; a role line is short. */
const NAME_WORDS = { min: 2, max: 5 };
const MAX_ROLE_WORDS = 12;
/** A text node longer than this is running text: a story that mentions officials, not a name and a title. */
const MAX_LINE_WORDS = 14;
/** What sets a name apart from a role in one line: «معاون اداری: علی احمدی», "Ali Ahmadi — Deputy". */
const SEPARATOR = /\s*[:|–—\-,؛;()/]\s*/;
const MIN_MANAGERS = 2;
const MAX_AGE_DAYS = maxAgeDays('accountable-managers');

function nameLike(text: string): boolean {
  if (HONORIFIC.test(text) && words(text) <= NAME_WORDS.max + 2 && !ROLE.test(text.replace(HONORIFIC, ''))) return true;
  const ws = text.split(' ');
  return ws.length >= NAME_WORDS.min && ws.length <= NAME_WORDS.max && ws.every((w) => /^\p{L}+$/u.test(w) && !NOT_NAME.has(w))
    && !ROLE.test(text);
}

function roleLike(text: string): boolean {
  return ROLE.test(text) && words(text) <= MAX_ROLE_WORDS && !endsLikeHeadline(text);
}

/**
 * A role and a name in one line: a name before the title («علی احمدی معاون
 * وزیر»), or a titled name after it («معاون وزیر دکتر علی احمدی»).
 * «انتصاب دکتر … به سمت معاون …» is neither: a headline.
 */
function nameAndRole(text: string): boolean {
  if (!roleLike(text)) return false;
  const at = ROLE.exec(text)!.index;
  if (at > 0) return nameLike(text.slice(0, at).trim());
  const after = text.split(' ');
  return after.some((_, i) => i > 0 && HONORIFIC.test(after.slice(i).join(' ')));
}

/** A text node that reads as a sentence of a story: long, or closing on a verb or a full stop. */
function isSentence(text: string): boolean {
  return words(text) > MAX_LINE_WORDS || endsLikeHeadline(text) || /[.!؟?]$/.test(text);
}

/** The short parts of a layout, each text node split at separators; running text is left out. */
function parts(scope: Element[]): TextSegment[] {
  return scope.flatMap((root) => textSegments(root)).filter((s) => !isSentence(s.text))
    .flatMap((s) => s.text.split(SEPARATOR).filter(Boolean).map((text) => ({ text, block: s.block })));
}

/**
 * How many people the scope names with a role: a role part paired with the
 * name part just before or after it (a card's heading and caption, a row's
 * cells, «سمت: نام» lines), or a line holding both.
 */
function countManagers(segments: TextSegment[]): { count: number; blocks: Element[] } {
  const used = new Set<number>();
  const blocks: Element[] = [];
  segments.forEach((s, i) => {
    if (used.has(i) || !roleLike(s.text)) return;
    const pair = nameAndRole(s.text) ? i : [i - 1, i + 1].find((j) => j >= 0 && j < segments.length && !used.has(j) && nameLike(segments[j].text));
    if (pair === undefined) return;
    used.add(i).add(pair);
    blocks.push(s.block);
  });
  return { count: blocks.length, blocks };
}

function namesManagers(text: string): boolean {
  return matchesAny(text, CUES) && !matchesAny(text, NOT_CUES);
}

/** The agency's about page («درباره ما», «معرفی سازمان»), where a small portal names its head. */
const ABOUT_CUES = ['درباره ما', 'درباره سازمان', 'درباره اداره', 'درباره شرکت', 'درباره شبکه', 'معرفی سازمان', 'معرفی اداره', 'معرفی شرکت', 'about us'];

function namesAbout(text: string): boolean {
  return matchesAny(text, ABOUT_CUES) && readsLikeLabel(text, ABOUT_CUES) && !matchesAny(text, NOT_CUES);
}

interface Found { citation: Citation[]; count: number; state: Freshness; newest: string | null; url: string }

/**
 * A list's own update date («آخرین به‌روزرسانی: …») inside the section: each
 * manager's appointment date does not age the list, and dates elsewhere on
 * the page (a news sidebar) are not the list's.
 */
function listDates(section: LabelledSection) {
  return labelledDates(normalize([section.anchor, ...section.nodes].map(rawText).join(' ')));
}

function judgeSection(section: LabelledSection, asOf: string): Found | null {
  const { count, blocks } = countManagers(parts(section.nodes));
  if (count === 0) return null;
  const { state, newest } = freshness(listDates(section), asOf, MAX_AGE_DAYS);
  const shown = commonAncestor(blocks);
  const citation = [cite(section.page, shown, `${rawText(section.anchor)} · ${rawText(shown)}`)];
  return { citation, count, state, newest: newest?.iso ?? null, url: section.page.finalUrl };
}

/** Better evidence first: enough people, then fresh or undated over stale, then more people. */
function better(a: Found, b: Found | null): boolean {
  if (!b) return true;
  const rank = (f: Found) => (f.count >= MIN_MANAGERS ? 2 : 0) + (f.state === 'stale' ? 0 : 1);
  return rank(a) > rank(b) || (rank(a) === rank(b) && a.count > b.count);
}

export default defineRule({
  id: 'accountable-managers',
  pillar: 'transparent',
  title: { fa: 'مدیران با سمت معرفی شده‌اند', en: 'Managers are named with their roles' },
  messages: {
    found: { fa: '{count} مدیر با نام و سمت معرفی شده‌اند', en: '{count} managers are named with their roles' },
    stale: { fa: 'فهرست مدیران به تاریخ {newest} است (بیش از {maxAgeDays} روز)', en: 'The list of managers is dated {newest}, over {maxAgeDays} days old' },
    'too-few': { fa: 'تنها یک مدیر با نام و سمت معرفی شده است', en: 'Only one manager is named with a role' },
    'link-unverified': { fa: 'پیوند معرفی مدیران به صفحه‌ای بیرون از محدوده خزش؛ نیاز به بررسی', en: 'A managers link leads outside the crawl; needs review' },
    'not-found': { fa: 'فهرستی از مدیران با نام و سمت یافت نشد', en: 'No list naming managers with their roles was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    let best: Found | null = null;
    const sections = [
      ...site.pages.flatMap((page) => featureSections(ctx.dom(page), page, CUES, namesManagers)),
      ...linkedSections(site, ctx.dom, CUES),
    ];
    for (const section of sections) {
      const found = judgeSection(section, ctx.asOf);
      if (found && better(found, best)) best = found;
    }
    // No managers page: the head named with the role on the about page is the head alone (partial at most).
    if (!best) {
      const about = site.pages.flatMap((page) => featureSections(ctx.dom(page), page, ABOUT_CUES, namesAbout));
      for (const section of about) {
        const found = judgeSection(section, ctx.asOf);
        if (found && better(found, best)) best = { ...found, count: 1 };
      }
    }
    if (best && best.count >= MIN_MANAGERS) {
      const data = { maxAgeDays: MAX_AGE_DAYS, count: best.count, newest: best.newest, url: best.url };
      return best.state === 'stale' ? result.fail('stale', data, best.citation) : result.pass(best.citation, 'found', data);
    }
    // Another host nobody asked, or a page of the site past the crawl budget.
    const outside = unseenCueLinks(site, ctx, CUES, namesManagers)[0] ?? uncrawledMenuLinks(site, ctx.dom, CUES).find(({ link }) => namesManagers(link.text));
    if (outside) return result.needsReview([citeLink(outside.page, outside.link)], 'link-unverified', { href: outside.link.href });
    // Only the head named: part of the feature (INDICATORS.md names managers; the labellers of six sets give partial).
    if (best && best.state !== 'stale') return result.partial(0.5, best.citation, 'too-few', { count: best.count, url: best.url });
    return best ? result.fail('stale', { maxAgeDays: MAX_AGE_DAYS, count: best.count, newest: best.newest, url: best.url }, best.citation) : result.fail('not-found');
  },
});
