/**
 * The FCM credential: the service-account JSON a user downloads from the Firebase console (Project settings →
 * Service accounts → Generate new private key). Fields per Google, "Using OAuth 2.0 for Server to Server
 * Applications" (vendor-push-protocols.md §2.1, ✅): `type`, `project_id`, `private_key_id`, `private_key` (PEM
 * PKCS#8 RSA), `client_email`, `client_id`, `token_uri`. Only the ones the JWT-bearer grant and the send URL need
 * are kept.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { heraldError } from '@herald/protocol';

export interface FcmCredential {
  /** The Firebase project the messages are sent for: `/v1/projects/{projectId}/messages:send`. */
  projectId: string;
  /** The service account: `iss` of the JWT assertion. */
  clientEmail: string;
  /** PKCS#8 PEM of the RSA key that signs the assertion. */
  privateKeyPem: string;
  /** `kid` of the assertion when the JSON names its key. */
  privateKeyId: string | undefined;
  /** OAuth 2.0 token endpoint, and the assertion's `aud`. */
  tokenUri: string;
}

/** Google's token endpoint, used when a service-account JSON has no `token_uri`. */
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';

// Project IDs are 6–30 lowercase letters, digits and hyphens; older ones carry a `domain:` prefix.
const PROJECT_ID = /^(?:[a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readObject(input: unknown): Record<string, unknown> {
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(input.toString());
    } catch {
      throw heraldError('CREDENTIAL_PARSE_FAILED', 'FCM service account: not valid JSON');
    }
    input = parsed;
  }
  if (!isRecord(input)) throw heraldError('CREDENTIAL_PARSE_FAILED', 'FCM service account: expected a JSON object');
  return input;
}

function textField(obj: Record<string, unknown>, key: string, problems: string[]): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null || v === '') {
    problems.push(`${key} is missing`);
    return undefined;
  }
  if (typeof v !== 'string') {
    problems.push(`${key} must be a string`);
    return undefined;
  }
  return v.trim();
}

function rsaKeyPem(raw: string, problems: string[]): string | undefined {
  // Keys pasted through environment variables or form fields often arrive with literal "\n" sequences.
  const pem = raw.includes('\\n') ? raw.replace(/\\n/g, '\n') : raw;
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (e) {
    problems.push(`private_key could not be read (${e instanceof Error ? e.message : String(e)})`);
    return undefined;
  }
  if (key.asymmetricKeyType !== 'rsa') {
    problems.push(`private_key must be an RSA key, not ${key.asymmetricKeyType ?? 'unknown'}`);
    return undefined;
  }
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function tokenUriOf(obj: Record<string, unknown>, problems: string[]): string {
  const v = obj['token_uri'];
  if (v === undefined || v === null || v === '') return GOOGLE_TOKEN_URI;
  if (typeof v !== 'string') {
    problems.push('token_uri must be a string');
    return GOOGLE_TOKEN_URI;
  }
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    problems.push('token_uri is not a URL');
    return GOOGLE_TOKEN_URI;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push('token_uri must be an http(s) URL');
  return v;
}

/**
 * Reads a service-account JSON (text, Buffer or parsed object). Every problem is listed in one
 * CREDENTIAL_PARSE_FAILED error, so a user fixes the file once.
 */
export function parseFcmCredential(input: unknown): FcmCredential {
  const obj = readObject(input);
  const problems: string[] = [];
  const type = obj['type'];
  if (type !== undefined && type !== 'service_account') problems.push(`type must be "service_account", not ${JSON.stringify(type)}`);
  const projectId = textField(obj, 'project_id', problems);
  if (projectId !== undefined && !PROJECT_ID.test(projectId)) problems.push(`project_id "${projectId}" is not a Google Cloud project ID`);
  const clientEmail = textField(obj, 'client_email', problems);
  if (clientEmail !== undefined && !EMAIL.test(clientEmail)) problems.push('client_email is not an email address');
  const rawKey = textField(obj, 'private_key', problems);
  const privateKeyPem = rawKey === undefined ? undefined : rsaKeyPem(rawKey, problems);
  const keyId = obj['private_key_id'];
  if (keyId !== undefined && keyId !== null && typeof keyId !== 'string') problems.push('private_key_id must be a string');
  const tokenUri = tokenUriOf(obj, problems);
  if (problems.length > 0 || projectId === undefined || clientEmail === undefined || privateKeyPem === undefined) {
    throw heraldError('CREDENTIAL_PARSE_FAILED', `FCM service account: ${problems.join('; ')}`, { problems });
  }
  return {
    projectId,
    clientEmail,
    privateKeyPem,
    privateKeyId: typeof keyId === 'string' && keyId !== '' ? keyId : undefined,
    tokenUri,
  };
}
