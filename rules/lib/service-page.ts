// What a single service page shows, for the per-service indicators: its card
// fields, its steps, a stated duration, and what it asks the citizen to bring
// or do in person. Every check reads structure (fields, lists, forms), never a
// keyword alone in a sentence.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { ancestors, isElement, labelText, rawText } from '../../crawlers/dom.ts';
import type { PageArtifact } from '../../crawlers/artifacts.ts';
import type { RuleContext } from '../../src/engine/define-rule.ts';
import { compilePattern } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';
import { fieldsNamed, hasContent, labelledFields, type Field } from './fields.ts';
import { SERVICE_CARD_FIELDS, SERVICE_PROCESS_LABELS, type CardField } from './services.ts';
import { blockOf, ownText } from './blocks.ts';
import { inPageChrome, inSidebar } from './chrome.ts';
import { IMAGE_FILE, isThumbnailLink, REPORT_FILE } from './documents.ts';
import { formHeadedBy } from './forms.ts';
import { endsLikeHeadline, governingHeadings, words } from './labels.ts';
import { bareHost } from './links.ts';
import { inDatedItem } from './lists.ts';
import { within } from './sections.ts';

/** The page's labelled fields, computed once per page. */
const fieldCache = new WeakMap<PageArtifact, Field[]>();
export function pageFields(page: PageArtifact, ctx: RuleContext): Field[] {
  let f = fieldCache.get(page);
  if (!f) fieldCache.set(page, (f = labelledFields(ctx.dom(page))));
  return f;
}

