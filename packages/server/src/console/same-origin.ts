/**
 * Cross-site request checks for cookie-authenticated changes. SameSite=Strict already keeps the cookie off other
 * sites' requests; this is the second line for browsers or setups where that does not hold (a sibling subdomain
 * is "same site" but not the console). The console is served by Herald itself, so its requests are same-origin:
 * an `Origin` header must equal this server's origin, and without one, `Sec-Fetch-Site` must say `same-origin`.
 */
import type { FastifyRequest } from 'fastify';
import { heraldError } from '@herald/protocol';
import { constantTimeEqual } from '../crypto/constant-time-equal.ts';
import type { ConsoleSession } from './console-sessions.ts';

export const CSRF_HEADER = 'x-csrf-token';

/** This server's origin as the browser sees it (through a trusted proxy: its X-Forwarded-Proto and -Host). */
function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`.toLowerCase();
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `foreign`: another origin, including a same-site one; `unknown`: the request says nothing (not a browser's fetch). */
export type OriginVerdict = 'same-origin' | 'foreign' | 'unknown';

export function originVerdict(request: FastifyRequest): OriginVerdict {
  const origin = header(request, 'origin');
  if (origin !== undefined) return origin.toLowerCase() === ownOrigin(request) ? 'same-origin' : 'foreign';
  const site = header(request, 'sec-fetch-site');
  if (site === 'same-origin') return 'same-origin';
  // `none`: the user started it (typed URL, bookmark); no page made the request.
  return site === undefined || site === 'none' ? 'unknown' : 'foreign';
}

/** A change made with the session cookie: it must be same-origin and carry the session's CSRF token. */
export function requireSameOriginWithCsrf(request: FastifyRequest, session: ConsoleSession): void {
  if (originVerdict(request) !== 'same-origin') throw heraldError('CONSOLE_CSRF_REJECTED', 'A console change must come from the console itself (Origin or Sec-Fetch-Site)');
  const presented = header(request, CSRF_HEADER) ?? '';
  if (!constantTimeEqual(presented, session.csrfToken)) throw heraldError('CONSOLE_CSRF_REJECTED', 'A console change needs the X-CSRF-Token of its session');
}

/**
 * Sign-in and setup have no session yet; a browser's cross-site form could still sign the victim in to the
 * attacker's account (login CSRF), so a request a browser marks as coming from another origin is refused. Tools that send
 * neither header (curl) are let through: they are not a victim's browser.
 */
export function refuseCrossSite(request: FastifyRequest): void {
  if (originVerdict(request) === 'foreign') throw heraldError('CONSOLE_CSRF_REJECTED', 'Console sign-in must come from the console itself');
}
