// FAQ or help with at least three question/answer pairs: details/summary,
// dt/dd, accordion toggles and their panels, or questions (headings, bold
// lines, «س:» paragraphs) each followed by an answer, in a section an FAQ or
// help cue labels. A mention of «سوالات متداول» in prose is not a FAQ.
import type { AnyNode } from 'domhandler';
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { ancestors, isElement, labelText } from '../../crawlers/dom.ts';
import { resolveHref, type PageArtifact, type SiteArtifacts } from '../../crawlers/artifacts.ts';
import { defineRule, result, type Citation, type RuleContext } from '../../src/engine/define-rule.ts';
import { matchesAny } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';
import { inPageChrome, inSidebar } from '../lib/chrome.ts';
import { cite, citeLink } from '../lib/cite.ts';
import { saysThemeDemo } from '../lib/decoy.ts';
import { anchorLabel, words } from '../lib/labels.ts';
import { inDatedItem, isNewsPage } from '../lib/lists.ts';
import { commonAncestor, labelledSections, linkedSections, outermost, within, type LabelledSection } from '../lib/sections.ts';
import { uncrawledNavLinks } from '../lib/links.ts';
import { unseenCueLinks } from '../lib/targets.ts';

/** Labels of a FAQ proper: under one, a heading followed by text is a question and its answer. */
const FAQ_CUES = [
  'سوالات متداول', 'سؤالات متداول', 'سئوالات متداول', 'سوال های متداول', 'سؤال های متداول', 'پرسش های متداول',
  'سوالات رایج', 'پرسش های رایج', 'سوالات پرتکرار', 'سوالات پر تکرار', 'پرسش های پرتکرار', 'سوالات عمومی',
  'پرسش و پاسخ', 'سوال و جواب', 'پرسش و پاسخ های متداول',
  'faq', 'faqs', 'frequently asked', 'questions and answers', 'q&a', 'common questions',
];
/** Help pages: only lines phrased as questions count; a guide's steps and tabs are not questions. */
const HELP_CUES = ['راهنما', 'help', 'user guide'];
/** An interview («گفت‌وگو با مدیرکل») is a news item in question-and-answer form, not a FAQ. */
const INTERVIEW_CUES = ['گفتگو', 'گفت و گو', 'مصاحبه', 'interview'];
const MIN_PAIRS = 3;
const MIN_ANSWER_WORDS = 3;
const MAX_QUESTION_WORDS = 40;
const NOT_TEXT = new Set(['script', 'style', 'noscript', 'template', 'svg', 'button', 'select', 'option']);
/** Toggles whose panel holds the answer, and the parts of FAQ markup that hold a question. */
// ARIA's disclosure pattern marks the toggle with aria-expanded alone; aria-controls is optional.
const TOGGLE_SELECTOR = 'summary, dt, [aria-controls]:not([role=tab]), [aria-expanded]:not([role=tab]), [data-toggle=collapse], [data-bs-toggle=collapse], [itemtype*="schema.org/Question"] > [itemprop=name]';
const QUESTION_CLASS = /(^|[\s_-])(question|faq-q|faq-question|faq-title|accordion-(button|header|title|toggle)|panel-title|card-header|toggle-title)([\s_-]|$)/i;
const QUESTION_PREFIX = /^(سوال|سئوال|سؤال|پرسش|س|q|question)\s*\d*\s*[:.)\-–]/u;
const QUESTION_SHAPE = 'h2,h3,h4,h5,h6,p,li,strong,b,span,div,a,td,label';

/**
 * What may hold a question in a scope. Under a FAQ label: headings, FAQ
 * markup and question-like lines. In a block marked «faq» by class (which may
 * wrap a whole page): FAQ markup and question-like lines. Under a help label:
 * question-like lines only.
 */
