// The benchmark's workload: a synthetic nation of Persian government portals,
// generated deterministically from a seed. Each portal has exactly M pages
// (a home page, a service catalog, the usual sections, service cards and news),
// all reachable from the home page within two links, plus a robots.txt and a
// few assets and data files. Features vary by portal so that findings differ.
// One portal in five is script-rendered: its pages carry an empty
// <div id="app"></div> and an inline script that builds the same markup.

export type PageKind = 'home' | 'catalog' | 'section' | 'service' | 'news';

export interface ServedFile {
  type: string;
  body: string;
}

export interface Features {
  viewport: boolean;
  search: boolean;
  sso: boolean;
  nationalWindow: boolean;
  social: boolean;
  app: boolean;
  /** A link into the national freedom-of-information system. */
  foia: boolean;
  /** News and reports dated within the last weeks (else two years old). */
  fresh: boolean;
  complaintStats: boolean;
  /** Probability that a service card shows each of its fields. */
  serviceCompleteness: number;
  /** Optional sections the portal publishes, by path. */
  sections: string[];
}

export interface PortalSpec {
  id: string;
  index: number;
  name: { fa: string; en: string };
  scriptRendered: boolean;
  features: Features;
  /** Extra response headers on every response. */
  headers: Record<string, string>;
  /** The M HTML pages, home first. */
  pages: Array<{ path: string; kind: PageKind; title: string }>;
  /** Everything the portal's server answers: the pages, robots.txt, assets and data files. */
  files: Map<string, ServedFile>;
}

export interface NationOptions {
  portals: number;
  pages: number;
  seed?: number;
}

export const DEFAULT_SEED = 1404;
export const SCRIPT_RENDERED_EVERY = 5;
const HTML = 'text/html; charset=utf-8';

/** mulberry32: small, fast and good enough to vary features. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FA_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
export function faDigits(value: string | number): string {
  return String(value).replace(/[0-9]/g, (d) => FA_DIGITS[Number(d)]);
}

const pad2 = (n: number) => String(n).padStart(2, '0');
/** A Jalali date as printed on Persian sites: ۱۴۰۴/۰۹/۲۴. */
const jalali = (y: number, m: number, d: number) => faDigits(`${y}/${pad2(m)}/${pad2(d)}`);

const BASE_NAMES: Array<[string, string]> = [
  ['اداره کل ثبت اسناد و املاک', 'Deeds and Property Registration'],
  ['اداره کل راه و شهرسازی', 'Roads and Urban Development'],
  ['اداره کل بهزیستی', 'Welfare Organisation'],
  ['اداره کل حفاظت محیط زیست', 'Environmental Protection'],
  ['اداره کل منابع طبیعی و آبخیزداری', 'Natural Resources and Watershed'],
  ['اداره کل تأمین اجتماعی', 'Social Security'],
  ['اداره کل امور مالیاتی', 'Tax Affairs'],
  ['اداره کل استاندارد', 'Standards'],
  ['اداره کل ثبت احوال', 'Civil Registration'],
  ['اداره کل میراث فرهنگی، گردشگری و صنایع دستی', 'Cultural Heritage, Tourism and Handicrafts'],
  ['سازمان جهاد کشاورزی', 'Agriculture Jihad'],
  ['اداره کل تعاون، کار و رفاه اجتماعی', 'Cooperatives, Labour and Social Welfare'],
];
const PROVINCES: Array<[string, string]> = [
  ['تهران', 'Tehran'], ['اصفهان', 'Isfahan'], ['فارس', 'Fars'], ['خراسان رضوی', 'Razavi Khorasan'], ['آذربایجان شرقی', 'East Azerbaijan'],
  ['خوزستان', 'Khuzestan'], ['مازندران', 'Mazandaran'], ['گیلان', 'Gilan'], ['کرمان', 'Kerman'], ['یزد', 'Yazd'], ['همدان', 'Hamadan'],
  ['کرمانشاه', 'Kermanshah'], ['سیستان و بلوچستان', 'Sistan and Baluchestan'], ['هرمزگان', 'Hormozgan'], ['قزوین', 'Qazvin'], ['زنجان', 'Zanjan'],
];
// Paths carry slugs, not numbers: the crawler crawls at most a few URLs of one shape with numbers blanked
// (an endless calendar's defence), and every one of the M pages must be reachable.
const SERVICES: Array<[string, string]> = [
  ['صدور پروانه فعالیت', 'activity-permit'], ['تمدید پروانه فعالیت', 'permit-renewal'], ['استعلام وضعیت پرونده', 'case-status'],
  ['ثبت درخواست مجوز', 'licence-request'], ['صدور گواهی عدم بدهی', 'no-debt-certificate'], ['درخواست صدور نسخه المثنی', 'duplicate-copy'],
  ['ثبت‌نام در دوره‌های آموزشی', 'training-enrolment'], ['درخواست بازدید کارشناسی', 'expert-inspection'], ['استعلام اصالت مدارک', 'document-authenticity'],
  ['تغییر نشانی پروانه', 'permit-address-change'], ['ابطال مجوز به درخواست متقاضی', 'permit-cancellation'], ['صدور کارت شناسایی کارشناس', 'expert-id-card'],
  ['پرداخت الکترونیکی عوارض', 'fee-payment'], ['درخواست تقسیط بدهی', 'debt-instalments'], ['اعتراض به رأی کمیسیون', 'commission-appeal'],
  ['ثبت درخواست حمایت', 'support-request'], ['صدور گواهی انطباق', 'conformity-certificate'], ['نوبت‌دهی اینترنتی', 'online-appointment'],
  ['استعلام سوابق', 'records-inquiry'], ['ثبت اظهارنامه', 'declaration-filing'],
];
const NEWS: Array<[string, string]> = [
  ['برگزاری نشست هم‌اندیشی با فعالان بخش خصوصی', 'private-sector-meeting'], ['اطلاعیه ساعات کاری در ایام پایانی سال', 'year-end-hours'],
  ['بازدید مدیرکل از دفاتر شهرستان‌ها', 'county-offices-visit'], ['راه‌اندازی خدمت جدید در پنجره ملی خدمات', 'new-national-window-service'],
  ['برگزاری دوره آموزشی کارکنان', 'staff-training'], ['انتشار گزارش عملکرد شش‌ماهه', 'half-year-report'], ['تقدیر از کارکنان نمونه', 'staff-awards'],
  ['آغاز طرح نظارت بر واحدهای تحت پوشش', 'inspection-plan'], ['برگزاری میز خدمت در مصلای شهر', 'service-desk'], ['امضای تفاهم‌نامه همکاری با دانشگاه', 'university-agreement'],
];

