/**
 * Proves an FCM credential works when it is saved, with two real calls: an access token from the token endpoint
 * (the key, the account and the clock are right), then a `validate_only` send to a topic (the project ID is right,
 * the FCM API is enabled and the account may send for the project). A topic needs no device; `validate_only`
 * delivers nothing.
 */
import { createFcmAccessTokens, FcmAuthError } from './fcm-access-token.ts';
import { FCM_DEFAULT_BASE_URL } from './fcm-channel.ts';
import type { FcmCredential } from './fcm-credentials.ts';
import { fcmErrorVerdict, readFcmError } from './fcm-errors.ts';
import { createFcmHttp } from './fcm-http.ts';

export type FcmCredentialCheck =
  | { ok: true }
  /** `retryable`: the vendor could not be asked (network, 5xx); the credential may still be good. */
  | { ok: false; reason: string; message: string; retryable: boolean };

export interface ValidateFcmCredentialOptions {
  /** FCM API origin; default https://fcm.googleapis.com. */
  baseUrl?: string;
  /** Token endpoint; default the credential's token_uri. */
  tokenUrl?: string;
  ca?: string;
  timeoutMs?: number;
  /** Epoch ms for the assertion's iat/exp; Date.now by default. */
  clock?: () => number;
}

/** A topic name nobody subscribes to; with validate_only nothing is sent anyway. */
const CHECK_TOPIC = 'herald-credential-check';

export async function validateFcmCredential(credential: FcmCredential, o: ValidateFcmCredentialOptions = {}): Promise<FcmCredentialCheck> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const http = createFcmHttp({ maxSockets: 1, ...(o.ca !== undefined ? { ca: o.ca } : {}) });
  try {
    const tokens = createFcmAccessTokens(credential, { http, timeoutMs, ...(o.tokenUrl !== undefined ? { tokenUrl: o.tokenUrl } : {}), ...(o.clock !== undefined ? { clock: o.clock } : {}) });
    let accessToken: string;
    try {
      accessToken = await tokens.get();
    } catch (e) {
      if (e instanceof FcmAuthError) return { ok: false, reason: e.reason, message: e.message, retryable: e.kind === 'unavailable' };
      return { ok: false, reason: 'TokenError', message: String(e), retryable: true };
    }
    const base = (o.baseUrl ?? FCM_DEFAULT_BASE_URL).replace(/\/+$/, '');
    const body = JSON.stringify({
      validate_only: true,
      message: { topic: CHECK_TOPIC, notification: { title: 'Herald', body: 'Credential check' } },
    });
    let reply;
    try {
      reply = await http.request(new URL(`${base}/v1/projects/${credential.projectId}/messages:send`), {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json; charset=UTF-8' },
        body,
        timeoutMs,
      });
    } catch (e) {
      return { ok: false, reason: 'NetworkError', message: `FCM unreachable: ${String(e)}`, retryable: true };
    }
    if (reply.status === 200) return { ok: true };
    const info = readFcmError(reply.status, reply.body);
    const verdict = fcmErrorVerdict(info);
    return {
      ok: false,
      reason: verdict.reason,
      message: info.message ?? `FCM answered HTTP ${reply.status}`,
      retryable: verdict.action === 'retry',
    };
  } finally {
    http.close();
  }
}
