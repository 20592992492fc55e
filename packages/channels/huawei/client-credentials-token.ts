/**
 * OAuth 2.0 client-credentials token requests, as Huawei and Honor both take them: a form POST of
 * `grant_type=client_credentials&client_id=…&client_secret=…`, answered by `{access_token, expires_in, …}`.
 *
 * Verified: Huawei's token endpoint, form and `{access_token, expires_in, token_type}` reply (Huawei account
 * server error-code page for oauth2/v3/token; HMS Push OAuth guide, vendor-push-protocols.md §3.1); its error
 * body `{"error":1101,"sub_error":12304,"error_description":…}` with HTTP 400 (Huawei "server error codes":
 * 1101/12304 = wrong client_secret, 1101/20003 = unknown client_id). Honor's form and reply fields are the same
 * (Honor guide quoted on infoq, and several Honor clients); its error body is not documented here (⚠️), so any
 * OAuth-style `error` field, number or string, is read.
 */
import type { AccessToken } from '../shared/index.ts';
import { TransportError, headerValue, type HttpReply, type HttpTransport } from './http-transport.ts';

export interface TokenRequest {
  url: string;
  clientId: string;
  clientSecret: string;
  transport: HttpTransport;
  timeoutMs: number;
  clock: () => number;
}

export type TokenOutcome =
  | { ok: true; token: AccessToken; expiresInSec: number }
  /** `retryable`: the endpoint was unreachable or overloaded; otherwise the credential was refused. */
  | { ok: false; retryable: boolean; reason: string; retryAfter?: string };

/** What a credential check reports when a credential is saved (see validate-*-credential.ts). */
export type CredentialCheck = { ok: true; expiresInSec: number } | { ok: false; retryable: boolean; reason: string };

/** Thrown into the access-token cache, whose callers need the outcome to pick `retry` or a channel-wide `failed`. */
export class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError';
  constructor(readonly outcome: Extract<TokenOutcome, { ok: false }>) {
    super(outcome.reason);
  }
}

function oauthReason(reply: HttpReply): string {
  try {
    const body: unknown = JSON.parse(reply.body);
    if (body !== null && typeof body === 'object') {
      const b = body as Record<string, unknown>;
      const error = b['error'];
      const sub = b['sub_error'];
      if (typeof error === 'number' || typeof error === 'string') {
        return `OAuth:${String(error)}${typeof sub === 'number' || typeof sub === 'string' ? `:${String(sub)}` : ''}`;
      }
    }
  } catch {
    // Not JSON: the status says enough.
  }
  return `OAuth:HTTP${reply.status}`;
}

function parseToken(reply: HttpReply, now: number): TokenOutcome {
  let body: unknown;
  try {
    body = JSON.parse(reply.body);
  } catch {
    return { ok: false, retryable: true, reason: 'OAuth:MalformedReply' };
  }
  const b = (body ?? {}) as Record<string, unknown>;
  const value = b['access_token'];
  const expiresIn = Number(b['expires_in']);
  if (typeof value !== 'string' || value === '' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    return { ok: false, retryable: true, reason: 'OAuth:MalformedReply' };
  }
  return { ok: true, token: { value, expiresAt: now + expiresIn * 1000 }, expiresInSec: expiresIn };
}

export async function requestClientCredentialsToken(o: TokenRequest): Promise<TokenOutcome> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: o.clientId, client_secret: o.clientSecret });
  let reply: HttpReply;
  try {
    reply = await o.transport.request(o.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      timeoutMs: o.timeoutMs,
    });
  } catch (e) {
    const kind = e instanceof TransportError ? e.kind : 'NetworkError';
    return { ok: false, retryable: true, reason: `OAuth:${kind}` };
  }
  if (reply.status === 200) return parseToken(reply, o.clock());
  const retryAfter = headerValue(reply.headers, 'retry-after');
  // 429 and 5xx (Huawei documents 503 as flow control on this endpoint) are the endpoint's trouble, not the
  // credential's; everything else (400 with 1101/…, 401 invalid_client, 404) means the credential or URL is wrong.
  const retryable = reply.status === 429 || reply.status >= 500;
  return { ok: false, retryable, reason: oauthReason(reply), ...(retryAfter === undefined ? {} : { retryAfter }) };
}

/** Runs one token request with a throwaway transport: the save-time proof that a credential works. */
export async function checkClientCredentials(
  o: Omit<TokenRequest, 'transport' | 'clock'> & { transport: HttpTransport; clock?: () => number },
): Promise<CredentialCheck> {
  const outcome = await requestClientCredentialsToken({ ...o, clock: o.clock ?? Date.now });
  return outcome.ok ? { ok: true, expiresInSec: outcome.expiresInSec } : { ok: false, retryable: outcome.retryable, reason: outcome.reason };
}
