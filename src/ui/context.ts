// Everything the review UI needs, passed in once: the store, the model and
// rules it names indicators from, the clock, the login limits. No globals.
import type { Model } from '../../rules/catalog.ts';
import type { RuleDefinition } from '../engine/define-rule.ts';
import type { Db } from '../store/db.ts';
import { FailureLimiter, LOGIN_LIMITS } from './auth/rate-limit.ts';
import { ExportCache } from './data.ts';

export interface UiContext {
  db: Db;
  model: Model;
  rules: ReadonlyMap<string, RuleDefinition>;
  now: () => Date;
  /** Time zone of the times shown (capture times, reviews). */
  timeZone: string;
  /** Per IP + user name, and (looser) per IP. */
  limits: { pair: FailureLimiter; ip: FailureLimiter };
  /** Answer only requests addressed to a loopback name (against DNS rebinding); off when bound to another address. */
  loopbackOnly: boolean;
  exports: ExportCache;
}

export interface UiOptions {
  db: Db;
  model: Model;
  rules: readonly RuleDefinition[];
  now?: () => Date;
  timeZone?: string;
  loopbackOnly: boolean;
}

export const LOOPBACK_HOSTNAMES: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTNAMES.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

export function createUiContext(o: UiOptions): UiContext {
  const now = o.now ?? (() => new Date());
  const ms = () => now().getTime();
  return {
    db: o.db, model: o.model, rules: new Map(o.rules.map((r) => [r.id, r])), now, timeZone: o.timeZone ?? 'Asia/Tehran',
    limits: {
      pair: new FailureLimiter({ ...LOGIN_LIMITS, now: ms }),
      // Many names tried from one address: a looser limit, so one typo-prone office is not locked out.
      ip: new FailureLimiter({ ...LOGIN_LIMITS, maxFailures: 50, now: ms }),
    },
    loopbackOnly: o.loopbackOnly,
    exports: new ExportCache(o.db, o.model),
  };
}
