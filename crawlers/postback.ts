// ASP.NET WebForms navigation. A LinkButton is an anchor whose href is
// `javascript:__doPostBack('ctl00$mnuMain$lnkServices','')`: a click posts the
// page-wide form back with that control named in __EVENTTARGET, and the server
// answers with the next page at the same address. Portals built this way have
// no other links to their services, so the crawl posts those forms the way a
// citizen's click does. Only navigation is followed: a LinkButton that acts
// (logs out, deletes, votes, sends the form it sits in) is never posted.
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { postbackFragment, type PostbackCall } from './urls.ts';

// __doPostBack('target','argument'), quoted either way.
const DO_POSTBACK = /^\s*javascript:\s*__doPostBack\(\s*(['"])(.*?)\1\s*,\s*(['"])(.*?)\3\s*\)/i;
// WebForm_DoPostBackWithOptions(new WebForm_PostBackOptions(target, argument, validation, group, actionUrl, …)).
const WITH_OPTIONS = /^\s*javascript:\s*WebForm_DoPostBackWithOptions\(\s*new\s+WebForm_PostBackOptions\(\s*(['"])(.*?)\1\s*,\s*(['"])(.*?)\3\s*,\s*\w+\s*,\s*(['"])(.*?)\5\s*,\s*(['"])(.*?)\7/i;

/** A postback an anchor's href makes, and the cross-page action it posts to (PostBackUrl), if any. */
export interface PostbackLink extends PostbackCall { actionUrl: string | null }

export function parsePostbackHref(href: string): PostbackLink | null {
  const plain = DO_POSTBACK.exec(href);
  if (plain) return plain[2] ? { target: plain[2], argument: plain[4], actionUrl: null } : null;
  const opts = WITH_OPTIONS.exec(href);
  return opts?.[2] ? { target: opts[2], argument: opts[4], actionUrl: opts[8] || null } : null;
}

// Control names and arguments of LinkButtons that act rather than navigate.
const ACTING_CONTROL = /log_?out|sign_?out|exit|delete|remove|vote|rate|rating|like|save|submit|send|pay|buy|cancel|update|edit|confirm|captcha/i;
// A GridView's commands other than paging and selecting a row change or re-sort the data.
const ACTING_ARGUMENT = /^(Sort|Edit|Delete|Update|Cancel|Insert)\$/i;
const ACTING_TEXT = /(^|\s)(خروج|حذف|ذخیره|انصراف|لغو|ویرایش|امتیاز|رای|رأی|پسندیدم)(\s|$)/;
// Fields a citizen fills in: an anchor this close to one is the form's own button.
const FILLED_FIELD = 'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=image]):not([type=reset]), textarea, select';
const FIELD_NEIGHBOURHOOD = 3;

function besideFields($: CheerioAPI, a: Element): boolean {
  let el: Element | null = a;
  for (let up = 0; up < FIELD_NEIGHBOURHOOD && el?.parent && el.parent.type === 'tag'; up++) {
    el = el.parent as Element;
    if (el.name === 'form' || el.name === 'body') return false;
    if ($(el).find(FILLED_FIELD).length) return true;
  }
  return false;
}

/** Does this postback act (log out, delete, vote, send a form) rather than show another page? */
export function postbackActs($: CheerioAPI, a: Element, call: PostbackLink): boolean {
  const control = call.target.split(/[$:]/).pop() ?? '';
  return /^(btn|cmd|imgbtn|ib)[A-Z_]/.test(control) || ACTING_CONTROL.test(control) || ACTING_ARGUMENT.test(call.argument)
    || ACTING_TEXT.test($(a).text()) || besideFields($, a);
}

/** The form a postback from this anchor posts: its own, else the page's WebForms form. */
export function postbackForm($: CheerioAPI, a: Element): Element | null {
  const own = $(a).closest('form').toArray()[0] as Element | undefined;
  if (own) return own;
  return ($('form').toArray() as Element[]).find((f) => $(f).find('input[name=__VIEWSTATE], input[name=__EVENTTARGET]').length > 0) ?? null;
}

/**
 * Each navigating LinkButton's href becomes the address of the page its
 * postback shows: the form's action with a `#postback=…` fragment (resolved
 * later against the page, like any href). An anchor with no form to post, or
 * one that acts, keeps its `javascript:` href and leads nowhere.
 */
export function givePostbacksTheirTargets($: CheerioAPI): void {
  for (const a of $('a[href^="javascript:" i]').toArray()) {
    const call = parsePostbackHref(a.attribs.href);
    if (!call || postbackActs($, a, call)) continue;
    const form = postbackForm($, a);
    if (!form) continue;
    a.attribs.href = `${call.actionUrl ?? form.attribs.action ?? ''}${postbackFragment(call)}`;
  }
}

/** Fields a browser submits: named, enabled, and for check boxes only when checked; buttons only when clicked. */
function successfulFields($: CheerioAPI, form: Element): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const el of $(form).find('input[name], select[name], textarea[name]').toArray()) {
    if (el.attribs.disabled !== undefined) continue;
    const name = el.attribs.name;
    if (el.name === 'textarea') out.push([name, $(el).text()]);
    else if (el.name === 'select') out.push(...selectedOptions($, el).map((v): [string, string] => [name, v]));
    else out.push(...inputValue(el).map((v): [string, string] => [name, v]));
  }
  return out;
}

function inputValue(el: Element): string[] {
  const type = (el.attribs.type ?? 'text').toLowerCase();
  if (/^(submit|button|image|reset|file)$/.test(type)) return [];
  if (type === 'checkbox' || type === 'radio') return el.attribs.checked !== undefined ? [el.attribs.value ?? 'on'] : [];
  return [el.attribs.value ?? ''];
}

function selectedOptions($: CheerioAPI, select: Element): string[] {
  const options = $(select).find('option').toArray();
  const chosen = options.filter((o) => o.attribs.selected !== undefined);
  const picked = chosen.length || select.attribs.multiple !== undefined ? chosen : options.slice(0, 1);
  return picked.map((o) => o.attribs.value ?? $(o).text());
}

/** The url-encoded body a click on a LinkButton posts: the form's fields, with the control and argument named. */
export function postbackBody($: CheerioAPI, form: Element, call: PostbackCall): string {
  const fields = successfulFields($, form).filter(([name]) => name !== '__EVENTTARGET' && name !== '__EVENTARGUMENT');
  return new URLSearchParams([['__EVENTTARGET', call.target], ['__EVENTARGUMENT', call.argument], ...fields]).toString();
}
