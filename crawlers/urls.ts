// Canonical page URLs, so one page is fetched once: no fragment, sorted query,
// no tracking parameters and no session ids (in the query, in a `;jsessionid=`
// path parameter, or in ASP.NET's cookieless `/(S(…))/` segment). A fragment
// that is a client-side route (`#/about`, `#!/about`) is kept: in a
// hash-routed single-page app it is the only thing that names the page. So is
// a WebForms postback fragment (`#postback=…`, see postback.ts): the page a
// LinkButton's POST shows has no address of its own.
import normalizeUrl from 'normalize-url';

// Names that only ever carry a session or a campaign, never a page's identity.
const ALWAYS_DROPPED = [
  /^utm_\w+$/i, /^(fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl)$/i,
  /^(phpsessid|jsessionid|aspsessionid\w*|sessionid|session_id|sessid|cfid|cftoken|oscsid|zenid)$/i,
];
// Short names that a portal may also use for a real id ("sid=12"): dropped only when the value looks random.
const SESSION_LIKE_NAMES = /^(sid|session|s_id|token)$/i;
const RANDOM_VALUE = /^[A-Za-z0-9_-]{16,}$/;

const PATH_SESSION = /;(jsessionid|phpsessid|sessionid|sid)=[^/?#]*/gi;
const ASPNET_COOKIELESS = /\/\([A-Z]\([^)]*\)\)(?=\/)/g;

function dropSessionLike(u: URL): void {
  for (const [name, value] of [...u.searchParams]) {
    if (SESSION_LIKE_NAMES.test(name) && RANDOM_VALUE.test(value)) u.searchParams.delete(name);
  }
}

/** A route of a hash-routed app: `#/x` or `#!/x`, never the root route alone. */
const ROUTE = /^#!?\/./;

/** The URL's client-side route (`#/services/12`), or null when its fragment is only a place in the page. */
export function routeOf(url: string): string | null {
  const { hash } = new URL(url);
  return ROUTE.test(hash) ? hash : null;
}

/** The fragment that names a page reached by a WebForms postback. */
const POSTBACK = /^#postback=/;

/** What names a postback view: the control that posted, and its argument. */
export interface PostbackCall { target: string; argument: string }

// Control ids are letters, digits, `$` and `_`; anything else is escaped, `$` is left readable.
const escapePart = (s: string) => encodeURIComponent(s).replace(/%24/g, '$');

/** The fragment of the page a postback of `target` shows: `#postback=ctl00$mnuMain$lnkServices`. */
export function postbackFragment(call: PostbackCall): string {
  return `#postback=${escapePart(call.target)}${call.argument ? `&argument=${escapePart(call.argument)}` : ''}`;
}

/** The postback a URL names (`…/Default.aspx#postback=…`), or null. */
export function postbackOf(url: string): PostbackCall | null {
  const { hash } = new URL(url);
  if (!POSTBACK.test(hash)) return null;
  const params = new URLSearchParams(hash.slice(1).replace(/\+/g, '%2B'));
  const target = params.get('postback') ?? '';
  return target ? { target, argument: params.get('argument') ?? '' } : null;
}

/** The fragment that is part of a page's identity: a client-side route or a postback. */
function identityFragment(url: string): string {
  const route = routeOf(url);
  if (route) return route;
  const call = postbackOf(url);
  return call ? postbackFragment(call) : '';
}

/** Where a redirect leads, with the route it came from when its Location names none (as a browser keeps it). */
export function inheritRoute(next: string, from: string): string {
  const route = routeOf(from);
  return route && !new URL(next).hash ? canonicalUrl(`${next}${route}`) : next;
}

/**
 * Would going from `current` to `next` stay in the same document (only the
 * fragment changes)? Then a tab would not load the page afresh but let the
 * app change route in place, carrying the last route's state along.
 */
export function sameDocument(current: string, next: string): boolean {
  try {
    const [a, b] = [new URL(current), new URL(next)];
    a.hash = '';
    b.hash = '';
    return a.href === b.href;
  } catch {
    return false;
  }
}

/** The canonical form of an absolute http(s) URL. Throws on a URL that cannot be parsed. */
export function canonicalUrl(url: string): string {
  return `${canonicalDocument(url)}${identityFragment(url)}`;
}

/** The document's canonical URL, without any fragment. */
function canonicalDocument(url: string): string {
  const u = new URL(url);
  u.pathname = u.pathname.replace(PATH_SESSION, '').replace(ASPNET_COOKIELESS, '');
  dropSessionLike(u);
  return normalizeUrl(u.href, {
    stripHash: true, stripTextFragment: true, sortQueryParameters: true, removeQueryParameters: ALWAYS_DROPPED,
    // Keep everything that could name a different page on a real server.
    stripWWW: false, removeTrailingSlash: false, removeSingleSlash: false, removeDirectoryIndex: false, normalizeProtocol: false, stripAuthentication: false,
  });
}

/**
 * The shape of a URL with numbers blanked and query values dropped: an
 * infinite calendar or a paged archive yields endless URLs of one shape.
 */
export function urlPattern(url: string): string {
  const u = new URL(url);
  const keys = [...new Set([...u.searchParams.keys()])].sort().join('&');
  return `${u.host}${u.pathname.replace(/-?\d+/g, '#')}?${keys}${identityFragment(url).replace(/-?\d+/g, '#')}`;
}
