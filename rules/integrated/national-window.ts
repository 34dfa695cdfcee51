// Links into the national services window (data/national-systems.json: its
// hosts and former hosts, by the most specific host, so sso.my.gov.ir is the
// SSO and foia.iran.gov.ir the FOI system). The home page linking to the
// agency's own page there scores 1. A link the probe step found dead (>= 400)
// is not one.
import type { LinkArtifact, PageArtifact } from '../../crawlers/artifacts.ts';
import { defineRule, result } from '../../src/engine/define-rule.ts';
import { citeLink } from '../lib/cite.ts';
import { probedDead } from '../lib/links.ts';
import { onSystemOfKind } from '../lib/national.ts';

/** A page on the window beyond its front page: the agency's page or a service. */
function isDeepLink(link: LinkArtifact): boolean {
  const u = new URL(link.href);
  return u.pathname.replace(/\/+$/, '') !== '' || u.search !== '';
}

export default defineRule({
  id: 'national-window',
  pillar: 'integrated',
  title: { fa: 'پیوند به پنجره ملی خدمات دولت هوشمند', en: 'Linked to the national services window' },
  messages: {
    'home-deep': { fa: 'صفحهٔ اصلی به صفحهٔ دستگاه در پنجره ملی پیوند دارد', en: "The home page links to the agency's page on the national window" },
    'inner-deep': { fa: 'تنها صفحات داخلی به پنجره ملی پیوند دارند', en: 'Only inner pages link into the national window' },
    'root-only': { fa: 'تنها به صفحهٔ نخست پنجره ملی پیوند داده شده است', en: "Only the national window's front page is linked" },
    'not-found': { fa: 'هیچ پیوندی به {hosts} یافت نشد', en: 'No link to {hosts} was found' },
  },
  needs: ['home', 'pages'],
  evaluate(site, ctx) {
    const hosts = ctx.config.nationalWindowHosts.map((h) => h.toLowerCase());
    const found: Array<{ page: PageArtifact; link: LinkArtifact }> = [];
    for (const page of site.pages) {
      for (const link of page.links) {
        if (onSystemOfKind(link.href, ctx.config.nationalSystems, 'national-window') && !probedDead(site, link.href)) found.push({ page, link });
      }
    }
    const fromHome = found.find((f) => f.page === site.home && isDeepLink(f.link));
    if (fromHome) return result.pass([citeLink(fromHome.page, fromHome.link)], 'home-deep', { href: fromHome.link.href });
    const deep = found.find((f) => isDeepLink(f.link));
    if (deep) return result.partial(0.5, [citeLink(deep.page, deep.link)], 'inner-deep', { href: deep.link.href });
    if (found.length) return result.partial(0.5, [citeLink(found[0].page, found[0].link)], 'root-only', { href: found[0].link.href });
    return result.fail('not-found', { hosts: hosts.join(', ') });
  },
});
