/**
 * vivo's push authentication: `POST /message/auth` with `{appId, appKey, timestamp, sign}` where
 * `sign = md5_hex(appId + appKey + timestamp + appSecret)` in lower case and `timestamp` is epoch milliseconds
 * within ten minutes of vivo's clock. The answer's `authToken` goes in an `authToken` header on every send.
 *
 * Verified: field names, the sign recipe, lower-case hex, the ±10 min window, "有效期默认为1天" and the advice to
 * refresh every 1–2 hours — vivo's server API doc v2.9.2 (copies at qro.cn/post/302609 and applebyme.cn, ✅ copy)
 * and modood/pushapi `vivopush/message.go` (🔎). The auth codes 10200–10207 and 10250 come from xxgail/PushSDK
 * `vivo_push.go` (🔎).
 */
import { createHash } from 'node:crypto';
import type { AccessToken } from '../shared/index.ts';
import type { VivoCredential } from './vivo-credentials.ts';
import { postVivoJson, transportReason, vivoResultOf, type FetchLike } from './vivo-http.ts';

export const VIVO_AUTH_PATH = '/message/auth';

/** vivo: "有效期默认为1天". */
export const VIVO_AUTH_TOKEN_LIFETIME_MS = 86_400_000;

export function vivoAuthSign(c: VivoCredential, timestamp: number): string {
  return createHash('md5').update(c.appId + c.appKey + String(timestamp) + c.appSecret, 'utf8').digest('hex');
}

/** Auth result codes and whether they mean the credential itself is wrong. */
const AUTH_CODES: Readonly<Record<number, { label: string; badCredential: boolean }>> = {
  10200: { label: 'AppIdEmpty', badCredential: true },
  10201: { label: 'AppKeyEmpty', badCredential: true },
  10202: { label: 'AppKeyInvalid', badCredential: true },
  10203: { label: 'TimestampEmpty', badCredential: true },
  10204: { label: 'SignEmpty', badCredential: true },
  10205: { label: 'AppIdNotFound', badCredential: true },
  10206: { label: 'SignInvalid', badCredential: true },
  // The clocks disagree by more than ten minutes: every call fails until an operator fixes the clock.
  10207: { label: 'TimestampInvalid', badCredential: true },
  // Too many auth calls (10 per second per app; formerly 10,000 a day): wait, the credential is fine.
  10250: { label: 'AuthRateExceeded', badCredential: false },
};

/** Why a token could not be had. `channelWide` failures are credential problems; the rest are worth a retry. */
export class VivoAuthError extends Error {
  constructor(
    readonly reason: string,
    readonly channelWide: boolean,
    readonly retryAfter: string | null = null,
  ) {
    super(`vivo auth failed: ${reason}`);
    this.name = 'VivoAuthError';
  }
}

export interface VivoAuthOptions {
  baseUrl: string;
  fetch: FetchLike;
  clock: () => number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** How long a fresh token is trusted; vivo's is one day. */
  lifetimeMs?: number;
}

/** Fetches one authToken; throws VivoAuthError with a reason when vivo says no or cannot be reached. */
export async function fetchVivoAuthToken(c: VivoCredential, o: VivoAuthOptions): Promise<AccessToken> {
  const timestamp = o.clock();
  const body = { appId: Number(c.appId), appKey: c.appKey, timestamp, sign: vivoAuthSign(c, timestamp) };
  let res;
  try {
    res = await postVivoJson(o.fetch, o.baseUrl + VIVO_AUTH_PATH, body, { timeoutMs: o.timeoutMs, ...(o.signal ? { signal: o.signal } : {}) });
  } catch (err) {
    throw new VivoAuthError(transportReason(err), false);
  }
  if (res.status !== 200) throw new VivoAuthError(`HTTP${res.status}`, res.status === 401 || res.status === 403, res.retryAfter);
  const result = vivoResultOf(res.json);
  const token = res.json?.['authToken'];
  if (result === 0 && typeof token === 'string' && token !== '') {
    return { value: token, expiresAt: timestamp + (o.lifetimeMs ?? VIVO_AUTH_TOKEN_LIFETIME_MS) };
  }
  const known = result === undefined ? undefined : AUTH_CODES[result];
  if (known !== undefined) throw new VivoAuthError(`${known.label}(${result})`, known.badCredential, res.retryAfter);
  // An answer vivo has not documented: do not call the credential bad on a guess.
  throw new VivoAuthError(result === undefined ? 'AuthMalformedResponse' : `AuthResult${result}`, false, res.retryAfter);
}
