/**
 * OAuth 2.0 access tokens for FCM: the JWT-bearer grant of a service account (Google, "Using OAuth 2.0 for Server
 * to Server Applications", vendor-push-protocols.md §2.1 ✅). The assertion is RS256-signed with the account's
 * key, `iss` = client_email, `scope` = the FCM scope, `aud` = the token URI, `exp` = `iat` + 1 h (Google's
 * maximum). The token is cached by shared/access-token-cache until 5 minutes before `expires_in` runs out
 * (firebase-admin uses the same 5-minute threshold, 🔎) and dropped when FCM answers 401 with it.
 */
import { SignJWT, importPKCS8, type CryptoKey } from 'jose';
import { createAccessTokenCache, type AccessTokenCache } from '../shared/index.ts';
import type { FcmCredential } from './fcm-credentials.ts';
import type { FcmHttp } from './fcm-http.ts';

export const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ASSERTION_LIFETIME_S = 3600;
const DEFAULT_MARGIN_MS = 5 * 60_000;

/**
 * Why the token endpoint gave no token. `rejected`: it refused the credential (invalid_grant, unknown account, bad
 * key) — a configuration problem. `unavailable`: it could not answer now (network, timeout, 429, 5xx).
 */
export class FcmAuthError extends Error {
  override readonly name = 'FcmAuthError';
  constructor(
    readonly kind: 'rejected' | 'unavailable',
    readonly reason: string,
    message: string,
    readonly retryAfter: string | undefined = undefined,
  ) {
    super(message);
  }
}

export interface FcmAccessTokens extends AccessTokenCache {
  /**
   * The cached token while `get()` would return it without fetching, else undefined: lets the channel stamp each
   * request without a promise, and fall back on `get()` only around a refresh.
   */
  peek(): string | undefined;
  /** Token requests made so far. */
  readonly fetches: number;
}

export interface FcmAccessTokenOptions {
  http: FcmHttp;
  /** Where to ask; the credential's token_uri by default. The assertion's `aud` stays the token_uri. */
  tokenUrl?: string;
  clock?: () => number;
  timeoutMs?: number;
  /** Refresh this long before expiry. */
  marginMs?: number;
}

interface TokenReply {
  access_token?: unknown;
  expires_in?: unknown;
  error?: unknown;
  error_description?: unknown;
}

function parseReply(body: string): TokenReply | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as TokenReply) : undefined;
  } catch {
    return undefined;
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export function createFcmAccessTokens(credential: FcmCredential, o: FcmAccessTokenOptions): FcmAccessTokens {
  const clock = o.clock ?? Date.now;
  const url = new URL(o.tokenUrl ?? credential.tokenUri);
  const timeoutMs = o.timeoutMs ?? 10_000;
  const margin = o.marginMs ?? DEFAULT_MARGIN_MS;
  let signingKey: Promise<CryptoKey> | undefined;
  let fetches = 0;
  // The last token fetched and when the cache stops handing it out (its rule: the margin, or half the life of a
  // token shorter than two margins), so peek() agrees with get().
  let fresh: { value: string; refreshAt: number } | undefined;

  async function assertion(now: number): Promise<string> {
    signingKey ??= importPKCS8(credential.privateKeyPem, 'RS256');
    const iat = Math.floor(now / 1000);
    return new SignJWT({ scope: FCM_SCOPE })
      .setProtectedHeader(credential.privateKeyId === undefined ? { alg: 'RS256', typ: 'JWT' } : { alg: 'RS256', typ: 'JWT', kid: credential.privateKeyId })
      .setIssuer(credential.clientEmail)
      .setAudience(credential.tokenUri)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ASSERTION_LIFETIME_S)
      .sign(await signingKey);
  }

  async function fetchToken(): Promise<{ value: string; expiresAt: number }> {
    const startedAt = clock();
    let jwt: string;
    try {
      jwt = await assertion(startedAt);
    } catch (e) {
      signingKey = undefined;
      throw new FcmAuthError('rejected', 'InvalidPrivateKey', `Cannot sign the assertion: ${e instanceof Error ? e.message : String(e)}`);
    }
    fetches++;
    let reply;
    try {
      reply = await o.http.request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: JWT_BEARER, assertion: jwt }).toString(),
        timeoutMs,
      });
    } catch (e) {
      const code = e !== null && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : 'Error';
      throw new FcmAuthError('unavailable', code === 'ETIMEDOUT' ? 'TokenTimeout' : `TokenNetworkError:${code}`, `Token endpoint unreachable: ${String(e)}`);
    }
    const parsed = parseReply(reply.body);
    if (reply.status === 200 && parsed !== undefined && typeof parsed.access_token === 'string' && parsed.access_token !== '') {
      const seconds = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 3600;
      const expiresAt = startedAt + seconds * 1000;
      fresh = { value: parsed.access_token, refreshAt: expiresAt - Math.min(margin, Math.max(0, (expiresAt - clock()) / 2)) };
      return { value: parsed.access_token, expiresAt };
    }
    const oauthError = typeof parsed?.error === 'string' ? parsed.error : undefined;
    const description = typeof parsed?.error_description === 'string' ? parsed.error_description : reply.body.slice(0, 200);
    if (reply.status === 429 || reply.status >= 500 || reply.status === 0) {
      const retryAfter = headerValue(reply.headers['retry-after']);
      throw new FcmAuthError('unavailable', `TokenHTTP${reply.status}`, `Token endpoint answered ${reply.status}: ${description}`, retryAfter);
    }
    // 4xx (invalid_grant, invalid_scope, …) and a 200 without a token: the credential does not work.
    throw new FcmAuthError('rejected', oauthError ?? `TokenHTTP${reply.status}`, `Token endpoint refused the service account: ${description}`);
  }

  const cache = createAccessTokenCache(fetchToken, { clock, marginMs: margin });
  return {
    get: () => cache.get(),
    peek: () => (fresh !== undefined && clock() < fresh.refreshAt ? fresh.value : undefined),
    invalidate(value) {
      if (fresh?.value === value) fresh = undefined;
      cache.invalidate(value);
    },
    get fetches() {
      return fetches;
    },
  };
}
