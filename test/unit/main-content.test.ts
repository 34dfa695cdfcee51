// The content of a page a label names by its title: its main column, not its sidebars.
import { describe, expect, it } from 'vitest';
import { loadDom, rawText } from '../../crawlers/dom.ts';
import { mainContent } from '../../rules/lib/sections.ts';

const text = (html: string) => mainContent(loadDom(html)).map((el) => rawText(el)).join(' | ');

const SIDEBAR = '<div class="col-md-3 sidebar"><div class="panel-heading">دسترسی سریع</div><ul><li><a href="/samad">ثبت شکایت (سامد)</a></li><li><a href="/meeting">ملاقات مردمی</a></li></ul></div>';

describe('mainContent', () => {
  it('takes the wide columns of a Bootstrap row, not its sidebar', () => {
    const html = `<body><div class="header"><h3>اداره کل</h3></div><div class="container"><div class="row"><div class="col-md-9"><h1>فهرست خدمات</h1><ol><li><a href="/s/1">صدور گواهی کسر حق بیمه</a></li><li><a href="/s/2">برقراری مستمری بازنشستگی</a></li></ol></div>${SIDEBAR}</div></div><footer>نشانی</footer></body>`;
    expect(text(html)).toContain('برقراری مستمری');
    expect(text(html)).not.toContain('ملاقات مردمی');
  });

  it('leaves a row of equal cards alone: no column of it is a sidebar', () => {
    const cards = Array.from({ length: 4 }, (_, i) => `<div class="col-md-3"><a href="/s/${i}">خدمت ${i}</a></div>`).join('');
    const html = `<body><div class="container"><h1>خدمات</h1><div class="row">${cards}</div></div></body>`;
    expect(text(html)).toContain('خدمت 3');
    expect(text(html)).toContain('خدمات');
  });

  it('takes the wide cells of a frame table beside fixed-width sidebars', () => {
    const html = '<body><table width="780"><tr><td><table><tr><td width="160">منوی اصلی · اخبار</td><td width="100%">شرح وظایف اداره کل: حفاظت از منابع طبیعی استان و صدور پروانه چرا و بهره‌برداری</td><td width="160">پیوندها</td></tr></table></td></tr></table></body>';
    expect(text(html)).toContain('شرح وظایف');
    expect(text(html)).not.toContain('منوی اصلی');
  });

  it('takes an old theme\'s «#main» column, not when the id wraps the whole frame', () => {
    const column = '<body><div id="mn"><ul><li><a href="/">صفحه اصلی</a></li><li><a href="/faq.php">پرسش‌ها</a></li></ul></div><div id="ct"><div id="main"><h2>خدمات اداره کل</h2><ul><li><a href="/s/1">صدور جواز دفن</a></li></ul></div><div id="side"><h2>پیوندها</h2></div></div></body>';
    expect(text(column)).toContain('صدور جواز دفن');
    expect(text(column)).not.toContain('پیوندها');
    const frame = '<body><div id="wrap"><div id="main"><nav><a href="/">صفحه اصلی</a></nav><div class="col"><h2>خدمات</h2></div><footer>نشانی</footer></div></div></body>';
    expect(text(frame)).toContain('صفحه اصلی');
    const table = '<body><form id="form1"><table id="main" width="990"><tr><td width="180">منوی اصلی · اخبار</td><td>خدمات استانداری: صدور مجوز تجمعات و ملاقات مردمی با استاندار و معاونان</td></tr></table></form></body>';
    expect(text(table)).not.toContain('منوی اصلی');
  });
});
