// Links to the agency's accounts on social networks: a link whose host is a
// network's (eitaa.com, ble.ir, rubika.ir, aparat.com, t.me, instagram.com,
// x.com, linkedin.com …) and whose path names an account or channel. One such
// link suffices. Share buttons («اشتراک‌گذاری در تلگرام»), a network's front
// page, a single post or video, and a link inside a news story's sentence are
// not the agency's account.
import type { CheerioAPI } from '../../crawlers/dom.ts';
import type { LinkArtifact, PageArtifact } from '../../crawlers/artifacts.ts';
import { defineRule, result, type Citation } from '../../src/engine/define-rule.ts';
import { inRunningText } from '../lib/blocks.ts';
import { citeLink } from '../lib/cite.ts';
import { linkElement } from '../lib/links.ts';
import { NETWORKS, type Network } from '../lib/social.ts';


/** A post under an account («/agency/status/123», «eitaa.com/agency/4521») shows the post, not the account. */
const POST_PATH = /^\/[^/]+\/(status|posts?|\d+)(\/|$)/i;
/** Invitations into a channel or group («/joinchat/…», «t.me/+…», Rubika's «/joing/…»). */
const INVITE_PATH = /^\/(joinchat|join|joing|joinc|\+)/i;
/** A query that shares the current page («?url=…», «?text=…»). */
const SHARE_QUERY = /[?&](url|u|text|body|shareurl)=/i;

function networkOf(href: string): Network | null {
  const host = new URL(href).hostname.toLowerCase();
  return NETWORKS.find((n) => n.hosts.some((h) => host === h || host.endsWith(`.${h}`))) ?? null;
}

/** The network when the link leads to an account or channel on it, else null. */
function accountNetwork(href: string): Network | null {
  const network = networkOf(href);
  if (!network) return null;
  const { pathname, search } = new URL(href);
  if (pathname.replace(/\/+$/, '') === '' || network.notAccount.test(pathname) || SHARE_QUERY.test(search)) return null;
  // A channel's numbered post still names the channel, but it shows one post (news, not navigation).
  return INVITE_PATH.test(pathname) || !POST_PATH.test(pathname) ? network : null;
}

interface Account { page: PageArtifact; link: LinkArtifact; network: string }

function accountsOn($: CheerioAPI, page: PageArtifact): Account[] {
  return page.links.flatMap((link) => {
    const network = accountNetwork(link.href);
    if (!network) return [];
    const el = linkElement($, link);
    return el && inRunningText(el) ? [] : [{ page, link, network: network.name }];
  });
}

export default defineRule({
  id: 'social-media',
  pillar: 'participatory',
  title: { fa: 'حساب‌های رسمی در شبکه‌های اجتماعی معرفی شده است', en: 'Official social media accounts are linked' },
  messages: {
    found: { fa: 'پیوند به حساب در {networks}', en: 'Linked accounts on {networks}' },
    'not-found': { fa: 'پیوندی به حساب یا کانال در شبکه‌های اجتماعی یافت نشد', en: 'No link to an account or channel on a social network was found' },
  },
  needs: ['pages'],
  evaluate(site, ctx) {
    const accounts: Account[] = [];
    for (const page of site.pages) accounts.push(...accountsOn(ctx.dom(page), page));
    if (!accounts.length) return result.fail('not-found');
    // One citation per network, so the evidence shows each account once.
    const byNetwork = new Map<string, Account>();
    for (const a of accounts) if (!byNetwork.has(a.network)) byNetwork.set(a.network, a);
    const evidence: Citation[] = [...byNetwork.values()].map((a) => citeLink(a.page, a.link));
    const networks = [...byNetwork.keys()];
    return result.pass(evidence, 'found', { networks: networks.join(', '), count: networks.length, hrefs: [...byNetwork.values()].map((a) => a.link.href) });
  },
});