type Mode = 'faq' | 'marked' | 'help';
interface Scope { page: PageArtifact; anchor: Element | null; label: string; nodes: Element[]; mode: Mode }
interface Pair { question: Element; text: string }
interface Found { page: PageArtifact; scope: Scope; pairs: Pair[]; linked: boolean }

function questionLike(text: string): boolean {
  const n = words(text);
  return n >= 2 && n <= MAX_QUESTION_WORDS && (/[?؟]\s*$/u.test(text) || QUESTION_PREFIX.test(text));
}

/** Elements that may hold a question, by the scope's mode. */
function questionCandidates($: CheerioAPI, scope: Scope): Element[] {
  const shaped = within($, scope.nodes, QUESTION_SHAPE).filter((el) => questionLike(normalize(textOf(el))));
  if (scope.mode === 'help') return shaped;
  const short = (el: Element) => words(labelText(el)) <= MAX_QUESTION_WORDS;
  const explicit = [...within($, scope.nodes, TOGGLE_SELECTOR), ...fragmentToggles($, scope)].filter(short);
  const classed = within($, scope.nodes, '[class]').filter((el) => QUESTION_CLASS.test(el.attribs.class) && short(el));
  const headings = scope.mode === 'marked' ? [] : within($, scope.nodes, 'h2,h3,h4,h5,h6')
    .filter((h) => h !== scope.anchor && !matchesAny(labelText(h), [...FAQ_CUES, ...HELP_CUES]));
  // A side column's or the frame's box titles («آخرین اخبار», «پیوندهای مفید») are not questions.
  return [...new Set([...explicit, ...classed, ...shaped, ...headings])]
    .filter((el) => textOf(el).length > 0 && !inSidebar(el) && !inPageChrome(el, { strict: true }) && !inSideColumn(el));
}

/** Bootstrap's narrow side column (col-md-3, col-lg-4 …) beside a wider one: a sidebar without the name. */
const SIDE_COLUMN = /(^|\s)col-(xs-|sm-|md-|lg-|xl-)?([1-4])(\s|$)/;

function inSideColumn(el: Element): boolean {
  return ancestors(el).some((a) => SIDE_COLUMN.test(a.attribs.class ?? ''));
}

/** Links that open a panel further down the page («<a href="#c1">…</a> … <div id="c1">»): a hand-made accordion. */
function fragmentToggles($: CheerioAPI, scope: Scope): Element[] {
  return within($, scope.nodes, 'a[href^="#"]').filter((a) => {
    const id = a.attribs.href.slice(1);
    if (!/^[\w-]+$/.test(id)) return false;
    const target = $(`[id="${id}"]`)[0];
    return !!target && !ancestors(a).includes(target) && target !== a;
  });
}

/**
 * One element per question: a wrapper that holds a shorter candidate is an
 * item (question and answer together), and of a chain holding the same text
 * the outermost stands for it.
 */
function questionElements($: CheerioAPI, scope: Scope): Set<Element> {
  const all = questionCandidates($, scope);
  const len = new Map(all.map((el) => [el, textOf(el).length]));
  const leaves = all.filter((el) => !all.some((c) => c !== el && len.get(c)! < len.get(el)! && ancestors(c).includes(el)));
  return new Set(outermost(leaves));
}

