/**
 * Proves an OPPO credential works by fetching an auth token (the call only succeeds with the right AppKey and
 * MasterSecret, and refuses a disabled app or one without push rights). Nothing is sent to any device.
 */
import { fetchOppoAuthToken, OppoAuthFailure } from './oppo-auth.ts';
import { OPPO_DEFAULT_BASE_URL } from './oppo-channel.ts';
import type { OppoCredential } from './oppo-credential.ts';
import type { FetchLike } from './oppo-http.ts';

export type OppoCredentialCheck =
  | { ok: true }
  /** `transient`: OPPO could not be asked (network, 5xx, flow control); the credential may still be good. */
  | { ok: false; reason: string; vendorCode?: number; transient: boolean };

export async function validateOppoCredential(
  credential: OppoCredential,
  o: { baseUrl?: string; fetch?: FetchLike; timeoutMs?: number; clock?: () => number } = {},
): Promise<OppoCredentialCheck> {
  try {
    await fetchOppoAuthToken(credential, {
      baseUrl: (o.baseUrl ?? OPPO_DEFAULT_BASE_URL).replace(/\/+$/, ''),
      fetch: o.fetch ?? globalThis.fetch,
      clock: o.clock ?? Date.now,
      timeoutMs: o.timeoutMs ?? 10_000,
    });
    return { ok: true };
  } catch (e) {
    if (!(e instanceof OppoAuthFailure)) throw e;
    const transient = e.entry.action === 'retry' || e.entry.action === 'daily-quota';
    return e.vendorCode === undefined ? { ok: false, reason: e.label, transient } : { ok: false, reason: e.label, vendorCode: e.vendorCode, transient };
  }
}
