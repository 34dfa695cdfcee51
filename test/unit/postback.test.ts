// WebForms LinkButtons: which postbacks the crawl follows, the address each
// view gets, and the body a click posts.
import { describe, expect, it } from 'vitest';
import { loadDom } from '../../crawlers/dom.ts';
import { parsePostbackHref, postbackBody, postbackForm } from '../../crawlers/postback.ts';
import { canonicalUrl, postbackOf, urlPattern } from '../../crawlers/urls.ts';
import { pageFromHtml } from '../support/fixture-site.ts';

const FORM = (inner: string) => `<html><body><form method="post" action="./Default.aspx" id="aspnetForm">
<input type="hidden" name="__EVENTTARGET" value=""><input type="hidden" name="__EVENTARGUMENT" value=""><input type="hidden" name="__VIEWSTATE" value="/wEPDwUKMTIzNDU2Nzg5MA==">${inner}</form></body></html>`;
const lb = (target: string, text: string, argument = '') => `<a href="javascript:__doPostBack('${target}','${argument}')">${text}</a>`;

describe('parsePostbackHref', () => {
  it('reads __doPostBack and WebForm_DoPostBackWithOptions, with a cross-page action', () => {
    expect(parsePostbackHref(`javascript:__doPostBack('ctl00$mnuMain$lnkServices','')`)).toEqual({ target: 'ctl00$mnuMain$lnkServices', argument: '', actionUrl: null });
    expect(parsePostbackHref(`javascript:__doPostBack("ctl00$gvNews","Page$2")`)).toEqual({ target: 'ctl00$gvNews', argument: 'Page$2', actionUrl: null });
    expect(parsePostbackHref(`javascript:WebForm_DoPostBackWithOptions(new WebForm_PostBackOptions("ctl00$lnkAbout", "", false, "", "About.aspx", false, true))`))
      .toEqual({ target: 'ctl00$lnkAbout', argument: '', actionUrl: 'About.aspx' });
    expect(parsePostbackHref('javascript:void(0)')).toBeNull();
    expect(parsePostbackHref(`javascript:__doPostBack('','')`)).toBeNull();
  });
});

describe('a page of LinkButtons', () => {
  const html = FORM(`<ul class="menu"><li>${lb('ctl00$mnuMain$lnkServices', 'خدمات')}</li><li>${lb('ctl00$ucHeader$lnkLogout', 'خروج از حساب')}</li>
</ul>
<table><tr><td>${lb('ctl00$gv$ctl02$lnkTitle', 'صدور پروانه')}</td></tr><tr><td>${lb('ctl00$gv', 'صفحه ۲', 'Page$2')} ${lb('ctl00$gv', 'عنوان', 'Sort$Title')}</td></tr></table>
<div class="box"><input type="text" name="ctl00$txtCode" value=""> ${lb('ctl00$lnkTrack', 'پیگیری')}</div>${lb('ctl00$cphMain$btnDelete', 'پاک کردن')}`);
  const page = pageFromHtml(html, 'http://owqaf.example.ir/Default.aspx');
  const hrefs = page.links.map((l) => l.href);

  it('gives each navigating LinkButton the address of the view it shows', () => {
    expect(hrefs).toContain('http://owqaf.example.ir/Default.aspx#postback=ctl00$mnuMain$lnkServices');
    expect(hrefs).toContain('http://owqaf.example.ir/Default.aspx#postback=ctl00$gv$ctl02$lnkTitle');
    expect(hrefs).toContain('http://owqaf.example.ir/Default.aspx#postback=ctl00$gv&argument=Page$2');
  });

  it('leaves the ones that act leading nowhere: a logout, a re-sort, a button named so, the button of a box with a field', () => {
    expect(hrefs.some((h) => /Logout|Sort|btnDelete|lnkTrack/.test(h))).toBe(false);
    expect(hrefs.filter((h) => postbackOf(h))).toHaveLength(3);
  });

  it('posts the form of the page it was found on, the control and argument named', () => {
    const $ = loadDom(html);
    const a = $('a').toArray().find((x) => x.attribs.href.endsWith('Page$2'))!;
    const body = new URLSearchParams(postbackBody($, postbackForm($, a)!, postbackOf(`http://x.ir/${a.attribs.href}`)!));
    expect(body.get('__EVENTTARGET')).toBe('ctl00$gv');
    expect(body.get('__EVENTARGUMENT')).toBe('Page$2');
    expect(body.get('__VIEWSTATE')).toBe('/wEPDwUKMTIzNDU2Nzg5MA==');
    expect(body.getAll('__EVENTTARGET')).toHaveLength(1);
    expect(body.get('ctl00$txtCode')).toBe('');
  });

  it('an anchor outside the form posts the page\'s WebForms form; a page without one has no postback to make', () => {
    const outside = pageFromHtml(`<html><body>${lb('ctl00$lnkNews', 'اخبار')}<form action="List.aspx"><input type="hidden" name="__VIEWSTATE" value="x"></form></body></html>`, 'http://x.ir/a/Default.aspx');
    expect(outside.links.map((l) => l.href)).toEqual(['http://x.ir/a/List.aspx#postback=ctl00$lnkNews']);
    const none = pageFromHtml(`<html><body>${lb('ctl00$lnkNews', 'اخبار')}</body></html>`, 'http://x.ir/');
    expect(none.links).toEqual([]);
  });
});

describe('postback addresses', () => {
  it('keep their fragment through canonicalisation; numbered rows share a shape', () => {
    expect(canonicalUrl('http://x.ir/Default.aspx?b=1&a=2#postback=ctl00$gv$ctl02$lnkTitle')).toBe('http://x.ir/Default.aspx?a=2&b=1#postback=ctl00$gv$ctl02$lnkTitle');
    expect(canonicalUrl('http://x.ir/Default.aspx#top')).toBe('http://x.ir/Default.aspx');
    expect(urlPattern('http://x.ir/Default.aspx#postback=ctl00$gv$ctl02$lnkTitle')).toBe(urlPattern('http://x.ir/Default.aspx#postback=ctl00$gv$ctl07$lnkTitle'));
    expect(urlPattern('http://x.ir/Default.aspx#postback=ctl00$mnu$lnkFaq')).not.toBe(urlPattern('http://x.ir/Default.aspx#postback=ctl00$mnu$lnkAbout'));
  });
});
