import { createHash, randomBytes } from 'node:crypto';
import { constantTimeEqual } from '../../crypto/constant-time-equal.ts';

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
  return constantTimeEqual(Buffer.from(hashDeviceSecret(secret), 'hex'), Buffer.from(hash, 'hex'));
}

export const HERALD_TOKEN_PATTERN = /^[0-9a-f]{36}$/;
