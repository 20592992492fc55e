/**
 * Proves a vivo credential when it is saved: one real `/message/auth` call. vivo answers a wrong AppID, AppKey or
 * AppSecret with 10205, 10202 or 10206, so the console can say which is wrong before the first push. Nothing is
 * sent to any device.
 */
import { fetchVivoAuthToken, VivoAuthError } from './vivo-auth.ts';
import { VIVO_DEFAULT_BASE_URL } from './vivo-channel.ts';
import type { VivoCredential } from './vivo-credentials.ts';
import type { FetchLike } from './vivo-http.ts';

export type VivoCredentialCheck =
  | { ok: true }
  /** `transient`: vivo could not be asked (network, 5xx, auth rate limit); the credential may well be right. */
  | { ok: false; reason: string; transient: boolean };

export async function validateVivoCredential(
  credential: VivoCredential,
  o: { baseUrl?: string; fetch?: FetchLike; clock?: () => number; timeoutMs?: number } = {},
): Promise<VivoCredentialCheck> {
  try {
    await fetchVivoAuthToken(credential, {
      baseUrl: (o.baseUrl ?? VIVO_DEFAULT_BASE_URL).replace(/\/+$/, ''),
      fetch: o.fetch ?? fetch,
      clock: o.clock ?? Date.now,
      timeoutMs: o.timeoutMs ?? 10_000,
    });
    return { ok: true };
  } catch (err) {
    if (err instanceof VivoAuthError) return { ok: false, reason: err.reason, transient: !err.channelWide };
    return { ok: false, reason: err instanceof Error ? err.message : String(err), transient: true };
  }
}