/** Card fields shown with content, each field once (its first label in document order). */
export function cardFields(fields: readonly Field[]): Array<{ id: CardField; field: Field }> {
  const out: Array<{ id: CardField; field: Field }> = [];
  for (const id of Object.keys(SERVICE_CARD_FIELDS) as CardField[]) {
    const f = fieldsNamed(fields, SERVICE_CARD_FIELDS[id]).find((x) => hasContent(x.value));
    if (f) out.push({ id, field: f });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Content: the page without its frame.

/** True for an element a citizen reads as this page's own: not the site frame, not a sidebar, not a dated news teaser. */
export function isContent($: CheerioAPI, el: Element): boolean {
  return !inPageChrome(el, { strict: true }) && !inSidebar(el) && !inDatedItem($, el);
}

/** The elements a selector finds in the page's own content. */
export function contentElements($: CheerioAPI, selector: string): Element[] {
  return $(selector).toArray().filter(isElement).filter((el) => isContent($, el));
}

const NO_TEXT = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head']);
/** Controls a person fills in (not hidden, not buttons, not site search). */
export const FILLABLE = 'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=image]):not([type=reset]):not([type=search]), select, textarea';
const SUBMITS = 'button, input[type=submit], input[type=image], input[type=button]';
const PAGE_PARTS = 'h1, main, header, nav, footer, [role=main], [role=banner], [role=navigation], [role=contentinfo]';

/**
 * A form that wraps the whole page, as ASP.NET WebForms' «<form id="form1">»
 * does on many government portals: a layout wrapper, not a form. It holds the
 * page's title, frame or main region.
 */
export function isPageForm($: CheerioAPI, form: Element): boolean {
  return $(form).find(PAGE_PARTS).length > 0 || $(form).find('[class], [id]').toArray().some((el) => inPageChrome(el, { strict: true }) && !inPageChrome(form, { strict: true }));
}

/**
 * The page's forms as a person sees them: real forms, and inside a page-wide
 * wrapper form, each group of fields with its button (the nearest block that
 * holds a field and the button).
 */
const formCache = new WeakMap<CheerioAPI, Element[]>();
export function formsOf($: CheerioAPI): Element[] {
  const hit = formCache.get($);
  if (hit) return hit;
  const out = new Set<Element>();
  for (const form of $('form').toArray()) {
    if (!isPageForm($, form)) {
      out.add(form);
      continue;
    }
    for (const submit of $(form).find(SUBMITS).toArray()) {
      const group = ancestors(submit).find((a) => a === form || $(a).find(FILLABLE).length > 0);
      if (group && group !== form) out.add(group);
    }
  }
  const forms = [...out];
  formCache.set($, forms);
  return forms;
}

/**
 * Blocks of the page's content with the text each owns (its inline text, not
 * nested blocks'), for reading clause by clause. Forms are left out: a field
 * «تصویر برابر اصل» to upload is not a request for paper.
 */
const blockCache = new WeakMap<CheerioAPI, Array<{ el: Element; text: string }>>();
export function contentBlocks($: CheerioAPI): Array<{ el: Element; text: string }> {
  let hit = blockCache.get($);
  if (!hit) blockCache.set($, (hit = readBlocks($)));
  return hit;
}

function readBlocks($: CheerioAPI): Array<{ el: Element; text: string }> {
  const forms = new Set(formsOf($));
  return $('body *').toArray().filter(isElement)
    .filter((el) => blockOf(el) === el && !NO_TEXT.has(el.name) && !forms.has(el) && !ancestors(el).some((a) => forms.has(a) || NO_TEXT.has(a.name)))
    .filter((el) => !inPageChrome(el, { strict: true }) && !inSidebar(el))
    .map((el) => ({ el, text: ownText(el) }))
    .filter((b) => b.text.length > 0);
}

/** The page's forms (and field groups) in its own content. */
export function contentForms($: CheerioAPI): Element[] {
  return formsOf($).filter((el) => isContent($, el));
}

/** Words of the page's own content: a stub («در حال به‌روزرسانی») says nearly nothing. */
export function contentWords($: CheerioAPI): number {
  return contentBlocks($).reduce((n, b) => n + words(b.text), 0);
}

// ---------------------------------------------------------------------------
// Steps (service-process; also what tells a page describes a procedure).

/** Labels that head steps only when steps follow: «نحوه انجام کار» over a list, "How to apply" over numbered steps. */
export const PROCESS_WEAK_LABELS = ['نحوه انجام', 'نحوه دریافت خدمت', 'نحوه ثبت درخواست', 'how to apply'];
/** Labels that name a number, a title or a count, not the steps: «کد فرآیند», «تعداد مراحل». */
const ID_OPENERS = /^(کد|شناسه|شماره|عنوان|نام|تعداد|مدت|زمان|code|id|number|name|title)(?![\p{L}])/u;
/** Words an image's alt, caption or file name uses for a flowchart. */
const FLOWCHART_CUES = ['فلوچارت', 'فلو چارت', 'نمودار فرآیند', 'نمودار فرایند', 'نمودار گردش', 'روندنما', 'روند نما', 'گردش کار', 'فرآیند', 'فرایند', 'مراحل', 'flowchart', 'flow chart', 'process', 'workflow', 'steps'];
/** File-name tokens of a flowchart image (Latin and transliterated). */
const FLOWCHART_FILE = /(^|[^a-z])(flow-?chart|process(-?map)?|workflow|farayand|farayend|faraiand|ravand|marahel|steps)([^a-z]|$)/i;
const MIN_STEPS = 2;
/** An image smaller than this (by its width or height attribute) is an icon. */
const MIN_FIGURE_PX = 100;
const ORDINALS = 'اول|دوم|سوم|چهارم|پنجم|ششم|هفتم|هشتم|نهم|دهم|نخست|first|second|third|fourth|fifth';

export interface Steps {
  kind: 'ordered-list' | 'list' | 'numbered-blocks' | 'numbered-lines' | 'step-words' | 'arrows' | 'table' | 'image' | 'file';
  el: Element;
  count: number | null;
}

function directItems($: CheerioAPI, list: Element): number {
  return $(list).children('li').toArray().filter((li) => rawText(li)).length;
}

/** «۱- ثبت درخواست ۲- بررسی …» in one cell or lines: numbers 1, 2, … each before a word. */
function numberedMarkers(text: string): number {
  const nums = [...text.matchAll(/(?:^|\s)(\d{1,2})\s?[-.)]\s?(?=\p{L})/gu)].map((m) => Number(m[1]));
  let expect = 1;
  for (const n of nums) if (n === expect) expect++;
  return expect - 1;
}

function stepWords(text: string): number {
  return new Set([...text.matchAll(new RegExp(`(مرحله|گام|step)\\s?(\\d{1,2}|${ORDINALS})(?![\\p{L}])`, 'gu'))].map((m) => m[2])).size;
}

function isIcon(img: Element): boolean {
  const small = ['width', 'height'].some((a) => Number(img.attribs[a]) > 0 && Number(img.attribs[a]) < MIN_FIGURE_PX);
  return small || /(^|[\s_-])(icon|logo|avatar|emoji)([\s_-]|$)/i.test(`${img.attribs.class ?? ''} ${img.attribs.src ?? ''}`);
}

/** An image's names: alt, title, its figure's caption and its file name. */
function imageNames($: CheerioAPI, img: Element): string {
  const caption = $(img).closest('figure').find('figcaption').text();
  return normalize([img.attribs.alt, img.attribs.title, caption].filter(Boolean).join(' '));
}

function namesFlowchart(text: string): boolean {
  return FLOWCHART_CUES.some((p) => compilePattern(p).test(text));
}

/**
 * A stepper: sibling blocks that each open with an element holding only
 * their number (a round badge «۱», «۲», …), numbered 1, 2, … in order.
 */
function numberedBlocks($: CheerioAPI, nodes: Element[]): Element | null {
  return within($, nodes, 'div,section,ul,ol').find((box) => {
    const kids = $(box).children().toArray();
    return kids.length >= MIN_STEPS && kids.every((k, i) => {
      const first = $(k).children().first();
      return first.length > 0 && normalize(first.text()).trim() === String(i + 1) && words(normalize(rawText(k))) > 1;
    });
  }) ?? null;
}

/** Steps shown in a process field's value: a list, numbered lines, a table of steps, or a figure. */
export function stepsIn($: CheerioAPI, nodes: Element[], value: string): Steps | null {
  const ol = within($, nodes, 'ol').find((l) => directItems($, l) >= MIN_STEPS);
  if (ol) return { kind: 'ordered-list', el: ol, count: directItems($, ol) };
  const ul = within($, nodes, 'ul').find((l) => directItems($, l) >= MIN_STEPS);
  if (ul) return { kind: 'list', el: ul, count: directItems($, ul) };
  const stepper = numberedBlocks($, nodes);
  if (stepper) return { kind: 'numbered-blocks', el: stepper, count: $(stepper).children().length };
  const el = nodes[0];
  if (!el) return null;
  const numbered = numberedMarkers(value);
  if (numbered >= MIN_STEPS) return { kind: 'numbered-lines', el, count: numbered };
  const stepped = stepWords(value);
  if (stepped >= MIN_STEPS) return { kind: 'step-words', el, count: stepped };
  const arrows = (value.match(/[→←⬅➡⇐⇒➜➔➞▶◀]/gu) ?? []).length;
  if (arrows >= MIN_STEPS) return { kind: 'arrows', el, count: arrows + 1 };
  const table = within($, nodes, 'table').find((t) => $(t).find('tr').toArray().filter((tr) => $(tr).children('td').length > 0).length >= MIN_STEPS);
  if (table) return { kind: 'table', el: table, count: $(table).find('tr').length };
  const img = within($, nodes, 'img').find((i) => !isIcon(i) && !isThumbnailLink(i));
  if (img) return { kind: 'image', el: img, count: null };
  const file = within($, nodes, 'a[href]').find((a) => (IMAGE_FILE.test(a.attribs.href) || REPORT_FILE.test(a.attribs.href)) && namesFlowchart(normalize(rawText(a))));
  return file ? { kind: 'file', el: file, count: null } : null;
}

/** A flowchart anywhere in the content, named by its alt, caption or file name («فلوچارت فرآیند صدور مجوز»). */
export function namedFlowchart($: CheerioAPI): Steps | null {
  for (const img of contentElements($, 'img')) {
    if (isIcon(img) || isThumbnailLink(img)) continue;
    if (namesFlowchart(imageNames($, img)) || FLOWCHART_FILE.test(img.attribs.src ?? '')) return { kind: 'image', el: img, count: null };
  }
  for (const a of contentElements($, 'a[href]')) {
    const file = IMAGE_FILE.test(a.attribs.href) || REPORT_FILE.test(a.attribs.href);
    const text = normalize(rawText(a));
    if (file && words(text) <= 8 && /(فلو ?چارت|نمودار (فرآیند|فرایند|گردش)|روند ?نما|flow ?chart)/u.test(text)) return { kind: 'file', el: a, count: null };
  }
  return null;
}

/** Fields that head the steps: a process label that does not name a code or a count. */
export function processFields(fields: readonly Field[], weak = false): Field[] {
  const cues = weak ? [...SERVICE_PROCESS_LABELS, ...PROCESS_WEAK_LABELS] : SERVICE_PROCESS_LABELS;
  return fieldsNamed(fields, cues).filter((f) => !ID_OPENERS.test(f.name));
}

/** The first steps the page shows under a process label, or a named flowchart. */
export function findSteps($: CheerioAPI, fields: readonly Field[]): { steps: Steps; field: Field | null } | null {
  for (const f of processFields(fields, true)) {
    const steps = stepsIn($, f.nodes, f.value);
    if (steps) return { steps, field: f };
  }
  const chart = namedFlowchart($);
  return chart ? { steps: chart, field: null } : null;
}

// ---------------------------------------------------------------------------
// Durations (service-duration).

const UNITS: Array<[RegExp, string]> = [
  [/^(روز کاری|روز اداری|روزکاری|working days?|business days?)/u, 'working-day'],
  [/^(روز|days?)/u, 'day'],
  [/^(ساعت|hours?|hrs?)/u, 'hour'],
  [/^(دقیقه|minutes?|mins?)/u, 'minute'],
  [/^(هفته|weeks?)/u, 'week'],
  [/^(ماه|months?)/u, 'month'],
];
/** Number words 1–10 and the common larger ones, in Persian and English. */
const NUMBER_WORDS: Record<string, number> = {
  'نیم': 0.5, 'یک': 1, 'دو': 2, 'سه': 3, 'چهار': 4, 'پنج': 5, 'شش': 6, 'هفت': 7, 'هشت': 8, 'نه': 9, 'ده': 10,
  'یازده': 11, 'دوازده': 12, 'پانزده': 15, 'بیست': 20, 'سی': 30, 'چهل': 40, 'چهل و هشت': 48, 'شصت': 60, 'نود': 90,
  'half': 0.5, 'one': 1, 'two': 2, 'three': 3, 'four': 4, 'five': 5, 'six': 6, 'seven': 7, 'eight': 8, 'nine': 9, 'ten': 10,
  'twelve': 12, 'fifteen': 15, 'twenty': 20, 'thirty': 30, 'forty-eight': 48, 'sixty': 60, 'ninety': 90,
};
const NUMBER = `(\\d+(?:\\.\\d+)?|${Object.keys(NUMBER_WORDS).sort((a, b) => b.length - a.length).join('|')})`;
/** A number (or a range «۳ تا ۵», "2-3") and what follows it. */
const AMOUNT = new RegExp(`(?<![\\p{L}\\p{N}.])${NUMBER}(?:\\s?(?:تا|الی|-|–|to|or|یا)\\s?${NUMBER})?\\s?`, 'gu');
/** After a unit: a word boundary, or the suffix of «۳ روزه», «۲۴ ساعته» (not «روزنامه»). */
const UNIT_END = /^(?:ه|ی|ها)?(?![\p{L}])/u;
/** Immediate delivery: a stated time of zero («فوری», «آنی», "instant"). */
const IMMEDIATE = /(?<![\p{L}])(فوری|آنی|بلافاصله|در لحظه|همان روز|immediate|immediately|instant|instantly|same day|real time)(?![\p{L}])/u;

export interface Duration {
  raw: string;
  amount: number | null;
  unit: string;
}

function numberOf(token: string): number {
  return /^\d/.test(token) ? Number(token) : NUMBER_WORDS[token];
}

/** The first «number + time unit» in normalised text («۱۵ روز کاری», "3 working days", «یک هفته»), or an immediate time. */
export function findDuration(text: string): Duration | null {
  for (const m of text.matchAll(AMOUNT)) {
    const rest = text.slice(m.index + m[0].length);
    for (const [re, unit] of UNITS) {
      const u = re.exec(rest);
      if (u && UNIT_END.test(rest.slice(u[0].length))) return { raw: (m[0] + u[0]).trim(), amount: numberOf(m[2] ?? m[1]), unit };
    }
  }
  const now = IMMEDIATE.exec(text);
  return now ? { raw: now[0], amount: 0, unit: 'immediate' } : null;
}

/** A bare number in a value whose label carries the unit: «مدت زمان (روز کاری) | ۵». */
export function durationWithLabelUnit(f: Field): Duration | null {
  const unit = UNITS.find(([re]) => new RegExp(re.source.replace('^', '(?<![\\p{L}])'), 'u').test(f.name));
  const m = new RegExp(`^(?:حداکثر|حدود|max(?:imum)?|up to)?\\s?${NUMBER}(?:\\s?(?:تا|الی|-|–|to)\\s?${NUMBER})?$`, 'u').exec(f.value.trim());
  return unit && m ? { raw: `${f.value.trim()} (${f.name})`, amount: numberOf(m[2] ?? m[1]), unit: unit[1] } : null;
}

// ---------------------------------------------------------------------------
// In-person visits, originals and paper (paperless-service, online-service's cap).

export type PaperKind = 'visit' | 'original' | 'copy' | 'paper';

const PLACES = 'اداره|ادارات|دفتر|دفاتر|شعبه|شعب|شعبات|واحد|واحدهای|سازمان|باجه|مرکز|مراکز|محل|ستاد|کارگزاری|کارگزاران|فرمانداری|بخشداری|شهرداری|دبیرخانه|بانک|پیشخوان';
const DOCS = 'مدارک|مدرک|شناسنامه|کارت|سند|اسناد|گواهی|گواهینامه|پروانه|قرارداد|فیش|رسید|مستندات|دانشنامه|و تصویر|و کپی|آن';
/** Requirements as they are written; each pattern runs on one normalised clause. */
const PAPER_CUES: Array<{ kind: PaperKind; re: RegExp }> = [
  { kind: 'visit', re: /مراجعه حضوری|(?<![\p{L}])حضوری(?![\p{L}])|(?<![\p{L}])حضورا(?![\p{L}])|حضور (متقاضی|شخص|ذینفع|ذی نفع|خود)/u },
  { kind: 'visit', re: new RegExp(`مراجعه (به|در) (${PLACES})|(?<![\\p{L}])به (${PLACES})(?![\\p{L}])(\\s\\S+){0,4}\\s(مراجعه|تحویل)`, 'u') },
  { kind: 'visit', re: /in person|in-person|visit (the|our|one of our|a|an) (office|branch|centre|center|counter)|(come|go) to (the|our|one of our) (office|branch)/u },
  { kind: 'original', re: new RegExp(`(?<![\\p{L}])اصل (${DOCS})|برابر (با )?اصل`, 'u') },
  { kind: 'original', re: /original (\S+ )?(documents?|copies|certificates?|id|passport|deeds?|cards?)|(?<![\p{L}])originals(?![\p{L}])/u },
  { kind: 'copy', re: /(?<![\p{L}])(فتو ?)?کپی(?! ?(رایت|برداری|right))(?![\p{L}])|photocop(y|ies)|certified cop(y|ies)|paper cop(y|ies)|hard cop(y|ies)/u },
  { kind: 'paper', re: /ارائه فیزیکی|نسخه (کاغذی|چاپی)|به صورت کاغذی|بصورت کاغذی|فرم کاغذی|قطعه عکس|(?<![\p{L}])کاغذی(?![\p{L}])|paper (form|application)|printed (form|copy)|passport[- ]size photo/u },
];
/** Words right before a cue that deny it: «غیرحضوری», «بدون مراجعه حضوری», "no in-person visit"; an unticked box «☐ حضوری». */
const NEG_ADJACENT = /((?<![\p{L}])(غیر|بدون|no|without|non)|[☐□▢⬜◻❏])\s?$/u;
/** Denials a few words before a cue: «بدون نیاز به …», «نیازی به ارائه اصل مدارک …». */
const NEG_BEFORE = /(?<![\p{L}])(بدون|بی نیاز از|عدم نیاز|عدم الزام|عدم ضرورت|نیازی|الزامی به|لزومی|ضرورتی|احتیاجی|حذف|no need|without|do not need|don't need|does not require|doesn't require|not required to|need not|no longer|never)(?![\p{L}])(\s\S+){0,3}\s?$/u;
/** Denials a few words after a cue: «… لازم نیست», «… ندارد», "… are not required". */
const NEG_AFTER = /^(\s?\S+){0,5}?\s?(نیست|ندارد|نمی باشد|نمیباشد|نخواهد بود|نمی شود|not required|not needed|not necessary|is not|are not)(?![\p{L}])/u;
/** A field's value that denies a visit or paper («۰», «ندارد», «خیر»). */
const NO_VALUE = /^(0|صفر|ندارد|خیر|هیچ|نیاز نیست|نیازی نیست|لازم نیست|no|none|not required|nil)$/u;

export interface PaperFinding {
  kind: PaperKind;
  el: Element;
  /** The clause that says it. */
  text: string;
  /** True when the clause denies it («نیازی به مراجعه حضوری نیست»). */
  negated: boolean;
}

function clauses(text: string): string[] {
  return text.split(/[.!?؟؛;\n]|,\s?|\s[-–—]\s/u).map((c) => c.trim()).filter(Boolean);
}

/** In-person offered beside an electronic way («حضوری و غیرحضوری», "online or in person"): an option, not a requirement. */
const VISIT_OPTIONAL = /حضوری\s?(و|یا|\/)\s?(غیر ?حضوری|الکترونیکی|الکترونیک|اینترنتی|آنلاین|مجازی)|(غیر ?حضوری|الکترونیکی|الکترونیک|اینترنتی|آنلاین|مجازی)\s?(و|یا|\/)\s?حضوری|online or in[- ]person|in[- ]person or online/u;

function cuesIn(clause: string): Array<{ kind: PaperKind; negated: boolean }> {
  const out: Array<{ kind: PaperKind; negated: boolean }> = [];
  for (const { kind, re } of PAPER_CUES) {
    const m = re.exec(clause);
    if (!m) continue;
    const before = clause.slice(0, m.index);
    const after = clause.slice(m.index + m[0].length);
    const optional = kind === 'visit' && VISIT_OPTIONAL.test(clause);
    out.push({ kind, negated: optional || NEG_ADJACENT.test(before) || NEG_BEFORE.test(before) || NEG_AFTER.test(after) });
  }
  return out;
}

/** Fields whose label names the requirement («تعداد مراجعه حضوری | ۰», «مراجعه حضوری: ندارد»): the value decides. */
function labelledRequirements(fields: readonly Field[]): PaperFinding[] {
  const out: PaperFinding[] = [];
  for (const f of fields) {
    const cues = cuesIn(f.name);
    if (cues.length === 0) continue;
    const value = f.value.replace(/[.!؟?]+$/u, '').trim();
    const denied = NO_VALUE.test(value) || cuesIn(`${f.name} ${value}`).every((c) => c.negated) || !hasContent(value);
    for (const c of cues) out.push({ kind: c.kind, el: f.box, text: `${f.name}: ${value}`, negated: denied || c.negated });
  }
  return out;
}

/**
 * Every mention of an in-person visit, originals, copies or paper in the
 * page's content, each marked as asked for or denied. A field labelled with
 * the cue is judged by its value; the rest is read clause by clause.
 */
export function paperFindings($: CheerioAPI, fields: readonly Field[]): PaperFinding[] {
  const labelled = fields.filter((f) => cuesIn(f.name).length > 0);
  const skip = new Set<Element>(labelled.flatMap((f) => [f.label, f.box]));
  const out = labelledRequirements(labelled);
  for (const { el, text } of contentBlocks($)) {
    if ([el, ...ancestors(el)].some((a) => skip.has(a))) continue;
    const found = clauses(text).flatMap((clause) => cuesIn(clause).map((c) => ({ ...c, el, text: clause })));
    // A dated teaser («حذف مراجعه حضوری در …») is news about the agency, not this page's procedure.
    if (found.length && !inDatedItem($, el)) out.push(...found);
  }
  return out;
}

/** Labels that show the page describes how the service is done: documents, steps, delivery, conditions. */
const PROCEDURE_LABELS = [
  ...SERVICE_CARD_FIELDS.documents, ...SERVICE_CARD_FIELDS.channel, ...SERVICE_PROCESS_LABELS, ...PROCESS_WEAK_LABELS,
  'شرایط', 'conditions', 'requirements', 'eligibility',
];

/** The first field that describes the procedure or requirements, with content. */
export function procedureField(fields: readonly Field[]): Field | null {
  return fieldsNamed(fields, PROCEDURE_LABELS).find((f) => hasContent(f.value)) ?? null;
}

// ---------------------------------------------------------------------------
// Feedback forms (service-feedback; online-service leaves them out).

/** Names that make a form a feedback, survey or comment form. */
export const FEEDBACK_FORM_CUES = [
  'نظرسنجی', 'نظر سنجی', 'نظر شما', 'ثبت نظر', 'ارسال نظر', 'دیدگاه', 'نظرات', 'بازخورد', 'ارزیابی خدمت', 'ارزیابی این', 'میزان رضایت',
  'رضایت سنجی', 'رضایتمندی', 'سطح رضایت', 'رضایت شما',
  'rate this', 'feedback', 'survey', 'your opinion', 'comment', 'comments', 'satisfaction', 'was this helpful',
];
/**
 * Score words name a rating only beside choice controls: «امتیاز» is also a
 * utility connection right («درخواست امتیاز انشعاب»), an application.
 */
const SCORE_CUES = ['امتیاز', 'ستاره', 'rate', 'rating', 'score', 'stars'];
const ANSWER_CONTROLS = 'textarea, select, input[type=radio], input[type=checkbox], input[type=range], input[type=number], input:not([type]), input[type=text]';
const CHOICE_CONTROLS = 'input[type=radio], input[type=range], select';

/** A cue as a word: Latin ones whole ("rate" is not "corporate"), Persian ones with suffixes. */
export function matchesCue(text: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => new RegExp(`${compilePattern(p).source}${/[a-z]/.test(p) ? '(?![\\p{L}])' : ''}`, 'u').test(text));
}

