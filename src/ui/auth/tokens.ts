// Random tokens for sessions and CSRF, and their constant-time comparison.
// A session cookie is a random token; the database keeps only its SHA-256.
// Every state-changing form carries the session's CSRF token (synchronizer
// token); the login form, before there is a session, carries a token that
// must equal its own cookie (double submit).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** True only when both are present and equal; compared in constant time. */
export function tokensMatch(expected: string | null | undefined, given: unknown): boolean {
  if (typeof expected !== 'string' || typeof given !== 'string' || expected.length === 0) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
