// Links into the national services window (data/national-systems.json: its
// hosts and former hosts, by the most specific host, so sso.my.gov.ir is the
// SSO and foia.iran.gov.ir the FOI system). The home page linking to the
// agency's own page there scores 1; otherwise the score is the share of the
// sampled service pages that link into it (INDICATORS.md); a link to the
// window's front page alone earns nothing. A link the probe step found dead
// (>= 400) is not one.
import type { LinkArtifact, PageArtifact } from '../../crawlers/artifacts.ts';
import type { CheerioAPI } from '../../crawlers/dom.ts';
import { defineRule, result } from '../../src/engine/define-rule.ts';
import { citeLink } from '../lib/cite.ts';
import { inRunningText } from '../lib/blocks.ts';
import { words } from '../lib/labels.ts';
import { linkElement, MAX_NAV_LINK_WORDS, probedDead } from '../lib/links.ts';
import { inDatedItem, isNewsPage } from '../lib/lists.ts';
import { onAgencySite } from '../lib/targets.ts';
import { onSystemOfKind, systemNamedIn, systemOfUrl } from '../lib/national.ts';
import { discoverServices } from '../lib/services.ts';

/** A page on the window beyond its front page: the agency's page or a service. */
function isDeepLink(link: LinkArtifact): boolean {
  const u = new URL(link.href);
  return u.pathname.replace(/\/+$/, '') !== '' || u.search !== '';
}

function reports($: CheerioAPI, page: PageArtifact, link: LinkArtifact): boolean {
  const el = linkElement($, link);
  return isNewsPage(page) || (!!el && inDatedItem($, el));
}

export default defineRule({
  id: 'national-window',
  pillar: 'integrated',
  title: { fa: 'پیوند به پنجره ملی خدمات دولت هوشمند', en: 'Linked to the national services window' },
  messages: {
    'home-deep': { fa: 'صفحهٔ اصلی به صفحهٔ دستگاه در پنجره ملی پیوند دارد', en: "The home page links to the agency's page on the national window" },
    'services-all': { fa: 'همه {sampled} صفحه خدمتِ نمونه به پنجره ملی پیوند دارند', en: 'All {sampled} sampled service pages link into the national window' },
    'services-share': { fa: '{linked} از {sampled} صفحه خدمتِ نمونه به پنجره ملی پیوند دارند', en: '{linked} of {sampled} sampled service pages link into the national window' },
    'inner-deep': { fa: 'تنها صفحات داخلی به پنجره ملی پیوند دارند', en: 'Only inner pages link into the national window' },
    'root-only': { fa: 'تنها به صفحهٔ نخست پنجره ملی پیوند داده شده است', en: "Only the national window's front page is linked" },
    'named-unlisted': { fa: 'پیوندی با نام پنجره ملی خدمات به نشانی‌ای بیرون از فهرست ({href})؛ نیاز به بررسی', en: 'A link named for the national window goes to a host not on the list ({href}); needs review' },
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
    // The sample is the one the per-service rules judge (run-audit's site.services).
    const services = site.services ?? discoverServices(site, ctx);
    const linking = services.flatMap((s) => found.filter((f) => f.page === s && isDeepLink(f.link)).slice(0, 1));
    if (linking.length) {
      const data = { linked: linking.length, sampled: services.length, href: linking[0].link.href };
      const citations = linking.map((f) => citeLink(f.page, f.link));
      if (linking.length === services.length) return result.pass(citations, 'services-all', data);
      return result.partial(linking.length / services.length, citations, 'services-share', data);
    }
    // A news story that tells readers to register there reports the window; it does not offer it.
    const offered = found.filter((f) => !reports(ctx.dom(f.page), f.page, f.link));
    const deep = offered.find((f) => isDeepLink(f.link));
    if (deep) return result.partial(0.5, [citeLink(deep.page, deep.link)], 'inner-deep', { href: deep.link.href });
    // The window's front page names no agency and no service: the link a citizen needs is not there (INDICATORS.md counts only those).
    if (offered.length) return result.fail('root-only', { href: offered[0].link.href }, [citeLink(offered[0].page, offered[0].link)]);
    // A link named for the window («درگاه ملی خدمات …») on a host the list does not know may be a new one: an evaluator decides.
    // A host the list knows as another system (the national SSO's «ورود با دولت من») is not the window.
    for (const page of site.pages) {
      const $ = ctx.dom(page);
      const named = page.links.find((l) => {
        const el = linkElement($, l);
        return words(l.text) <= MAX_NAV_LINK_WORDS && !!systemNamedIn(l.text, ctx.config.nationalSystems, 'national-window')
          && !systemOfUrl(l.href, ctx.config.nationalSystems) && !onAgencySite(site, l.href) && !probedDead(site, l.href) && !(el && inRunningText(el));
      });
      if (named) return result.needsReview([citeLink(page, named)], 'named-unlisted', { href: named.href, hosts: hosts.join(', ') });
    }
    return result.fail('not-found', { hosts: hosts.join(', ') });
  },
});
