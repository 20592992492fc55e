/**
 * A throwaway service account in the form the Firebase console downloads (fields per Google's server-to-server
 * OAuth doc, vendor-push-protocols.md §2.1), with a fresh RSA key, plus what the emulator needs to know about it.
 */
import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import type { ServiceAccountRegistration } from './oauth-token-endpoint.ts';

export interface GeneratedServiceAccount {
  /** The JSON file's content. */
  json: Record<string, string>;
  /** For `FcmEmulator.registerServiceAccount`. */
  registration: ServiceAccountRegistration;
}

export function createFcmServiceAccount(o: { projectId: string; tokenUri: string; name?: string }): GeneratedServiceAccount {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyId = randomBytes(20).toString('hex');
  const clientEmail = `${o.name ?? 'firebase-adminsdk-x1y2z'}@${o.projectId}.iam.gserviceaccount.com`;
  const clientId = String(randomInt(1, 2 ** 47)).padStart(21, '1');
  return {
    json: {
      type: 'service_account',
      project_id: o.projectId,
      private_key_id: privateKeyId,
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: clientEmail,
      client_id: clientId,
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: o.tokenUri,
      auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
      client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
      universe_domain: 'googleapis.com',
    },
    registration: {
      clientEmail,
      projectId: o.projectId,
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      privateKeyId,
    },
  };
}
