/**
 * UserSig in Tencent's TLSSigAPIv2 format: HMAC-SHA256 over a fixed content string, put in a JSON document,
 * zlib-deflated, base64 with `+/=` replaced by `*-_`. Tokens made here verify at Tencent and the other way round.
 */
import { createHmac } from 'node:crypto';
import { deflateSync } from 'node:zlib';

export interface GenUserSigInput {
  sdkAppId: number;
  secretKey: string;
  userId: string;
  expireSeconds: number;
  /** Epoch milliseconds (the signer's clock). */
  now: number;
  userBuf?: Buffer;
}

/**
 * The string the HMAC covers. Numbers are written as the signer wrote them into the document, so a verifier
 * passes the document's own values back in.
 */
export function userSigContent(o: { identifier: string; sdkAppId: number | string; time: number | string; expire: number | string; userBufBase64?: string | undefined }): string {
  let content = `TLS.identifier:${o.identifier}\nTLS.sdkappid:${o.sdkAppId}\nTLS.time:${o.time}\nTLS.expire:${o.expire}\n`;
  if (o.userBufBase64 !== undefined) content += `TLS.userbuf:${o.userBufBase64}\n`;
  return content;
}

export function userSigHmac(secretKey: string, content: string): string {
  // Standard base64 of the raw digest (unlike TPNS's hex-then-base64 Sign).
  return createHmac('sha256', secretKey).update(content, 'utf8').digest('base64');
}

export function escapeUserSig(base64: string): string {
  return base64.replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
}

export function unescapeUserSig(userSig: string): string {
  return userSig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
}

export function genUserSig(o: GenUserSigInput): string {
  const time = Math.floor(o.now / 1000);
  const userBufBase64 = o.userBuf === undefined ? undefined : o.userBuf.toString('base64');
  const doc: Record<string, string | number> = {
    'TLS.ver': '2.0',
    'TLS.identifier': o.userId,
    'TLS.sdkappid': o.sdkAppId,
    'TLS.time': time,
    'TLS.expire': o.expireSeconds,
  };
  if (userBufBase64 !== undefined) doc['TLS.userbuf'] = userBufBase64;
  doc['TLS.sig'] = userSigHmac(o.secretKey, userSigContent({ identifier: o.userId, sdkAppId: o.sdkAppId, time, expire: o.expireSeconds, userBufBase64 }));
  return escapeUserSig(deflateSync(Buffer.from(JSON.stringify(doc), 'utf8')).toString('base64'));
}
