// Response headers on the home page: framing protection (CSP or
// X-Frame-Options), X-Content-Type-Options, Referrer-Policy, and no software
// version disclosed in Server / X-Powered-By. Score = share of the four.
import { defineRule, result } from '../../src/engine/define-rule.ts';
import { snippet } from '../../src/text/persian.ts';

const VERSION = /\d+(\.\d+)+|\/\s*\d/;

interface Check { id: string; ok: boolean }

/**
 * A header's values, lower-cased. A header sent twice (by the application and
 * again by a proxy or CDN) arrives joined: «SAMEORIGIN, SAMEORIGIN».
 */
function values(h: Record<string, string>, name: string): string[] {
  return (h[name] ?? '').split(',').map((v) => v.trim().toLowerCase()).filter(Boolean);
}

/** True when every value given is one of the allowed ones. */
function only(vals: string[], allowed: string[]): boolean {
  return vals.length > 0 && vals.every((v) => allowed.includes(v));
}

function checks(h: Record<string, string>): Check[] {
  const csp = h['content-security-policy'] ?? '';
  return [
    { id: 'csp-or-frame-options', ok: csp.trim() !== '' || only(values(h, 'x-frame-options'), ['deny', 'sameorigin']) },
    { id: 'x-content-type-options', ok: only(values(h, 'x-content-type-options'), ['nosniff']) },
    { id: 'referrer-policy', ok: (h['referrer-policy'] ?? '').trim() !== '' },
    { id: 'no-version-disclosure', ok: !VERSION.test(h.server ?? '') && !VERSION.test(h['x-powered-by'] ?? '') },
  ];
}

const SHOWN = ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy', 'server', 'x-powered-by'];

export default defineRule({
  id: 'security-headers',
  pillar: 'technical',
  title: { fa: 'سرآیندهای امنیتی تنظیم شده‌اند', en: 'Security headers are set' },
  messages: {
    summary: { fa: '{passed} از ۴ بررسی سرآیند برقرار است؛ ناموفق: {failed}', en: '{passed} of 4 header checks pass; failing: {failed}' },
  },
  needs: ['home'],
  evaluate(site) {
    const home = site.home!;
    const results = checks(home.headers);
    const passed = results.filter((c) => c.ok).length;
    const failed = results.filter((c) => !c.ok).map((c) => c.id);
    const shown = SHOWN.filter((k) => home.headers[k] !== undefined).map((k) => `${k}: ${home.headers[k]}`).join('; ');
    const evidence = [{ pageUrl: home.finalUrl, selector: null, snippet: snippet(shown || '(none of the security headers)', 300) }];
    const data = { passed, failed: failed.join(', ') || '-', checks: Object.fromEntries(results.map((c) => [c.id, c.ok])) };
    if (passed === results.length) return result.pass(evidence, 'summary', data);
    if (passed === 0) return result.fail('summary', data, evidence);
    return result.partial(passed / results.length, evidence, 'summary', data);
  },
});
