// Reads PDFs in tests with poppler-utils (pdfinfo, pdftotext). They are a
// test dependency: `apt-get install -y poppler-utils` (./run installs them).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function poppler(tool: string, args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${tool} not found: install poppler-utils (apt-get install -y poppler-utils) to run the PDF tests.`);
    throw err;
  }
}

function onDisk(pdf: Uint8Array | string): string {
  if (typeof pdf === 'string') return pdf;
  const file = join(mkdtempSync(join(tmpdir(), 'pdf-')), 'doc.pdf');
  writeFileSync(file, pdf);
  return file;
}

/**
 * Text for comparing Persian as pdftotext gives it back: it may move a space
 * or a combining mark (hamza above) within a mixed-direction line, and gives
 * the lam-alef ligature back as alef-lam; so spaces and marks are dropped and
 * لا is read as ال, in the PDF's text and in what is looked for alike.
 */
export function comparable(text: string): string {
  return text.replace(/[\s\u064b-\u065f\u0670\u200c]/g, '').replace(/لا/g, 'ال');
}

/** Characters of the rest of a table row that may stand between the two lines of a wrapped cell. */
const MAX_ROW_REST = 200;

/**
 * Whether the page shows the phrase, whole or wrapped once inside its table
 * cell: pdftotext reads a table row by row, so the second line of a cell
 * comes after the rest of the row's first line. Punctuation and symbols are
 * left out, since the bidi algorithm moves them to either end of a Latin name
 * inside a Persian line.
 */
export function showsPhrase(pageText: string, phrase: string): boolean {
  const letters = (text: string) => comparable(text).replace(/[\p{P}\p{S}]/gu, '');
  const page = letters(pageText);
  const words = phrase.split(/\s+/);
  return words.some((_, k) => {
    const [head, tail] = [letters(words.slice(0, k).join(' ')), letters(words.slice(k).join(' '))];
    const at = page.indexOf(head);
    const next = page.indexOf(tail, at + head.length);
    return at >= 0 && next >= 0 && next - (at + head.length) <= MAX_ROW_REST;
  });
}

/** "صفحهٔ i از n" in Persian digits; pdftotext may put a short Persian line's words in either order. */
export function showsPersianPageNumber(pageText: string, page: number, pages: number): boolean {
  const digits = (n: number) => n.toLocaleString('fa-IR', { useGrouping: false });
  const text = comparable(pageText);
  const count = `${digits(page)}از${digits(pages)}`;
  return text.includes(`صفحه${count}`) || text.includes(`${count}صفحه`);
}

/** pdfinfo's page count; pdfinfo fails on a file that is not a readable PDF. */
export function pdfPages(pdf: Uint8Array | string): number {
  const info = poppler('pdfinfo', [onDisk(pdf)]);
  return Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
}

/** The text of every page, bidi controls removed and spaces collapsed. */
export function pdfPageTexts(pdf: Uint8Array | string): string[] {
  const text = poppler('pdftotext', ['-enc', 'UTF-8', onDisk(pdf), '-']);
  return text.split('\f').slice(0, -1).map((p) => p.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim());
}
