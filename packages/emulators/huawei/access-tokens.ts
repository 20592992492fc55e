/**
 * Access tokens issued by an emulated OAuth endpoint: opaque random strings bound to a client ID, valid for a
 * lifetime measured on the emulator's clock (Huawei's last an hour: "Access Token有效期为一个小时").
 */
import { randomBytes } from 'node:crypto';

export type TokenCheck = { ok: true; clientId: string } | { ok: false; why: 'unknown' | 'expired' };

export interface AccessTokenStore {
  issue(clientId: string): { token: string; expiresIn: number };
  check(token: string): TokenCheck;
  /** Every token issued so far is expired from now on (the next request with one gets the auth error). */
  expireAll(): void;
  readonly issued: number;
  clear(): void;
}

export function createAccessTokenStore(o: { clock: () => number; lifetimeSeconds: number }): AccessTokenStore {
  const tokens = new Map<string, { clientId: string; expiresAt: number }>();
  let issued = 0;
  return {
    issue(clientId) {
      // Huawei's tokens are base64 with "+/=" ("CF3Xl2XV6j…==", and the doc warns about escaped "/"), so these are too.
      const token = randomBytes(34).toString('base64');
      tokens.set(token, { clientId, expiresAt: o.clock() + o.lifetimeSeconds * 1000 });
      issued++;
      return { token, expiresIn: o.lifetimeSeconds };
    },
    check(token) {
      const t = tokens.get(token);
      if (t === undefined) return { ok: false, why: 'unknown' };
      if (o.clock() >= t.expiresAt) return { ok: false, why: 'expired' };
      return { ok: true, clientId: t.clientId };
    },
    expireAll() {
      for (const t of tokens.values()) t.expiresAt = Number.NEGATIVE_INFINITY;
    },
    get issued() {
      return issued;
    },
    clear() {
      tokens.clear();
      issued = 0;
    },
  };
}
