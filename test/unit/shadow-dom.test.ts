// Declarative shadow DOM (`<template shadowrootmode="open">`) is shown, not
// inert: loadDom puts a shadow root's content where a browser shows it, in its
// host, with the host's children in their slots; an ordinary <template> stays
// inert. (What a script attaches is read from the rendered page, which
// serializes open shadow roots the same way: test/e2e/shadow-dom.test.ts.)
import { describe, expect, it } from 'vitest';
import { cssPath, loadDom, visibleText } from '../../crawlers/dom.ts';

const text = (html: string) => visibleText(loadDom(html)('body')[0]).text.replace(/\s+/g, ' ').trim();

describe('declarative shadow DOM', () => {
  it('shows a shadow root\'s content inside its host, to selectors and to the text read', () => {
    const html = `<body><site-footer><template shadowrootmode="open"><address>تلفن: ۰۵۱-۳۸۴۰۰۰۰۰</address><a href="/contact">تماس با ما</a></template></site-footer></body>`;
    const $ = loadDom(html);
    expect($('site-footer address').text()).toBe('تلفن: ۰۵۱-۳۸۴۰۰۰۰۰');
    expect(cssPath($('a')[0])).toBe('html > body > site-footer > a');
    expect(text(html)).toBe('تلفن: ۰۵۱-۳۸۴۰۰۰۰۰ تماس با ما');
  });

  it('puts the host\'s children in their slots, named and default, and drops those no slot shows', () => {
    const html = `<body><service-card><template shadowrootmode="open"><h2><slot name="title">بی‌نام</slot></h2><div class="b"><slot></slot></div><p><slot name="none">پیش‌فرض</slot></p></template>`
      + `<span slot="title">صدور قبض المثنی</span><p>مدارک: کد اشتراک</p><span slot="hidden">پنهان</span></service-card></body>`;
    const $ = loadDom(html);
    expect($('service-card h2').text()).toBe('صدور قبض المثنی');
    expect($('service-card .b p').text()).toBe('مدارک: کد اشتراک');
    expect(text(html)).toBe('صدور قبض المثنی مدارک: کد اشتراک پیش‌فرض');
    expect($('slot').length).toBe(0);
  });

  it('opens shadow roots nested in shadow roots, and the older shadowroot attribute', () => {
    const html = `<body><a-shell><template shadowrootmode="open"><b-menu><template shadowroot="open"><nav><a href="/faq">پرسش‌های متداول</a></nav></template></b-menu></template></a-shell></body>`;
    expect(loadDom(html)('a-shell b-menu nav a').attr('href')).toBe('/faq');
  });

  it('fills a nested component\'s slots with its own children, not with its outer host\'s', () => {
    const html = `<body><outer-box><template shadowrootmode="open"><section><slot></slot><inner-box><template shadowrootmode="open"><h3><slot></slot></h3></template>عنوان درونی</inner-box></section></template><p>متن بیرونی</p></outer-box></body>`;
    const $ = loadDom(html);
    expect($('inner-box h3').text()).toBe('عنوان درونی');
    expect($('outer-box section > p').text()).toBe('متن بیرونی');
  });

  it('keeps an ordinary template inert beside them', () => {
    const html = `<body><x-a><template shadowrootmode="open"><p>دیده می‌شود</p></template></x-a><template><form><input name="trackingCode"></form></template></body>`;
    const $ = loadDom(html);
    expect($('form').length).toBe(0);
    expect(text(html)).toBe('دیده می‌شود');
  });
});
