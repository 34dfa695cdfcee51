// Did the portal refuse the crawler? A home page that answers 403/429, a bot
// or WAF challenge instead of the portal, or Iran's filtering / a geo-block
// notice means nothing about the portal can be assessed: the agency is
// recorded as `blocked` with null scores, never as a row of fails.
import type { BlockedFacts, PageArtifact } from './artifacts.ts';
import { loadDom } from './dom.ts';
import { normalize } from '../src/text/persian.ts';

// Iran's filtering page (10.10.34.34–39) and the page it sends people to.
const FILTER_HOST = /^(10\.10\.34\.3\d|(?:[\w-]+\.)*peyvandha\.ir)$/i;
const FILTER_REF = /(?:\/\/|\b)(10\.10\.34\.3\d|(?:[\w-]+\.)*peyvandha\.ir)\b/i;

// A challenge page's title says so by itself.
const CHALLENGE_TITLES: Array<[RegExp, string]> = [
  [/^just a moment/i, 'Cloudflare "Just a moment…"'],
  [/attention required.*cloudflare/i, 'Cloudflare "Attention Required"'],
  [/^request rejected$/i, 'F5 "Request Rejected"'],
  [/ddos[- ]guard|ddos protection/i, 'DDoS protection page'],
];

// Markers in the markup or the words of a challenge. Checked only on a page
// that is little else (ordinary Cloudflare pages carry challenge-platform scripts too).
const CHALLENGE_MARKERS: Array<[RegExp, string]> = [
  [/cf-chl-|_cf_chl_opt|cf-browser-verification|cf_challenge/i, 'Cloudflare challenge'],
  [/__arcsjs|arvancloud.{0,200}(challenge|captcha|checking|بررسی)|(challenge|captcha|checking|بررسی).{0,200}arvancloud/is, 'ArvanCloud challenge'],
  [/the requested url was rejected/i, 'F5 "The requested URL was rejected"'],
  [/checking your browser|verifying you are human|verify you are human|please enable (javascript and )?cookies to continue|browser verification/i, 'a browser check'],
  [/در حال بررسی مرورگر|بررسی مرورگر شما|لطفا (چند لحظه )?صبر کنید.{0,80}(بررسی|مرورگر)/, 'a browser check'],
];

const GEO_NOTICES = [
  /access (from outside (of )?iran|from your (country|region|location)) (is )?(not allowed|denied|restricted|blocked)/i,
  /(not available|unavailable) (in|from) your (country|region)/i,
  /only (be )?(accessible|available) (from|within|inside) iran/i,
  /دسترسی (از|در) خارج (از )?(کشور|ایران).{0,40}(امکان ?پذیر نیست|مجاز نیست|ممکن نیست|مسدود)/,
  /امکان دسترسی (از|در) خارج (از )?(کشور|ایران)/,
  /(فقط|تنها) از داخل (کشور|ایران) (قابل )?(دسترسی|مشاهده)/,
];

const CAPTCHA = /g-recaptcha|h-captcha|cf-turnstile|captcha/i;

/** A page that is little more than its notice: few words, few links. */
function isBare(page: PageArtifact): boolean {
  return page.text.length < 1_500 && page.links.length < 10;
}

function challengeIn(page: PageArtifact): string | null {
  for (const [re, name] of CHALLENGE_TITLES) if (re.test(page.title)) return name;
  if (!isBare(page)) return null;
  for (const [re, name] of CHALLENGE_MARKERS) if (re.test(page.html)) return name;
  return captchaOnly(page) ? 'a page that is only a CAPTCHA' : null;
}

/** A CAPTCHA with nothing else around it: no sign-in form (password), hardly any text or links. */
function captchaOnly(page: PageArtifact): boolean {
  if (!CAPTCHA.test(page.html) || page.text.length > 400 || page.links.length > 4) return false;
  return loadDom(page.html)('input[type=password]').length === 0;
}

function filteringRef(page: PageArtifact): string | null {
  const host = hostOf(page.finalUrl);
  if (host && FILTER_HOST.test(host)) return host;
  const $ = loadDom(page.html);
  const refs = [
    ...$('iframe[src], frame[src]').map((_, el) => el.attribs.src).get(),
    ...$('meta[http-equiv]').filter((_, el) => /refresh/i.test(el.attribs['http-equiv'] ?? '')).map((_, el) => el.attribs.content ?? '').get(),
    ...$('script:not([src])').map((_, el) => $(el).text()).get().filter((s) => /location/.test(s)),
  ];
  for (const ref of refs) {
    const m = FILTER_REF.exec(ref);
    if (m) return m[1];
  }
  return null;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

function facts(kind: BlockedFacts['kind'], detail: string, page: PageArtifact): BlockedFacts {
  return { kind, detail, url: page.finalUrl, status: page.status };
}

/** Was the home page a refusal rather than the portal? Pure: reads the home page's first attempt. */
export function detectBlocked(home: PageArtifact | undefined): BlockedFacts | null {
  if (!home) return null;
  const filter = filteringRef(home);
  if (filter) return facts('geo-block', `the home page leads to Iran's filtering page (${filter}) instead of the portal`, home);
  if (home.status === 451) return facts('geo-block', 'the home page answered HTTP 451 (unavailable for legal reasons)', home);
  // Cloudflare marks its challenges whatever the status (403, 503): the body of an error status is not read.
  if (/challenge/i.test(home.headers['cf-mitigated'] ?? '')) return facts('challenge', `the home page answered HTTP ${home.status} with a Cloudflare challenge`, home);
  if (home.status === 403 || home.status === 429) {
    const why = home.status === 403 ? 'refused the crawler' : 'asked the crawler to slow down and kept refusing it';
    return facts(home.status === 403 ? 'status-403' : 'status-429', `the home page answered HTTP ${home.status}: the portal ${why}`, home);
  }
  if (home.error || home.status === null || home.status >= 400 || !home.html) return null;
  const challenge = challengeIn(home);
  if (challenge) return facts('challenge', `the home page is a bot check (${challenge}), not the portal`, home);
  if (isBare(home) && GEO_NOTICES.some((re) => re.test(home.text) || re.test(normalize(home.title)))) {
    return facts('geo-block', 'the home page says the portal cannot be reached from outside Iran', home);
  }
  return null;
}
