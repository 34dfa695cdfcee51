// The review UI's security pieces on their own: scrypt password hashes, token
// comparison, and the failed-login limiter on a clock the test moves.
import { describe, expect, it } from 'vitest';
import { DEFAULT_COST, hashPassword, passwordProblem, verifyPassword } from '../../src/ui/auth/password.ts';
import { FailureLimiter, LOGIN_LIMITS } from '../../src/ui/auth/rate-limit.ts';
import { randomToken, tokenHash, tokensMatch } from '../../src/ui/auth/tokens.ts';

const CHEAP = { logN: 10, r: 8, p: 1 };

describe('password hashing (scrypt)', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('گذرواژهٔ درست ۱۴۰۴', CHEAP);
    const b = await hashPassword('گذرواژهٔ درست ۱۴۰۴', CHEAP);
    expect(a).toMatch(/^scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('گذرواژهٔ درست ۱۴۰۴', a)).toBe(true);
    expect(await verifyPassword('گذرواژهٔ درست ۱۴۰۵', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('uses OWASP\'s minimum cost by default, and reads the cost from the stored hash', async () => {
    expect(DEFAULT_COST).toEqual({ logN: 17, r: 8, p: 1 });
    const stored = await hashPassword('p4ssword-long', { logN: 11, r: 8, p: 1 });
    expect(stored.startsWith('scrypt$ln=11,')).toBe(true);
    expect(await verifyPassword('p4ssword-long', stored)).toBe(true);
  });

  it('rejects malformed hashes and a cost that would exhaust memory', async () => {
    const good = await hashPassword('p4ssword-long', CHEAP);
    expect(await verifyPassword('p4ssword-long', good.replace('ln=10', 'ln=30'))).toBe(false);
    expect(await verifyPassword('p4ssword-long', 'plain')).toBe(false);
    expect(await verifyPassword('p4ssword-long', good.slice(0, -8))).toBe(false);
  });

  it('asks for at least 8 characters', () => {
    expect(passwordProblem('1234567')).toBe('short');
    expect(passwordProblem('۱۲۳۴۵۶۷۸')).toBeNull();
    expect(passwordProblem('x'.repeat(2000))).toBe('long');
  });
});

describe('tokens', () => {
  it('are random, stored only as a hash, and compared exactly', () => {
    const t = randomToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(t);
    expect(tokenHash(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokensMatch(t, t)).toBe(true);
    expect(tokensMatch(t, t.slice(0, -1))).toBe(false);
    expect(tokensMatch(t, `${t.slice(0, -1)}x`)).toBe(t.endsWith('x'));
    expect(tokensMatch(t, undefined)).toBe(false);
    expect(tokensMatch(undefined, undefined)).toBe(false);
    expect(tokensMatch('', '')).toBe(false);
  });
});

describe('failed-login limiter', () => {
  function limiter() {
    const clock = { t: 1_000_000 };
    return { clock, l: new FailureLimiter({ ...LOGIN_LIMITS, now: () => clock.t }) };
  }

  it('allows 10 failures, then refuses until the lock ends', () => {
    const { clock, l } = limiter();
    for (let i = 0; i < 10; i++) {
      expect(l.check('k').allowed).toBe(true);
      l.fail('k');
    }
    const refused = l.check('k');
    expect(refused).toEqual({ allowed: false, retryAfterMs: 60_000 });
    clock.t += 59_000;
    expect(l.check('k').allowed).toBe(false);
    clock.t += 1_001;
    expect(l.check('k').allowed).toBe(true);
  });

  it('doubles the lock with each further failure, up to an hour', () => {
    const { clock, l } = limiter();
    for (let i = 0; i < 10; i++) l.fail('k');
    clock.t += 60_001;
    l.fail('k');
    expect(l.check('k')).toEqual({ allowed: false, retryAfterMs: 120_000 });
    for (let i = 0; i < 10; i++) l.fail('k');
    expect(l.check('k')).toEqual({ allowed: false, retryAfterMs: 3_600_000 });
  });

  it('forgets failures after a long pause, and on success; keys are separate', () => {
    const { clock, l } = limiter();
    for (let i = 0; i < 9; i++) l.fail('k');
    clock.t += 16 * 60_000;
    l.fail('k');
    expect(l.check('k').allowed).toBe(true);
    for (let i = 0; i < 10; i++) l.fail('other');
    expect(l.check('other').allowed).toBe(false);
    expect(l.check('k').allowed).toBe(true);
    l.succeed('other');
    expect(l.check('other').allowed).toBe(true);
  });
});
