// Link and DOM processing stays linear with caps: the counts and notes, and
// selectors that still find their element. (Speed: scripts/bench-dom.ts.)
import { describe, expect, it } from 'vitest';
import { buildPageArtifact, MAX_LINKS_PER_PAGE } from '../../crawlers/artifacts.ts';
import { cssPath, loadDom, MAX_TEXT_NODES, visibleText } from '../../crawlers/dom.ts';

const page = (html: string) => buildPageArtifact({ url: 'http://a.test/', finalUrl: 'http://a.test/', status: 200, headers: {}, html, depth: 0, fetchedBy: 'http', timing: { startedAt: '', durationMs: 0 } });

describe('link and DOM caps', () => {
  it('reads the first links up to the cap and says how many the page had', () => {
    const n = MAX_LINKS_PER_PAGE + 2_500;
    const p = page(`<html><body><div>${Array.from({ length: n }, (_, i) => `<a href="/p${i}">${i}</a>`).join('')}</div></body></html>`);
    expect(p.links).toHaveLength(MAX_LINKS_PER_PAGE);
    expect(p.links.at(-1)!.href).toBe(`http://a.test/p${MAX_LINKS_PER_PAGE - 1}`);
    expect(p.limits).toEqual([`${n} links on the page; the first ${MAX_LINKS_PER_PAGE} were read`]);
    const $ = loadDom(p.html);
    for (const i of [0, 1, 4_999, MAX_LINKS_PER_PAGE - 1]) expect($(p.links[i].selector).attr('href')).toBe(`/p${i}`);
  });

  it('records where iframes and frames load from, resolved and once each, apart from the links', () => {
    const p = page('<html><body><iframe src="/desk/frame.html" title="میز خدمت"></iframe><iframe src="/desk/frame.html"></iframe><iframe src="https://maps.example.com/embed"></iframe><iframe src="javascript:void(0)"></iframe><a href="/a">a</a></body></html>');
    expect(p.frames).toEqual(['http://a.test/desk/frame.html', 'https://maps.example.com/embed']);
    expect(p.links.map((l) => l.href)).toEqual(['http://a.test/a']);
    expect(page('<html><frameset><frame src="/top.html"><frame src="/main.html"></frameset></html>').frames).toEqual(['http://a.test/top.html', 'http://a.test/main.html']);
    expect(page('<html><body><a href="/a">a</a></body></html>').frames).toBeUndefined();
    // A page of thousands of frames gives the crawl its first hundred.
    const many = page(`<html><body>${Array.from({ length: 3_000 }, (_, i) => `<iframe src="/f${i}"></iframe>`).join('')}</body></html>`).frames!;
    expect(many).toHaveLength(100);
    expect(many.at(-1)).toBe('http://a.test/f99');
  });

  it('an ordinary page has no limits', () => {
    expect(page('<html><body><a href="/a">a</a></body></html>').limits).toBeUndefined();
  });

  it('selectors count siblings of the same type only, and stop at an id', () => {
    const $ = loadDom('<html><body><div id="nav"><p>x</p><a href="/1">1</a><span></span><a href="/2">2</a></div><main><a href="/3">3</a></main></body></html>');
    const [a1, a2, a3] = $('a').toArray();
    expect(cssPath(a1)).toBe('#nav > a:nth-of-type(1)');
    expect(cssPath(a2)).toBe('#nav > a:nth-of-type(2)');
    expect(cssPath(a3)).toBe('html > body > main > a');
    expect($(cssPath(a2)).text()).toBe('2');
  });

  // parse5 itself is quadratic in nesting depth (20,000 levels take seconds): the agency's deadline, not this cap, bounds that.
  it('a page nested deeper than a browser builds is read without a recursive walk, and its deep links are left out with a note', () => {
    const depth = 3_000;
    const p = page(`<html><body><a href="/top">top</a>${'<div>'.repeat(depth)}<a href="/deep">deep</a>متن${'</div>'.repeat(depth)}</body></html>`);
    expect(p.links.map((l) => l.href)).toEqual(['http://a.test/top']);
    expect(p.limits).toEqual(['1 links nested deeper than a browser builds were not read']);
    expect(p.text).toContain('متن');
  });

  it('visible text stops at the node cap and says so', () => {
    const $ = loadDom(`<html><body>${'<b>x</b>'.repeat(MAX_TEXT_NODES / 2 + 10)}</body></html>`);
    const read = visibleText($('body')[0]);
    expect(read.truncated).toBe(true);
    expect(read.nodes).toBe(MAX_TEXT_NODES);
    expect(visibleText($('body')[0], 10 * MAX_TEXT_NODES).truncated).toBe(false);
  });
});
