// Login goes through the national single sign-on: a login link, form or
// button that reaches the SSO hosts (default sso.my.gov.ir), or a login button
// labelled «ورود یکپارچه» / «ورود با دولت من». A portal with no login at all
// has nothing to judge: not-applicable. Logins that all go elsewhere fail.
import { defineRule, result } from '../../src/engine/define-rule.ts';
import { loginPoints, type LoginPoint } from '../lib/login.ts';

/** Forms first: a password form is the surest sign of where the login really happens. */
const KIND_ORDER: Record<LoginPoint['kind'], number> = { form: 0, button: 1, link: 2 };

function hostsOf(points: LoginPoint[]): string[] {
  return [...new Set(points.map((p) => p.host))];
}

export default defineRule({
  id: 'national-sso',
  pillar: 'integrated',
  title: { fa: 'ورود از طریق احراز هویت یکپارچه ملی', en: 'Login goes through the national single sign-on' },
  messages: {
    sso: { fa: 'ورود از طریق {via} انجام می‌شود', en: 'Login goes through {via}' },
    elsewhere: { fa: 'ورود به {hosts} انجام می‌شود، نه از طریق ورود یکپارچه', en: 'Login goes to {hosts}, not through the national single sign-on' },
    'no-login': { fa: 'درگاه هیچ ورود کاربری ندارد', en: 'The portal has no login' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    const points = loginPoints(site, ctx);
    if (points.length === 0) return { outcome: 'not-applicable', score: null, evidence: [], messageKey: 'no-login' };
    const sso = points.filter((p) => p.sso).sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
    const others = points.filter((p) => !p.sso);
    if (sso.length) {
      const via = sso[0].citation.snippet;
      return result.pass([sso[0].citation], 'sso', { via, ssoHosts: hostsOf(sso), otherLoginHosts: hostsOf(others) });
    }
    const shown = [...others].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
    const hosts = hostsOf(shown);
    return result.fail('elsewhere', { hosts: hosts.join(', '), loginHosts: hosts }, [shown[0].citation]);
  },
});
