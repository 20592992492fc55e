/**
 * Provider-token (JWT) authentication as APNs applies it to one HTTP/2 connection (vendor-push-protocols.md §1.5):
 * ES256 only, a registered key id, `iss` = the key's team, `iat` younger than one hour, one key per connection,
 * and no new token within 20 minutes of the previous one. Verified tokens are cached per connection so the
 * signature check costs once per token, not once per request.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { compactVerify, decodeProtectedHeader } from 'jose';
import { bundleIdOfTopic } from './push-types.ts';
import type { ApnsReason } from './reasons.ts';
import type { ApnsKeyRegistration } from './types.ts';

const TOKEN_LIFETIME_MS = 60 * 60_000;
const TOKEN_UPDATE_MIN_INTERVAL_MS = 20 * 60_000;
// A client rotating through many tokens on one connection must not grow memory without bound.
const MAX_CACHED_TOKENS = 32;
const textDecoder = new TextDecoder();

export interface RegisteredKey {
  keyId: string;
  teamId: string;
  key: KeyObject;
  topics: readonly string[] | undefined;
}

export type KeyStore = Map<string, RegisteredKey>;

export function toRegisteredKey(k: ApnsKeyRegistration): RegisteredKey {
  return { keyId: k.keyId, teamId: k.teamId, key: createPublicKey(k.publicKeyPem), topics: k.topics };
}

type TokenCheck = { ok: true; key: RegisteredKey; iatMs: number } | { ok: false; reason: ApnsReason };

export interface TokenConnectionState {
  boundKeyId: string | undefined;
  /** The whole `authorization` header value in force on this connection, compared as is. */
  currentAuth: string | undefined;
  currentCheck: TokenCheck | undefined;
  currentSetAt: number;
  cache: Map<string, TokenCheck | Promise<TokenCheck>>;
}

export function createTokenConnectionState(): TokenConnectionState {
  return { boundKeyId: undefined, currentAuth: undefined, currentCheck: undefined, currentSetAt: 0, cache: new Map() };
}

const invalid: TokenCheck = { ok: false, reason: 'InvalidProviderToken' };

async function verifyAuthorization(auth: string, keys: KeyStore): Promise<TokenCheck> {
  if (auth.length < 8 || auth.slice(0, 7).toLowerCase() !== 'bearer ') return invalid;
  const jwt = auth.slice(7).trim();
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(jwt);
    if (header.alg !== 'ES256') return invalid;
    kid = header.kid;
  } catch {
    return invalid;
  }
  const key = kid === undefined ? undefined : keys.get(kid);
  if (key === undefined) return invalid;
  try {
    const { payload } = await compactVerify(jwt, key.key, { algorithms: ['ES256'] });
    const claims = JSON.parse(textDecoder.decode(payload)) as { iss?: unknown; iat?: unknown };
    if (claims.iss !== key.teamId || typeof claims.iat !== 'number' || !Number.isFinite(claims.iat)) return invalid;
    return { ok: true, key, iatMs: claims.iat * 1000 };
  } catch {
    return invalid;
  }
}

function keyAllowsTopic(key: RegisteredKey, topic: string): boolean {
  if (key.topics === undefined) return true;
  const bundleId = bundleIdOfTopic(topic);
  return key.topics.includes(topic) || key.topics.includes(bundleId);
}

function decide(state: TokenConnectionState, auth: string, check: TokenCheck, topic: string, now: number): ApnsReason | undefined {
  if (!check.ok) return check.reason;
  if (state.boundKeyId !== undefined && check.key.keyId !== state.boundKeyId) return 'UnrelatedKeyIdInToken';
  if (check.iatMs + TOKEN_LIFETIME_MS < now) return 'ExpiredProviderToken';
  if (!keyAllowsTopic(check.key, topic)) return 'InvalidProviderToken';
  if (auth !== state.currentAuth) {
    if (state.currentAuth !== undefined && now - state.currentSetAt < TOKEN_UPDATE_MIN_INTERVAL_MS) {
      return 'TooManyProviderTokenUpdates';
    }
    state.currentAuth = auth;
    state.currentCheck = check;
    state.currentSetAt = now;
    state.boundKeyId = check.key.keyId;
  }
  return undefined;
}

/**
 * Undefined when the request may go on, otherwise the reason to reject it. Synchronous when the
 * connection's current token is reused — the common case, and the only one on a benchmark's hot path.
 */
export function authorizeToken(
  state: TokenConnectionState,
  auth: string | undefined,
  topic: string,
  keys: KeyStore,
  now: number,
): ApnsReason | undefined | Promise<ApnsReason | undefined> {
  if (auth === undefined || auth === '') return 'MissingProviderToken';
  if (auth === state.currentAuth && state.currentCheck !== undefined) return decide(state, auth, state.currentCheck, topic, now);
  let cached = state.cache.get(auth);
  if (cached === undefined) {
    if (state.cache.size >= MAX_CACHED_TOKENS) state.cache.clear();
    cached = verifyAuthorization(auth, keys);
    state.cache.set(auth, cached);
    cached.then((check) => state.cache.set(auth, check)).catch(() => undefined);
  }
  if (cached instanceof Promise) return cached.then((check) => decide(state, auth, check, topic, now));
  return decide(state, auth, cached, topic, now);
}