/** Item i of a list of slugs, with a letter suffix once the list wraps around (no digits: see above). */
function slugAt(slugs: string[], i: number): string {
  const lap = Math.floor(i / slugs.length);
  let suffix = '';
  for (let n = lap; n > 0; n = Math.floor((n - 1) / 26)) suffix = String.fromCharCode(97 + ((n - 1) % 26)) + suffix;
  return suffix ? `${slugs[i % slugs.length]}-${suffix}` : slugs[i % slugs.length];
}

/** The sections a portal may publish, in the order the nav lists them (and the order they are kept when pages are few). */
const SECTIONS: Array<{ path: string; title: string; chance: number }> = [
  { path: '/contact', title: 'تماس با ما', chance: 1 },
  { path: '/about/', title: 'درباره ما', chance: 0.85 },
  { path: '/news/', title: 'اخبار و اطلاعیه‌ها', chance: 0.8 },
  { path: '/complaints', title: 'ثبت شکایت', chance: 0.75 },
  { path: '/faq', title: 'پرسش‌های متداول', chance: 0.6 },
  { path: '/tracking', title: 'پیگیری درخواست', chance: 0.55 },
  { path: '/satisfaction', title: 'نتایج رضایت‌سنجی', chance: 0.45 },
  { path: '/privacy', title: 'حریم خصوصی', chance: 0.5 },
  { path: '/open-data', title: 'داده‌های باز', chance: 0.4 },
  { path: '/reports', title: 'گزارش عملکرد و بودجه', chance: 0.5 },
  { path: '/consultation', title: 'نظرخواهی عمومی', chance: 0.35 },
];
const SECTION_TITLE = new Map(SECTIONS.map((s) => [s.path, s.title]));

const SECURITY_HEADERS: Array<[string, string]> = [
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'SAMEORIGIN'],
  ['referrer-policy', 'strict-origin-when-cross-origin'],
  ['content-security-policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"],
];

export function isScriptRendered(index: number): boolean {
  return index % SCRIPT_RENDERED_EVERY === 0;
}

function features(rand: () => number): Features {
  return {
    viewport: rand() < 0.75, search: rand() < 0.6, sso: rand() < 0.35, nationalWindow: rand() < 0.55, social: rand() < 0.6, app: rand() < 0.3,
    fresh: rand() < 0.65, complaintStats: rand() < 0.4, serviceCompleteness: 0.35 + 0.65 * rand(),
    sections: SECTIONS.filter((s) => rand() < s.chance).map((s) => s.path),
    foia: rand() < 0.5,
  };
}

