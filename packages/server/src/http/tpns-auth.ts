/**
 * Authenticates the TPNS-compatible `/v3` API, both ways TPNS does (tpns-and-im-offline-push.md §1.3):
 * - `Authorization: Basic base64(AccessID:SecretKey)`;
 * - `AccessId`, `TimeStamp`, `Sign` headers, Sign = Base64(hex(HMAC-SHA256(SecretKey, TimeStamp + AccessId + body))).
 * Signed requests must be within the replay window of now, and each Sign is accepted once within it.
 * The authenticated app is put on the request; every handler scopes its reads and writes to that app.
 */
import type { FastifyRequest } from 'fastify';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../context.ts';
import type { AppRow } from '../store/schema.ts';
import { isUniqueViolation } from '../store/unique-violation.ts';
import { verifyTpnsSign } from '../push/model/tpns-sign.ts';
import { constantTimeEqual } from '../crypto/constant-time-equal.ts';

export interface AuthenticatedApp {
  row: AppRow;
  secretKey: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    pushApp?: AuthenticatedApp;
  }
}

/** The app a /v3 handler works for; the auth hook guarantees it is set. */
export function requirePushApp(request: FastifyRequest): AuthenticatedApp {
  if (request.pushApp === undefined) throw heraldError('AUTH_FAILED');
  return request.pushApp;
}

async function loadApp(ctx: ServerContext, accessIdText: string): Promise<AuthenticatedApp> {
  if (!/^\d{1,15}$/.test(accessIdText)) throw heraldError('AUTH_ACCESS_ID_UNKNOWN');
  const row = await ctx.store.db.selectFrom('app').selectAll().where('access_id', '=', Number(accessIdText)).executeTakeFirst();
  if (row === undefined) throw heraldError('AUTH_ACCESS_ID_UNKNOWN');
  return { row, secretKey: ctx.secretBox.open(row.secret_key_sealed) };
}

interface PendingSign {
  app: AuthenticatedApp;
  accessId: string;
  timestamp: string;
  sign: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    pendingSign?: PendingSign;
  }
}

/**
 * Two hooks: `onRequest` settles everything that does not need the body (Basic credentials, missing or partial
 * Sign headers, unknown AccessID), so an unauthenticated caller is refused before its body is read or parsed;
 * `preValidation` checks the Sign over the raw body bytes and the replay window.
 */
export function createTpnsAuthHooks(ctx: ServerContext) {
  const sweep = { nextAt: 0 };
  async function onRequest(request: FastifyRequest): Promise<void> {
    const authorization = request.headers.authorization;
    if (typeof authorization === 'string' && /^basic /i.test(authorization)) {
      const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon <= 0) throw heraldError('AUTH_FAILED', 'Malformed Basic credentials');
      const app = await loadApp(ctx, decoded.slice(0, colon));
      if (!constantTimeEqual(decoded.slice(colon + 1), app.secretKey)) throw heraldError('AUTH_FAILED');
      request.pushApp = app;
      return;
    }
    const accessId = header(request, 'accessid');
    const timestamp = header(request, 'timestamp');
    const sign = header(request, 'sign');
    if (accessId === undefined && timestamp === undefined && sign === undefined) {
      throw heraldError('AUTH_FAILED', 'Missing credentials: send Authorization: Basic, or AccessId, TimeStamp and Sign headers');
    }
    if (accessId === undefined || timestamp === undefined || sign === undefined) {
      throw heraldError('AUTH_FAILED', 'Signed requests need all of AccessId, TimeStamp and Sign');
    }
    if (!/^\d{1,12}$/.test(timestamp)) throw heraldError('AUTH_FAILED', 'TimeStamp must be epoch seconds');
    // A Sign covers the raw body; a multipart upload is streamed, never held as bytes, so a Sign could not
    // protect the file. TPNS documents Basic auth for the upload API, and that is what it takes here.
    const app = await loadApp(ctx, accessId);
    if (/^multipart\//i.test(request.headers['content-type'] ?? '')) throw heraldError('AUTH_FAILED', 'Multipart uploads take Basic auth (Authorization: Basic AccessID:SecretKey), not Sign');
    request.pendingSign = { app, accessId, timestamp, sign };
  }

  async function preValidation(request: FastifyRequest): Promise<void> {
    if (request.pushApp !== undefined) return;
    const pending = request.pendingSign;
    if (pending === undefined) throw heraldError('AUTH_FAILED');
    const { app, accessId, timestamp, sign } = pending;
    if (!verifyTpnsSign(app.secretKey, timestamp, accessId, request.rawBody ?? Buffer.alloc(0), sign)) throw heraldError('AUTH_FAILED', 'Sign does not match');
    const now = ctx.clock.now();
    const windowMs = ctx.config.signReplayWindowSeconds * 1000;
    if (Math.abs(now - Number(timestamp) * 1000) > windowMs) throw heraldError('AUTH_SIGNATURE_EXPIRED');
    await rememberSign(ctx, sweep, app.row.access_id, sign, now + windowMs);
    request.pushApp = app;
  }

  return { onRequest, preValidation };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

async function rememberSign(ctx: ServerContext, sweep: { nextAt: number }, accessId: number, sign: string, expiresAt: number): Promise<void> {
  const now = ctx.clock.now();
  try {
    await ctx.store.db.insertInto('replay_guard').values({ access_id: accessId, sign, expires_at: expiresAt }).execute();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const previous = await ctx.store.db
      .selectFrom('replay_guard').select('expires_at').where('access_id', '=', accessId).where('sign', '=', sign).executeTakeFirst();
    if (previous !== undefined && previous.expires_at > now) throw heraldError('AUTH_REPLAYED');
    await ctx.store.db.updateTable('replay_guard').set({ expires_at: expiresAt }).where('access_id', '=', accessId).where('sign', '=', sign).execute();
  }
  // Forget expired signatures at most once per window, not on every request.
  if (now >= sweep.nextAt) {
    sweep.nextAt = now + ctx.config.signReplayWindowSeconds * 1000;
    await ctx.store.db.deleteFrom('replay_guard').where('expires_at', '<', now).execute();
  }
}
