// HTTPS: the portal is served over https with a certificate a browser
// accepts, and http:// sends the citizen on to https://.
import type { SiteArtifacts } from '../../crawlers/artifacts.ts';
import { defineRule, result, type Citation } from '../../src/engine/define-rule.ts';
import { snippet } from '../../src/text/persian.ts';

function citation(site: SiteArtifacts, text: string): Citation {
  return { pageUrl: site.home!.finalUrl, selector: null, snippet: snippet(text, 300) };
}

function probeText(site: SiteArtifacts): string {
  const p = site.transport?.httpProbe;
  if (!p) return 'http:// not probed';
  if (p.error) return `${p.url} → ${p.error}`;
  return `${p.url} → HTTP ${p.status}${p.location ? ` → ${p.location}` : ''}`;
}

export default defineRule({
  id: 'https',
  pillar: 'technical',
  title: { fa: 'درگاه با HTTPS معتبر ارائه می‌شود', en: 'The portal is served over valid HTTPS' },
  messages: {
    ok: { fa: 'HTTPS با گواهی معتبر و هدایت http به https', en: 'HTTPS with a valid certificate, and http:// redirects to https://' },
    'no-redirect': { fa: 'HTTPS معتبر است اما http به https هدایت نمی‌شود', en: 'HTTPS is valid, but http:// does not redirect to https://' },
    'bad-certificate': { fa: 'گواهی TLS نامعتبر است: {error}', en: 'The TLS certificate is not valid: {error}' },
    'http-only': { fa: 'صفحهٔ اصلی بدون HTTPS ارائه می‌شود', en: 'The home page is served without HTTPS' },
  },
  needs: ['home'],
  evaluate(site) {
    const home = site.home!;
    const tlsError = site.transport?.tlsError ?? null;
    const facts = `${home.finalUrl} · ${probeText(site)}${tlsError ? ` · ${tlsError}` : ''}`;
    if (tlsError) return result.fail('bad-certificate', { error: tlsError }, [citation(site, facts)]);
    if (!home.finalUrl.startsWith('https:')) return result.fail('http-only', { finalUrl: home.finalUrl }, [citation(site, facts)]);
    const redirects = site.transport?.httpProbe?.redirectsToHttps ?? false;
    const data = { finalUrl: home.finalUrl, httpProbe: site.transport?.httpProbe ?? null };
    return redirects ? result.pass([citation(site, facts)], 'ok', data) : result.partial(0.5, [citation(site, facts)], 'no-redirect', data);
  },
});
