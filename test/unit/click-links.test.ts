// Links written as click handlers («<a href="javascript:void(0)" onclick="location.href='…'">»,
// a tile <div onclick="window.open('…')">) are links where a click takes the citizen.
import { describe, expect, it } from 'vitest';
import { buildPageArtifact } from '../../crawlers/artifacts.ts';
import { clickTarget, loadDom, type Element } from '../../crawlers/dom.ts';

const BASE = 'https://agency.example.ir/Portal/Default.aspx';

function linksOf(body: string) {
  const page = buildPageArtifact({ url: BASE, finalUrl: BASE, status: 200, headers: { 'content-type': 'text/html' }, html: `<!doctype html><body>${body}</body>`, depth: 0, fetchedBy: 'http', timing: { startedAt: '2025-12-22T00:00:00Z', durationMs: 1 } });
  return page.links.map((l) => `${l.href} ${l.text}`);
}

describe('click handlers that navigate', () => {
  it('read the literal URL of location.href, location.assign/replace and window.open, quoted either way', () => {
    const $ = loadDom(`<div id="a" onclick="location.href='/x?id=1'"></div><span id="b" onclick='window.location = "https://other.ir/y"; return false;'></span>
      <table><tr id="c" onclick="document.location.assign('z.aspx')"><td>ردیف</td></tr></table><li id="d" onclick="window.open('/doc.pdf','_blank')"></li><i id="e" onclick="Vote(); return false;"></i>`);
    const at = (id: string) => clickTarget($(`#${id}`)[0] as Element);
    expect([at('a'), at('b'), at('c'), at('d'), at('e')]).toEqual(['/x?id=1', 'https://other.ir/y', 'z.aspx', '/doc.pdf', null]);
  });

  it('give a script-only anchor its target as its href, and leave a real href alone', () => {
    const $ = loadDom(`<a id="m" href="javascript:void(0)" onclick="location.href='/Portal/ShowPage.aspx?id=1302'">مدیران</a>
      <a id="r" href="/real" onclick="location.href='/elsewhere'">واقعی</a><a id="j" href="javascript:window.open('/popup.aspx')">پنجره</a>`);
    expect($('#m').attr('href')).toBe('/Portal/ShowPage.aspx?id=1302');
    expect($('#r').attr('href')).toBe('/real');
    expect($('#j').attr('href')).toBe('/popup.aspx');
  });

  it('are read as links in document order, an anchor once, a clickable tile with its text', () => {
    expect(linksOf(`<a href="/a">الف</a><a href="javascript:void(0)" onclick="location.href='/b'">ب</a>
      <div class="tile" onclick="location.href='/c'"><img src="/i.png" alt="پرداخت عوارض"></div><button onclick="alert(1)">هیچ</button>`))
      .toEqual(['https://agency.example.ir/a الف', 'https://agency.example.ir/b ب', 'https://agency.example.ir/c پرداخت عوارض']);
  });

  it('read a select that navigates on change as its options\' links, and an image map\'s areas by their alt', () => {
    expect(linksOf(`<select onchange="if(this.value)location.href=this.value"><option value="">-- انتخاب خدمت --</option><option value="/s/1">صدور پروانه</option><option value="/s/2">تمدید پروانه</option></select>
      <select onchange="window.location = this.options[this.selectedIndex].value"><option value="/y/1404">۱۴۰۴</option></select>
      <select name="q"><option value="/not-a-link">نه</option></select>
      <map name="m"><area shape="rect" coords="0,0,1,1" href="/s/3" alt="صدور مجوز"></map>`))
      .toEqual(['https://agency.example.ir/s/1 صدور پروانه', 'https://agency.example.ir/s/2 تمدید پروانه', 'https://agency.example.ir/y/1404 1404', 'https://agency.example.ir/s/3 صدور مجوز']);
  });
});
