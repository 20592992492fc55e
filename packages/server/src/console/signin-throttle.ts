/**
 * Console sign-in rate limiting: at most `consoleSigninMaxFailures` failed sign-ins per (client address,
 * username) and `consoleSigninMaxFailuresPerIp` per client address in a window of `consoleSigninWindowSeconds`
 * from the first failure; past either, 429 until the window ends. Counted in the store so that every node of a
 * deployment sees the same counts (in-process counters would multiply the limit by the number of nodes).
 *
 * An attempt is counted before its password is checked, with one atomic upsert per key: concurrent guesses
 * cannot all slip under the limit while the first ones are still hashing. An attempt refused with 429 or matching
 * the password is taken back (a match also clears its username's counter), so only failed checks stay counted:
 * retrying while limited does not push the address's count up for everyone behind the same NAT.
 */
import { sql } from 'kysely';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../context.ts';

export interface SigninAttempt {
  ipKey: string;
  userKey: string;
}

const keysFor = (ip: string, username: string): SigninAttempt => ({ ipKey: `ip:${ip}`, userKey: `user:${ip}:${username.toLowerCase()}` });

/** Adds one to the key's count in the current window (a new window once the old one is over); returns the count. */
async function count(ctx: ServerContext, key: string, now: number, windowMs: number): Promise<{ failures: number; windowStartedAt: number }> {
  const expired = now - windowMs;
  const row = await ctx.store.db.insertInto('console_signin_throttle')
    .values({ key, window_started_at: now, failures: 1 })
    .onConflict((oc) => oc.column('key').doUpdateSet({
      failures: sql<number>`case when console_signin_throttle.window_started_at <= ${expired} then 1 else console_signin_throttle.failures + 1 end`,
      window_started_at: sql<number>`case when console_signin_throttle.window_started_at <= ${expired} then ${now} else console_signin_throttle.window_started_at end`,
    }))
    .returning(['failures', 'window_started_at'])
    .executeTakeFirstOrThrow();
  return { failures: Number(row.failures), windowStartedAt: Number(row.window_started_at) };
}

/**
 * Counts a sign-in attempt from `ip` for `username`; throws CONSOLE_SIGNIN_RATE_LIMITED (with the seconds to wait
 * in `details.retryAfterSeconds`) when either limit is already used up. Call `signinSucceeded` after a match.
 */
export async function countSigninAttempt(ctx: ServerContext, ip: string, username: string): Promise<SigninAttempt> {
  const attempt = keysFor(ip, username);
  const now = ctx.clock.now();
  const windowMs = ctx.config.consoleSigninWindowSeconds * 1000;
  await ctx.store.db.deleteFrom('console_signin_throttle').where('window_started_at', '<=', now - windowMs).execute();
  const perIp = await count(ctx, attempt.ipKey, now, windowMs);
  const perUser = await count(ctx, attempt.userKey, now, windowMs);
  const over = [
    perIp.failures > ctx.config.consoleSigninMaxFailuresPerIp ? perIp.windowStartedAt : undefined,
    perUser.failures > ctx.config.consoleSigninMaxFailures ? perUser.windowStartedAt : undefined,
  ].filter((started): started is number => started !== undefined);
  if (over.length > 0) {
    await takeBack(ctx, attempt.ipKey);
    await takeBack(ctx, attempt.userKey);
    const retryAfterSeconds = Math.max(1, Math.ceil((Math.max(...over) + windowMs - now) / 1000));
    throw heraldError('CONSOLE_SIGNIN_RATE_LIMITED', undefined, { retryAfterSeconds });
  }
  return attempt;
}

async function takeBack(ctx: ServerContext, key: string): Promise<void> {
  await ctx.store.db.updateTable('console_signin_throttle')
    .set({ failures: sql<number>`case when failures > 0 then failures - 1 else 0 end` })
    .where('key', '=', key)
    .execute();
}

/** The attempt matched: it is no failure, and this username's failures from this address are forgiven. */
export async function signinSucceeded(ctx: ServerContext, attempt: SigninAttempt): Promise<void> {
  await ctx.store.db.deleteFrom('console_signin_throttle').where('key', '=', attempt.userKey).execute();
  await takeBack(ctx, attempt.ipKey);
}
