// Page 4 and 5: one finding with its evidence (screenshots full size and
// zoomable, the element clip, snippet, URL, capture time and SHA-256, each
// sampled service for per-service indicators), and its review: history,
// current state, and the form for evaluators. Every crawled string goes in
// escaped; the HTML snapshot has a page of its own.
import { OVERRIDE_OUTCOMES } from '../../engine/reviewed.ts';
import type { AgencyScore } from '../../engine/scoring.ts';
import type { UiKey } from '../../i18n/ui.ts';
import type { ExportAgency, ExportEvidence, ExportIndicator } from '../../report/json.ts';
import type { Review } from '../../store/reviews.ts';
import type { BlobInfo, FindingRef } from '../data.ts';
import { outcomeBadge, reviewedOf, reviewState, verdictBadge } from './agency.ts';
import { externalLink, h, type Html } from './html.ts';
import { layout } from './layout.ts';
import type { View } from './view.ts';

export interface ReviewForm {
  error: UiKey | null;
  values: { action?: string; outcome?: string; score?: string; reason?: string };
}

export interface FindingInput {
  ref: FindingRef;
  agency: ExportAgency;
  indicator: ExportIndicator;
  reviewed: AgencyScore;
  history: Review[];
  titles: Map<string, string>;
  blobs: Map<string, BlobInfo>;
  /** Response headers (JSON) of headers evidence, by sha256. */
  headers: Map<string, string>;
  form: ReviewForm;
  canReview: boolean;
  weight: { weight: number; priority: number } | null;
}

/** Evidence items that show the same element of the same page, in capture order. */
function groups(items: ExportEvidence[]): ExportEvidence[][] {
  const out = new Map<string, ExportEvidence[]>();
  for (const e of items) {
    const key = `${e.url}\n${e.selector ?? ''}\n${e.snippet}`;
    out.set(key, [...(out.get(key) ?? []), e]);
  }
  return [...out.values()];
}

type Box = { x: number; y: number; width: number; height: number };
type Size = { width: number; height: number };

/** The highlight: a rectangle over the image in the image's own pixels (the screenshot itself is left as taken). */
function highlight(box: Box, size: Size): Html {
  return h`<svg class="highlight" viewBox="0 0 ${size.width} ${size.height}" preserveAspectRatio="none" aria-hidden="true"><rect class="box" x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}"></rect></svg>`;
}

/** The element alone: the same screenshot, cropped by an SVG viewBox around the box. */
function clip(v: View, e: ExportEvidence, box: Box, size: Size): Html {
  const pad = 16;
  const x = Math.max(0, box.x - pad);
  const y = Math.max(0, box.y - pad);
  const w = Math.min(size.width, box.x + box.width + pad) - x;
  const hgt = Math.min(size.height, box.y + box.height + pad) - y;
  return h`<figure class="shot clip"><svg viewBox="${x} ${y} ${w} ${hgt}" width="${w}" height="${hgt}" role="img" aria-label="${v.t('finding.elementClip')}: ${e.selector ?? ''}">
<image href="/blobs/${e.sha256}" x="0" y="0" width="${size.width}" height="${size.height}"></image>
<rect class="box" x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}"></rect></svg>
<figcaption>${v.t('finding.elementClip')}</figcaption></figure>`;
}

function image(v: View, e: ExportEvidence, blob: BlobInfo, id: string): Html {
  const caption = e.kind === 'element' ? v.t('finding.elementClip') : e.box ? v.t('finding.screenshot') : v.t('finding.screenshotPlain');
  const size = blob.image;
  const box = e.box && size ? e.box : null;
  return h`<figure class="shot ${e.kind}">
<input type="checkbox" id="${id}" class="zoom-toggle">
<label for="${id}" title="${v.t('finding.zoom')}"><span class="frame"><img src="/blobs/${e.sha256}" alt="${caption}: ${e.url}"${size ? h` width="${size.width}" height="${size.height}"` : ''}>${box ? highlight(box, size!) : ''}</span></label>
<figcaption>${caption}${v.t('sep')}<a href="/blobs/${e.sha256}" target="_blank" rel="noopener">${v.t('finding.fullSize')}</a></figcaption>
</figure>
${box ? clip(v, e, box, size!) : ''}`;
}

