/**
 * VAPID `Authorization` headers (RFC 8292 §2–§3): `vapid t=<JWT>, k=<public key>`, one JWT per push-service
 * origin because `aud` must be "the Unicode serialization of the origin of the push resource URL".
 * Verified against the RFC text (draft source, corpus copy): ES256 over P-256, `exp` "MUST NOT be more than
 * 24 hours from the time of the request". The signature is JWS form (R‖S, 64 bytes), which node:crypto makes
 * with `dsaEncoding: 'ieee-p1363'`; web-push-testing's jsonwebtoken check and the emulator verify it in tests.
 *
 * Tokens live 12 hours and are reused until an hour before they expire (Apple: refresh no more than once an
 * hour); the shared access-token cache keeps one per origin and forgets one a push service refused.
 */
import { sign, type KeyObject } from 'node:crypto';
import { createAccessTokenCache, type AccessTokenCache } from '../shared/index.ts';
import { vapidSigningKey, type WebPushCredential } from './vapid-credential.ts';

export interface VapidClaims {
  aud: string;
  /** Epoch seconds. */
  exp: number;
  sub: string;
}

export interface VapidAuthorizations {
  /** The `Authorization` header value for a push resource on `origin` (scheme://host[:port]). */
  get(origin: string): Promise<string>;
  /** The push service refused `header` (401/403): the next request to `origin` gets a new token. */
  invalidate(origin: string, header: string): void;
  /** Tokens signed so far (tests, metrics). */
  readonly minted: number;
}

export interface VapidAuthorizationsOptions {
  clock?: () => number;
  /** Token lifetime, at most 24 h. Default 12 h (the web-push library's default). */
  lifetimeSeconds?: number;
  /** Mint a new token this long before the old one expires. Default 1 h. */
  renewBeforeMs?: number;
  /** Origins remembered at once; the oldest is forgotten beyond this. Default 1000. */
  maxOrigins?: number;
}

const JWT_HEADER = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'ES256' })).toString('base64url');
const MAX_LIFETIME_SECONDS = 24 * 3600;

/** A compact ES256 JWT with the VAPID claims. */
export function signVapidJwt(key: KeyObject, claims: VapidClaims): string {
  const body = Buffer.from(JSON.stringify({ aud: claims.aud, exp: claims.exp, sub: claims.sub })).toString('base64url');
  const input = `${JWT_HEADER}.${body}`;
  const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

export function createVapidAuthorizations(credential: WebPushCredential, o: VapidAuthorizationsOptions = {}): VapidAuthorizations {
  const clock = o.clock ?? Date.now;
  const lifetime = Math.min(o.lifetimeSeconds ?? 12 * 3600, MAX_LIFETIME_SECONDS);
  const renewBeforeMs = Math.min(o.renewBeforeMs ?? 3_600_000, (lifetime * 1000) / 2);
  const maxOrigins = Math.max(1, o.maxOrigins ?? 1000);
  const key = vapidSigningKey(credential);
  const caches = new Map<string, AccessTokenCache>();
  let minted = 0;

  function cacheFor(origin: string): AccessTokenCache {
    let cache = caches.get(origin);
    if (cache === undefined) {
      if (caches.size >= maxOrigins) caches.delete(caches.keys().next().value as string);
      cache = createAccessTokenCache(
        async () => {
          // Whole seconds, rounded down, so `exp` never lands past the lifetime the push service allows.
          const exp = Math.floor(clock() / 1000) + lifetime;
          minted++;
          const jwt = signVapidJwt(key, { aud: origin, exp, sub: credential.subject });
          return { value: `vapid t=${jwt}, k=${credential.publicKey}`, expiresAt: exp * 1000 };
        },
        { clock, marginMs: renewBeforeMs },
      );
      caches.set(origin, cache);
    }
    return cache;
  }

  return {
    get: (origin) => cacheFor(origin).get(),
    invalidate(origin, header) {
      caches.get(origin)?.invalidate(header);
    },
    get minted() {
      return minted;
    },
  };
}
