/**
 * Proves a Mi Push credential works without sending anything: a read of today's message counters
 * (GET /v1/stats/message/counters, 🔎 path in Xiaomi's server SDKs) needs a valid AppSecret and a package name
 * of that app. A wrong secret answers 21301, a foreign package 22022.
 */
import type { FetchLike } from './xiaomi-http.ts';
import { xiaomiExchange } from './xiaomi-http.ts';
import type { XiaomiCredential } from './xiaomi-credential.ts';
import { XIAOMI_DEFAULT_BASE_URL } from './xiaomi-channel.ts';
import { xiaomiResultEntry } from './xiaomi-results.ts';

export const XIAOMI_STATS_PATH = '/v1/stats/message/counters';

export type XiaomiCredentialCheck =
  | { ok: true }
  /** `transient`: the vendor could not be asked (network, 5xx, rate limit); the credential may still be good. */
  | { ok: false; reason: string; vendorCode?: number; transient: boolean };

function chinaDate(now: number): string {
  const d = new Date(now + 8 * 3_600_000);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

export async function validateXiaomiCredential(
  credential: XiaomiCredential,
  o: { baseUrl?: string; fetch?: FetchLike; timeoutMs?: number; clock?: () => number } = {},
): Promise<XiaomiCredentialCheck> {
  const day = chinaDate((o.clock ?? Date.now)());
  const query = new URLSearchParams({ start_date: day, end_date: day, restricted_package_name: credential.packageName });
  const url = `${(o.baseUrl ?? XIAOMI_DEFAULT_BASE_URL).replace(/\/+$/, '')}${XIAOMI_STATS_PATH}?${query}`;
  const reply = await xiaomiExchange(o.fetch ?? globalThis.fetch, url, { method: 'GET', appSecret: credential.appSecret, timeoutMs: o.timeoutMs ?? 10_000 });
  if (reply.status === 0) return { ok: false, reason: reply.transportError ?? 'NetworkError', transient: true };
  const code = reply.body?.code;
  if (reply.status !== 200) return { ok: false, reason: `HTTP${reply.status}`, transient: reply.status === 429 || reply.status >= 500 };
  if (typeof code !== 'number') return { ok: false, reason: 'MalformedResponse', transient: true };
  if (code === 0) return { ok: true };
  const entry = xiaomiResultEntry(code, reply.body?.reason);
  return { ok: false, reason: `${entry.name}(${code})`, vendorCode: code, transient: entry.action === 'retry' || entry.action === 'daily-quota' };
}
