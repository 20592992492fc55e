/**
 * The Huawei Push Kit v1 send request and its reply (vendor-push-protocols.md §3.2–§3.3, read against Huawei's
 * "下行消息" reference): `POST {base}/v1/{clientId}/messages:send` with `Authorization: Bearer <token>` and
 * `{"validate_only":…,"message":{…,"token":[…]}}`; the reply is `{"code":"80000000","msg":…,"requestId":…}`
 * with `code` a string, and on partial success `msg` is itself a JSON string naming the `illegal_tokens`.
 *
 * The notification's payload is the `message` object without `token`. The channel adds the tokens, derives
 * `android.ttl` from the notification's expiration at send time (so a retried push keeps its deadline), cuts
 * over-long titles and bodies to Huawei's limits, and refuses a message over 4096 bytes before sending it.
 */
import type { ChannelNotification } from '../types.ts';
import type { HttpReply } from './http-transport.ts';
import { verdictOf, type SendVerdict, type VendorProtocol } from './huawei-style-channel.ts';
import { shapeHuaweiText, type ShapedText } from './notification-text.ts';
import { HUAWEI_RESULT_CODES, resultEntry } from './result-codes.ts';

/** "消息体最大不能超过4096Bytes（不包括Token）". */
export const HUAWEI_MAX_MESSAGE_BYTES = 4096;
/** "按Token发送时，最大Token数不能超过1000". */
export const HUAWEI_MAX_TOKENS = 1000;
/** android.ttl: "默认值为86400s（1天），最大值为1296000s（15天）". */
export const HUAWEI_MAX_TTL_SECONDS = 1_296_000;

type Json = Record<string, unknown>;

export interface HuaweiFamilyPrepared {
  /** The request body is `head + JSON.stringify(tokens) + tail`: serialised once per notification. */
  head: string;
  tail: string;
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A copy of `notification` with title and body cut to the vendor's limits (only string fields are touched). */
export function shapeNotificationText(notification: Json, shape: (t: { title: string; body: string }) => ShapedText): Json {
  const out = { ...notification };
  const title = typeof out['title'] === 'string' ? out['title'] : undefined;
  const body = typeof out['body'] === 'string' ? out['body'] : undefined;
  const shaped = shape({ title: title ?? '', body: body ?? '' });
  if (title !== undefined) out['title'] = shaped.title;
  if (body !== undefined) out['body'] = shaped.body;
  return out;
}

/**
 * Seconds the vendor should keep the message for a device that is offline: what remains of the deadline,
 * capped at `maxTtl`. `expiration` 0 means "now or never"; Huawei documents no minimum TTL, so the shortest
 * certainly-valid one, 1 s, stands for it (⚠️ whether "0s" is accepted was not verified).
 */
export function remainingTtl(expiration: number, now: number, maxTtl: number): number | 'expired' {
  if (expiration === 0) return 1;
  const left = expiration - Math.floor(now / 1000);
  if (left <= 0) return 'expired';
  return Math.min(left, maxTtl);
}

/** The body as head/tail around the token list, tokens first so the rest is serialised once. */
export function splitAroundTokens(prefix: string, object: Json, suffix: string): HuaweiFamilyPrepared {
  const json = JSON.stringify(object);
  return { head: `${prefix}{"token":`, tail: json === '{}' ? `}${suffix}` : `,${json.slice(1)}${suffix}` };
}

export function huaweiMessage(n: ChannelNotification, now: number): { ok: true; message: Json } | { ok: false; reason: string } {
  const message: Json = { ...n.payload };
  delete message['token'];
  let android = isObject(message['android']) ? { ...message['android'] } : undefined;
  if (isObject(android?.['notification'])) android!['notification'] = shapeNotificationText(android!['notification'] as Json, shapeHuaweiText);
  if (isObject(message['notification'])) message['notification'] = shapeNotificationText(message['notification'], shapeHuaweiText);
  if (n.expiration !== undefined) {
    const ttl = remainingTtl(n.expiration, now, HUAWEI_MAX_TTL_SECONDS);
    if (ttl === 'expired') return { ok: false, reason: 'Expired' };
    android = { ...(android ?? {}), ttl: `${ttl}s` };
  }
  if (android !== undefined) message['android'] = android;
  if (Buffer.byteLength(JSON.stringify(message), 'utf8') > HUAWEI_MAX_MESSAGE_BYTES) return { ok: false, reason: 'PayloadTooLarge' };
  return { ok: true, message };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The tokens a partial success names: `msg` is `{"success":3,"failure":1,"illegal_tokens":["…"]}` as a string. */
function illegalTokens(msg: unknown): string[] | undefined {
  const parsed = typeof msg === 'string' ? parseJson(msg) : msg;
  if (!isObject(parsed) || !Array.isArray(parsed['illegal_tokens'])) return undefined;
  return parsed['illegal_tokens'].filter((t): t is string => typeof t === 'string');
}

export function interpretHuaweiReply(reply: HttpReply): SendVerdict {
  const body = parseJson(reply.body);
  const fields = isObject(body) ? body : {};
  const rawCode = fields['code'];
  const code = typeof rawCode === 'string' || typeof rawCode === 'number' ? String(rawCode) : undefined;
  const requestId = typeof fields['requestId'] === 'string' && fields['requestId'] !== '' ? fields['requestId'] : undefined;
  if (code === undefined && reply.status === 200) return { kind: 'fail', reason: 'MalformedReply', channelWide: false };
  const { entry, reason } = resultEntry(HUAWEI_RESULT_CODES, code, reply.status);
  if (entry.action === 'delivered') return requestId === undefined ? { kind: 'sent' } : { kind: 'sent', vendorId: requestId };
  if (entry.action === 'partial') {
    const illegal = illegalTokens(fields['msg']) ?? [];
    // Huawei: "delete only the listed illegal_tokens"; the others were sent.
    const rejected = new Map(illegal.map((t) => [t, `IllegalToken:${code}`] as const));
    return { kind: 'sent', rejected, ...(requestId === undefined ? {} : { vendorId: requestId }) };
  }
  // The vendor's msg names the offending field: worth keeping in the delivery record for whoever reads it.
  const msg = typeof fields['msg'] === 'string' && fields['msg'] !== '' && entry.action === 'fail' ? `: ${fields['msg'].slice(0, 200)}` : '';
  return verdictOf(entry, `${reason}${msg}`);
}

export function createHuaweiProtocol(o: { baseUrl: string; clientId: string; validateOnly: boolean }): VendorProtocol<HuaweiFamilyPrepared> {
  const url = `${o.baseUrl.replace(/\/+$/, '')}/v1/${encodeURIComponent(o.clientId)}/messages:send`;
  return {
    channel: 'huawei',
    prepare(n, now) {
      const built = huaweiMessage(n, now);
      if (!built.ok) return built;
      return { ok: true, prepared: splitAroundTokens(`{"validate_only":${o.validateOnly},"message":`, built.message, '}') };
    },
    request(prepared, tokens, accessToken) {
      return {
        url,
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json;charset=UTF-8', accept: 'application/json' },
        body: prepared.head + JSON.stringify(tokens) + prepared.tail,
      };
    },
    interpret: interpretHuaweiReply,
  };
}
