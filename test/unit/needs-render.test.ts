import { describe, expect, it } from 'vitest';
import { loadDom, templateContent } from '../../crawlers/dom.ts';
import { renderReason } from '../../crawlers/needs-render.ts';

const prose = '<p>' + 'سازمان خدمات الکترونیکی خود را در این درگاه به شهروندان ارائه می‌کند. '.repeat(6) + '</p>';
const reason = (html: string) => renderReason(loadDom(html));

describe('renderReason', () => {
  it('is null for a page whose HTML holds its content, scripts or not', () => {
    expect(reason(`<html><body><main>${prose}</main></body></html>`)).toBeNull();
    expect(reason(`<html><body><main>${prose}</main><script>ga('send')</script></body></html>`)).toBeNull();
  });

  it('is null for a page without scripts, however short: nothing would add content', () => {
    expect(reason('<html><body><p>کوتاه</p></body></html>')).toBeNull();
  });

  it('names an empty app root', () => {
    expect(reason(`<html><body><div id="root"></div><script src="/static/js/main.js"></script></body></html>`)).toBe('empty-app-root');
    expect(reason(`<html><body><app-root></app-root>${prose}<script src="/x.js"></script></body></html>`)).toBe('empty-app-root');
  });

  it('names a noscript warning about JavaScript, in Persian or English', () => {
    expect(reason(`<html><body>${prose}<ul id="services"></ul><noscript>برای مشاهده فهرست، جاوااسکریپت را فعال کنید.</noscript><script>fill()</script></body></html>`)).toBe('noscript-warning');
    expect(reason(`<html><body>${prose}<noscript>Please enable JavaScript</noscript><script>fill()</script></body></html>`)).toBe('noscript-warning');
  });

  it('names a page with scripts and little text', () => {
    expect(reason('<html><body><h1>درگاه</h1><div class="c"></div><script src="/bundle.js"></script></body></html>')).toBe('little-text');
  });

  it('names a declared client-side framework, or an empty list a script fills', () => {
    expect(reason(`<html><body><main>${prose}</main><script src="/js/vue.min.js"></script></body></html>`)).toBe('spa-framework');
    expect(reason(`<html><body><main>${prose}<ul class="news"></ul></main><script>load()</script></body></html>`)).toBe('spa-framework');
  });

  it('names a <template> with content beside a script: only a browser shows what the script clones', () => {
    expect(reason(`<html><body><main>${prose}<div id="panes"></div><template class="pane"><ol><li>گام نخست</li></ol></template></main><script src="/js/panes.js"></script></body></html>`)).toBe('template-content');
  });

  it('is null for an empty <template>, or one on a page without scripts', () => {
    expect(reason(`<html><body><main>${prose}<template> </template></main><script>init()</script></body></html>`)).toBeNull();
    expect(reason(`<html><body><main>${prose}<template><p>پیش‌نویس</p></template></main></body></html>`)).toBeNull();
  });
});

