/**
 * Authenticates Tencent's IM REST API (`/v4`): the query carries `sdkappid`, `identifier` (an app admin),
 * `usersig` (that admin's UserSig), `random` (uint32) and `contenttype=json`. Everything is settled in `onRequest`,
 * before the body is read, so an unauthenticated caller never gets a body parsed. The app is put on the request
 * and every handler scopes its reads and writes to it.
 */
import type { FastifyRequest } from 'fastify';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { imAppAdmins } from '../identity/im-app-service.ts';
import type { ImAppRow } from '../identity/im-rows.ts';
import { verifyUserSig } from '../identity/verify-user-sig.ts';

export interface ImRestCaller {
  app: ImAppRow;
  sdkAppId: number;
  /** The admin UserID that signed the request. */
  identifier: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    imRest?: ImRestCaller;
  }
}

/** The app a /v4 handler works for; the auth hook guarantees it is set. */
export function requireImRestCaller(request: FastifyRequest): ImRestCaller {
  if (request.imRest === undefined) throw heraldError('IM_REST_URL_INVALID');
  return request.imRest;
}

const UINT32 = /^[0-9]{1,10}$/;
const MAX_UINT32 = 4_294_967_295;

function param(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  return typeof value === 'string' ? value : undefined;
}

export function createImRestAuthHook(ctx: ServerContext): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const sdkAppIdText = param(query, 'sdkappid');
    const identifier = param(query, 'identifier');
    const userSig = param(query, 'usersig');
    const random = param(query, 'random');
    const contentType = param(query, 'contenttype');
    const missing = [
      sdkAppIdText === undefined || !UINT32.test(sdkAppIdText) || Number(sdkAppIdText) > MAX_UINT32 ? 'sdkappid' : undefined,
      identifier === undefined || identifier.length === 0 ? 'identifier' : undefined,
      userSig === undefined ? 'usersig' : undefined,
      random === undefined || !UINT32.test(random) || Number(random) > MAX_UINT32 ? 'random' : undefined,
      contentType !== 'json' ? 'contenttype' : undefined,
    ].filter((name) => name !== undefined);
    if (missing.length > 0 || sdkAppIdText === undefined || identifier === undefined || userSig === undefined) {
      throw heraldError('IM_REST_URL_INVALID', `Missing or invalid URL parameter: ${missing.join(', ')}`);
    }
    const sdkAppId = Number(sdkAppIdText);
    // The signature is checked before the admin list, so the admin list is never revealed to a forger.
    const { app } = await verifyUserSig(ctx, { sdkAppId, userId: identifier, userSig });
    if (!imAppAdmins(app).includes(identifier)) throw heraldError('IM_ADMIN_REQUIRED', `${identifier} is not an admin of SDKAppID ${sdkAppId}`);
    request.imRest = { app, sdkAppId, identifier };
  };
}
