// Failed-login limiting. Each key (IP + user name, and the IP alone with a
// higher limit) counts its failures; a pause longer than windowMs starts the
// count again. At maxFailures, further attempts are refused without checking
// the password until the lock ends; the lock doubles with every failure past
// the limit, up to maxLockMs. A successful login clears its key.
export interface LimiterOptions {
  /** After this many failures the next attempt is refused. */
  maxFailures: number;
  /** Failures further apart than this do not add up. */
  windowMs: number;
  /** How long the first lock lasts. */
  lockMs: number;
  maxLockMs: number;
  now: () => number;
}

export const LOGIN_LIMITS: Omit<LimiterOptions, 'now'> = { maxFailures: 10, windowMs: 15 * 60_000, lockMs: 60_000, maxLockMs: 60 * 60_000 };

export type LimitCheck = { allowed: true } | { allowed: false; retryAfterMs: number };

interface Failures { count: number; last: number }

export class FailureLimiter {
  readonly #options: LimiterOptions;
  readonly #failures = new Map<string, Failures>();

  constructor(options: LimiterOptions) {
    this.#options = options;
  }

  check(key: string): LimitCheck {
    const f = this.#failures.get(key);
    if (!f || f.count < this.#options.maxFailures) return { allowed: true };
    const retryAfterMs = f.last + this.#lockOf(f.count) - this.#options.now();
    return retryAfterMs > 0 ? { allowed: false, retryAfterMs } : { allowed: true };
  }

  fail(key: string): void {
    const t = this.#options.now();
    const f = this.#failures.get(key);
    const fresh = !f || t - f.last > Math.max(this.#options.windowMs, this.#lockOf(f.count));
    this.#failures.set(key, { count: fresh ? 1 : f.count + 1, last: t });
    if (this.#failures.size > 10_000) this.sweep();
  }

  succeed(key: string): void {
    this.#failures.delete(key);
  }

  /** Forget keys whose failures no longer count, so the map stays small. */
  sweep(): void {
    const t = this.#options.now();
    for (const [key, f] of this.#failures) {
      if (t - f.last > Math.max(this.#options.windowMs, this.#lockOf(f.count))) this.#failures.delete(key);
    }
  }

  #lockOf(count: number): number {
    const { maxFailures, lockMs, maxLockMs } = this.#options;
    return count < maxFailures ? 0 : Math.min(maxLockMs, lockMs * 2 ** (count - maxFailures));
  }
}