interface Ctx {
  spec: Omit<PortalSpec, 'files' | 'pages'>;
  city: string;
  phone: { tel: string; shown: string };
  nav: Array<{ path: string; title: string }>;
  services: Array<{ path: string; title: string; code: number }>;
  news: Array<{ path: string; title: string; date: string }>;
  rand: () => number;
}

function header(c: Ctx, current: string): string {
  const f = c.spec.features;
  const nav = c.nav.map((n) => `<li><a href="${n.path}"${n.path === current ? ' aria-current="page"' : ''}>${n.title}</a></li>`).join('\n      ');
  return `<header class="site-header">
  <div class="topbar">دوشنبه ۱ دی ۱۴۰۴</div>
  <a class="brand" href="/"><img src="/assets/logo.svg" alt="نشان ${c.spec.name.fa}" width="56" height="56"> <span>${c.spec.name.fa}</span></a>
${f.search ? `  <form class="search" role="search" action="/search" method="get">
    <input type="search" name="q" aria-label="جستجو در سایت" placeholder="جستجو در سایت">
    <button type="submit">جستجو</button>
  </form>\n` : ''}${f.sso ? `  <a class="login" href="https://sso.my.gov.ir/login?client_id=${c.spec.id}">ورود یکپارچه (دولت من)</a>\n` : ''}  <nav class="main-nav" aria-label="منوی اصلی">
    <ul>
      ${nav}
    </ul>
  </nav>
</header>`;
}

function footer(c: Ctx): string {
  const f = c.spec.features;
  const has = (p: string) => c.nav.some((n) => n.path === p);
  const links = [
    f.nationalWindow ? `<li><a href="https://my.gov.ir/${c.spec.id}">خدمات ما در پنجره ملی خدمات دولت هوشمند</a></li>` : '',
    f.foia ? '<li><a href="https://foia.iran.gov.ir/">سامانه انتشار و دسترسی آزاد به اطلاعات</a></li>' : '',
    has('/privacy') ? '<li><a href="/privacy">حریم خصوصی</a></li>' : '',
    f.social ? `<li><a href="https://eitaa.com/${c.spec.id}">ما در ایتا</a></li><li><a href="https://ble.ir/${c.spec.id}">ما در بله</a></li>` : '',
    f.app ? `<li><a href="https://cafebazaar.ir/app/ir.gov.${c.spec.id.replace(/-/g, '')}">اپلیکیشن همراه در کافه‌بازار</a></li>` : '',
  ].filter(Boolean);
  return `<footer class="site-footer">
  <section>
    <h2>تماس با ما</h2>
    <p>نشانی: ${c.city}، خیابان آزادی، پلاک ${faDigits(10 + c.spec.index)}، کد پستی ${faDigits(1000000000 + c.spec.index * 7919)}</p>
    <p>تلفن: <a href="tel:${c.phone.tel}">${c.phone.shown}</a> — پست الکترونیک: <a href="mailto:info@${c.spec.id}.gov.ir">info@${c.spec.id}.gov.ir</a></p>
  </section>
${links.length ? `  <section><h2>پیوندها</h2><ul>${links.join('')}</ul></section>\n` : ''}  <p>کلیه حقوق این پایگاه متعلق به ${c.spec.name.fa} است.</p>
</footer>`;
}

