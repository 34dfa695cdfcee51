// Social networks' hosts, shared by social-media (an account link) and the
// service catalog (a row of social icons is no service grid).
import { bareHost } from './links.ts';

export interface Network {
  name: string;
  hosts: string[];
  /** Paths that are not an account: sharing, a single post or video, the network's own pages. */
  notAccount: RegExp;
}

// Path segments every network uses for its own pages rather than an account.
const COMMON = 'share|sharer|intent|home|explore|search|login|signup|register|download|about|help|privacy|terms|hashtag';
const notAccount = (extra: string) => new RegExp(`^/(?:${COMMON}${extra ? `|${extra}` : ''})(?:[/?.]|$)`, 'i');

export const NETWORKS: readonly Network[] = [
  { name: 'eitaa', hosts: ['eitaa.com'], notAccount: notAccount('') },
  { name: 'bale', hosts: ['ble.ir', 'bale.ai'], notAccount: notAccount('') },
  { name: 'rubika', hosts: ['rubika.ir'], notAccount: notAccount('post') },
  { name: 'aparat', hosts: ['aparat.com'], notAccount: notAccount('v|video|videohash|embed|result|playlist') },
  { name: 'telegram', hosts: ['t.me', 'telegram.me'], notAccount: notAccount('iv|addstickers|proxy|socks') },
  { name: 'instagram', hosts: ['instagram.com'], notAccount: notAccount('p|reel|reels|tv|stories|accounts|direct') },
  { name: 'x', hosts: ['x.com', 'twitter.com'], notAccount: notAccount('i|status|compose|messages|settings|notifications') },
  { name: 'linkedin', hosts: ['linkedin.com'], notAccount: notAccount('sharing|shareArticle|feed|posts|pulse|jobs|learning') },
  { name: 'splus', hosts: ['splus.ir'], notAccount: notAccount('') },
  { name: 'virasty', hosts: ['virasty.com'], notAccount: notAccount('post') },
  { name: 'igap', hosts: ['igap.net'], notAccount: notAccount('') },
  { name: 'soroush', hosts: ['sapp.ir'], notAccount: notAccount('') },
  { name: 'youtube', hosts: ['youtube.com'], notAccount: notAccount('watch|embed|shorts|results|playlist') },
  { name: 'facebook', hosts: ['facebook.com'], notAccount: notAccount('sharer\\.php|dialog|plugins|watch|photo\\.php|story\\.php|groups') },
];

/** True when the URL is on a social network's host. */
export function onSocialHost(href: string): boolean {
  const host = bareHost(href);
  return host !== null && NETWORKS.some((n) => n.hosts.some((h) => host === h || host.endsWith(`.${h}`)));
}
