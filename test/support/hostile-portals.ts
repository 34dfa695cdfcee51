// Portals that misbehave the ways real ones do: each case is its own server
// on port 0, so it is its own host and its own agency in one audit.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { html, isPhoneCheck, serve, serveSelfSigned, type TestServer } from './servers.ts';

export type HostileCase =
  | 'never-starts' | 'trickle' | 'huge-page' | 'redirect-loop' | 'infinite-calendar' | 'session-ids' | 'endless-script'
  | 'dialogs' | 'download-as-page' | 'self-signed' | 'bursts-of-500' | 'retry-after-429' | 'windows-1256' | 'popups'
  | 'compressed' | 'plain-twin' | 'gzip-bomb' | 'leaves-scope'
  // Served only for the agency deadline test: each needs longer than its limit, or crashes renderers.
  | 'many-links' | 'memory-eater';

export const HOSTILE_CASES: HostileCase[] = [
  'never-starts', 'trickle', 'huge-page', 'redirect-loop', 'infinite-calendar', 'session-ids', 'endless-script',
  'dialogs', 'download-as-page', 'self-signed', 'bursts-of-500', 'retry-after-429', 'windows-1256', 'popups',
  'compressed', 'plain-twin', 'gzip-bomb', 'leaves-scope',
];

/** `outside`: for 'leaves-scope', the other origin its redirects and scripts try to send the crawler to (it counts what it is asked). */
export interface HostilePortal { id: HostileCase; server: TestServer; homepage: string; paths: string[]; outside?: TestServer }

