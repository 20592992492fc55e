/**
 * The management API (`/api`) that the console and operators use. Until the console issue brings admin accounts
 * and sessions, it is guarded by the admin bearer token (HERALD_ADMIN_TOKEN, generated on first start).
 */
import type { FastifyRequest } from 'fastify';
import { heraldError } from '@herald/protocol';
import { constantTimeEqual } from '../crypto/constant-time-equal.ts';

export function createAdminAuthHook(adminToken: string) {
  if (adminToken.length === 0) throw new Error('The admin token must not be empty');
  return async function adminAuth(request: FastifyRequest): Promise<void> {
    const authorization = request.headers.authorization ?? '';
    const presented = /^bearer /i.test(authorization) ? authorization.slice(7).trim() : '';
    if (!constantTimeEqual(presented, adminToken)) throw heraldError('AUTH_ADMIN_REQUIRED');
  };
}
