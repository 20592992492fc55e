/**
 * What a cookie-authenticated request must show: a live session (401 AUTH_ADMIN_REQUIRED otherwise, the code
 * `/api` has always used for "no credentials"), and for a change (POST, PUT, PATCH, DELETE) a same-origin request
 * with the session's CSRF token (403 CONSOLE_CSRF_REJECTED). The role check is the caller's: signing out is a
 * change every role may make.
 */
import type { FastifyRequest } from 'fastify';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../context.ts';
import { resolveSession, type ConsoleSession } from './console-sessions.ts';
import { requireSameOriginWithCsrf } from './same-origin.ts';
import { readSessionCookie } from './session-cookie.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The console session the request was authenticated with; null with the admin bearer token. */
    consoleSession: ConsoleSession | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isChange = (request: FastifyRequest): boolean => !SAFE_METHODS.has(request.method);

export async function requireConsoleSession(ctx: ServerContext, request: FastifyRequest): Promise<ConsoleSession> {
  const id = readSessionCookie(request);
  const session = id === undefined ? undefined : await resolveSession(ctx, id);
  if (session === undefined) throw heraldError('AUTH_ADMIN_REQUIRED', 'Sign in to the console, or send the admin bearer token');
  if (isChange(request)) requireSameOriginWithCsrf(request, session);
  return session;
}
