/**
 * The console session cookie, `herald_console`: HttpOnly (page scripts never see the id), SameSite=Strict (no
 * other site's page sends it), Path=/ (the console and /api share it), and Secure when the request came over
 * https, directly or through a proxy listed in HERALD_TRUST_PROXY. No Max-Age: the browser forgets it when it
 * closes, and the server ends it on its own expiry anyway.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'herald_console';

/** The cookie's value from the Cookie header (the first one when sent twice); undefined when absent. */
export function readSessionCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    return part.slice(eq + 1).trim();
  }
  return undefined;
}

function attributes(request: FastifyRequest): string {
  return `HttpOnly; SameSite=Strict; Path=/${request.protocol === 'https' ? '; Secure' : ''}`;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, id: string): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=${id}; ${attributes(request)}`);
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=; Max-Age=0; ${attributes(request)}`);
}
