/**
 * The Honor Push send request and its reply. Verified (Honor's guide as quoted on infoq/oschina, 2023, and Honor
 * clients): `POST {base}/api/v1/{appId}/sendMessage` with `Authorization: Bearer <token>`, `Content-Type:
 * application/json; charset=UTF-8` and a `timestamp` header in epoch milliseconds; a camelCase body with the
 * tokens at the top level, `{"android":{"notification":{"title","body","clickAction":{"type":3}}},"token":[…]}`.
 * The reply is `{"code":200,"message":…,"data":{"sendResult","requestId","failTokens","expireTokens"}}` (🔎, see
 * honor-result-codes.ts).
 *
 * ⚠️ Not verified, taken from Huawei (the two share a lineage): the 1000-token and 4096-byte limits. `ttl` is
 * capped at one day: one Honor client caps it there while another quotes Huawei's 15 days, and a shorter
 * retention is the choice that cannot be refused.
 */
import {
  isObject,
  parseJson,
  remainingTtl,
  resultEntry,
  shapeNotificationText,
  splitAroundTokens,
  verdictOf,
  type HttpReply,
  type HuaweiFamilyPrepared,
  type SendVerdict,
  type VendorProtocol,
} from '../huawei/index.ts';
import type { ChannelNotification } from '../types.ts';
import { HONOR_RESULT_CODES } from './honor-result-codes.ts';
import { shapeHonorText } from './honor-text.ts';

export const HONOR_MAX_BODY_BYTES = 4096;
export const HONOR_MAX_TOKENS = 1000;
export const HONOR_MAX_TTL_SECONDS = 86_400;

type Json = Record<string, unknown>;

export function honorBody(n: ChannelNotification, now: number): { ok: true; body: Json } | { ok: false; reason: string } {
  const body: Json = { ...n.payload };
  delete body['token'];
  let android = isObject(body['android']) ? { ...body['android'] } : undefined;
  if (isObject(android?.['notification'])) android!['notification'] = shapeNotificationText(android!['notification'] as Json, shapeHonorText);
  if (isObject(body['notification'])) body['notification'] = shapeNotificationText(body['notification'], shapeHonorText);
  if (n.expiration !== undefined) {
    const ttl = remainingTtl(n.expiration, now, HONOR_MAX_TTL_SECONDS);
    if (ttl === 'expired') return { ok: false, reason: 'Expired' };
    android = { ...(android ?? {}), ttl: `${ttl}s` };
  }
  if (android !== undefined) body['android'] = android;
  if (Buffer.byteLength(JSON.stringify(body), 'utf8') > HONOR_MAX_BODY_BYTES) return { ok: false, reason: 'PayloadTooLarge' };
  return { ok: true, body };
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
}

export function interpretHonorReply(reply: HttpReply): SendVerdict {
  const parsed = parseJson(reply.body);
  const fields = isObject(parsed) ? parsed : {};
  const rawCode = fields['code'];
  const code = typeof rawCode === 'number' || typeof rawCode === 'string' ? String(rawCode) : undefined;
  if (code === undefined && reply.status === 200) return { kind: 'fail', reason: 'MalformedReply', channelWide: false };
  const data = isObject(fields['data']) ? fields['data'] : {};
  const requestId = typeof data['requestId'] === 'string' && data['requestId'] !== '' ? data['requestId'] : undefined;
  const { entry, reason } = resultEntry(HONOR_RESULT_CODES, code, reply.status);
  if (entry.action !== 'delivered' && entry.action !== 'partial') return verdictOf(entry, reason);
  // expireTokens are dead (unbind them). failTokens are dead too when Honor calls the request a partial
  // success, like Huawei's illegal_tokens; beside a plain success their cause is unknown, so they are only
  // reported failed and kept (⚠️).
  const rejected = new Map<string, string>();
  const failed = new Map<string, string>();
  for (const t of stringList(data['expireTokens'])) rejected.set(t, `ExpiredToken:${code}`);
  for (const t of stringList(data['failTokens'])) {
    if (entry.action === 'partial') rejected.set(t, `IllegalToken:${code}`);
    else failed.set(t, `SendFailed:${code}`);
  }
  return { kind: 'sent', rejected, failed, ...(requestId === undefined ? {} : { vendorId: requestId }) };
}

export function createHonorProtocol(o: { baseUrl: string; appId: string }): VendorProtocol<HuaweiFamilyPrepared> {
  const url = `${o.baseUrl.replace(/\/+$/, '')}/api/v1/${encodeURIComponent(o.appId)}/sendMessage`;
  return {
    channel: 'honor',
    prepare(n, now) {
      const built = honorBody(n, now);
      if (!built.ok) return built;
      return { ok: true, prepared: splitAroundTokens('', built.body, '') };
    },
    request(prepared, tokens, accessToken, now) {
      return {
        url,
        headers: {
          authorization: `Bearer ${accessToken}`,
          'content-type': 'application/json; charset=UTF-8',
          accept: 'application/json',
          timestamp: String(now),
        },
        body: prepared.head + JSON.stringify(tokens) + prepared.tail,
      };
    },
    interpret: interpretHonorReply,
  };
}
