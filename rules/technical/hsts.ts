// HSTS: Strict-Transport-Security on the https home page with a max-age of at
// least a year, so browsers never fall back to http.
import { defineRule, result } from '../../src/engine/define-rule.ts';
import { snippet } from '../../src/text/persian.ts';

export const MIN_MAX_AGE_S = 31_536_000;

/** max-age in seconds, or null when the header is missing or has none. */
export function maxAge(header: string | undefined): number | null {
  const m = /(?:^|;|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(header ?? '');
  return m ? Number(m[1]) : null;
}

export default defineRule({
  id: 'hsts',
  pillar: 'technical',
  title: { fa: 'HSTS با مدت کافی تنظیم شده است', en: 'HSTS is set for at least a year' },
  messages: {
    ok: { fa: 'max-age={maxAge}', en: 'max-age={maxAge}' },
    short: { fa: 'max-age={maxAge} کمتر از یک سال است', en: 'max-age={maxAge} is less than a year' },
    missing: { fa: 'سرآیند Strict-Transport-Security ارسال نمی‌شود', en: 'No Strict-Transport-Security header' },
    'not-https': { fa: 'صفحهٔ اصلی HTTPS نیست؛ HSTS ممکن نیست', en: 'The home page is not https, so HSTS cannot apply' },
  },
  needs: ['home'],
  evaluate(site) {
    const home = site.home!;
    const header = home.headers['strict-transport-security'];
    const evidence = [{ pageUrl: home.finalUrl, selector: null, snippet: snippet(`strict-transport-security: ${header ?? '(none)'}`, 300) }];
    if (!home.finalUrl.startsWith('https:') || site.transport?.tlsError) return result.fail('not-https', {}, evidence);
    const age = maxAge(header);
    if (age === null) return result.fail('missing', {}, evidence);
    if (age >= MIN_MAX_AGE_S) return result.pass(evidence, 'ok', { maxAge: age });
    return age > 0 ? result.partial(0.5, evidence, 'short', { maxAge: age }) : result.fail('short', { maxAge: age }, evidence);
  },
});
