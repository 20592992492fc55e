/**
 * A Huawei Push Kit credential as TPNS asks for it (APPID and Client Secret, tpns-and-im-offline-push.md §3).
 * The send URL and the OAuth request both take the OAuth 2.0 client ID, which for Push Kit apps is the App ID
 * unless the AppGallery Connect project shows a separate one; Huawei checks it against `^[0-9]{1,64}$` (account
 * server error codes, 1101/20002).
 */
import { heraldError } from '@herald/protocol';

export interface HuaweiCredential {
  /** AppGallery Connect App ID. */
  appId: string;
  /** OAuth 2.0 client ID used in the token request and the send URL; the App ID when omitted. */
  clientId?: string;
  clientSecret: string;
}

const NUMERIC_ID = /^[0-9]{1,64}$/;
const SECRET = /^[\x21-\x7e]{1,256}$/;

function idField(obj: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null || v === '') {
    if (required) throw heraldError('CREDENTIAL_PARSE_FAILED', `huawei.${key}: required`);
    return undefined;
  }
  // Spreadsheets and JSON tools turn long digit strings into numbers.
  const s = typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? String(v) : v;
  if (typeof s !== 'string' || !NUMERIC_ID.test(s.trim())) throw heraldError('CREDENTIAL_PARSE_FAILED', `huawei.${key}: must be 1 to 64 digits`);
  return s.trim();
}

export function parseHuaweiCredential(input: unknown): HuaweiCredential {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw heraldError('CREDENTIAL_PARSE_FAILED', 'huawei: must be an object with appId and clientSecret');
  }
  const obj = input as Record<string, unknown>;
  const appId = idField(obj, 'appId', true)!;
  const clientId = idField(obj, 'clientId', false);
  const secret = obj['clientSecret'];
  if (secret === undefined || secret === null || secret === '') throw heraldError('CREDENTIAL_PARSE_FAILED', 'huawei.clientSecret: required');
  if (typeof secret !== 'string' || !SECRET.test(secret.trim())) {
    throw heraldError('CREDENTIAL_PARSE_FAILED', 'huawei.clientSecret: must be 1 to 256 printable characters without spaces');
  }
  return clientId === undefined || clientId === appId ? { appId, clientSecret: secret.trim() } : { appId, clientId, clientSecret: secret.trim() };
}

/** The client ID the OAuth request and the send URL use. */
export function huaweiClientId(credential: HuaweiCredential): string {
  return credential.clientId ?? credential.appId;
}
