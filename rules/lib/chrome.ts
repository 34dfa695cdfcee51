// Page chrome: the frame every page repeats (header, navigation, footer) and sidebars.
import { ancestors, type Element } from '../../crawlers/dom.ts';

const CHROME_ROLES = new Set(['banner', 'navigation', 'contentinfo', 'menubar', 'menu']);

/** Loose: any class or id word of a frame part (header, top bar, menu, footer). */
const CHROME_WORD = /(^|[\s_-])(header|top-?bar|topbar|banner|nav|navbar|navigation|menu|mainmenu|megamenu|footer)([\s_-]|$)/i;

/**
 * Strict: a whole class or id token of the site's own frame. A component's
 * «card-header» or «card-footer» is not one, nor Bootstrap's bare «nav» on content tabs.
 */
const FRAME_TOKEN = /^((site|main|global|top|primary)[-_]?)?(header|footer|navbar|navigation|menu|mega[-_]?menu|top[-_]?bar)([-_](top|bottom|inner|wrapper|wrap|container|area|links|menu|widgets?|main|bar|nav|section))?$|^(site|main|global|top|primary)[-_]?nav$/i;

/** A <header> or <footer> inside these is the item's own, not the site's (strict reading). */
const SECTIONING = new Set(['article', 'main', 'section', 'aside']);

/** A token that says a part is absent («no-footer», DataTables' mark on every table it draws): no frame at all. */
const NEGATED = /^(no|non|without|hide|hidden)[-_]/i;

function frameTokens(el: Element): string[] {
  return [...(el.attribs.class ?? '').split(/\s+/), el.attribs.id ?? ''].filter((t) => t && !NEGATED.test(t));
}

export interface ChromeOptions {
  /**
   * Only the site's own frame: whole frame tokens, and a <header>/<footer>
   * outside any article or section. Per-service rules read it strictly, since
   * a service page often puts its «ورود به سامانه» button in a «card-header».
   */
  strict?: boolean;
}

/** The element and the blocks around it, up to the page's body: classes on <body> or <html> («sticky-header», «has-mega-menu») describe the whole page, not a frame part. */
function upToBody(el: Element): Element[] {
  return [el, ...ancestors(el)].filter((a) => a.name !== 'body' && a.name !== 'html');
}

/** True when the element or an ancestor is the page's frame (header, navigation, footer) rather than its content. */
export function inPageChrome(el: Element, opts: ChromeOptions = {}): boolean {
  return upToBody(el).some((a, i, chain) => {
    if (a.name === 'nav' || CHROME_ROLES.has(a.attribs.role ?? '')) return true;
    if (a.name === 'header' || a.name === 'footer') {
      if (!opts.strict || !chain.slice(i + 1).some((up) => SECTIONING.has(up.name))) return true;
    }
    return opts.strict ? frameTokens(a).some((t) => FRAME_TOKEN.test(t)) : CHROME_WORD.test(frameTokens(a).join(' '));
  });
}

const SIDEBAR_TOKEN = /^(side[-_]?bar|sidebar|side[-_]?(col|column|menu|nav|box)|widget[-_]?area)$/i;

/** True inside a sidebar (aside, complementary, «sidebar»): site-wide boxes such as a poll or a list of systems. */
export function inSidebar(el: Element): boolean {
  return upToBody(el).some((a) => a.name === 'aside' || a.attribs.role === 'complementary' || frameTokens(a).some((t) => SIDEBAR_TOKEN.test(t)));
}
