// Server-rendered SVG charts. Drawn in left-to-right coordinates and mirrored
// for right-to-left pages, so bars grow and time runs the way the page reads;
// the SVG itself stays direction="ltr" so text-anchor is not flipped twice.
// Colours come from the stylesheet's classes; no inline styles (the CSP has none).
import type { TrendPoint } from '../data.ts';
import { h, type Html } from './html.ts';
import type { View } from './view.ts';

interface Frame { width: number; rtl: boolean }

const mx = (f: Frame, x: number) => (f.rtl ? f.width - x : x);
/** A rectangle's start edge after mirroring. */
const rx = (f: Frame, x: number, w: number) => (f.rtl ? f.width - x - w : x);
const anchor = (f: Frame, a: 'start' | 'end' | 'middle') => (a === 'middle' || !f.rtl ? a : a === 'start' ? 'end' : 'start');
const r1 = (n: number) => Math.round(n * 10) / 10;

function figure(v: View, id: string, caption: string, width: number, height: number, body: Html): Html {
  return h`<figure class="chart"><svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}" xmlns="http://www.w3.org/2000/svg" direction="ltr"><title id="${id}">${caption}</title>${body}</svg><figcaption>${caption}</figcaption></figure>`;
}

/** Horizontal bars on a 0–100 scale; a null value is labelled "not assessed" and has no bar. */
export function barChart(v: View, id: string, caption: string, items: Array<{ label: string; value: number | null }>): Html {
  const f: Frame = { width: 560, rtl: v.dir === 'rtl' };
  const labelW = 190;
  const barW = 300;
  const rowH = 30;
  const rows = items.map((item, i) => {
    const y = 10 + i * rowH;
    const w = item.value === null ? 0 : (item.value / 100) * barW;
    return h`<g><text class="label" x="${mx(f, labelW - 8)}" y="${y + 15}" text-anchor="${anchor(f, 'end')}">${item.label}</text>
<rect class="track" x="${rx(f, labelW, barW)}" y="${y + 2}" width="${barW}" height="18" rx="3"></rect>
${w > 0 ? h`<rect class="bar" x="${r1(rx(f, labelW, w))}" y="${y + 2}" width="${r1(w)}" height="18" rx="3"></rect>` : ''}
<text class="value" x="${r1(mx(f, labelW + w + 6))}" y="${y + 15}" text-anchor="${anchor(f, 'start')}">${item.value === null ? v.t('notAssessed') : v.num(item.value)}</text></g>`;
  });
  return figure(v, id, caption, f.width, 20 + items.length * rowH, h`${rows}`);
}

/** How many agencies fall in each tenth of the 0–100 scale (100 counts in the last). */
export function histogram(v: View, id: string, caption: string, scores: number[]): Html {
  const f: Frame = { width: 560, rtl: v.dir === 'rtl' };
  const bins = Array.from({ length: 10 }, () => 0);
  for (const s of scores) bins[Math.min(9, Math.max(0, Math.floor(s / 10)))]++;
  const max = Math.max(1, ...bins);
  const [left, top, plotW, plotH] = [30, 20, 500, 160];
  const colW = plotW / 10;
  const bars = bins.map((n, i) => {
    const hgt = (n / max) * plotH;
    const x = left + i * colW;
    return h`<g>${n > 0 ? h`<rect class="bar" x="${r1(rx(f, x + 4, colW - 8))}" y="${r1(top + plotH - hgt)}" width="${r1(colW - 8)}" height="${r1(hgt)}" rx="2"></rect>
<text class="value" x="${r1(mx(f, x + colW / 2))}" y="${r1(top + plotH - hgt - 4)}" text-anchor="middle">${v.num(n, 0)}</text>` : ''}</g>`;
  });
  const ticks = Array.from({ length: 11 }, (_, i) => h`<text class="tick" x="${r1(mx(f, left + i * colW))}" y="${top + plotH + 16}" text-anchor="middle">${v.num(i * 10, 0)}</text>`);
  const axis = h`<line class="axis" x1="${mx(f, left)}" y1="${top + plotH}" x2="${mx(f, left + plotW)}" y2="${top + plotH}"></line>`;
  return figure(v, id, caption, f.width, top + plotH + 26, h`${bars}${axis}${ticks}`);
}

function polyline(f: Frame, cls: string, pts: Array<[number, number] | null>): Html[] {
  // A null score breaks the line: "not assessed" is not drawn as 0.
  const segments: Array<Array<[number, number]>> = [[]];
  for (const p of pts) {
    if (p) segments[segments.length - 1].push(p);
    else if (segments[segments.length - 1].length) segments.push([]);
  }
  return segments.filter((s) => s.length).map((s) => h`<polyline class="${cls}" fill="none" points="${s.map(([x, y]) => `${r1(mx(f, x))},${r1(y)}`).join(' ')}"></polyline>
${s.map(([x, y]) => h`<circle class="${cls}" cx="${r1(mx(f, x))}" cy="${r1(y)}" r="3.5"></circle>`)}`);
}

/** Observed (and, where an override changed it, reviewed) agency score per run, 0–100. */
export function trendChart(v: View, id: string, caption: string, points: TrendPoint[]): Html {
  const f: Frame = { width: 560, rtl: v.dir === 'rtl' };
  const [left, top, plotW, plotH] = [40, 24, 480, 150];
  const step = points.length > 1 ? plotW / (points.length - 1) : 0;
  const xOf = (i: number) => left + (points.length > 1 ? i * step : plotW / 2);
  const yOf = (s: number) => top + plotH - (s / 100) * plotH;
  const at = (i: number, s: number | null): [number, number] | null => (s === null ? null : [xOf(i), yOf(s)]);
  const grid = [0, 50, 100].map((g) => h`<line class="grid" x1="${mx(f, left)}" y1="${yOf(g)}" x2="${mx(f, left + plotW)}" y2="${yOf(g)}"></line>
<text class="tick" x="${mx(f, left - 6)}" y="${yOf(g) + 4}" text-anchor="${anchor(f, 'end')}">${v.num(g, 0)}</text>`);
  const labels = points.map((p, i) => h`<text class="tick" x="${r1(mx(f, xOf(i)))}" y="${top + plotH + 16}" text-anchor="middle">${v.date(p.asOf)}</text>`);
  const reviewedDiffers = points.some((p) => p.reviewed !== p.observed);
  const legend = h`<text class="legend observed" x="${mx(f, left)}" y="14" text-anchor="${anchor(f, 'start')}">— ${v.t('chart.observed')}</text>
${reviewedDiffers ? h`<text class="legend reviewed" x="${mx(f, left + 140)}" y="14" text-anchor="${anchor(f, 'start')}">- - ${v.t('chart.reviewed')}</text>` : ''}`;
  const body = h`${grid}${labels}${legend}${polyline(f, 'line-observed', points.map((p, i) => at(i, p.observed)))}${reviewedDiffers ? polyline(f, 'line-reviewed', points.map((p, i) => at(i, p.reviewed))) : ''}`;
  return figure(v, id, caption, f.width, top + plotH + 26, body);
}
