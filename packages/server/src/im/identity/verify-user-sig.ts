/**
 * Verifies a TLSSigAPIv2 UserSig exactly as Tencent does: unescape, base64, inflate, JSON, recompute the
 * HMAC-SHA256 over the content string (with the optional userbuf) using the app's key, compare in constant
 * time, and require `time + expire > now` on the injected clock. Each failure has Tencent's own code.
 */
import { inflateSync } from 'node:zlib';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { findImApp, openImSecretKey } from './im-app-service.ts';
import type { ImAppRow } from './im-rows.ts';
import { unescapeUserSig, userSigContent, userSigHmac } from './user-sig.ts';
import { constantTimeEqual } from '../../crypto/constant-time-equal.ts';

/** Far above any real UserSig (about 200 characters; a userbuf adds a few dozen); bounds the inflate work. */
const MAX_USER_SIG_CHARS = 4096;
const MAX_DOC_BYTES = 8192;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

interface SigDoc {
  identifier: string;
  sdkAppId: number | string;
  time: number | string;
  expire: number | string;
  userBuf: string | undefined;
  sig: string;
}

export async function verifyUserSig(ctx: ServerContext, o: { sdkAppId: number; userId: string; userSig: string }): Promise<{ app: ImAppRow; expiresAt: number }> {
  if (o.userSig.length === 0) throw heraldError('IM_USERSIG_EMPTY');
  const app = await findImApp(ctx.store.db, o.sdkAppId);
  if (app === undefined) throw heraldError('IM_APP_NOT_FOUND', `SDKAppID ${o.sdkAppId} does not exist`);
  const doc = parseUserSig(o.userSig);
  if (Number(doc.sdkAppId) !== o.sdkAppId) throw heraldError('IM_USERSIG_APP_MISMATCH');
  if (doc.identifier !== o.userId) throw heraldError('IM_USERSIG_USER_MISMATCH');
  const expected = userSigHmac(openImSecretKey(ctx, app), userSigContent({
    identifier: doc.identifier, sdkAppId: doc.sdkAppId, time: doc.time, expire: doc.expire, userBufBase64: doc.userBuf,
  }));
  if (!constantTimeEqual(doc.sig, expected)) throw heraldError('IM_USERSIG_KEY_MISMATCH');
  const expiresAtSeconds = Number(doc.time) + Number(doc.expire);
  if (!(expiresAtSeconds > Math.floor(ctx.clock.now() / 1000))) throw heraldError('IM_USERSIG_EXPIRED');
  return { app, expiresAt: expiresAtSeconds * 1000 };
}

/** Decodes the document inside a UserSig; anything that is not a well-formed v2 document is IM_USERSIG_INVALID. */
export function parseUserSig(userSig: string): SigDoc {
  if (userSig.length > MAX_USER_SIG_CHARS) throw heraldError('IM_USERSIG_INVALID', 'The UserSig is too long');
  const base64 = unescapeUserSig(userSig);
  if (!BASE64.test(base64)) throw heraldError('IM_USERSIG_INVALID', 'The UserSig is not URL-safe base64');
  let raw: unknown;
  try {
    raw = JSON.parse(inflateSync(Buffer.from(base64, 'base64'), { maxOutputLength: MAX_DOC_BYTES }).toString('utf8'));
  } catch {
    throw heraldError('IM_USERSIG_INVALID');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw heraldError('IM_USERSIG_INVALID');
  const d = raw as Record<string, unknown>;
  // Only the HMAC v2 format: apps from before 2019-07-19 used ECDSA ("TLS.ver" 1.0), which Herald does not issue.
  if (d['TLS.ver'] !== '2.0') throw heraldError('IM_USERSIG_INVALID', 'Only TLSSigAPIv2 UserSigs (TLS.ver 2.0) are accepted');
  const identifier = d['TLS.identifier'];
  const sig = d['TLS.sig'];
  const userBuf = d['TLS.userbuf'];
  const sdkAppId = numeric(d['TLS.sdkappid']);
  const time = numeric(d['TLS.time']);
  const expire = numeric(d['TLS.expire']);
  if (typeof identifier !== 'string' || typeof sig !== 'string' || sdkAppId === undefined || time === undefined || expire === undefined) {
    throw heraldError('IM_USERSIG_INVALID', 'The UserSig lacks a required field');
  }
  if (userBuf !== undefined && typeof userBuf !== 'string') throw heraldError('IM_USERSIG_INVALID', 'TLS.userbuf must be a string');
  return { identifier, sdkAppId, time, expire, userBuf, sig };
}

/** Signers write numbers, but some write numeric strings; either way the HMAC covers the text as written. */
function numeric(value: unknown): number | string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^[0-9]{1,15}$/.test(value)) return value;
  return undefined;
}
