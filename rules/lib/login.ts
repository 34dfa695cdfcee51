// Where a citizen logs in: login forms, login links and single-sign-on
// buttons, each with the host that receives the login. Shared by national-sso
// (does the login go through the national SSO?) and single-entry (how many
// systems receive logins and service forms?).
import type { CheerioAPI, Element } from '../../crawlers/dom.ts';
import { ancestors, labelText } from '../../crawlers/dom.ts';
import type { LinkArtifact, PageArtifact, SiteArtifacts } from '../../crawlers/artifacts.ts';
import type { Citation, RuleContext } from '../../src/engine/define-rule.ts';
import { compilePattern, matchesAny } from '../../src/text/match.ts';
import { inRunningText } from './blocks.ts';
import { cite, citeLink } from './cite.ts';
import { isLoginForm, TEXT_INPUT } from './forms.ts';
import { endsLikeHeadline, governingHeadings, readsLikeLabel, words } from './labels.ts';
import { bareHost, linkElement, MAX_NAV_LINK_WORDS, onHosts } from './links.ts';
import { targetOf } from './targets.ts';

/** Labels of a login that opens with them: «ورود به سامانه جامع …», «ورود / ثبت‌نام». */
const LOGIN_CUES = [
  'ورود به سامانه', 'ورود به حساب', 'ورود به پنل', 'ورود به پرتال', 'ورود به پورتال', 'ورود به کارتابل', 'ورود به میز',
  'ورود به پیشخوان', 'ورود به ناحیه کاربری', 'ورود کاربر', 'ورود اعضا', 'ورود متقاضی', 'ورود شهروند',
  'ورود اشخاص', 'ورود حقیقی', 'ورود حقوقی',
  'ورود یا ثبت نام', 'ورود و ثبت نام', 'ورود / ثبت نام', 'ورود/ثبت نام', 'ثبت نام / ورود', 'ثبت نام و ورود', 'صفحه ورود',
  'ورود / عضویت', 'ورود و عضویت', 'عضویت / ورود',
  'پنل کاربری', 'حساب کاربری', 'ناحیه کاربری',
  // A bank's customers log into its internet bank.
  'ورود به اینترنت بانک', 'ورود به بانکداری اینترنتی', 'ورود به بانکداری الکترونیک', 'ورود به همراه بانک', 'internet banking login',
  'login', 'log in', 'sign in', 'signin', 'log on', 'user login', 'my account',
];
/** A login link or button labelled with the bare word. */
const BARE_LOGIN = /^(ورود|ورود کاربران|login|log in|sign in)$/;
/** National single sign-on, named on its button: «ورود یکپارچه», «ورود با دولت من». */
export const SSO_CUES = [
  'ورود یکپارچه', 'ورود با دولت من', 'ورود از طریق دولت من', 'ورود با حساب دولت من', 'ورود با حساب کاربری دولت من',
  'ورود از طریق درگاه ملی', 'احراز هویت یکپارچه', 'درگاه یکپارچه ورود', 'سامانه یکپارچه ورود',
  'single sign on', 'single sign-on', 'sign in with my gov', 'login with my gov',
];
/** SSO names that say which one: the national brand («دولت من», «درگاه ملی»), not any single sign-on. */
const NATIONAL_SSO_CUES = ['دولت من', 'درگاه ملی', 'my gov'];

/** A staff or site-admin system (mail, office automation, the CMS panel): no citizen's login. */
const STAFF_CUES = [
  'کارکنان', 'کارمندان', 'پرسنل', 'اتوماسیون', 'اینترانت', 'مدیریت محتوا', 'پنل مدیریت', 'مدیر سایت',
  'staff', 'intranet', 'employee', 'admin panel', 'admin login', 'site admin', 'administrator', 'cms',
];
/** Links that name a login but are a guide to it, or lead to a staff system or mailbox. */
const NOT_CITIZEN_LOGIN = ['راهنما', 'راهنمای', 'آموزش', 'فیلم', 'help', 'guide', 'how to', 'پست الکترونیک', 'ایمیل', 'webmail', 'admin', ...STAFF_CUES];
/** Path segments of admin panels: /admin/, /wp-admin, /wp-login.php, /administrator, /owa. */
const ADMIN_SEGMENT = /^(admin|administrator|wp-admin|wp-login|cpanel|owa|webmail|umbraco|cms)([._-]|$)/;
/** Path segments of a login page: /login, /Account/Login.aspx, /signin, /sso/, /oauth2/authorize. */
const LOGIN_SEGMENT = /^(login|log-in|signin|sign-in|logon|sso|oauth2?|authorize)([._-]|$)/;

