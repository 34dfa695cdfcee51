import { describe, expect, it } from 'vitest';
import { canonicalUrl, inheritRoute, routeOf, urlPattern } from '../../crawlers/urls.ts';
import { resolveHref } from '../../crawlers/artifacts.ts';

describe('canonicalUrl', () => {
  it('drops the fragment and sorts the query', () => {
    expect(canonicalUrl('http://a.ir/p?b=2&a=1#top')).toBe('http://a.ir/p?a=1&b=2');
  });

  it('strips tracking parameters and session ids in the query, the path and ASP.NET cookieless segments', () => {
    expect(canonicalUrl('http://a.ir/news?utm_source=x&id=7&fbclid=abc')).toBe('http://a.ir/news?id=7');
    expect(canonicalUrl('http://a.ir/contact?PHPSESSID=0123456789abcdef')).toBe('http://a.ir/contact');
    expect(canonicalUrl('http://a.ir/complaints;jsessionid=ABCDEF0123456789?x=1')).toBe('http://a.ir/complaints?x=1');
    expect(canonicalUrl('http://a.ir/(S(lit3py55t21z5v55vlm25s55))/default.aspx')).toBe('http://a.ir/default.aspx');
  });

  it('keeps a short id that merely looks like a session parameter: it may name a page', () => {
    expect(canonicalUrl('http://a.ir/service?sid=12')).toBe('http://a.ir/service?sid=12');
    expect(canonicalUrl('http://a.ir/service?sid=k2j3h4k5j6h7k8j9l0')).toBe('http://a.ir/service');
  });

  it('keeps what may name another page on a real server: www, trailing slash, index file, port', () => {
    expect(canonicalUrl('http://www.a.ir/services/')).toBe('http://www.a.ir/services/');
    expect(canonicalUrl('http://a.ir/index.html')).toBe('http://a.ir/index.html');
    expect(canonicalUrl('http://127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080/x');
  });

  it('gives one URL for the same page written two ways', () => {
    expect(canonicalUrl('HTTP://A.ir:80/%D8%AE?b=1&a=2')).toBe(canonicalUrl('http://a.ir/%D8%AE?a=2&b=1#x'));
  });
});

describe('client-side routes (hash-routed single-page apps)', () => {
  it('keeps a fragment that is a route (#/…, #!/…): it names another page of the app', () => {
    expect(canonicalUrl('http://a.ir/#/services/12')).toBe('http://a.ir/#/services/12');
    expect(canonicalUrl('http://a.ir/app/?b=2&a=1#!/about')).toBe('http://a.ir/app/?a=1&b=2#!/about');
    expect(canonicalUrl('http://a.ir/#/about')).not.toBe(canonicalUrl('http://a.ir/#/contact'));
    expect(routeOf('http://a.ir/#/about')).toBe('#/about');
  });

  it('drops the root route and every fragment that is only a place in the page', () => {
    expect(canonicalUrl('http://a.ir/#/')).toBe('http://a.ir/');
    expect(canonicalUrl('http://a.ir/#!/')).toBe('http://a.ir/');
    expect(canonicalUrl('http://a.ir/p#section-2')).toBe('http://a.ir/p');
    expect(canonicalUrl('http://a.ir/p#')).toBe('http://a.ir/p');
    expect(routeOf('http://a.ir/p#top')).toBeNull();
    expect(routeOf('http://a.ir/')).toBeNull();
  });

  it('resolves route links against the page they are on', () => {
    expect(resolveHref('#/news/3', 'http://a.ir/#/news')).toBe('http://a.ir/#/news/3');
    expect(resolveHref('#/', 'http://a.ir/#/news')).toBe('http://a.ir/');
  });

  it('gives each route its own URL shape, so an app\'s routes are not cut as one shape', () => {
    expect(urlPattern('http://a.ir/#/about')).not.toBe(urlPattern('http://a.ir/#/contact'));
    expect(urlPattern('http://a.ir/#/news/3')).toBe(urlPattern('http://a.ir/#/news/4'));
  });

  it('keeps the route across a redirect whose Location has no fragment, as a browser does', () => {
    expect(inheritRoute('http://a.ir/fa/', 'http://a.ir/#/about')).toBe('http://a.ir/fa/#/about');
    expect(inheritRoute('http://a.ir/fa/#/x', 'http://a.ir/#/about')).toBe('http://a.ir/fa/#/x');
    expect(inheritRoute('http://a.ir/fa/', 'http://a.ir/')).toBe('http://a.ir/fa/');
  });
});

describe('resolveHref', () => {
  it('resolves relative links to canonical absolute URLs and refuses scripts and mail', () => {
    expect(resolveHref('../a?utm_medium=x#f', 'http://a.ir/b/c')).toBe('http://a.ir/a');
    expect(resolveHref('javascript:void(0)', 'http://a.ir/')).toBeNull();
    expect(resolveHref('mailto:x@a.ir', 'http://a.ir/')).toBeNull();
  });
});

describe('urlPattern', () => {
  it('blanks numbers, signs included, and drops query values', () => {
    expect(urlPattern('http://a.ir/calendar?month=12')).toBe(urlPattern('http://a.ir/calendar?month=-3'));
    expect(urlPattern('http://a.ir/calendar/2025/11')).toBe(urlPattern('http://a.ir/calendar/-1/3'));
    expect(urlPattern('http://a.ir/news?id=1')).not.toBe(urlPattern('http://a.ir/news?page=1'));
    expect(urlPattern('http://a.ir/services/tour-guide')).not.toBe(urlPattern('http://a.ir/services/excavation'));
  });
});