/** True for a form that asks for an opinion, a rating or a comment rather than an application. */
export function isFeedbackForm($: CheerioAPI, form: Element): boolean {
  if (form.attribs.role === 'search' || $(form).find('input[type=password]').length || $(form).find(ANSWER_CONTROLS).length === 0) return false;
  const own = normalize([
    ...$(form).find('h1,h2,h3,h4,h5,h6,legend,label,button,input[type=submit],[role=heading]').toArray().map((e) => rawText(e)),
    ...$(form).find('input[type=submit],input[type=button]').toArray().map((e) => e.attribs.value ?? ''),
    form.attribs['aria-label'] ?? '', form.attribs.id ?? '', form.attribs.class ?? '',
  ].join(' ').replace(/[_-]+/g, ' '));
  if (matchesCue(own, FEEDBACK_FORM_CUES) || formHeadedBy($, form, FEEDBACK_FORM_CUES)) return true;
  return matchesCue(own, SCORE_CUES) && $(form).find(CHOICE_CONTROLS).length > 0;
}

// ---------------------------------------------------------------------------
// Links to other pages (online-service, service-feedback).

/** Headings of lists that lead elsewhere: «خدمات مرتبط», "Related services". */
const RELATED_CUES = ['خدمات مرتبط', 'سایر خدمات', 'مطالب مرتبط', 'پیوندهای مرتبط', 'لینک های مرتبط', 'پیوند های مرتبط', 'اخبار مرتبط', 'related', 'see also', 'other services'];
/** A list of this many links is a menu or a directory, not this service's own button. */
const LINK_LIST_ITEMS = 5;