export type LoginKind = 'form' | 'link' | 'button';

export interface LoginPoint {
  page: PageArtifact;
  kind: LoginKind;
  /** The host that receives the login (bare, without www.). */
  host: string;
  /** Whether it goes through the national single sign-on. */
  sso: boolean;
  citation: Citation;
}

function startsWithCue(text: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => compilePattern(p).exec(text)?.index === 0);
}

function hasSegment(href: string, segment: RegExp): boolean {
  try {
    return new URL(href).pathname.toLowerCase().split('/').some((s) => segment.test(s));
  } catch {
    return false;
  }
}

function hasLoginSegment(href: string): boolean {
  return hasSegment(href, LOGIN_SEGMENT);
}

/** An admin panel's address: its login is for the site's staff. */
function isAdminUrl(href: string): boolean {
  return hasSegment(href, ADMIN_SEGMENT);
}

/** A short label that names a login (or a national SSO), and is neither a guide nor a staff system. */
function namesLogin(text: string): { login: boolean; sso: boolean } {
  const usable = words(text) <= MAX_NAV_LINK_WORDS && readsLikeLabel(text, LOGIN_CUES) && !matchesAny(text, NOT_CITIZEN_LOGIN);
  const sso = usable && matchesAny(text, SSO_CUES);
  return { login: usable && (sso || BARE_LOGIN.test(text) || startsWithCue(text, LOGIN_CUES)), sso };
}

/** A button into a login page names where it leads («ثبت دادخواست در سامانه جامع …»): a few words, no closing verb. */
const MAX_BUTTON_WORDS = 8;

function namesButton(text: string): boolean {
  return words(text) <= MAX_BUTTON_WORDS && !endsLikeHeadline(text);
}

/** The URL the login finally lands on: a crawled link's redirect target (a /login that bounces to the SSO), else the link. */
function landing(site: SiteArtifacts, href: string): string {
  return site.attempts.find((p) => p.url === href)?.finalUrl ?? href;
}

/** True when the URL is on the SSO, names the SSO in its query (a `?provider=https://sso…` start link), or is a national-window login. */
function viaSso(href: string, ctx: RuleContext): boolean {
  if (onHosts(href, ctx.config.ssoHosts)) return true;
  let query = '';
  try {
    query = decodeURIComponent(new URL(href).search).toLowerCase();
  } catch {
    return false;
  }
  if (ctx.config.ssoHosts.some((h) => query.includes(`//${h.toLowerCase()}`))) return true;
  // The national services window signs citizens in only through the national SSO.
  return onHosts(href, ctx.config.nationalWindowHosts) && hasLoginSegment(href);
}

/** A URL with nothing after its host: a site's front page, not a step of a login flow. */
function isFrontPage(href: string): boolean {
  try {
    const u = new URL(href);
    return u.pathname.replace(/\/+$/, '') === '' && u.search === '';
  } catch {
    return false;
  }
}

/**
 * A login named as single sign-on is the national one when it names the
 * national brand, or leads into the portal's own login path (which may pass
 * citizens on to it). «ورود یکپارچه» into a system on another host (a
 * university's CAS, an agency's own accounts server) is that system's own.
 */
function namedNational(text: string, host: string, page: PageArtifact): boolean {
  return matchesAny(text, NATIONAL_SSO_CUES) || host === bareHost(page.finalUrl);
}

