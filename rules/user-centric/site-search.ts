// A site search: a search box (input[type=search], role=search, or a field,
// button or form named جستجو/search) in a form that submits the query to a
// results page. The probe step submits such a form once (site.probes, kind
// search): it passes only when that returned a results page (status < 400,
// not an error page); a form that answered >= 400 is no search; a form the
// probe did not submit, or a box wired only to script (no form, no field
// name, action «#»), is needs-review, but such a box on a page that runs no
// script does nothing and fails. The probe step also tries one such box in a
// browser (typed into, Enter, its button; GET only): results there pass, a
// box that did nothing fails. A table filter or a tracking-code lookup is
// not a site search.
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { ancestors, cssPath, labelText, rawText } from '../../crawlers/dom.ts';
import { resolveHref, type PageArtifact, type ProbeRecord, type SiteArtifacts } from '../../crawlers/artifacts.ts';
import { defineRule, result, type Citation, type RuleContext } from '../../src/engine/define-rule.ts';
import { matchesAny } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';
import { cite, citeLink } from '../lib/cite.ts';
import { isPlaceholderPage, isSoft404 } from '../lib/decoy.ts';
import { inputLabel, isLoginForm, ownLabels, runsScript } from '../lib/forms.ts';
import { uncrawledNavLinks } from '../lib/links.ts';

