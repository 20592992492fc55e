/**
 * Proves a Meizu credential when it is saved. Meizu has no token endpoint, so the check is one signed, read-only
 * call: the app's daily push statistics for today (`GET /garcia/api/server/push/statistics/dailyPushStatics`,
 * MEIZUPUSH/PushAPI README). A wrong AppSecret is 1006, a wrong AppID 110000; nothing reaches any device.
 */
import { MEIZU_DEFAULT_BASE_URL } from './meizu-channel.ts';
import { meizuReturnCode } from './meizu-codes.ts';
import type { MeizuCredential } from './meizu-credentials.ts';
import { callMeizu, meizuCodeOf, transportReason, type FetchLike } from './meizu-http.ts';
import { meizuSign } from './meizu-sign.ts';

export const MEIZU_DAILY_STATISTICS_PATH = '/garcia/api/server/push/statistics/dailyPushStatics';

export type MeizuCredentialCheck =
  | { ok: true }
  /** `transient`: Meizu could not be asked (network, 5xx, busy); the credential may well be right. */
  | { ok: false; reason: string; transient: boolean };

/** `yyyyMMdd` of the Beijing day, the date form the statistics API takes. */
function beijingDate(now: number): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
}

export async function validateMeizuCredential(
  credential: MeizuCredential,
  o: { baseUrl?: string; fetch?: FetchLike; clock?: () => number; timeoutMs?: number } = {},
): Promise<MeizuCredentialCheck> {
  const day = beijingDate((o.clock ?? Date.now)());
  const params: Record<string, string> = { appId: credential.appId, startTime: day, endTime: day };
  params['sign'] = meizuSign(params, credential.appSecret);
  let res;
  try {
    res = await callMeizu(o.fetch ?? fetch, (o.baseUrl ?? MEIZU_DEFAULT_BASE_URL).replace(/\/+$/, '') + MEIZU_DAILY_STATISTICS_PATH, params, {
      method: 'GET',
      timeoutMs: o.timeoutMs ?? 10_000,
    });
  } catch (err) {
    return { ok: false, reason: transportReason(err), transient: true };
  }
  if (res.status !== 200) return { ok: false, reason: `HTTP${res.status}`, transient: res.status === 429 || res.status >= 500 };
  const code = meizuCodeOf(res.json);
  if (code === '200') return { ok: true };
  if (code === undefined) return { ok: false, reason: 'MalformedResponse', transient: true };
  const entry = meizuReturnCode(code);
  return { ok: false, reason: `${entry.label}(${code})`, transient: entry.action === 'retry' };
}