function linkLogin(site: SiteArtifacts, page: PageArtifact, $: CheerioAPI, link: LinkArtifact, ctx: RuleContext): LoginPoint | null {
  const target = landing(site, link.href);
  const named = namesLogin(link.text);
  // The SSO's front page in a list of useful links is a link, not a login; a login flow has a path or a query.
  const ssoFlow = viaSso(target, ctx) && (named.login || !isFrontPage(target));
  const byUrl = ssoFlow || (hasLoginSegment(link.href) && namesButton(link.text) && !matchesAny(link.text, NOT_CITIZEN_LOGIN));
  if ((!named.login && !byUrl) || isAdminUrl(target) || isAdminUrl(link.href)) return null;
  // «ورود» on a splash page leads into the site's front page: an entrance, not a login.
  if (!named.sso && !ssoFlow && isFrontPage(link.href)) return null;
  const el = linkElement($, link);
  // «ورود یکپارچه» → "#" or script goes nowhere: a dead control, not a login.
  if (el && (inRunningText(el) || /^\s*(#|javascript:)/i.test(el.attribs.href ?? ''))) return null;
  // «ورود / ثبت‌نام» → a page that says «در حال بروزرسانی» leads to no login yet.
  if (targetOf(site, link.href, ctx.dom).state === 'placeholder') return null;
  const host = bareHost(target);
  if (!host) return null;
  return { page, kind: 'link', host, sso: ssoFlow || (named.sso && namedNational(link.text, host, page)), citation: citeLink(page, link) };
}

function resolve(action: string | undefined, page: PageArtifact): string {
  try {
    return action && !/^javascript:/i.test(action.trim()) ? new URL(action.trim(), page.finalUrl).href : page.finalUrl;
  } catch {
    return page.finalUrl;
  }
}

/** Where a form posts: its action, resolved against the page. */
export function formTarget(form: Element, page: PageArtifact): string {
  return resolve(form.attribs.action, page);
}

/** A login form: a password field, or a field with a submit button that says «ورود» / "Log in". */
function isLogin($: CheerioAPI, form: Element): boolean {
  if (isLoginForm($, form)) return true;
  if ($(form).find(TEXT_INPUT).length === 0) return false;
  return $(form).find('button, input[type=submit]').toArray().some((b) => namesLogin(labelText(b)).login);
}

/** A login form for staff: posted to an admin path, or named so by its heading, the page's h1 or title. */
function isStaffForm($: CheerioAPI, page: PageArtifact, form: Element): boolean {
  if (isAdminUrl(formTarget(form, page)) || isAdminUrl(page.finalUrl)) return true;
  const names = [...governingHeadings($, form), ...$('h1').toArray()].map(labelText).join(' ');
  return matchesAny(`${names} ${page.title}`, STAFF_CUES);
}

/**
 * A form of hidden fields and a button that sends the visitor to a sign-in
 * (an OAuth «authorize», a CAS «login»): a login whatever its button says.
 */
function isRedirectToLogin($: CheerioAPI, page: PageArtifact, form: Element, ctx: RuleContext): boolean {
  if ($(form).find(TEXT_INPUT).length > 0 || $(form).find('button, input[type=submit], input[type=image]').length === 0) return false;
  const target = formTarget(form, page);
  return target !== page.finalUrl && (viaSso(target, ctx) || hasLoginSegment(target));
}

function formLogins(page: PageArtifact, $: CheerioAPI, ctx: RuleContext): LoginPoint[] {
  return $('form').toArray().filter((f) => (isLogin($, f) || isRedirectToLogin($, page, f, ctx)) && !isStaffForm($, page, f)).flatMap((form) => {
    const target = formTarget(form, page);
    const host = bareHost(target);
    return host ? [{ page, kind: 'form' as const, host, sso: viaSso(target, ctx), citation: cite(page, form, `${page.title} · ${labelText(form)}`) }] : [];
  });
}

/** Buttons (not links) that name the national SSO: they start its sign-in by script. */
function ssoButtons(page: PageArtifact, $: CheerioAPI, ctx: RuleContext): LoginPoint[] {
  return $('button, input[type=button], input[type=submit], [role=button]').toArray()
    .filter((b) => !(b.name === 'a' && b.attribs.href) && namesLogin(labelText(b)).sso && !inRunningText(b))
    .map((b) => {
      const form = ancestors(b).find((a) => a.name === 'form');
      const formaction = b.attribs.formaction ? resolve(b.attribs.formaction, page) : null;
      const target = formaction ?? (form && viaSso(formTarget(form, page), ctx) ? formTarget(form, page) : null);
      const host = (target && bareHost(target)) ?? ctx.config.ssoHosts[0]?.toLowerCase() ?? 'sso';
      return { page, kind: 'button' as const, host, sso: true, citation: cite(page, b, labelText(b)) };
    });
}

/** Every login a citizen can see on the crawled pages, in page order. */
export function loginPoints(site: SiteArtifacts, ctx: RuleContext): LoginPoint[] {
  const out: LoginPoint[] = [];
  for (const page of site.pages) {
    const $ = ctx.dom(page);
    out.push(...formLogins(page, $, ctx), ...ssoButtons(page, $, ctx));
    for (const link of page.links) {
      const point = linkLogin(site, page, $, link, ctx);
      if (point) out.push(point);
    }
  }
  return out;
}