/**
 * True for a link in a list of other pages: under a «خدمات مرتبط» heading, or
 * one of five or more linked items. «ثبت درخواست گذرنامه» there is another
 * service's entry, not a way to apply for this one.
 */
export function inLinkList($: CheerioAPI, el: Element): boolean {
  if (governingHeadings($, el).some((h) => matchesCue(normalize(rawText(h)), RELATED_CUES))) return true;
  const list = ancestors(el).find((a) => a.name === 'ul' || a.name === 'ol');
  return !!list && $(list).children('li').toArray().filter((li) => $(li).find('a[href]').length > 0).length >= LINK_LIST_ITEMS;
}

// ---------------------------------------------------------------------------
// Systems on other hosts (online-service, single-entry).

/** Link or button texts that lead into the service's online system. */
export const APPLY_CUES = [
  'ثبت درخواست', 'ثبت نام', 'ثبت تقاضا', 'درخواست آنلاین', 'درخواست اینترنتی', 'درخواست الکترونیکی', 'درخواست خدمت', 'ارسال درخواست',
  'ورود به سامانه', 'ورود به خدمت', 'ورود به پنجره', 'ورود و ثبت', 'دریافت خدمت', 'دریافت آنلاین', 'شروع خدمت', 'آغاز خدمت', 'انجام خدمت',
  'اخذ خدمت', 'استعلام آنلاین', 'پرداخت آنلاین', 'سامانه ثبت', 'سامانه درخواست', 'سامانه خدمات',
  'apply online', 'apply now', 'apply', 'start now', 'start the service', 'start application', 'online application',
  'sign in to apply', 'log in to apply', 'access the service', 'use this service', 'use the service',
];
/** Texts that open a guide or lead back, whatever they contain («راهنمای ثبت درخواست», "How to apply"). */
const NOT_APPLY = /^(راهنما|نحوه|آموزش|بازگشت|مشاهده نتایج|نتایج|how to|guide|back|about)(?![\p{L}])/u;