/** Keeps `</script>` and line separators out of an inline script. */
function scriptLiteral(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function pageHtml(c: Ctx, path: string, title: string, main: string): string {
  const full = title === c.spec.name.fa ? title : `${title} | ${c.spec.name.fa}`;
  const viewport = c.spec.features.viewport ? '\n<meta name="viewport" content="width=device-width, initial-scale=1">' : '';
  const head = `<!doctype html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">${viewport}
<title>${full}</title>
<link rel="stylesheet" href="/assets/style.css">
</head>
`;
  const body = `${header(c, path)}\n<main id="content">\n${main}\n</main>\n${footer(c)}`;
  if (!c.spec.scriptRendered) return `${head}<body>\n${body}\n</body>\n</html>\n`;
  return `${head}<body>
<div id="app"></div>
<noscript>برای استفاده از این درگاه، اجرای جاوااسکریپت را در مرورگر فعال کنید.</noscript>
<script>
(function () {
  var page = ${scriptLiteral({ path, html: body })};
  var app = document.getElementById('app');
  var tpl = document.createElement('template');
  tpl.innerHTML = page.html;
  app.appendChild(tpl.content);
  app.setAttribute('data-route', page.path);
})();
</script>
</body>
</html>
`;
}

function homeMain(c: Ctx): string {
  const popular = c.services.slice(0, 4).map((s) => `<li><a href="${s.path}">${s.title}</a></li>`).join('\n    ');
  const hasNewsIndex = c.nav.some((n) => n.path === '/news/');
  const news = (hasNewsIndex ? c.news.slice(0, 3) : c.news).map((n) => `<li><a href="${n.path}">${n.title}</a> — ${n.date}</li>`).join('\n    ');
  return `<h1>${c.spec.name.fa}</h1>
<p>درگاه اطلاع‌رسانی و خدمات الکترونیکی ${c.spec.name.fa}. شهروندان می‌توانند خدمات را برخط دریافت کنند و درخواست خود را پیگیری کنند.</p>
${c.services.length ? `<section class="box">\n  <h2>خدمات پرکاربرد</h2>\n  <ul>\n    ${popular}\n  </ul>\n  <p><a href="/services/">فهرست همه خدمات</a></p>\n</section>` : ''}
${c.spec.features.nationalWindow ? `<section class="box"><h2>پنجره ملی خدمات دولت هوشمند</h2><p>خدمات الکترونیکی این دستگاه در <a href="https://my.gov.ir/${c.spec.id}">پنجره ملی خدمات</a> نیز ارائه می‌شود.</p></section>` : ''}
${c.news.length ? `<section>\n  <h2>آخرین اخبار</h2>\n  <ul>\n    ${news}\n  </ul>\n</section>` : ''}`;
}

function catalogMain(c: Ctx): string {
  // Portals linked to the national window list some services that live only there (links out of the crawl).
  const external = c.spec.features.nationalWindow && c.services.length
    ? [{ path: `https://my.gov.ir/${c.spec.id}/services/${90000 + c.spec.index}`, title: 'پرداخت قبوض و عوارض', code: 90000 + c.spec.index }]
    : [];
  const rows = [...c.services, ...external].map((s, i) => `<tr><td>${faDigits(i + 1)}</td><td><a href="${s.path}">${s.title}</a></td><td>${faDigits(s.code)}</td><td>${i % 3 ? 'الکترونیکی کامل' : 'نیمه‌الکترونیکی'}</td></tr>`);
  return `<h1>فهرست خدمات</h1>
<p>فهرست خدمات قابل ارائه ${c.spec.name.fa} به شهروندان و کسب‌وکارها. برای دیدن شناسنامه هر خدمت روی عنوان آن کلیک کنید.</p>
<table>
  <thead><tr><th>ردیف</th><th>عنوان خدمت</th><th>شناسه خدمت</th><th>سطح الکترونیکی</th></tr></thead>
  <tbody>
    ${rows.join('\n    ') || '<tr><td colspan="4">فهرست خدمات به‌زودی منتشر می‌شود.</td></tr>'}
  </tbody>
</table>`;
}

function serviceMain(c: Ctx, s: Ctx['services'][number]): string {
  const has = () => c.rand() < c.spec.features.serviceCompleteness;
  const online = has();
  const parts = [
    `<h1>${s.title}</h1>`,
    `<p>شناسه خدمت: ${faDigits(s.code)}. این خدمت به متقاضیان حقیقی و حقوقی ارائه می‌شود.</p>`,
    has() ? '<h2>مخاطبان</h2><p>اشخاص حقیقی و حقوقی</p>' : '',
    has() ? '<h2>مدارک لازم</h2><ul><li>تصویر کارت ملی</li><li>تصویر مدارک مالکیت یا اجاره‌نامه</li><li>فرم تکمیل‌شده درخواست</li></ul>' : '',
    has() ? `<h2>هزینه</h2><p>${c.rand() < 0.5 ? 'رایگان' : `${faDigits(50 + Math.floor(c.rand() * 450))}٬۰۰۰ ریال`}</p>` : '',
    has() ? `<h2>مدت زمان انجام</h2><p>حداکثر ${faDigits(3 + Math.floor(c.rand() * 20))} روز کاری</p>` : '',
    has() ? '<h2>مراحل انجام خدمت</h2><ol><li>ورود به سامانه با کد ملی</li><li>تکمیل فرم درخواست و بارگذاری مدارک</li><li>پرداخت هزینه و دریافت کد رهگیری</li><li>بررسی کارشناسی و اعلام نتیجه</li></ol>' : '',
    online
      ? `<form class="box" action="${s.path}/request" method="post" enctype="multipart/form-data">
  <fieldset>
    <legend>ثبت درخواست برخط</legend>
    <label for="nid">کد ملی</label><input id="nid" name="nationalId" type="text" inputmode="numeric" required>
    <label for="mobile">تلفن همراه</label><input id="mobile" name="mobile" type="tel" required>
    <label for="docs">بارگذاری مدارک</label><input id="docs" name="documents" type="file" multiple>
    <button type="submit">ثبت درخواست</button>
  </fieldset>
</form>
<p>نحوه دریافت: کاملاً الکترونیکی؛ نیازی به مراجعه حضوری نیست.</p>`
      : '<p>برای دریافت این خدمت، اصل مدارک را به دفتر پیشخوان دولت یا ساختمان اداره تحویل دهید.</p>',
    has() ? `<form class="box rating" action="/feedback" method="post"><fieldset><legend>نظرسنجی این خدمت</legend>
  <label><input type="radio" name="score" value="5"> عالی</label><label><input type="radio" name="score" value="3"> متوسط</label><label><input type="radio" name="score" value="1"> ضعیف</label>
  <input type="hidden" name="service" value="${s.code}"><button type="submit">ثبت امتیاز</button></fieldset></form>` : '',
    '<p><a href="/services/">بازگشت به فهرست خدمات</a></p>',
  ];
  return parts.filter(Boolean).join('\n');
}

function newsIndexMain(c: Ctx): string {
  return `<h1>اخبار و اطلاعیه‌ها</h1>\n${c.news.map((n) => `<article>\n  <h2><a href="${n.path}">${n.title}</a></h2>\n  <p>تاریخ انتشار: ${n.date}</p>\n</article>`).join('\n')}`;
}

function newsMain(c: Ctx, n: Ctx['news'][number]): string {
  const back = c.nav.some((p) => p.path === '/news/') ? '<a href="/news/">همه اخبار</a>' : '<a href="/">بازگشت به صفحه اصلی</a>';
  return `<article>
<h1>${n.title}</h1>
<p>تاریخ انتشار: ${n.date}</p>
<p>به گزارش روابط عمومی، این برنامه با حضور مدیران و کارشناسان برگزار شد و بر بهبود کیفیت خدمات به مردم و کاهش مراجعات حضوری تأکید شد.</p>
<p>در پایان، گزارشی از پیشرفت طرح‌های در دست اجرا ارائه و برنامه ماه آینده تصویب شد.</p>
</article>
<p>${back}</p>`;
}

function sectionMain(c: Ctx, path: string, recent: (k: number) => string): string {
  const f = c.spec.features;
  const name = c.spec.name.fa;
  switch (path) {
    case '/contact':
      return `<h1>تماس با ما</h1>
<address>
  <p>نشانی: ${c.city}، خیابان آزادی، پلاک ${faDigits(10 + c.spec.index)}، ساختمان ${name}</p>
  <p>تلفن: <a href="tel:${c.phone.tel}">${c.phone.shown}</a> (شنبه تا چهارشنبه ساعت ۸ تا ۱۵)</p>
  <p>پست الکترونیک: <a href="mailto:info@${c.spec.id}.gov.ir">info@${c.spec.id}.gov.ir</a></p>
</address>`;
    case '/about/':
      return `<h1>درباره ما</h1>
<p>${name} مسئول ارائه خدمات حاکمیتی و نظارتی در حوزه خود در سطح استان است.</p>
<h2 id="duties">شرح وظایف</h2>
<ul><li>صدور و تمدید مجوزهای قانونی</li><li>نظارت بر اجرای قوانین و مقررات</li><li>پاسخ‌گویی به درخواست‌ها و شکایات مردمی</li></ul>
<p>مبنای قانونی: قانون تشکیل ${name} و آیین‌نامه‌های اجرایی آن</p>
<h2 id="structure">ساختار سازمانی</h2>
<figure><img src="/assets/org-chart.svg" alt="نمودار سازمانی ${name}" width="640" height="160"><figcaption>ساختار سازمانی مصوب، به‌روزرسانی ${recent(40)}</figcaption></figure>
<h2 id="managers">معرفی مدیران</h2>
<ul><li>مدیرکل: دکتر علی محمدی</li><li>معاون توسعه مدیریت و منابع: مهندس مریم احمدی</li><li>معاون فنی و خدمات: دکتر حسن رضایی</li></ul>`;
    case '/news/':
      return newsIndexMain(c);
    case '/complaints':
      return `<h1>ثبت شکایت</h1>
<p>شهروندان می‌توانند شکایت یا گزارش تخلف را از طریق فرم زیر ثبت کنند. کد رهگیری پس از ثبت پیامک می‌شود.</p>
<form class="box" action="/complaints" method="post">
  <label for="c-name">نام و نام خانوادگی</label><input id="c-name" name="fullName" type="text" required>
  <label for="c-mobile">تلفن همراه</label><input id="c-mobile" name="mobile" type="tel" required>
  <label for="c-desc">شرح شکایت</label><textarea id="c-desc" name="description" rows="5" required></textarea>
  <button type="submit">ثبت شکایت</button>
</form>
${f.complaintStats ? `<section><h2>آمار رسیدگی به شکایات — پاییز ${f.fresh ? '۱۴۰۴' : '۱۴۰۲'}</h2><table><tbody>
<tr><td>شکایات دریافتی</td><td>${faDigits(1200 + c.spec.index * 13)}</td></tr><tr><td>شکایات رسیدگی‌شده</td><td>${faDigits(1100 + c.spec.index * 11)}</td></tr>
<tr><td>میانگین زمان رسیدگی</td><td>۹ روز</td></tr></tbody></table></section>` : ''}`;
    case '/faq':
      return `<h1>پرسش‌های متداول</h1>
<details><summary>چگونه درخواست خود را ثبت کنم؟</summary><p>از بخش فهرست خدمات، خدمت مورد نظر را انتخاب و فرم برخط آن را تکمیل کنید.</p></details>
<details><summary>کد رهگیری را فراموش کرده‌ام؛ چه کنم؟</summary><p>با شماره تلفن اداره تماس بگیرید و با ارائه کد ملی، کد رهگیری را دریافت کنید.</p></details>
<details><summary>آیا برای دریافت خدمات باید حضوری مراجعه کنم؟</summary><p>بیشتر خدمات به‌طور کامل برخط ارائه می‌شود.</p></details>`;
    case '/tracking':
      return `<h1>پیگیری درخواست</h1>
<p>برای اطلاع از آخرین وضعیت درخواست، کد رهگیری و کد ملی خود را وارد کنید.</p>
<form class="box" action="/tracking" method="get">
  <label for="trackingCode">کد رهگیری</label><input id="trackingCode" name="trackingCode" type="text" inputmode="numeric" required>
  <label for="nationalId">کد ملی</label><input id="nationalId" name="nationalId" type="text" inputmode="numeric" required>
  <button type="submit">نمایش وضعیت درخواست</button>
</form>`;
    case '/satisfaction':
      return `<h1>نتایج رضایت‌سنجی خدمت‌گیرندگان</h1>
<p>نتایج نظرسنجی از مراجعان و کاربران خدمات الکترونیکی. تاریخ انتشار: ${recent(20)}</p>
<table><caption>میزان رضایت از خدمات (${faDigits(900 + c.spec.index * 17)} پاسخ‌دهنده)</caption>
<thead><tr><th>خدمت</th><th>میزان رضایت</th></tr></thead>
<tbody>${c.services.slice(0, 4).map((s, i) => `<tr><td>${s.title}</td><td>${faDigits(70 + ((i * 7 + c.spec.index) % 25))}٪</td></tr>`).join('')}</tbody></table>`;
    case '/privacy':
      return `<h1>سیاست حفظ حریم خصوصی</h1>
<p>اطلاعات هویتی و تماسی که شهروندان هنگام ثبت درخواست وارد می‌کنند تنها برای رسیدگی به همان درخواست به کار می‌رود و در اختیار اشخاص دیگر قرار نمی‌گیرد.</p>
<p>این درگاه از کوکی تنها برای نگه‌داشتن نشست کاربر استفاده می‌کند.</p>`;
    case '/open-data':
      return `<h1>داده‌های باز</h1>
<p>مجموعه داده‌های ${name} با مجوز استفاده آزاد، در قالب‌های ماشین‌خوان.</p>
<table><thead><tr><th>مجموعه داده</th><th>قالب</th><th>آخرین به‌روزرسانی</th></tr></thead><tbody>
<tr><td>فهرست خدمات و شناسه‌ها</td><td><a href="/data/services.csv">CSV</a></td><td>${recent(30)}</td></tr>
<tr><td>آمار درخواست‌های دریافتی</td><td><a href="/data/requests.csv">CSV</a></td><td>${recent(60)}</td></tr>
</tbody></table>`;
    case '/reports':
      return `<h1>گزارش عملکرد و بودجه</h1>
<ul><li><a href="/files/report-${f.fresh ? '1403' : '1401'}.pdf">گزارش عملکرد سال ${f.fresh ? '۱۴۰۳' : '۱۴۰۱'} (PDF)</a></li></ul>
<table><caption>بودجه مصوب سال ${f.fresh ? '۱۴۰۴' : '۱۴۰۲'} (میلیون ریال)</caption><tbody>
<tr><td>اعتبارات جاری</td><td>${faDigits(420000 + c.spec.index * 1000)}</td></tr><tr><td>تملک دارایی‌های سرمایه‌ای</td><td>۸۵٬۰۰۰</td></tr></tbody></table>`;
    case '/consultation':
      return `<h1>نظرخواهی عمومی</h1>
<p>پیش‌نویس دستورالعمل‌ها پیش از تصویب برای دریافت نظر شهروندان منتشر می‌شود.</p>
<ul><li>پیش‌نویس دستورالعمل ارائه خدمات برخط — تاریخ انتشار: ${recent(10)} — مهلت ارسال نظرات: ${f.fresh ? jalali(1404, 10, 30) : jalali(1402, 10, 30)}</li></ul>
<form class="box" action="/consultation" method="post"><label for="draft-comment">نظر شما درباره پیش‌نویس</label>
<textarea id="draft-comment" name="comment" rows="4" required></textarea><button type="submit">ارسال نظر</button></form>`;
    default:
      throw new Error(`no section ${path}`);
  }
}

const STYLE = `body{font-family:Tahoma,sans-serif;margin:0;background:#f6f7f9;color:#1d2330;line-height:1.8}
.site-header{background:#0b4f6c;color:#fff;padding:8px 24px}.site-header a{color:#fff}.topbar{font-size:12px;opacity:.8}
.brand{display:inline-flex;align-items:center;gap:8px;font-size:20px;text-decoration:none}.search{float:left}.login{margin-inline-start:16px}
.main-nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:12px;padding:0;margin:8px 0}
main{max-width:960px;margin:16px auto;background:#fff;padding:16px 24px;border-radius:6px}
.box{border:1px solid #d6dbe3;border-radius:6px;padding:12px;margin:12px 0}label{display:block;margin-top:6px}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #d6dbe3;padding:4px 8px}
.site-footer{background:#1d2330;color:#dfe3ea;padding:16px 24px}.site-footer a{color:#9fd3ea}
`;
const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="56" height="56" viewBox="0 0 56 56"><circle cx="28" cy="28" r="26" fill="#fff" stroke="#0b4f6c" stroke-width="4"/><path d="M16 36h24M20 20h16v16H20z" stroke="#0b4f6c" stroke-width="3" fill="none"/></svg>';
const ORG_CHART = '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="160"><rect x="260" y="10" width="120" height="36" fill="#0b4f6c"/>'
  + [40, 260, 480].map((x) => `<rect x="${x}" y="100" width="120" height="36" fill="#3b7d99"/><line x1="320" y1="46" x2="${x + 60}" y2="100" stroke="#333"/>`).join('') + '</svg>';

/** One portal: index i of the nation, with `pageCount` pages. */
export function generatePortal(index: number, pageCount: number, seed = DEFAULT_SEED): PortalSpec {
  const rand = prng(seed * 7919 + index);
  const base = BASE_NAMES[index % BASE_NAMES.length];
  const province = PROVINCES[Math.floor(index / BASE_NAMES.length) % PROVINCES.length];
  const round = Math.floor(index / (BASE_NAMES.length * PROVINCES.length));
  const suffix = round ? ` (${faDigits(round + 1)})` : '';
  const id = `agency-${String(index + 1).padStart(3, '0')}`;
  const f = features(rand);
  const headerCount = Math.floor(rand() * (SECURITY_HEADERS.length + 1));
  const spec = {
    id, index, features: f, scriptRendered: isScriptRendered(index),
    name: { fa: `${base[0]} استان ${province[0]}${suffix}`, en: `${base[1]}, ${province[1]}${round ? ` (${round + 1})` : ''}` },
    headers: Object.fromEntries(SECURITY_HEADERS.slice(0, headerCount)),
  };

  // Budget: home and catalog first, then sections, leaving ~40% for service cards and news.
  const contentMin = pageCount <= 2 ? 0 : Math.max(1, Math.floor(pageCount * 0.4));
  const fixed = ['/', '/services/', ...f.sections].slice(0, Math.max(1, pageCount - contentMin));
  const rest = pageCount - fixed.length;
  const newsCount = fixed.length > 1 ? Math.floor(rest * 0.35) : 0;
  const serviceCount = rest - newsCount;
  const offset = Math.floor(rand() * SERVICES.length);
  const services = Array.from({ length: serviceCount }, (_, i) => {
    const [title] = SERVICES[(offset + i) % SERVICES.length];
    const lap = Math.floor(i / SERVICES.length);
    const code = 10000 + index * 100 + i;
    const slug = slugAt(SERVICES.map((_, k) => SERVICES[(offset + k) % SERVICES.length][1]), i);
    return { path: `/services/${slug}`, title: lap ? `${title} (${faDigits(lap + 1)})` : title, code };
  });
  const news = Array.from({ length: newsCount }, (_, i) => {
    const [y, m, d] = f.fresh ? [1404, 9, 28 - ((i * 3) % 27)] : [1402, 12 - (i % 11), 20];
    const [title] = NEWS[(index + i) % NEWS.length];
    const slug = slugAt(NEWS.map((_, k) => NEWS[(index + k) % NEWS.length][1]), i);
    return { path: `/news/${slug}`, title, date: jalali(y, m, d) };
  });
  const nav = fixed.map((path) => ({ path, title: path === '/' ? 'صفحه اصلی' : path === '/services/' ? 'فهرست خدمات' : SECTION_TITLE.get(path)! }));
  const line = `33${String(index % 1_000_000).padStart(6, '0')}`;
  const phone = { tel: `+9821${line}`, shown: faDigits(`021-${line}`) };
  const c: Ctx = { spec, city: province[0], phone, nav, services, news, rand };
  // "Recent" dates count back from 1404/10/01 (the benchmark's --as-of, 2025-12-22); stale portals are two years older.
  const recent = (daysAgo: number) => {
    // 1404/10/01 is day 6×31 + 3×30 + 1 = 277 of the Jalali year (six months of 31 days, then months of 30).
    const total = 277 - daysAgo;
    const m = total <= 186 ? Math.ceil(total / 31) : 6 + Math.ceil((total - 186) / 30);
    const d = total <= 186 ? total - (m - 1) * 31 : total - 186 - (m - 7) * 30;
    return jalali(f.fresh ? 1404 : 1402, m, d);
  };

  const files = new Map<string, ServedFile>();
  const pages: PortalSpec['pages'] = [];
  const add = (path: string, kind: PageKind, title: string, main: string) => {
    files.set(path, { type: HTML, body: pageHtml(c, path, title, main) });
    pages.push({ path, kind, title });
  };
  for (const { path, title } of nav) {
    if (path === '/') add(path, 'home', spec.name.fa, homeMain(c));
    else if (path === '/services/') add(path, 'catalog', title, catalogMain(c));
    else add(path, 'section', title, sectionMain(c, path, recent));
  }
  for (const s of services) add(s.path, 'service', s.title, serviceMain(c, s));
  for (const n of news) add(n.path, 'news', n.title, newsMain(c, n));

  files.set('/robots.txt', { type: 'text/plain; charset=utf-8', body: 'User-agent: *\nDisallow: /admin/\nDisallow: /search\n' });
  files.set('/assets/style.css', { type: 'text/css; charset=utf-8', body: STYLE });
  files.set('/assets/logo.svg', { type: 'image/svg+xml', body: LOGO });
  files.set('/assets/org-chart.svg', { type: 'image/svg+xml', body: ORG_CHART });
  files.set('/data/services.csv', { type: 'text/csv; charset=utf-8', body: 'code,title\n' + services.map((s) => `${s.code},${s.title}`).join('\n') + '\n' });
  files.set('/data/requests.csv', { type: 'text/csv; charset=utf-8', body: 'month,requests\n1404-07,1200\n1404-08,1350\n' });
  for (const year of ['1403', '1401']) files.set(`/files/report-${year}.pdf`, { type: 'application/pdf', body: `%PDF-1.4\n% report ${year}\n%%EOF\n` });
  return { ...spec, pages, files };
}

export function generateNation(opts: NationOptions): PortalSpec[] {
  return Array.from({ length: opts.portals }, (_, i) => generatePortal(i, opts.pages, opts.seed ?? DEFAULT_SEED));
}

/** The markup a browser ends up with: for a script-rendered page, what its script inserts. */
export function renderedMarkup(html: string): string {
  const m = /var page = (\{.*\});\n/.exec(html);
  if (!m) return html;
  return (JSON.parse(m[1]) as { html: string }).html;
}

/** Same-origin link targets of a page (href starting with one slash), without fragments, in order of appearance. */
export function internalLinks(html: string): string[] {
  const out: string[] = [];
  for (const m of renderedMarkup(html).matchAll(/<a\b[^>]*\bhref="(\/(?!\/)[^"#]*)(#[^"]*)?"/g)) out.push(m[1]);
  return out;
}
