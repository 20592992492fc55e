/**
 * Authenticates the SDK device API: the app by `X-Herald-Access-Id` + `X-Herald-Access-Key` (the AccessKey
 * ships inside the app, as in TPNS), and per-device calls also by `X-Herald-Device-Secret` for the token in
 * the path (`X-Herald-Token`, when sent, must name the same token).
 */
import type { FastifyRequest } from 'fastify';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import type { AppRow, DeviceRow } from '../../store/schema.ts';
import { authenticateDevice } from './device-service.ts';
import { constantTimeEqual } from '../../crypto/constant-time-equal.ts';

declare module 'fastify' {
  interface FastifyRequest {
    sdkApp?: AppRow;
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function createSdkAppAuthHook(ctx: ServerContext) {
  return async function sdkAppAuth(request: FastifyRequest): Promise<void> {
    const accessId = header(request, 'x-herald-access-id');
    const accessKey = header(request, 'x-herald-access-key');
    if (accessId === undefined || accessKey === undefined) throw heraldError('AUTH_FAILED', 'Send X-Herald-Access-Id and X-Herald-Access-Key');
    if (!/^\d{1,15}$/.test(accessId)) throw heraldError('AUTH_ACCESS_ID_UNKNOWN');
    const app = await ctx.store.db.selectFrom('app').selectAll().where('access_id', '=', Number(accessId)).executeTakeFirst();
    if (app === undefined) throw heraldError('AUTH_ACCESS_ID_UNKNOWN');
    if (!constantTimeEqual(accessKey, app.access_key)) throw heraldError('AUTH_FAILED', 'Wrong AccessKey');
    request.sdkApp = app;
  };
}

export function requireSdkApp(request: FastifyRequest): AppRow {
  if (request.sdkApp === undefined) throw heraldError('AUTH_FAILED');
  return request.sdkApp;
}

/** The device of a per-device call; an unregistered device must register again first. */
export async function requireSdkDevice(ctx: ServerContext, request: FastifyRequest, token: string, opts: { allowUnregistered?: boolean } = {}): Promise<DeviceRow> {
  const app = requireSdkApp(request);
  const named = header(request, 'x-herald-token');
  if (named !== undefined && named !== token) throw heraldError('DEVICE_AUTH_FAILED', 'X-Herald-Token does not match the token in the path');
  const device = await authenticateDevice(ctx.store.db, Number(app.access_id), token, header(request, 'x-herald-device-secret'));
  if (device.status === 'unregistered' && opts.allowUnregistered !== true) throw heraldError('DEVICE_TOKEN_INVALID', 'The device is unregistered; register it again');
  return device;
}
