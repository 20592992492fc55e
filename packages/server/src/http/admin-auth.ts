/**
 * The guard of the management API (`/api`): either the admin bearer token (operators and scripts;
 * HERALD_ADMIN_TOKEN, generated on first start) or a console session cookie (the web console).
 *
 * An `Authorization` header, when present, decides alone: a wrong token is 401 even beside a valid cookie, so a
 * script never silently runs as whoever is signed in to the console in the same browser profile. With the
 * cookie, changes need the session's CSRF token and a same-origin request (console/console-guard.ts), and a
 * `viewer` may only read: every change is 403 CONSOLE_READ_ONLY. Runs in onRequest, before the body is read.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../context.ts';
import { constantTimeEqual } from '../crypto/constant-time-equal.ts';
import { isChange, requireConsoleSession } from '../console/console-guard.ts';

export function createAdminAuthHook(ctx: ServerContext) {
  const adminToken = ctx.adminToken;
  if (adminToken.length === 0) throw new Error('The admin token must not be empty');
  return async function adminAuth(request: FastifyRequest): Promise<void> {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const presented = /^bearer /i.test(authorization) ? authorization.slice(7).trim() : '';
      if (!constantTimeEqual(presented, adminToken)) throw heraldError('AUTH_ADMIN_REQUIRED');
      request.consoleSession = null;
      return;
    }
    const session = await requireConsoleSession(ctx, request);
    if (session.role !== 'admin' && isChange(request)) throw heraldError('CONSOLE_READ_ONLY');
    request.consoleSession = session;
  };
}

/** Installs the guard on the `/api` scope. */
export function registerAdminAuth(scope: FastifyInstance, ctx: ServerContext): void {
  scope.decorateRequest('consoleSession', null);
  scope.addHook('onRequest', createAdminAuthHook(ctx));
}
