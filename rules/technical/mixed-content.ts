// Mixed content: https pages that load http:// subresources. Read from the
// markup (scripts, styles, frames, images, media, form targets) and from the
// requests the browser made, since scripts add resources the markup lacks.
import type { PageArtifact } from '../../crawlers/artifacts.ts';
import { cssPath, isElement } from '../../crawlers/dom.ts';
import { defineRule, result, type Citation, type RuleContext } from '../../src/engine/define-rule.ts';
import { snippet } from '../../src/text/persian.ts';

const SUBRESOURCES: Array<[string, string]> = [
  ['script[src]', 'src'], ['link[rel~="stylesheet"][href]', 'href'], ['iframe[src]', 'src'], ['frame[src]', 'src'], ['img[src]', 'src'],
  ['audio[src]', 'src'], ['video[src]', 'src'], ['source[src]', 'src'], ['embed[src]', 'src'], ['object[data]', 'data'], ['form[action]', 'action'],
];

function insecureIn(page: PageArtifact, ctx: RuleContext): Array<{ url: string; selector: string | null }> {
  const $ = ctx.dom(page);
  const found: Array<{ url: string; selector: string | null }> = [];
  for (const [selector, attr] of SUBRESOURCES) {
    for (const el of $(selector).toArray().filter(isElement)) {
      const value = (el.attribs[attr] ?? '').trim();
      if (/^http:\/\//i.test(value)) found.push({ url: value, selector: cssPath(el) });
    }
  }
  for (const url of page.insecureRequests) if (!found.some((f) => f.url === url)) found.push({ url, selector: null });
  return found;
}

export default defineRule({
  id: 'mixed-content',
  pillar: 'technical',
  title: { fa: 'صفحات HTTPS منبع ناامن بارگذاری نمی‌کنند', en: 'HTTPS pages load no insecure resources' },
  messages: {
    clean: { fa: '{pages} صفحهٔ HTTPS بدون منبع ناامن', en: '{pages} HTTPS pages with no insecure resources' },
    mixed: { fa: '{count} منبع http:// در {pagesWith} صفحه از {pages} صفحهٔ HTTPS', en: '{count} http:// resources on {pagesWith} of {pages} HTTPS pages' },
    'not-https': { fa: 'هیچ صفحهٔ HTTPS خزیده نشد', en: 'No HTTPS page was crawled' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    const secure = site.pages.filter((p) => p.finalUrl.startsWith('https:'));
    if (secure.length === 0) return result.notApplicable('not-https');
    const hits = secure.map((page) => ({ page, insecure: insecureIn(page, ctx) })).filter((h) => h.insecure.length > 0);
    if (hits.length === 0) {
      return result.pass([{ pageUrl: secure[0].finalUrl, selector: null, snippet: `${secure.length} HTTPS pages, 0 http:// subresources` }], 'clean', { pages: secure.length });
    }
    const evidence: Citation[] = hits.slice(0, 3).map(({ page, insecure }) => ({
      pageUrl: page.finalUrl, selector: insecure.find((i) => i.selector)?.selector ?? null, snippet: snippet(insecure.map((i) => i.url).join(' · '), 300),
    }));
    const count = hits.reduce((n, h) => n + h.insecure.length, 0);
    return result.fail('mixed', { count, pagesWith: hits.length, pages: secure.length, urls: hits.flatMap((h) => h.insecure.map((i) => i.url)).slice(0, 50) }, evidence);
  },
});
