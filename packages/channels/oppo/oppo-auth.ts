/**
 * OPPO's auth exchange: POST /server/v1/auth with `app_key`, `timestamp` (epoch ms) and
 * `sign = sha256_hex(app_key + timestamp + master_secret)` (🔎 OPPO's field doc quoted in public clients),
 * answered with `data.auth_token`, valid 24 hours (✅ OPPO public parameters: "auth_token有效期为24小时").
 * The expiry is counted from when the request left, so a slow answer only makes the token look older.
 */
import { createHash } from 'node:crypto';
import type { AccessToken } from '../shared/index.ts';
import type { OppoCredential } from './oppo-credential.ts';
import { oppoPost, type FetchLike } from './oppo-http.ts';
import { oppoResultEntry, type OppoResultEntry } from './oppo-results.ts';

export const OPPO_AUTH_PATH = '/server/v1/auth';
export const OPPO_TOKEN_LIFETIME_MS = 24 * 3_600_000;

/** Why no token came: the entry says whether to retry, wait for tomorrow or trip the breaker. */
export class OppoAuthFailure extends Error {
  override readonly name = 'OppoAuthFailure';
  constructor(
    readonly entry: OppoResultEntry,
    readonly label: string,
    readonly retryAfter: string | null,
    readonly vendorCode: number | undefined,
  ) {
    super(label);
  }
}

export function oppoSign(appKey: string, timestamp: string, masterSecret: string): string {
  return createHash('sha256').update(appKey + timestamp + masterSecret, 'utf8').digest('hex');
}

export async function fetchOppoAuthToken(
  credential: OppoCredential,
  o: { baseUrl: string; fetch: FetchLike; clock: () => number; timeoutMs: number },
): Promise<AccessToken> {
  const startedAt = o.clock();
  const timestamp = String(startedAt);
  const reply = await oppoPost(
    o.fetch,
    `${o.baseUrl}${OPPO_AUTH_PATH}`,
    { app_key: credential.appKey, sign: oppoSign(credential.appKey, timestamp, credential.masterSecret), timestamp },
    o.timeoutMs,
  );
  if (reply.status === 0) {
    const label = reply.transportError ?? 'NetworkError';
    throw new OppoAuthFailure({ name: label, action: 'retry', baseDelayMs: 1000 }, label, null, undefined);
  }
  const code = reply.body?.code;
  if (reply.status !== 200 || typeof code !== 'number') {
    const label = reply.status === 200 ? 'MalformedAuthResponse' : `HTTP${reply.status}`;
    const transient = reply.status === 200 || reply.status === 429 || reply.status >= 500;
    throw new OppoAuthFailure({ name: label, action: transient ? 'retry' : 'fail-channel', baseDelayMs: 1000 }, label, reply.retryAfter, undefined);
  }
  const data = reply.body?.data as { auth_token?: unknown } | undefined;
  if (code === 0 && typeof data?.auth_token === 'string' && data.auth_token !== '') {
    return { value: data.auth_token, expiresAt: startedAt + OPPO_TOKEN_LIFETIME_MS };
  }
  const entry = code === 0 ? { name: 'MalformedAuthResponse', action: 'retry' as const, baseDelayMs: 1000 } : oppoResultEntry(code);
  // Any refusal of the auth call itself (other than load) is a credential or account problem.
  const normalized: OppoResultEntry = entry.action === 'retry' || entry.action === 'daily-quota' ? entry : { ...entry, action: 'fail-channel' };
  throw new OppoAuthFailure(normalized, `${entry.name}(${code})`, reply.retryAfter, code);
}
