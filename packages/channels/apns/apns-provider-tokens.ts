/**
 * One ES256 provider token per (team, key), shared by every session and channel that uses the key.
 * Apple: "Refresh your token no more than once every 20 minutes and no less than once every 60 minutes";
 * a newer token within 20 minutes on one connection earns 429 TooManyProviderTokenUpdates
 * (vendor-push-protocols.md §1.5). So: reuse for 50 minutes, never mint again within 20 minutes unless APNs
 * itself answered ExpiredProviderToken for the current token.
 */
import { SignJWT, importPKCS8, type CryptoKey } from 'jose';

export interface ApnsTokenKey {
  teamId: string;
  keyId: string;
  /** PKCS#8 PEM of the EC P-256 key (see parseP8). */
  privateKeyPem: string;
}

export interface ApnsProviderToken {
  jwt: string;
  /** `bearer <jwt>`, ready for the authorization header. */
  authorization: string;
  /** Clock time (ms) the token was minted; `iat` is this in seconds. */
  issuedAt: number;
}

export interface ApnsProviderTokens {
  /** The cached token while it is younger than `refreshAfterMs`, else undefined. Synchronous: the hot path. */
  peek(key: ApnsTokenKey): ApnsProviderToken | undefined;
  /** A usable token: the cached one, or a fresh one when it is due. */
  get(key: ApnsTokenKey): Promise<ApnsProviderToken>;
  /**
   * APNs answered ExpiredProviderToken for `staleJwt`: mint a new token unless someone already replaced it.
   * The 20-minute floor does not apply here, because the server said the token is expired.
   */
  refresh(key: ApnsTokenKey, staleJwt: string): Promise<ApnsProviderToken>;
  /** How many tokens were minted (for tests and metrics). */
  readonly minted: number;
}

export interface ApnsProviderTokensOptions {
  clock?: () => number;
  /** Default 50 minutes. */
  refreshAfterMs?: number;
  /** Default 20 minutes. */
  minIntervalMs?: number;
}

interface Entry {
  token: ApnsProviderToken | undefined;
  pending: Promise<ApnsProviderToken> | undefined;
  signingKey: Promise<CryptoKey> | undefined;
  pem: string;
}

const MINUTE = 60_000;

export function createApnsProviderTokens(o: ApnsProviderTokensOptions = {}): ApnsProviderTokens {
  const clock = o.clock ?? Date.now;
  const refreshAfterMs = Math.min(o.refreshAfterMs ?? 50 * MINUTE, 60 * MINUTE);
  const minIntervalMs = o.minIntervalMs ?? 20 * MINUTE;
  const entries = new Map<string, Entry>();
  let minted = 0;

  function entryFor(key: ApnsTokenKey): Entry {
    const id = `${key.teamId}.${key.keyId}`;
    let e = entries.get(id);
    if (e === undefined || e.pem !== key.privateKeyPem) {
      e = { token: undefined, pending: undefined, signingKey: undefined, pem: key.privateKeyPem };
      entries.set(id, e);
    }
    return e;
  }

  function mint(key: ApnsTokenKey, e: Entry): Promise<ApnsProviderToken> {
    if (e.pending !== undefined) return e.pending;
    e.signingKey ??= importPKCS8(key.privateKeyPem, 'ES256');
    const signingKey = e.signingKey;
    const pending = (async () => {
      const now = clock();
      const jwt = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: key.keyId })
        .setIssuer(key.teamId)
        .setIssuedAt(Math.floor(now / 1000))
        .sign(await signingKey);
      const token = { jwt, authorization: `bearer ${jwt}`, issuedAt: now };
      minted++;
      e.token = token;
      return token;
    })();
    e.pending = pending;
    // Clear `pending` whether minting worked or not, so a bad key is retried on the next call.
    pending.then(
      () => { if (e.pending === pending) e.pending = undefined; },
      () => { if (e.pending === pending) e.pending = undefined; },
    );
    return pending;
  }

  function isFresh(token: ApnsProviderToken, now: number): boolean {
    const age = now - token.issuedAt;
    // A clock moved backwards makes age negative: the token is still the newest we have.
    return age < refreshAfterMs || age < minIntervalMs;
  }

  return {
    peek(key) {
      const token = entryFor(key).token;
      return token !== undefined && isFresh(token, clock()) ? token : undefined;
    },
    get(key) {
      const e = entryFor(key);
      if (e.token !== undefined && isFresh(e.token, clock())) return Promise.resolve(e.token);
      return mint(key, e);
    },
    refresh(key, staleJwt) {
      const e = entryFor(key);
      if (e.pending !== undefined) return e.pending;
      if (e.token !== undefined && e.token.jwt !== staleJwt) return Promise.resolve(e.token);
      return mint(key, e);
    },
    get minted() {
      return minted;
    },
  };
}