/** Link or button text that names applying online: short, not a headline, not a guide. */
export function namesApplying(text: string): boolean {
  return text.length > 0 && words(text) <= 8 && !endsLikeHeadline(text) && !NOT_APPLY.test(text) && matchesCue(text, APPLY_CUES);
}

/** Link texts that name a system by name: «سامانه جامع تجارت», «درگاه خدمات الکترونیک». */
const SYSTEM_NAME = /^(سامانه|درگاه|پورتال|پرتال|portal|system)(?![\p{L}])/u;
/** Systems that are not where this service is done: complaints, tracking, results. */
export const OTHER_SYSTEM = /(شکایت|شکایات|111|سامد|پیگیری|رهگیری|نتایج|نظرسنجی|complaint|track|results)/u;
/** Words around a bare address that say it is where to apply («از طریق سامانه https://…»). */
const ADDRESS_CONTEXT = ['سامانه', 'درگاه', 'ثبت درخواست', 'از طریق', 'نشانی اینترنتی', 'آدرس اینترنتی', 'online', 'apply', 'website'];
const URL_TEXT = /^(https?:\/\/|www\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.(ir|com|org|net|gov)(\/\S*)?$/u;

/** Links in a service page's content to another host, named for applying («ثبت درخواست اولیه»): the service is done there. */
export function outsideApplyLinks($: CheerioAPI, page: PageArtifact): Element[] {
  const own = bareHost(page.finalUrl);
  return contentElements($, 'a[href]').filter((a) => {
    const host = /^https?:/i.test(a.attribs.href) ? bareHost(a.attribs.href) : null;
    return !!host && host !== own && namesApplying(labelText(a)) && !inLinkList($, a);
  });
}

/**
 * Links in a service page's content to another host that name a system
 * («سامانه جامع تجارت») or are an address in a sentence about applying
 * («از طریق سامانه e.example.ir»): where the service is done. Not in a list
 * of other pages, nor a system `other` names (by default complaints,
 * tracking and results systems).
 */
export function outsideSystemLinks($: CheerioAPI, page: PageArtifact, other: RegExp = OTHER_SYSTEM): Element[] {
  const own = bareHost(page.finalUrl);
  const out: Element[] = [];
  for (const a of contentElements($, 'a[href]')) {
    const href = a.attribs.href;
    const host = /^https?:/i.test(href) ? bareHost(href) : null;
    if (!host || host === own) continue;
    const text = labelText(a);
    if (other.test(`${text} ${href.toLowerCase()}`) || words(text) > 8) continue;
    const named = SYSTEM_NAME.test(text) && !endsLikeHeadline(text);
    const address = URL_TEXT.test(text) && !!a.parent && matchesCue(normalize(rawText(a.parent)), ADDRESS_CONTEXT);
    if ((named || address) && !inLinkList($, a)) out.push(a);
  }
  return out;
}
