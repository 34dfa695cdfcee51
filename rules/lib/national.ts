// The national systems as the rules see them (ctx.config.nationalSystems, a
// data file): a link is into a system when its host is one of the system's
// hosts or former hosts, or a subdomain of one; the most specific host wins
// (foia.iran.gov.ir is the FOI system, not the old window iran.gov.ir). Text
// names a system by an alias («سامد», «درگاه ملی خدمات …») or a hotline
// written as one («سامانه ۱۱۱», «تماس با ۱۱۱», tel:111), never a bare number.
import type { NationalSystem, NationalSystemKind, NationalSystems } from '../../src/registry/national-systems-types.ts';
import { compilePattern } from '../../src/text/match.ts';
import { normalize } from '../../src/text/persian.ts';
import { bareHost } from './links.ts';

function stripWww(host: string): string {
  return host.toLowerCase().replace(/^www\./, '');
}

/** The system a URL is on, by the most specific matching host; null when none. */
export function systemOfUrl(href: string, systems: NationalSystems): NationalSystem | null {
  const host = bareHost(href);
  if (!host) return null;
  let best: { system: NationalSystem; length: number } | null = null;
  for (const system of systems.systems) {
    for (const h of [...system.hosts, ...system.formerHosts].map(stripWww)) {
      if ((host === h || host.endsWith(`.${h}`)) && (!best || h.length > best.length)) best = { system, length: h.length };
    }
  }
  return best?.system ?? null;
}

/** True when the URL is on a system of this kind (by the most specific host). */
export function onSystemOfKind(href: string, systems: NationalSystems, kind: NationalSystemKind): boolean {
  return systemOfUrl(href, systems)?.kind === kind;
}

// A hotline written as one: after «سامانه», «تماس با», «شماره», «خط», «تلفن»,
// "call"/"line"/"hotline", or standing alone as a whole label («۱۱۱»).
const HOTLINE_BEFORE = '(?:سامانه(?: ی)?|سامانه تلفنی|تماس با|شماره(?: تلفن)?|خط|تلفن|تلفن گویا|مرکز|call|line|hotline|dial)\\s*:?\\s*';

function hotlinePattern(number: string): RegExp {
  return new RegExp(`(?:^|(?<![\\p{L}\\p{N}])${HOTLINE_BEFORE})${number}(?!\\d)|^\\s*${number}\\s*$`, 'u');
}

/** The system text names by an alias or a hotline written as one (or, by option, by its hotline only); null when none. */
export function systemNamedIn(text: string, systems: NationalSystems, kind?: NationalSystemKind, opts: { hotlineOnly?: boolean } = {}): NationalSystem | null {
  const t = normalize(text);
  for (const system of systems.systems) {
    if (kind && system.kind !== kind) continue;
    if (!opts.hotlineOnly && system.aliases.some((a) => compilePattern(a).test(t))) return system;
    if (system.hotlines.some((n) => hotlinePattern(n).test(t))) return system;
  }
  return null;
}

/** What the national complaints systems are called («سامانه ۱۳۷», «سامد»): a label naming one names complaints. */
export function complaintSystemAliases(systems: NationalSystems): string[] {
  return systems.systems.filter((s) => s.kind === 'complaints').flatMap((s) => s.aliases);
}

/** The system a tel: or sms: link dials (tel:111); null when none. */
export function systemDialled(href: string, systems: NationalSystems, kind?: NationalSystemKind): NationalSystem | null {
  const m = /^\s*(?:tel|sms):\s*\+?(?:98)?0?([\d-\s]+)/i.exec(href);
  if (!m) return null;
  const number = m[1].replace(/[^\d]/g, '');
  return systems.systems.find((s) => (!kind || s.kind === kind) && s.hotlines.includes(number)) ?? null;
}

/** The system an image's file name names by a hotline (btn-111.png, sameh-137.jpg); null when none. */
export function systemInFileName(src: string, systems: NationalSystems, kind?: NationalSystemKind): NationalSystem | null {
  const file = (src.split(/[?#]/)[0].split('/').pop() ?? '').toLowerCase();
  return systems.systems.find((s) => (!kind || s.kind === kind)
    && s.hotlines.some((n) => new RegExp(`(^|[^\\d])${n}([^\\d]|$)`).test(file))) ?? null;
}