function itemLink(v: View, e: ExportEvidence, blob: BlobInfo | undefined): Html {
  if (!blob) return h`<span class="warn">${v.t('finding.missingBlob')}</span>`;
  if (blob.pruned) return h`<span class="muted">${v.t('finding.pruned')}</span>`;
  if (e.kind === 'html') return h`<a href="/blobs/${e.sha256}/snapshot">${v.t('finding.snapshot')}</a>`;
  if (e.kind === 'lighthouse') return h`<a href="/blobs/${e.sha256}" download="lighthouse-${e.sha256.slice(0, 12)}.json">${v.t('finding.download')}</a>`;
  return h`<a href="/blobs/${e.sha256}" target="_blank" rel="noopener">${v.t('finding.open')}</a>`;
}

function evidenceGroup(v: View, input: FindingInput, list: ExportEvidence[], n: number): Html {
  const first = list[0];
  const title = input.titles.get(first.url);
  const images = list.filter((e) => (e.kind === 'screenshot' || e.kind === 'element') && input.blobs.get(e.sha256)?.pruned === false);
  const headers = list.filter((e) => e.kind === 'headers' && input.headers.has(e.sha256));
  const lost = list.some((e) => e.selectorFound === false);
  return h`<article class="evidence" id="evidence-${n}">
<dl class="facts">
<div><dt>${v.t('finding.page')}</dt><dd>${externalLink(first.url)}</dd></div>
${title !== undefined ? h`<div><dt>${v.t('finding.pageTitle')}</dt><dd class="crawled" dir="auto">${title}</dd></div>` : ''}
${first.selector ? h`<div><dt>${v.t('finding.selector')}</dt><dd><code dir="ltr">${first.selector}</code></dd></div>` : ''}
<div><dt>${v.t('finding.snippet')}</dt><dd><blockquote class="crawled snippet" dir="auto">${first.snippet}</blockquote></dd></div>
</dl>
${lost ? h`<p class="alert">${v.t('finding.selectorLost')}</p>` : ''}
<div class="shots">${images.map((e, i) => image(v, e, input.blobs.get(e.sha256)!, `zoom-${n}-${i}`))}</div>
${headers.map((e) => h`<details open><summary>${v.t('finding.headers')}</summary><pre class="crawled" dir="ltr">${input.headers.get(e.sha256)}</pre></details>`)}
<table class="data compact hashes"><thead><tr><th>${v.t('finding.kind')}</th><th>${v.t('finding.captured')}</th><th>${v.t('finding.sha')}</th><th></th></tr></thead><tbody>
${list.map((e) => h`<tr><td>${v.label('kind', e.kind)}</td><td>${v.dateTime(e.capturedAt)}<br><small dir="ltr">${e.capturedAt}</small></td>
<td><code class="sha" dir="ltr">${e.sha256}</code></td><td>${itemLink(v, e, input.blobs.get(e.sha256))}</td></tr>`)}
</tbody></table>
</article>`;
}

function evidence(v: View, input: FindingInput, items: ExportEvidence[], offset: number): Html {
  if (!items.length) return h`<p class="empty">${v.t('finding.noEvidence')}</p>`;
  return h`${groups(items).map((g, i) => evidenceGroup(v, input, g, offset + i))}`;
}

function services(v: View, input: FindingInput): Html {
  const list = input.indicator.services;
  if (!list) return h``;
  if (!list.length) return h`<section><h2>${v.t('finding.services', { count: v.num(0, 0) })}</h2><p class="empty">${v.t('finding.noServices')}</p></section>`;
  const items = list.map((s, i) => h`<section class="service" id="service-${i + 1}">
<h3>${v.num(i + 1, 0)}. ${externalLink(s.url)}</h3>
<p>${outcomeBadge(v, s.outcome)} ${v.share(s.score)}${v.t('sep')}<span>${v.message(input.indicator.id, s.messageKey, s.data)}</span></p>
${evidence(v, input, s.evidence, 100 * (i + 1))}
</section>`);
  return h`<section><h2>${v.t('finding.services', { count: v.num(list.length, 0) })}</h2>${items}</section>`;
}