function textOf(el: Element): string {
  const parts: string[] = [];
  const walk = (n: AnyNode): void => {
    if (n.type === 'text') parts.push((n as unknown as { data: string }).data);
    else if (isElement(n) && !NOT_TEXT.has(n.name)) n.children.forEach(walk);
  };
  // A toggle button's own text is its question.
  if (el.name === 'button') el.children.forEach(walk);
  else walk(el);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/** «سوال: …؟ <br> پاسخ: …» in one paragraph: the answer is the block's own text after its label. */
const INLINE_ANSWER = /[?؟]\s*(?:پاسخ|جواب|ج|answer|a)\s*[:.\-–]\s*(.+)$/iu;

function inlineAnswer(questionText: string): string {
  return INLINE_ANSWER.exec(questionText)?.[1] ?? '';
}

/** Walks the scope in document order: the text after a question, up to the next one, is its answer. */
function qaPairs($: CheerioAPI, scope: Scope): Pair[] {
  const questions = questionElements($, scope);
  const found: Array<{ question: Element; answer: string[]; linked: string[] }> = [];
  const walk = (n: AnyNode, inLink: boolean): void => {
    if (n.type === 'text') {
      found.at(-1)?.answer.push((n as unknown as { data: string }).data);
      if (inLink) found.at(-1)?.linked.push((n as unknown as { data: string }).data);
    }
    if (!isElement(n)) return;
    if (questions.has(n)) found.push({ question: n, answer: [], linked: [] });
    else if (!NOT_TEXT.has(n.name)) n.children.forEach((c) => walk(c, inLink || n.name === 'a'));
  };
  scope.nodes.forEach((n) => walk(n, false));
  const seen = new Set<string>();
  return found.filter(({ question, answer, linked }) => {
    const text = normalize(textOf(question));
    const n = words(normalize(answer.join(' '))) || words(inlineAnswer(text));
    // A purchased theme's demo question about itself («چگونه قالب را نصب کنم؟») is no help about the agency.
    if (seen.has(text) || n < MIN_ANSWER_WORDS || saysThemeDemo(text)) return false;
    // Under a plain heading or toggle, a list of links is a box of links (a menu), not an answer.
    if (!questionLike(text) && words(normalize(linked.join(' '))) > n / 2) return false;
    seen.add(text);
    return true;
  }).map(({ question }) => ({ question, text: textOf(question) }));
}

/**
 * Where the page leads from outside the FAQ under a label that is no question
 * (its menu, header, footer, tiles: «خدمات», «تماس با ما»): the site's sections.
 */
function sectionTargets($: CheerioAPI, scope: Scope): Set<string> {
  const inside = new Set(within($, scope.nodes, 'a[href]'));
  return new Set($('a[href]').toArray().filter((a) => !inside.has(a) && !questionLike(normalize(textOf(a))))
    .flatMap((a) => resolveHref(a.attribs.href, scope.page.finalUrl) ?? []));
}

/**
 * Questions listed as links to their own answer pages (not to anchors on this
 * one). A question that leads to one of the site's own sections («خدمات اداره
 * کل چیست؟» → the services page the menu also opens) is the menu phrased as
 * questions, not an answer.
 */
function linkedQuestions($: CheerioAPI, scope: Scope): Pair[] {
  const sections = sectionTargets($, scope);
  // A dated teaser («آیا قیمت بلیت افزایش می‌یابد؟ ۱۴۰۴/۰۹/۱۲») is a news headline phrased as a question.
  const links = within($, scope.nodes, 'a[href]').filter((a) => !/^\s*(#|javascript:)/i.test(a.attribs.href)
    && questionLike(normalize(textOf(a))) && !inDatedItem($, a) && !sections.has(resolveHref(a.attribs.href, scope.page.finalUrl) ?? ''));
  const byHref = new Map(links.map((a) => [a.attribs.href.trim(), a]));
  return [...byHref.values()].map((a) => ({ question: a, text: textOf(a) }));
}

function scopesOf($: CheerioAPI, page: PageArtifact): Scope[] {
  // A news article's questions and answers are an interview or a report, whatever its headings say.
  const labelled = isNewsPage(page) ? [] : labelledSections($, page, [...FAQ_CUES, ...HELP_CUES], { labelsOnly: true })
    .map((s): Scope => ({ page, anchor: s.anchor, label: labelText(s.anchor), nodes: s.nodes, mode: matchesAny(labelText(s.anchor), FAQ_CUES) ? 'faq' : 'help' }))
    .filter((s) => !matchesAny(s.label, INTERVIEW_CUES));
  // FAQ blocks named by their markup rather than a heading: id/class «faq», schema.org FAQPage.
  const marked = outermost($('[id*=faq i], [class*=faq i], [itemtype*="FAQPage"]').toArray())
    .map((el): Scope => ({ page, anchor: null, label: 'faq', nodes: [el], mode: 'marked' }));
  return [...labelled, ...marked];
}

/** Pages a menu item «سوالات متداول» or «راهنما» leads to, which portals often title with the agency's name only. */
function linkedScopes(site: SiteArtifacts, ctx: RuleContext): Scope[] {
  const scope = (mode: Mode) => (s: LabelledSection): Scope => ({ page: s.page, anchor: s.anchor, label: anchorLabel(s.anchor), nodes: s.nodes, mode });
  return [...linkedSections(site, ctx.dom, FAQ_CUES).map(scope('faq')), ...linkedSections(site, ctx.dom, HELP_CUES).map(scope('help'))];
}

function judge($: CheerioAPI, scope: Scope): Found | null {
  const pairs = qaPairs($, scope);
  const linked = pairs.length >= MIN_PAIRS ? [] : linkedQuestions($, scope);
  const found = linked.length > pairs.length ? { page: scope.page, scope, pairs: linked, linked: true } : { page: scope.page, scope, pairs, linked: false };
  return found.pairs.length ? found : null;
}

function evidence(found: Found): Citation[] {
  const holder = commonAncestor(found.pairs.map((p) => p.question));
  const label = found.scope.anchor ? labelText(found.scope.anchor) : found.scope.label;
  return [cite(found.page, holder, `${label} · ${found.pairs.slice(0, 2).map((p) => p.text).join(' · ')}`)];
}

export default defineRule({
  id: 'help-faq',
  pillar: 'user-centric',
  title: { fa: 'پرسش‌های متداول یا راهنما منتشر شده است', en: 'An FAQ or help section is published' },
  messages: {
    pairs: { fa: '{count} پرسش و پاسخ در بخش پرسش‌های متداول', en: '{count} question/answer pairs in an FAQ section' },
    linked: { fa: '{count} پرسش با پیوند به پاسخ آن', en: '{count} questions, each linked to its answer' },
    'too-few': { fa: 'بخش پرسش‌های متداول تنها {count} پرسش و پاسخ دارد (حداقل {min})', en: 'The FAQ has only {count} question/answer pairs (at least {min} needed)' },
    'link-unverified': { fa: 'پیوند پرسش‌های متداول به صفحه‌ای بیرون از محدوده خزش؛ نیاز به بررسی', en: 'An FAQ link leads outside the crawl; needs review' },
    'not-found': { fa: 'بخشی با دست‌کم {min} پرسش و پاسخ یافت نشد', en: 'No section with at least {min} question/answer pairs was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    let best: Found | null = null;
    const scopes = [...site.pages.flatMap((page) => scopesOf(ctx.dom(page), page)), ...linkedScopes(site, ctx)];
    for (const scope of scopes) {
      const found = judge(ctx.dom(scope.page), scope);
      if (found && (!best || found.pairs.length > best.pairs.length)) best = found;
    }
    const data = best ? { min: MIN_PAIRS, count: best.pairs.length, url: best.page.finalUrl } : { min: MIN_PAIRS };
    if (best && best.pairs.length >= MIN_PAIRS) return result.pass(evidence(best), best.linked ? 'linked' : 'pairs', data);
    // A FAQ page the crawl did not reach may hold the pairs; only FAQ cues, since «راهنما» links are often a site map or a manual.
    // Another host nobody asked, or a page of the site past the crawl budget.
    const outside = unseenCueLinks(site, ctx, FAQ_CUES)[0] ?? uncrawledNavLinks(site, FAQ_CUES)[0];
    if (outside) return result.needsReview([citeLink(outside.page, outside.link)], 'link-unverified', { href: outside.link.href });
    return best ? result.fail('too-few', data, evidence(best)) : result.fail('not-found', data);
  },
});
