// The national systems an agency's portal may send citizens to (the services
// window, single sign-on, complaint lines, FOI, open data) are data, not code:
// data/national-systems.json, versioned; an operator may point the audit at
// their own copy (--national-systems FILE) and its hash is stored with the run.

export type NationalSystemKind = 'national-window' | 'sso' | 'complaints' | 'foi' | 'open-data';

export interface NationalSystem {
  /** Stable id, `[a-z0-9-]+`. */
  id: string;
  kind: NationalSystemKind;
  name: { fa: string; en: string };
  /** Hosts in use today (lower case, no port unless needed). A link to a subdomain of a host counts too. */
  hosts: string[];
  /** Hosts the system was known by before; links to them still count (old portals keep old links). */
  formerHosts: string[];
  /** Other names portals write for it, in Persian or English («سامد», «مرکز ارتباطات مردمی»). */
  aliases: string[];
  /** Short phone numbers citizens call or text (111, 137). */
  hotlines: string[];
}

export interface NationalSystems {
  /** The file's own version, e.g. "2026.1". */
  version: string;
  systems: NationalSystem[];
  /** SHA-256 of the file's bytes, stored with the run. */
  sha256: string;
  /** Where it was read from. */
  source: string;
}
