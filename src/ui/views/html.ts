// The one way views write markup: Hono's html tag, which escapes every
// interpolated value. Crawled text (titles, snippets, URLs, agency names) is
// hostile and only ever goes in as an interpolation; raw() is not used in views.
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString;

/** Nothing is passed in asynchronously, so the result is always a string. */
export function h(strings: TemplateStringsArray, ...values: unknown[]): Html {
  return html(strings, ...values) as Html;
}

/** Crawled URLs become links only when they are http(s); anything else (javascript:, data:) is shown as text. */
export function safeHref(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** A link to a crawled page: opens apart from the UI and sends no referrer. */
export function externalLink(url: string, text: string = url): Html {
  const href = safeHref(url);
  return href
    ? h`<a class="ext" dir="ltr" href="${href}" rel="noopener noreferrer nofollow" target="_blank">${text}</a>`
    : h`<span class="ext" dir="ltr">${text}</span>`;
}

/** A query string from a base and changes; empty values are left out. */
export function query(base: Record<string, string | undefined>, changes: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...base, ...changes })) if (v) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}