function summary(v: View, input: FindingInput): Html {
  const i = input.indicator;
  const a = input.agency;
  const rs = reviewedOf(i);
  const reviewedOutcome = i.review?.action === 'override' ? i.review.outcome : i.outcome;
  return h`<dl class="cards">
<div><dt>${v.t('finding.observed')}</dt><dd data-testid="finding-observed">${outcomeBadge(v, i.outcome)} <b>${v.share(i.score)}</b></dd></div>
<div><dt>${v.t('finding.reviewed')}</dt><dd data-testid="finding-reviewed">${outcomeBadge(v, reviewedOutcome)} <b class="reviewed">${v.share(rs)}</b></dd></div>
<div><dt>${v.t('finding.declared')}</dt><dd>${i.declared === null ? v.t('dash') : v.pct(i.declared)}</dd></div>
<div><dt>${v.t('finding.verdict')}</dt><dd>${verdictBadge(v, i.verdict, i.suspected)}</dd></div>
<div><dt>${v.t('finding.agencyObserved')}</dt><dd class="big" data-testid="agency-observed">${v.num(a.score)}</dd></div>
<div><dt>${v.t('finding.agencyReviewed')}</dt><dd class="big reviewed" data-testid="agency-reviewed">${v.num(input.reviewed.score)}</dd></div>
</dl>
<p class="message">${v.message(i.id, i.messageKey, i.data)}</p>
<p class="muted">${v.t('finding.pillar')}: ${v.pillarTitle(i.pillar)}${input.weight ? h`${v.t('sep')}${v.t('finding.weight', { weight: v.num(input.weight.weight, 2), priority: v.num(input.weight.priority, 2) })}` : ''}${v.t('sep')}<code dir="ltr">${i.id}</code></p>`;
}

function history(v: View, list: Review[]): Html {
  if (!list.length) return h`<p class="muted">${v.t('review.noHistory')}</p>`;
  const rows = [...list].reverse().map((r) => h`<tr><td>${v.dateTime(r.createdAt)}</td><td>${r.username} <small class="muted">(${v.label('role', r.role)})</small></td>
<td>${v.label('action', r.action)}</td><td>${outcomeBadge(v, r.outcome)} ${v.share(r.score)}</td><td class="crawled" dir="auto">${r.reason || v.t('dash')}</td></tr>`);
  return h`<table class="data history"><thead><tr><th>${v.t('review.when')}</th><th>${v.t('review.who')}</th><th>${v.t('review.action')}</th><th>${v.t('review.outcome')}</th><th>${v.t('review.reason')}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function form(v: View, input: FindingInput): Html {
  if (!input.canReview) return h`<p class="muted">${v.t('review.readOnly')}</p>`;
  const f = input.form.values;
  const action = f.action ?? 'confirm';
  const options = OVERRIDE_OUTCOMES.map((o) => h`<option value="${o}"${f.outcome === o ? ' selected' : ''}>${v.label('outcome', o)}</option>`);
  return h`<form method="post" action="/findings/${input.ref.id}/reviews" class="review-form">
<input type="hidden" name="_csrf" value="${v.user!.csrfToken}">
${input.form.error ? h`<p class="alert" role="alert">${v.t(input.form.error)}</p>` : ''}
<fieldset><legend>${v.t('review.action')}</legend>
<label><input type="radio" name="action" value="confirm"${action === 'confirm' ? ' checked' : ''}> ${v.t('review.confirm')}</label>
<label><input type="radio" name="action" value="override"${action === 'override' ? ' checked' : ''}> ${v.t('review.override')}</label>
</fieldset>
<label>${v.t('review.newOutcome')} <select name="outcome">${options}</select></label>
<label>${v.t('review.partialScore')} <input name="score" inputmode="decimal" size="5" value="${f.score ?? ''}"></label>
<label class="wide">${v.t('review.reasonLabel')} <textarea name="reason" rows="3" maxlength="2000">${f.reason ?? ''}</textarea></label>
<button type="submit">${v.t('review.submit')}</button>
</form>`;
}

export function findingPage(v: View, input: FindingInput): Html {
  const i = input.indicator;
  const body = h`${summary(v, input)}
<section><h2>${v.t('finding.evidence')}</h2>${evidence(v, input, i.evidence, 1)}</section>
${services(v, input)}
<section id="review"><h2>${v.t('review.title')}</h2>
<p>${reviewState(v, i)}</p>
<p class="note">${v.t('review.note')}</p>
${form(v, input)}
<h3>${v.t('review.history')}</h3>${history(v, input.history)}
</section>`;
  return layout(v, v.indicatorTitle(i.id), body, [
    { href: '/', label: v.t('nav.runs') },
    { href: `/runs/${input.ref.runId}`, label: v.t('national.crumb', { id: v.num(input.ref.runId, 0) }) },
    { href: `/runs/${input.ref.runId}/agencies/${encodeURIComponent(input.agency.id)}`, label: input.agency.name[v.lang] },
    { label: v.indicatorTitle(i.id) },
  ]);
}
