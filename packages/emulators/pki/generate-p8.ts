import { generateKeyPairSync } from 'node:crypto';
import { randomAppleId } from './create-test-pki.ts';

export interface GeneratedP8 {
  /** 10 characters, like the Key ID Apple shows beside a downloaded `.p8`. */
  keyId: string;
  teamId?: never;
  /** PKCS#8 PEM of an EC P-256 key: the content of an `AuthKey_<keyId>.p8` file. */
  privateKeyPem: string;
  /** SPKI PEM, what the emulator's `registerKey` takes. */
  publicKeyPem: string;
}

export function generateP8(): GeneratedP8 {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    keyId: randomAppleId(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
