import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Herald push token: 36 lower-case hex characters, the length of a TPNS xgToken. */
export function generateHeraldToken(): string {
  return randomBytes(18).toString('hex');
}

export function generateDeviceSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashDeviceSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function deviceSecretMatches(secret: string, hash: string): boolean {
  const given = Buffer.from(hashDeviceSecret(secret), 'hex');
  const stored = Buffer.from(hash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export const HERALD_TOKEN_PATTERN = /^[0-9a-f]{36}$/;
