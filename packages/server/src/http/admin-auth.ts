/**
 * The management API (`/api`) that the console and operators use. Until the console issue brings admin accounts
 * and sessions, it is guarded by the admin bearer token (HERALD_ADMIN_TOKEN, generated on first start).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { heraldError } from '@herald/protocol';

export function createAdminAuthHook(adminToken: string) {
  if (adminToken.length === 0) throw new Error('The admin token must not be empty');
  const expected = Buffer.from(adminToken);
  return async function adminAuth(request: FastifyRequest): Promise<void> {
    const authorization = request.headers.authorization ?? '';
    const presented = Buffer.from(/^bearer /i.test(authorization) ? authorization.slice(7).trim() : '');
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) throw heraldError('AUTH_ADMIN_REQUIRED');
  };
}
