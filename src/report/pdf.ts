// The council's report as PDF: the HTML report printed by Chromium, with the
// Vazirmatn font embedded (no system font needed for Persian), A4 pages, a
// running header naming the run, the model and the manifest hash, and page
// numbers (CSS page-margin boxes, so they use the same font and digits).
// Table headers repeat on every page a table runs onto.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright';
import type { Model } from '../../rules/catalog.ts';
import type { Lang } from '../i18n/messages.ts';
import { tr } from '../i18n/report.ts';
import { formatters } from './format.ts';
import { renderHtml } from './html.ts';
import type { ExportDoc } from './json.ts';

export const PDF_TIMEOUT_MS = 60_000;

function fontFace(weight: number, file: string): string {
  const dir = join(dirname(createRequire(import.meta.url).resolve('vazirmatn/package.json')), 'fonts', 'webfonts');
  const data = readFileSync(join(dir, file)).toString('base64');
  return `@font-face{font-family:Vazirmatn;font-weight:${weight};font-style:normal;src:url(data:font/woff2;base64,${data}) format("woff2")}`;
}

/** A CSS string literal: the values come from the database. */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ')}"`;
}

/** `{page}` and `{pages}` of a message as CSS counters, in the language's digits. */
function pageCounter(lang: Lang): string {
  const style = lang === 'fa' ? ', persian' : '';
  return tr(lang, 'pdf.page', { page: '\u0000page\u0000', pages: '\u0000pages\u0000' })
    .split('\u0000').filter((part) => part !== '')
    .map((part) => (part === 'page' || part === 'pages' ? `counter(${part}${style})` : cssString(part))).join(' ');
}

function printCss(doc: ExportDoc, lang: Lang): string {
  const f = formatters(lang, tr(lang, 'dash'));
  // Latin values are isolated (LRI…PDI) so a Persian line keeps its order.
  const ltr = (text: string) => `\u2066${text}\u2069`;
  const header = tr(lang, 'pdf.header', { run: f.num(doc.run.id, 0), model: ltr(doc.run.model), manifest: ltr(doc.run.manifestSha256 ?? tr(lang, 'dash')) });
  const box = `font-family:Vazirmatn,sans-serif;font-size:7.5pt;color:#555;direction:${lang === 'fa' ? 'rtl' : 'ltr'}`;
  return `${fontFace(400, 'Vazirmatn-Regular.woff2')}${fontFace(700, 'Vazirmatn-Bold.woff2')}
@page{size:A4;margin:18mm 12mm 16mm;
@top-center{content:${cssString(header)};${box}}
@bottom-center{content:${pageCounter(lang)};${box}}}
body{margin:0;max-width:none;padding:0;font-size:10pt}
section{break-inside:auto}h2{break-after:avoid}
table{font-size:8.5pt}th,td{padding:.25rem .35rem}td bdi,td small{overflow-wrap:anywhere}td:has(> small > bdi > code){min-width:9rem}
thead{display:table-header-group}tr{break-inside:avoid}
`;
}

/** The report as a PDF, printed by a running Chromium (a context of its own, closed after). */
export async function renderPdf(doc: ExportDoc, model: Model, lang: Lang, browser: Browser): Promise<Buffer> {
  const html = renderHtml(doc, model, lang, { css: printCss(doc, lang) });
  const context = await browser.newContext({ offline: true });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(PDF_TIMEOUT_MS);
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
  } finally {
    await context.close().catch(() => {});
  }
}
