/**
 * The keys of a push app, shaped like TPNS's so existing tooling and validation accept them:
 * AccessID is numeric from 1500000000 (TPNS ids start there), AccessKey is 'A' + 11 upper-case letters and
 * digits, SecretKey is 32 lower-case hex characters.
 */
import { randomBytes, randomInt } from 'node:crypto';

export const FIRST_ACCESS_ID = 1_500_000_000;

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function generateAccessKey(): string {
  let key = 'A';
  for (let i = 0; i < 11; i += 1) key += KEY_ALPHABET[randomInt(KEY_ALPHABET.length)];
  return key;
}

export function generateSecretKey(): string {
  return randomBytes(16).toString('hex');
}

export type RotatableKey = 'accessKey' | 'secretKey';
