/**
 * The console's own API (`/console/api`): first-admin setup, sign-in, the current session and sign-out. The
 * console's other calls go to `/api` with the session cookie (http/admin-auth.ts). See docs/console.md.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type, type Static } from 'typebox';
import { heraldError, isHeraldError } from '@herald/protocol';
import type { ServerContext } from '../context.ts';
import { findAdmin } from './console-admins.ts';
import { requireConsoleSession } from './console-guard.ts';
import { NewPassword, Username } from './console-schemas.ts';
import { createSession, endSession, pruneSessions, type ConsoleSession } from './console-sessions.ts';
import { refuseCrossSite } from './same-origin.ts';
import { clearSessionCookie, setSessionCookie } from './session-cookie.ts';
import { completeSetup, ensureSetupToken, setupNeeded } from './setup-token.ts';
import { countSigninAttempt, signinSucceeded } from './signin-throttle.ts';

const SetupBody = Type.Object(
  { setupToken: Type.String({ minLength: 1, maxLength: 200, description: 'The token in console-setup.token under the data dir' }), username: Username, password: NewPassword },
  { additionalProperties: false },
);
// Sign-in takes any string: a username or password that could never have been set is simply wrong (401).
const SigninBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

const tags = ['Console'];
const sessionSecurity = [{ consoleSession: [] }];

const sessionView = (s: ConsoleSession) => ({ username: s.username, role: s.role, csrfToken: s.csrfToken });

function withRetryAfter(reply: FastifyReply, err: unknown): never {
  if (isHeraldError(err, 'CONSOLE_SIGNIN_RATE_LIMITED')) reply.header('retry-after', String(err.details?.['retryAfterSeconds'] ?? 1));
  throw err;
}

export async function consoleRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  await ensureSetupToken(ctx);
  // Answers carry the CSRF token and account data: never kept by a browser or proxy cache.
  scope.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  scope.get('/setup', { schema: { tags, summary: 'Whether the console still needs its first admin' } }, async () => ({ needed: await setupNeeded(ctx) }));

  scope.post(
    '/setup',
    {
      schema: {
        tags, body: SetupBody,
        summary: 'Create the first admin with the one-time setup token',
        description: '201 with the account; 409 CONSOLE_SETUP_DONE once any account exists; 403 CONSOLE_SETUP_TOKEN_INVALID for a wrong token.',
      },
    },
    async (request, reply) => {
      refuseCrossSite(request);
      const { setupToken, username, password } = request.body as Static<typeof SetupBody>;
      const admin = await completeSetup(ctx, setupToken, username, password);
      request.log.info({ username }, 'created the first console admin');
      return reply.status(201).send({ username: admin.username, role: admin.role });
    },
  );

  scope.post(
    '/session',
    {
      schema: {
        tags, body: SigninBody,
        summary: 'Sign in: sets the herald_console cookie and answers the CSRF token for changes',
        description: '401 CONSOLE_SIGNIN_FAILED for any wrong username or password; 429 CONSOLE_SIGNIN_RATE_LIMITED with Retry-After after too many failures.',
      },
    },
    async (request, reply) => {
      refuseCrossSite(request);
      const { username, password } = request.body as Static<typeof SigninBody>;
      const attempt = await countSigninAttempt(ctx, request.ip, username).catch((err: unknown) => withRetryAfter(reply, err));
      const admin = await findAdmin(ctx.store.db, username);
      // An unknown username costs the same hash as a wrong password, so timing tells nothing either.
      const matches = await ctx.passwords.verify(password, admin?.password_hash ?? ctx.passwords.unmatchable);
      if (admin === undefined || !matches) {
        request.log.info({ username, ip: request.ip }, 'console sign-in failed');
        throw heraldError('CONSOLE_SIGNIN_FAILED');
      }
      await signinSucceeded(ctx, attempt);
      if (ctx.passwords.needsRehash(admin.password_hash)) {
        const rehashed = await ctx.passwords.hash(password);
        await ctx.store.db.updateTable('console_admin').set({ password_hash: rehashed })
          .where('username', '=', admin.username).where('password_hash', '=', admin.password_hash).execute();
      }
      await pruneSessions(ctx);
      const { id, session } = await createSession(ctx, admin.username, admin.role === 'admin' ? 'admin' : 'viewer');
      setSessionCookie(request, reply, id);
      return sessionView(session);
    },
  );

  scope.get('/session', { schema: { tags, security: sessionSecurity, summary: 'The signed-in account, its role and the CSRF token' } }, async (request) =>
    sessionView(await requireConsoleSession(ctx, request)));

  scope.delete('/session', { schema: { tags, security: sessionSecurity, summary: 'Sign out (needs X-CSRF-Token)' } }, async (request, reply) => {
    const session = await requireConsoleSession(ctx, request);
    await endSession(ctx, session.idHash);
    clearSessionCookie(request, reply);
    return reply.status(204).send();
  });
}