/** 200,000 links on one page (about 4 MB), each to a page of the same kind: more work than an agency's time limit allows. */
function manyLinks(path: string): string {
  const tag = path.replace(/\W/g, '') || 'h';
  const links = Array.from({ length: 200_000 }, (_, i) => `<a href=/${tag}${i.toString(36)}>.</a>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>پیوندها</title></head><body><p>${links}</p></body></html>`;
}

/** A 1 MB gzip body that inflates to 1 GiB of zeros (concatenated gzip members are one valid stream). */
function gzipBomb(): Buffer {
  const piece = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
  return Buffer.concat(Array.from({ length: 16 }, () => piece));
}

const ENCODERS: Record<string, [string, (b: Buffer) => Buffer]> = {
  '/': ['gzip', gzipSync], '/complaints': ['br', brotliCompressSync], '/contact': ['deflate', deflateSync],
};

/** The same pages for the compressed portal and its plain twin, so their findings must match. */
const TWIN_HOME = body('درگاه با پاسخ فشرده');

/** A small ordinary portal body: a complaints link and a contact line, so rules have something to judge. */
function body(title: string, extra = '', links = '<li><a href="/complaints">ثبت شکایت</a></li><li><a href="/contact">تماس با ما</a></li>'): string {
  return `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>${title}</title></head>
<body><nav><ul>${links}</ul></nav><main><h1>${title}</h1><p>به درگاه اینترنتی سازمان خوش آمدید. این درگاه خدمات الکترونیکی سازمان را به شهروندان ارائه می‌کند و اطلاعات تماس، شکایات و اخبار سازمان را منتشر می‌کند.</p>${extra}</main></body></html>`;
}

/** Persian text in Windows-1256: the bytes of a legacy portal. */
function windows1256(text: string): Buffer {
  const table = new Map<string, number>();
  const decoder = new TextDecoder('windows-1256');
  for (let b = 0; b < 256; b++) table.set(decoder.decode(Uint8Array.of(b)), b);
  // The code page has the Arabic yeh, not the Persian one, as legacy Persian sites wrote it.
  return Buffer.from([...text.replaceAll('ی', 'ي')].map((ch) => table.get(ch) ?? 0x3f));
}

type Handler = (req: IncomingMessage, res: ServerResponse, path: string) => void;

/** The subpages every case links to, served plainly. */
const ORDINARY: Record<string, string> = {
  '/complaints': body('ثبت شکایت', '<form action="/complaints/new"><label>متن شکایت<textarea name="text"></textarea></label><button>ارسال شکایت</button></form>'),
  '/contact': body('تماس با ما', '<p>تلفن: ۰۲۱-۸۸۸۸۸۸۸۸</p>'),
};

function ordinary(path: string, res: ServerResponse): boolean {
  const page = ORDINARY[path];
  if (page) html(res, page);
  return page !== undefined;
}

const HANDLERS: Record<Exclude<HostileCase, 'leaves-scope'>, Handler> = {
  compressed: (_req, res, path) => {
    const page = path === '/' ? TWIN_HOME : ORDINARY[path];
    const coding = ENCODERS[path];
    if (!page || !coding) return void html(res, body('یافت نشد'), 404);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': coding[0] }).end(coding[1](Buffer.from(page)));
  },
  'plain-twin': (_req, res, path) => {
    if (path === '/') return void html(res, TWIN_HOME);
    if (!ordinary(path, res)) html(res, body('یافت نشد'), 404);
  },
  'gzip-bomb': (() => {
    let bomb: Buffer | null = null;
    return (_req: IncomingMessage, res: ServerResponse, path: string) => {
      if (path !== '/complaints') return void (ordinary(path, res) || html(res, body('درگاه با بمب فشرده')));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' }).end((bomb ??= gzipBomb()));
    };
  })(),
  'many-links': (_req, res, path) => html(res, manyLinks(path)),
  'memory-eater': (_req, res, path) => {
    if (path !== '/') return void html(res, body('صفحه'));
    // Contact details on the page itself: a finding cites it, so its screenshot is attempted (and crashes).
    html(res, body('اسکریپت حافظه‌خوار', '<address>نشانی: تهران، خیابان آزادی، پلاک ۱۲ · تلفن: ۰۲۱-۶۶۰۰۰۰۰۰ · کد پستی: ۱۴۵۶۷۸۹۱۲۳</address><div id="app"></div><script>const hog = []; for (;;) hog.push(new Array(1e6).fill(Math.random()));</script>'));
  },
  'never-starts': () => { /* headers never come */ },
  trickle: (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    const page = Buffer.from(body('کند'));
    let i = 0;
    const timer = setInterval(() => { if (i >= page.length || res.destroyed) clearInterval(timer); else res.write(page.subarray(i, ++i)); }, 1000);
    res.on('close', () => clearInterval(timer));
  },
  'huge-page': (_req, res, path) => {
    if (path !== '/') return void html(res, body('صفحه'));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    const chunk = Buffer.alloc(1024 * 1024, '<p>داده</p>\n');
    let sent = 0;
    const pump = (): void => {
      while (sent < 30 && !res.destroyed) {
        sent++;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.write('<!doctype html><html><head><meta charset="utf-8"><title>بزرگ</title></head><body>');
    pump();
  },
  'redirect-loop': (_req, res, path) => {
    res.writeHead(302, { location: path === '/' ? '/a' : path === '/a' ? '/b' : '/' }).end();
  },
  'infinite-calendar': (req, res, path) => {
    if (ordinary(path, res)) return;
    const month = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('month') ?? '0');
    const calendar = `<p><a href="/calendar?month=${month - 1}">ماه قبل</a> <a href="/calendar?month=${month + 1}">ماه بعد</a></p>
${Array.from({ length: 5 }, (_, d) => `<a href="/calendar/${month}/${d + 1}">روز ${d + 1}</a>`).join(' ')}`;
    html(res, body(path === '/' ? 'تقویم رویدادها' : `تقویم ماه ${month}`, calendar, '<li><a href="/complaints">ثبت شکایت</a></li><li><a href="/contact">تماس با ما</a></li><li><a href="/calendar?month=1">تقویم</a></li>'));
  },
  'session-ids': (_req, res, path) => {
    const sid = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
    const links = `<li><a href="/complaints;jsessionid=${sid}">ثبت شکایت</a></li><li><a href="/contact?PHPSESSID=${sid}&amp;utm_source=home">تماس با ما</a></li><li><a href="/news?sid=${sid}">اخبار</a></li>`;
    if (path === '/news') return void html(res, body('اخبار', '', links));
    if (!ordinary(path, res)) html(res, body('درگاه با شناسهٔ نشست', '', links));
  },
  'endless-script': (_req, res, path) => {
    if (ordinary(path, res)) return;
    html(res, body('اسکریپت بی‌پایان', '<div id="app"></div><script>for (;;) {}</script>'));
  },
  dialogs: (_req, res, path) => {
    if (ordinary(path, res)) return;
    html(res, body('پنجره‌های هشدار', `<div id="app"></div><script>alert('خوش آمدید'); confirm('ادامه می‌دهید؟'); prompt('نام؟');
document.getElementById('app').innerHTML = '<p id="rendered">محتوای ساخته‌شده با اسکریپت پس از هشدارها</p>';</script>`));
  },
  'download-as-page': (_req, res, path) => {
    if (ordinary(path, res)) return;
    if (path === '/annual-report') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="report.bin"' }).end(Buffer.alloc(64 * 1024));
      return;
    }
    html(res, body('گزارش سالانه', '', '<li><a href="/complaints">ثبت شکایت</a></li><li><a href="/annual-report">گزارش سالانه</a></li>'));
  },
  'self-signed': (_req, res, path) => { if (!ordinary(path, res)) html(res, body('گواهی خودامضا')); },
  'bursts-of-500': (() => {
    let homeCalls = 0;
    return (req: IncomingMessage, res: ServerResponse, path: string) => {
      if (path === '/' && !isPhoneCheck(req) && ++homeCalls <= 2) return void html(res, 'خطای داخلی', 500);
      if (path === '/contact') return void html(res, 'خطای داخلی', 500);
      if (!ordinary(path, res)) html(res, body('پس از خطاها'));
    };
  })(),
  'retry-after-429': (() => {
    let homeCalls = 0;
    return (req: IncomingMessage, res: ServerResponse, path: string) => {
      if (path === '/' && !isPhoneCheck(req) && ++homeCalls === 1) return void res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' }).end('too many requests');
      if (!ordinary(path, res)) html(res, body('محدودیت نرخ'));
    };
  })(),
  'windows-1256': (_req, res, path) => {
    if (path === '/legacy') {
      // No charset anywhere: bytes that are not UTF-8 are read as Windows-1256.
      res.writeHead(200, { 'content-type': 'text/html' }).end(windows1256('<html><head><title>صفحه قدیمی</title></head><body><p>ارتباط با سازمان</p></body></html>'));
      return;
    }
    if (ordinary(path, res)) return;
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(windows1256(body('سازمان ثبت اسناد', '', '<li><a href="/complaints">ثبت شکایت</a></li><li><a href="/legacy">صفحه قدیمی</a></li>').replace('charset="utf-8"', 'charset="windows-1256"')));
  },
  popups: (_req, res, path) => {
    if (ordinary(path, res)) return;
    if (path === '/popup') return void html(res, body('تبلیغ', '<script>window.open("/popup")</script>'));
    html(res, body('پنجره‌های بازشو', `<div id="app"></div><script>window.open('/popup'); window.open('/popup');
document.getElementById('app').innerHTML = '<p id="rendered">محتوای اصلی پس از پنجره‌های بازشو</p>';</script>`));
  },
};

/** Pages that try to take the crawler to `outside`: an HTTP redirect, a meta refresh and a script navigation. */
function leavesScope(outside: TestServer): Handler {
  return (_req, res, path) => {
    if (ordinary(path, res)) return;
    if (path === '/away') return void res.writeHead(302, { location: `${outside.origin}/redirected` }).end();
    if (path === '/refresh') return void html(res, body('تازه‌سازی', `<div id="app"></div><meta http-equiv="refresh" content="0;url=${outside.origin}/refreshed"><script>void 0</script>`));
    html(res, body('درگاهی که به بیرون می‌برد', `<div id="app"></div><script>setTimeout(() => { location.href = '${outside.origin}/scripted'; }, 50);</script>`,
      '<li><a href="/complaints">ثبت شکایت</a></li><li><a href="/contact">تماس با ما</a></li><li><a href="/away">بیرون</a></li><li><a href="/refresh">تازه‌سازی</a></li>'));
  };
}

export async function serveHostilePortals(cases: HostileCase[] = HOSTILE_CASES): Promise<HostilePortal[]> {
  return Promise.all(cases.map(async (id) => {
    const paths: string[] = [];
    const outside = id === 'leaves-scope' ? await serve((_req, res) => html(res, body('بیرون از درگاه'))) : undefined;
    const own = outside ? leavesScope(outside) : HANDLERS[id as keyof typeof HANDLERS];
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      paths.push(req.url ?? '/');
      if (path === '/robots.txt') return void res.writeHead(404).end();
      own(req, res, path);
    };
    const server = id === 'self-signed' ? await serveSelfSigned(handler) : await serve(handler);
    return { id, server, homepage: `${server.origin}/`, paths, outside };
  }));
}