/** «جستجو», «جست‌وجو», «جست و جو», «جستجوی …», "search". */
const CUES = ['جست جو', 'جست و جو', 'search', 'بگرد', 'کاوش'];
/** Field names CMSs give a query (WordPress s, Joomla searchword, Drupal search_api_fulltext, q, keyword …). */
const QUERY_NAME = /^(q|s|query|keywords?)$|search|jostoju/i;
/** Markup names of a search box or its icon button (`fa-search`, `search-btn`). */
const SEARCH_CLASS = /search|jostoju|jostejoo/i;
/** A lookup by a code is a tracking or inquiry form, even when its button says «جستجو». */
const LOOKUP_CUES = ['کد رهگیری', 'کد پیگیری', 'شماره پیگیری', 'رهگیری', 'کد ملی', 'شماره پرونده', 'شماره نامه', 'tracking'];
const SCRIPT_ACTION = /^\s*(#|javascript:)/i;
/** A query is typed on one line; a textarea is a message. */
const QUERY_INPUT = 'input:not([type]), input[type=text], input[type=search]';
/**
 * A form with more fields than this is not a search form but a page-wide
 * wrapper (ASP.NET WebForms puts the whole page in one <form>): there only the
 * field's own label, class or name can say it is a search box.
 */
const MAX_SEARCH_FORM_FIELDS = 2;

interface Box { page: PageArtifact; input: Element; form: Element | null; submits: boolean }

function markupNames(el: Element): string {
  return `${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`;
}

/** The words and markup that name the box: its label, class and name, and in a small form its buttons, class and action. */
function namesSearch($: CheerioAPI, input: Element, form: Element | null): boolean {
  if (input.attribs.type === 'search' || ancestors(input).some((a) => a.attribs.role === 'search' || a.name === 'search')) return true;
  if (matchesAny(inputLabel($, input), CUES) || SEARCH_CLASS.test(markupNames(input))) return true;
  if (form && QUERY_NAME.test(input.attribs.name ?? '')) return true;
  // Without a form, the box's own group: a button or icon link beside it named search.
  if (!form) return !!input.parent && buttonsNameSearch($, $(input.parent as Element).find('button, a, input[type=submit], input[type=image]').toArray());
  if (!isSmallForm($, form)) return false;
  return buttonsNameSearch($, $(form).find('button, input[type=submit], input[type=image]').toArray())
    || SEARCH_CLASS.test(`${markupNames(form)} ${form.attribs.action ?? ''}`);
}

function buttonsNameSearch($: CheerioAPI, buttons: Element[]): boolean {
  return matchesAny(buttons.map(labelText).join(' '), CUES)
    || buttons.some((b) => SEARCH_CLASS.test(markupNames(b)) || $(b).find('[class*=search i]').length > 0);
}

/** A client-side filter of a table on the page (DataTables' «جستجو:» box). */
function filtersTable($: CheerioAPI, input: Element): boolean {
  const target = input.attribs['aria-controls'];
  return (!!target && $(`#${target.replace(/[^\w-]/g, '')}`).is('table')) || ancestors(input).some((a) => /dataTables_filter/i.test(markupNames(a)));
}

/**
 * True when submitting sends the query somewhere: the field has a name (a form
 * without an action submits to the page's own URL, as WordPress's `?s=` does)
 * and the form's action is a URL rather than «#» or script.
 */
function submits(input: Element, form: Element | null): boolean {
  if (!form || !input.attribs.name?.trim()) return false;
  const action = form.attribs.action;
  return action === undefined || action.trim() === '' ? !form.attribs.onsubmit : !SCRIPT_ACTION.test(action);
}

function isSmallForm($: CheerioAPI, form: Element): boolean {
  if ($(form).find('header, nav, main, footer, h1, h2').length > 0) return false;
  return $(form).find('input:not([type]), input[type=text], input[type=search], input[type=email], input[type=tel], textarea').length <= MAX_SEARCH_FORM_FIELDS;
}

/** Labels of a search's free-text field: «جستجو», «کلیدواژه», «عبارت مورد نظر», "Search for". */
const QUERY_LABELS = [...CUES, 'کلیدواژه', 'کلید واژه', 'کلمه کلیدی', 'کلمات کلیدی', 'عبارت', 'واژه', 'متن', 'keyword', 'keywords', 'query', 'term', 'find'];

/**
 * A field with its own label naming a datum («خیابان و پلاک», «شماره پلاک خودرو»)
 * is a look-up of that datum, whatever its button says: not a search of the site.
 */
function labelledDataField($: CheerioAPI, input: Element): boolean {
  const { forLabel, wrapping } = ownLabels($, input);
  const own = normalize(`${forLabel} ${wrapping ? rawText(wrapping) : ''}`);
  return own !== '' && !matchesAny(own, QUERY_LABELS);
}

function searchBoxes($: CheerioAPI, page: PageArtifact): Box[] {
  return $(QUERY_INPUT).toArray().flatMap((input) => {
    const form = ancestors(input).find((a) => a.name === 'form') ?? null;
    if (form && isSmallForm($, form) && isLoginForm($, form)) return [];
    if (filtersTable($, input) || matchesAny(inputLabel($, input), LOOKUP_CUES) || labelledDataField($, input)) return [];
    if (!namesSearch($, input, form)) return [];
    return [{ page, input, form, submits: submits(input, form) }];
  });
}

/** The search form, or the box's own group when the form wraps the whole page. */
function shownElement($: CheerioAPI, box: Box): Element {
  if (box.form && isSmallForm($, box.form)) return box.form;
  return ancestors(box.input).find((a) => a.attribs.role === 'search') ?? (box.input.parent as Element | null) ?? box.input;
}

function evidence($: CheerioAPI, box: Box): Citation[] {
  const target = box.form?.attribs.action ? ` → ${box.form.attribs.action}` : '';
  const field = box.input.attribs.name ? ` [${box.input.attribs.name}]` : '';
  return [cite(box.page, shownElement($, box), `${labelText(box.input) || inputLabel($, box.input)}${field}${target}`)];
}

type Submitted = 'results' | 'dead' | 'unverified';

/** Origin and path of a URL: a form submits there whatever the query. */
function target(href: string): string | null {
  try {
    const u = new URL(href);
    return `${u.origin}${u.pathname}`;
  } catch {
    return null;
  }
}

/**
 * The search probe of a box's form: the one made from this very form, else
 * one made from the same form on another page (a header search repeats on
 * every page; the probe step submits each action once).
 */
function probeOfBox(site: SiteArtifacts, box: Box): ProbeRecord | undefined {
  if (!box.form) return undefined;
  const selector = cssPath(box.form);
  const searches = (site.probes ?? []).filter((p) => p.kind === 'search');
  const own = searches.find((p) => p.form?.pageUrl === box.page.finalUrl && p.form.selector === selector);
  if (own) return own;
  const action = resolveHref(box.form.attribs.action ?? '', box.page.finalUrl) ?? box.page.finalUrl;
  const where = target(action);
  return searches.find((p) => where !== null && target(p.url) === where);
}

/**
 * The probe step's browser try of a box no GET request submits (typed into,
 * Enter, then its button): of this box on its page, else of the same box on
 * another page (a header search repeats on every page).
 */
function triedInBrowser(site: SiteArtifacts, box: Box): ProbeRecord | undefined {
  const selector = cssPath(box.input);
  const tried = (site.probes ?? []).filter((p) => p.kind === 'search' && p.triedInBrowser && p.form?.selector === selector);
  return tried.find((p) => p.form?.pageUrl === box.page.finalUrl) ?? tried[0];
}

type Outcome = { state: Submitted; probe?: ProbeRecord; ignored?: boolean };

/** Shown text, spaces evened out: two answers that read the same are the same page. */
const shown = (page: PageArtifact) => page.text.replace(/\s+/g, ' ').trim();

/**
 * What a probe of the box returned: a results page; a dead end (>= 400, an
 * error page, nothing happened, or the page the box is on or the front page
 * again, word for word: the query was ignored); or nothing known.
 */
function outcomeOf(probe: ProbeRecord | undefined, site: SiteArtifacts, box: Box, ctx: RuleContext): Outcome {
  if (!probe || probe.state === 'not-probed' || probe.state === 'unreachable') return { state: 'unverified', probe };
  if (probe.state === 'dead' || !probe.page) return { state: 'dead', probe };
  const answer = shown(probe.page);
  if ([box.page, site.home].some((p) => p && shown(p) === answer)) return { state: 'dead', probe, ignored: true };
  const $ = ctx.dom(probe.page);
  return { state: isSoft404($, probe.page) || (isPlaceholderPage($, probe.page) && !$('form, input').length && !$('a[href]').length) ? 'dead' : 'results', probe };
}

/** What submitting the box returned; where no GET request could submit it, what the browser's try of it showed. */
function submitted(site: SiteArtifacts, box: Box, ctx: RuleContext): Outcome {
  const sent = box.submits ? outcomeOf(probeOfBox(site, box), site, box, ctx) : { state: 'unverified' as const };
  if (sent.state !== 'unverified') return sent;
  const tried = triedInBrowser(site, box);
  return tried ? outcomeOf(tried, site, box, ctx) : sent;
}

/** A box whose search went nowhere: to an error page, back to the same page, or, tried in a browser, to nothing at all. */
function deadEnd(dead: { $: CheerioAPI; box: Box; probe?: ProbeRecord; ignored?: boolean }) {
  const data = { url: dead.box.page.finalUrl, status: dead.probe?.status ?? null, probed: dead.probe?.url ?? null };
  const key = dead.ignored ? 'ignored' : dead.probe?.triedInBrowser && dead.probe.status === null ? 'did-nothing' : 'dead';
  return result.fail(key, data, evidence(dead.$, dead.box));
}

export default defineRule({
  id: 'site-search',
  pillar: 'user-centric',
  title: { fa: 'جستجو در سایت امکان‌پذیر است', en: 'The site can be searched' },
  messages: {
    form: { fa: 'فرم جستجو که عبارت را به صفحه نتایج می‌فرستد', en: 'A search form that submits the query to a results page' },
    tried: { fa: 'کادر جستجو که با نوشتن عبارت و زدن Enter یا دکمه جستجو (آزموده در مرورگر) نتایج را نشان می‌دهد', en: 'A search box that shows results for a typed query on Enter or its button (tried in a browser)' },
    'did-nothing': { fa: 'با نوشتن عبارت در کادر جستجو و زدن Enter و سپس دکمه جستجو، هیچ اتفاقی نیفتاد؛ صفحه نتایجی در کار نیست', en: 'Typing a query into the search box and pressing Enter, then its search button, did nothing: there is no results page' },
    unprobed: { fa: 'فرم جستجو یافت شد اما بازگرداندن صفحه نتایج آزموده نشد؛ نیاز به بررسی', en: 'A search form was found, but whether it returns a results page was not tested; needs review' },
    dead: { fa: 'فرم جستجو به صفحه‌ای می‌رود که پاسخ {status} می‌دهد، نه صفحه نتایج', en: 'The search form leads to a page answering {status}, not to a results page' },
    ignored: { fa: 'جستجو همان صفحه را بی‌هیچ نتیجه‌ای بازمی‌گرداند؛ عبارت جستجو نادیده گرفته می‌شود', en: 'The search comes back as the same page with no results: the query is ignored' },
    'script-only': { fa: 'کادر جستجو بدون فرم یا نام فیلد؛ ارسال به صفحه نتایج قابل تأیید نیست', en: 'A search box without a form or field name; whether it returns results cannot be verified' },
    inert: { fa: 'کادر جستجو بدون فرم در صفحه‌ای بی‌اسکریپت؛ عبارت به جایی فرستاده نمی‌شود', en: 'A search box without a form on a page that runs no script; the query goes nowhere' },
    'link-unverified': { fa: 'پیوند جستجو به صفحه‌ای بیرون از محدوده خزش؛ نیاز به بررسی', en: 'A search link leads outside the crawl; needs review' },
    'not-found': { fa: 'فرم جستجو در سایت یافت نشد', en: 'No search form was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    let scriptOnly: { $: CheerioAPI; box: Box } | null = null;
    let inert: { $: CheerioAPI; box: Box } | null = null;
    let unverified: { $: CheerioAPI; box: Box } | null = null;
    let dead: { $: CheerioAPI; box: Box; probe?: ProbeRecord; ignored?: boolean } | null = null;
    for (const page of site.pages) {
      const $ = ctx.dom(page);
      const boxes = searchBoxes($, page);
      for (const box of boxes) {
        const { state, probe, ignored } = submitted(site, box, ctx);
        const data = { url: page.finalUrl, action: box.form?.attribs.action ?? null, field: box.input.attribs.name ?? null, probed: probe?.url ?? null };
        if (state === 'results') return result.pass(evidence($, box), probe?.triedInBrowser ? 'tried' : 'form', data);
        if (state === 'dead') dead ??= { $, box, probe, ignored };
        else if (box.submits) unverified ??= { $, box };
      }
      if (boxes[0] && !boxes.some((b) => b.submits)) {
        if (runsScript($)) scriptOnly ??= { $, box: boxes[0] };
        else inert ??= { $, box: boxes[0] };
      }
    }
    if (unverified) return result.needsReview(evidence(unverified.$, unverified.box), 'unprobed', { url: unverified.box.page.finalUrl });
    // Tried in a browser and found to go nowhere: no longer a box whose script might search.
    if (dead?.probe?.triedInBrowser) return deadEnd(dead);
    if (scriptOnly) return result.needsReview(evidence(scriptOnly.$, scriptOnly.box), 'script-only', { url: scriptOnly.box.page.finalUrl });
    if (dead) return deadEnd(dead);
    if (inert) return result.fail('inert', { url: inert.box.page.finalUrl }, evidence(inert.$, inert.box));
    const outside = uncrawledNavLinks(site, CUES)[0];
    if (outside) return result.needsReview([citeLink(outside.page, outside.link)], 'link-unverified', { href: outside.link.href });
    return result.fail('not-found');
  },
});
