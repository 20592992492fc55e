/**
 * Console sessions, kept in the store so that every node knows them and a deleted account or a password change
 * ends them at once. The cookie carries a random 256-bit id; the table holds only its sha256, so reading the
 * database opens no session. A session ends after `consoleSessionIdleSeconds` unused or
 * `consoleSessionMaxSeconds` after sign-in, whichever comes first.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ServerContext } from '../context.ts';
import type { ConsoleRole } from './console-admins.ts';

export interface ConsoleSession {
  /** sha256 hex of the cookie's id. */
  idHash: string;
  username: string;
  role: ConsoleRole;
  csrfToken: string;
}

/** Use moves `last_seen_at` forward at most this often, so reading pages is not a write per request. */
const TOUCH_EVERY_MS = 60_000;
/** 32 random bytes, base64url without padding. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export const hashSessionId = (id: string): string => createHash('sha256').update(id).digest('hex');

const randomToken = (): string => randomBytes(32).toString('base64url');

export async function createSession(ctx: ServerContext, username: string, role: ConsoleRole): Promise<{ id: string; session: ConsoleSession }> {
  const id = randomToken();
  const session: ConsoleSession = { idHash: hashSessionId(id), username, role, csrfToken: randomToken() };
  const now = ctx.clock.now();
  await ctx.store.db.insertInto('console_session')
    .values({ id_hash: session.idHash, username, csrf_token: session.csrfToken, created_at: now, last_seen_at: now })
    .execute();
  return { id, session };
}

/** The live session for a cookie id, with its account's current role; undefined when none (or it has ended). */
export async function resolveSession(ctx: ServerContext, id: string): Promise<ConsoleSession | undefined> {
  if (!SESSION_ID.test(id)) return undefined;
  const idHash = hashSessionId(id);
  const db = ctx.store.db;
  const row = await db.selectFrom('console_session as s')
    .innerJoin('console_admin as a', 'a.username', 's.username')
    .select(['s.username', 's.csrf_token', 's.created_at', 's.last_seen_at', 'a.role'])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const now = ctx.clock.now();
  const { consoleSessionIdleSeconds: idle, consoleSessionMaxSeconds: max } = ctx.config;
  if (now - Number(row.last_seen_at) >= idle * 1000 || now - Number(row.created_at) >= max * 1000) {
    await endSession(ctx, idHash);
    return undefined;
  }
  if (now - Number(row.last_seen_at) >= TOUCH_EVERY_MS) {
    await db.updateTable('console_session').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
  }
  return { idHash, username: row.username, role: row.role === 'admin' ? 'admin' : 'viewer', csrfToken: row.csrf_token };
}

export async function endSession(ctx: ServerContext, idHash: string): Promise<void> {
  await ctx.store.db.deleteFrom('console_session').where('id_hash', '=', idHash).execute();
}

/** Deletes sessions past either expiry (run on sign-in, so the table does not grow with abandoned sessions). */
export async function pruneSessions(ctx: ServerContext): Promise<void> {
  const now = ctx.clock.now();
  await ctx.store.db.deleteFrom('console_session')
    .where((eb) => eb.or([
      eb('last_seen_at', '<=', now - ctx.config.consoleSessionIdleSeconds * 1000),
      eb('created_at', '<=', now - ctx.config.consoleSessionMaxSeconds * 1000),
    ]))
    .execute();
}
