/**
 * A vendor access token (FCM, Huawei, Honor, OPPO, vivo…), fetched once and reused until shortly before it
 * expires. Concurrent callers share one fetch; a token the vendor refused is dropped with `invalidate` so the
 * next caller fetches a fresh one. A failed fetch is not cached: the error goes to every caller waiting on it.
 */
export interface AccessToken {
  value: string;
  /** Epoch ms. */
  expiresAt: number;
}

export interface AccessTokenCache {
  get(): Promise<string>;
  /** Forgets `value` if it is still the cached token (a 401 with it). */
  invalidate(value: string): void;
}

/** Refresh this long before the vendor's expiry, so a token never expires in flight. */
const DEFAULT_MARGIN_MS = 5 * 60_000;

export function createAccessTokenCache(fetchToken: () => Promise<AccessToken>, o: { clock?: () => number; marginMs?: number } = {}): AccessTokenCache {
  const clock = o.clock ?? Date.now;
  const margin = o.marginMs ?? DEFAULT_MARGIN_MS;
  let current: AccessToken | undefined;
  // A token that lives less than twice the margin is refreshed at half its life, not on every call.
  let currentMargin = margin;
  let pending: Promise<AccessToken> | undefined;
  return {
    async get() {
      if (current !== undefined && clock() < current.expiresAt - currentMargin) return current.value;
      pending ??= fetchToken().then(
        (token) => {
          current = token;
          currentMargin = Math.min(margin, Math.max(0, (token.expiresAt - clock()) / 2));
          pending = undefined;
          return token;
        },
        (err: unknown) => {
          pending = undefined;
          throw err;
        },
      );
      return (await pending).value;
    },
    invalidate(value) {
      if (current?.value === value) current = undefined;
    },
  };
}
