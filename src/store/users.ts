// Local accounts of the review UI and their sessions. Passwords arrive
// already hashed; session tokens arrive already hashed (see src/ui/auth).
import type { Db } from './db.ts';

export type Role = 'viewer' | 'evaluator' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'evaluator', 'admin'];

/** Lower-case Latin letters, digits, dot, dash, underscore; 1–64 characters, starting with a letter or digit. */
export const USERNAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export interface User {
  id: number;
  username: string;
  role: Role;
  createdAt: string;
}

export interface UserWithHash extends User {
  passwordHash: string;
}

interface UserRow { id: number; username: string; role: Role; password_hash: string; created_at: string }

function toUser(r: UserRow): UserWithHash {
  return { id: r.id, username: r.username, role: r.role, createdAt: r.created_at, passwordHash: r.password_hash };
}

export function listUsers(db: Db): User[] {
  return (db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map((r) => {
    const { passwordHash: _hash, ...user } = toUser(r);
    return user;
  });
}

export function countUsers(db: Db): number {
  return db.prepare('SELECT COUNT(*) FROM users').pluck().get() as number;
}

export function findUser(db: Db, username: string): UserWithHash | null {
  const row = db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  return row ? toUser(row) : null;
}

/** Returns false when the name is taken. */
export function insertUser(db: Db, username: string, role: Role, passwordHash: string, now: Date = new Date()): boolean {
  const info = db.prepare('INSERT OR IGNORE INTO users (username, role, password_hash, created_at) VALUES (?, ?, ?, ?)')
    .run(username, role, passwordHash, now.toISOString());
  return info.changes === 1;
}

export function setPassword(db: Db, username: string, passwordHash: string): boolean {
  return db.transaction(() => {
    const changed = db.prepare('UPDATE users SET password_hash = ? WHERE username = ?').run(passwordHash, username).changes === 1;
    // A new password ends every session opened with the old one.
    if (changed) db.prepare('DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = ?)').run(username);
    return changed;
  })();
}

/** Removes the account and its sessions; its reviews stay (they carry the name). */
export function removeUser(db: Db, username: string): boolean {
  return db.prepare('DELETE FROM users WHERE username = ?').run(username).changes === 1;
}

export interface SessionUser extends User {
  csrfToken: string;
  sessionCreatedAt: string;
  lastSeenAt: string;
}

export function insertSession(db: Db, s: { tokenSha256: string; userId: number; csrfToken: string; now: Date; expiresAt: Date }): void {
  db.prepare(`INSERT INTO sessions (token_sha256, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`)
    .run(s.tokenSha256, s.userId, s.csrfToken, s.now.toISOString(), s.now.toISOString(), s.expiresAt.toISOString());
}

/** The session's user, if the session exists and has not expired. */
export function sessionUser(db: Db, tokenSha256: string, now: Date): SessionUser | null {
  const row = db.prepare(`SELECT u.*, s.csrf_token, s.created_at AS session_created_at, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_sha256 = ? AND s.expires_at > ?`).get(tokenSha256, now.toISOString()) as
    (UserRow & { csrf_token: string; session_created_at: string; last_seen_at: string }) | undefined;
  if (!row) return null;
  return {
    id: row.id, username: row.username, role: row.role, createdAt: row.created_at,
    csrfToken: row.csrf_token, sessionCreatedAt: row.session_created_at, lastSeenAt: row.last_seen_at,
  };
}

export function touchSession(db: Db, tokenSha256: string, now: Date, expiresAt: Date): void {
  db.prepare('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_sha256 = ?').run(now.toISOString(), expiresAt.toISOString(), tokenSha256);
}

export function deleteSession(db: Db, tokenSha256: string): void {
  db.prepare('DELETE FROM sessions WHERE token_sha256 = ?').run(tokenSha256);
}

export function deleteExpiredSessions(db: Db, now: Date): void {
  db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now.toISOString());
}