describe('renderReason: content a script loads into a placeholder', () => {
  it('names a data table with its header row and no body rows, wherever it sits', () => {
    expect(reason(`<html><body><div class="box">${prose}<table id="list"><thead><tr><th>ردیف</th><th>عنوان</th></tr></thead></table></div><script src="/js/grid.js"></script></body></html>`)).toBe('empty-table');
    expect(reason(`<html><body><section>${prose}<table><tr><th>نام</th><th>سمت</th></tr><tbody></tbody></table></section><script>fill()</script></body></html>`)).toBe('empty-table');
  });

  it('names an empty list a script fills by its id, outside <main> too', () => {
    expect(reason(`<html><body><div class="page">${prose}<div class="panel"><h2>پرسش‌ها</h2><dl id="qa-list"></dl></div></div><script>$.getJSON('/qa.json')</script></body></html>`)).toBe('spa-framework');
    expect(reason(`<html><body><div>${prose}<ol id="latest"></ol></div><script src="/js/news.js"></script></body></html>`)).toBe('spa-framework');
  });

  it('is null for an empty list without an id outside <main> (a menu\'s leftover)', () => {
    expect(reason(`<html><body><div>${prose}<ul class="sub"></ul></div><script>menu()</script></body></html>`)).toBeNull();
  });

  it('is null for a table that has rows, or a layout table of cells', () => {
    expect(reason(`<html><body>${prose}<table><thead><tr><th>نام</th></tr></thead><tbody><tr><td>رضا</td></tr></tbody></table><script>x()</script></body></html>`)).toBeNull();
    expect(reason(`<html><body><table><tr><td>${prose}</td></tr></table><script>x()</script></body></html>`)).toBeNull();
  });

  it('names a panel that only says it is loading, in Persian or English', () => {
    expect(reason(`<html><body><nav>${prose}</nav><div id="detail"><p>لطفاً منتظر بمانید…</p></div><script src="/app.js"></script></body></html>`)).toBe('loading-placeholder');
    expect(reason(`<html><body><nav>${prose}</nav><section><span class="spinner"></span> Loading...</section><script src="/app.js"></script></body></html>`)).toBe('loading-placeholder');
    expect(reason(`<html><body><nav>${prose}</nav><div><em>در حال دریافت اطلاعات</em></div><script src="/app.js"></script></body></html>`)).toBe('loading-placeholder');
  });

  it('is null for loading words inside prose, or on a page without scripts', () => {
    expect(reason(`<html><body><main>${prose}<p>بارنامه‌ها در حال بارگذاری در کشتی‌های بندر هستند و تا پایان هفته به مقصد می‌رسند.</p></main><script>x()</script></body></html>`)).toBeNull();
    expect(reason(`<html><body><main>${prose}<div>در حال بارگذاری…</div></main></body></html>`)).toBeNull();
  });
});

describe('renderReason: a list its script extends on a button', () => {
  it('names a «نمایش بیشتر» / "Load more" button (or a script anchor) under a list', () => {
    expect(reason(`<html><body><main>${prose}<ul class="cards"><li>الف</li></ul><button type="button" class="more" data-next="/api/p2.json">نمایش بیشتر</button></main><script src="/main.js"></script></body></html>`)).toBe('load-more');
    expect(reason(`<html><body><main>${prose}<div class="grid"></div><a href="javascript:void(0)" class="btn">بارگذاری موارد بیشتر</a></main><script src="/main.js"></script></body></html>`)).toBe('load-more');
    expect(reason(`<html><body><main>${prose}<button id="more">Load more</button></main><script src="/main.js"></script></body></html>`)).toBe('load-more');
    expect(reason(`<html><body><main>${prose}<a href="#" role="button">مشاهده خدمات بیشتر</a></main><script>init()</script></body></html>`)).toBe('load-more');
  });

  it('is null for a «بیشتر» link that leads to a page, «ادامه مطلب», a button in prose, or a page without scripts', () => {
    expect(reason(`<html><body><main>${prose}<a href="/fa/services">نمایش بیشتر</a><a href="/news/12">ادامه مطلب</a></main><script src="/main.js"></script></body></html>`)).toBeNull();
    expect(reason(`<html><body><main>${prose}<button>برای اطلاعات بیشتر با ما تماس بگیرید</button></main><script src="/main.js"></script></body></html>`)).toBeNull();
    expect(reason(`<html><body><main>${prose}<button>نمایش بیشتر</button></main></body></html>`)).toBeNull();
    expect(reason(`<html><body><nav><ul><li><a href="#" class="dropdown-toggle">بیشتر</a></li></ul></nav><main>${prose}</main><script src="/main.js"></script></body></html>`)).toBeNull();
  });
});

describe('loadDom', () => {
  it('keeps a <template>\'s inert content out of reach of selectors', () => {
    const $ = loadDom('<body><template id="t"><form><input name="code"></form></template><p>متن</p></body>');
    expect($('form').length).toBe(0);
    expect(templateContent($('#t')[0]).length).toBe(1);
  });
});
