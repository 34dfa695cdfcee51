// Forms and their inputs: what a form is named by, what an input asks for.
import { ancestors, isElement, labelText, rawText, type CheerioAPI, type Element } from '../../crawlers/dom.ts';
import { matchesAny, type Patterns } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';
import { saysPlaceholder } from './decoy.ts';
import { governingHeadings, readsLikeLabel } from './labels.ts';

/**
 * A form named by the heading that governs it. A heading further up the page
 * (a news headline «پیگیری ویژه …», «بررسی شکایات اعضا …») names its own item,
 * not the newsletter or contact form below it.
 */
export function formHeadedBy($: CheerioAPI, form: Element, patterns: Patterns): boolean {
  return governingHeadings($, form).some((h) => {
    const text = labelText(h);
    return matchesAny(text, patterns) && readsLikeLabel(text, patterns);
  });
}

/** True when the element sits inside a form: a questionnaire's grid or captcha is not a published result. */
export function insideForm(el: Element): boolean {
  const up = ancestors(el);
  const form = up.find((a) => a.name === 'form');
  if (!form) return false;
  if (!isPageForm(form)) return true;
  // In a page-wrapping form, a questionnaire is the nearest block that holds answer fields.
  return up.slice(0, Math.min(ANSWER_GROUP_DEPTH, up.indexOf(form))).some(holdsAnswerFields);
}

/** How far up from an element a questionnaire's block may be (a cell, its row, the table). */
const ANSWER_GROUP_DEPTH = 3;
const ANSWER_TYPES = /^(radio|checkbox|range)$/i;

/** True when the block holds fields a person answers in (choices, a select, a text box). */
function holdsAnswerFields(block: Element): boolean {
  const walk = (el: Element): boolean => el.children.some((c) => isElement(c)
    && ((c.name === 'input' && ANSWER_TYPES.test(c.attribs.type ?? '')) || c.name === 'select' || c.name === 'textarea' || walk(c)));
  return walk(block);
}

const pageForms = new WeakMap<Element, boolean>();
/** Markup only a page wrapper holds: ASP.NET WebForms puts the whole page, header to footer, in one <form>. */
const PAGE_PARTS = new Set(['h1', 'main', 'header', 'nav', 'footer']);

/** A <form> that wraps the page (WebForms' form1 with its __VIEWSTATE, or one holding the h1 or the page's frame), not a form of its own. */
export function isPageForm(form: Element): boolean {
  let hit = pageForms.get(form);
  if (hit !== undefined) return hit;
  hit = false;
  const walk = (el: Element): void => {
    for (const c of el.children) {
      if (hit || !isElement(c)) continue;
      if (PAGE_PARTS.has(c.name) || (c.name === 'input' && c.attribs.name === '__VIEWSTATE')) hit = true;
      else walk(c);
    }
  };
  walk(form);
  pageForms.set(form, hit);
  return hit;
}

/** True inside a form that is a login (it has a password field). */
export function isLoginForm($: CheerioAPI, form: Element): boolean {
  return $(form).find('input[type=password]').length > 0;
}

/** Text-like inputs a person types a value into. */
export const TEXT_INPUT = 'input:not([type]), input[type=text], input[type=search], input[type=number], input[type=tel], textarea';

/**
 * A <label> without `for` beside the input in its own small group
 * (Bootstrap's `.form-group`): the common way portals label fields.
 */
function groupLabel($: CheerioAPI, input: Element): string {
  for (const a of ancestors(input).slice(0, 3)) {
    if (a.name === 'form' || $(a).find(TEXT_INPUT).length > 1) break;
    const labels = $(a).find('label:not([for])').toArray();
    if (labels.length) return labels.map(rawText).join(' ');
  }
  return '';
}

/** The input's own <label>s: the one that names it by `for`, and the one that wraps it. */
export function ownLabels($: CheerioAPI, input: Element): { forLabel: string; wrapping: Element | undefined } {
  const id = input.attribs.id;
  return { forLabel: id ? $(`label[for="${id.replace(/"/g, '')}"]`).text() : '', wrapping: ancestors(input).find((a) => a.name === 'label') };
}

/** A readable label for an input: its <label>, placeholder, aria-label, name and id split into words. */
export function inputLabel($: CheerioAPI, input: Element): string {
  const { forLabel, wrapping } = ownLabels($, input);
  const names = [input.attribs.name, input.attribs.id].filter(Boolean).join(' ').replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_\-[\]]+/g, ' ');
  return normalize([labelText(input), forLabel, wrapping ? rawText(wrapping) : groupLabel($, input), names].join(' '));
}

/** True when the field is disabled itself or by a disabled <fieldset> around it (outside that fieldset's first legend, as HTML has it). */
function isDisabledField(input: Element): boolean {
  if (input.attribs.disabled !== undefined) return true;
  const up = ancestors(input);
  return up.some((a) => {
    if (a.name !== 'fieldset' || a.attribs.disabled === undefined) return false;
    const legend = a.children.find((c) => isElement(c) && c.name === 'legend');
    return !legend || !up.includes(legend as Element);
  });
}

/** Buttons that submit their form. */
export const SUBMIT_BUTTON = 'button:not([type]), button[type=submit], input[type=submit], input[type=image]';

/**
 * True when a person cannot use the field yet: it is disabled, or every submit
 * button of its form (or form-less group) is disabled or promises «به‌زودی».
 * A form shown before its system exists is no facility.
 */
export function isInertField($: CheerioAPI, input: Element, group?: Element): boolean {
  if (isDisabledField(input)) return true;
  const submits = group ? $(group).find(SUBMIT_BUTTON).toArray() : [];
  return submits.length > 0 && submits.every((b) => isDisabledField(b) || saysPlaceholder(normalize(`${rawText(b)} ${b.attribs.value ?? ''}`)));
}

/** Script types a browser runs (none, a JavaScript MIME type, or a module); JSON-LD and templates are data. */
const RUN_TYPES = /^(|module|(text|application)\/(java|ecma)script)$/i;

/**
 * True when the page can run script: an executable <script> or an inline
 * handler (onclick …). Without either, a box outside a form does nothing.
 */
export function runsScript($: CheerioAPI): boolean {
  if ($('script').toArray().some((s) => RUN_TYPES.test((s.attribs.type ?? '').trim()))) return true;
  return $('*').toArray().filter(isElement).some((el) => Object.keys(el.attribs).some((a) => /^on[a-z]+$/i.test(a)));
}
