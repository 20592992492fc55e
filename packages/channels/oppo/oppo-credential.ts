/**
 * An OPPO Push credential as entered in the console ("AppKey, AppSecret, MasterSecret", TPNS and Tencent IM
 * console tables). The server API signs its auth request with AppKey and MasterSecret only
 * (`sign = sha256(app_key + timestamp + master_secret)`); AppSecret and AppId belong to the client SDK and are
 * kept when given.
 */
import { heraldError } from '@herald/protocol';

export interface OppoCredential {
  appKey: string;
  masterSecret: string;
  appId?: string;
  appSecret?: string;
}

// OPPO issues alphanumeric keys and 32-character hex secrets; allow any printable ASCII without spaces.
const KEY = /^[\x21-\x7e]{1,128}$/;

function field(input: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = input[key];
  if (v === undefined || v === null || v === '') {
    if (required) throw heraldError('CREDENTIAL_PARSE_FAILED', `oppo.${key}: required`);
    return undefined;
  }
  if (typeof v !== 'string') throw heraldError('CREDENTIAL_PARSE_FAILED', `oppo.${key}: must be a string`);
  const s = v.trim();
  if (!KEY.test(s)) throw heraldError('CREDENTIAL_PARSE_FAILED', `oppo.${key}: must be printable ASCII without spaces`);
  return s;
}

export function parseOppoCredential(input: unknown): OppoCredential {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw heraldError('CREDENTIAL_PARSE_FAILED', 'oppo: the credential must be an object with appKey and masterSecret');
  }
  const o = input as Record<string, unknown>;
  const credential: OppoCredential = { appKey: field(o, 'appKey', true)!, masterSecret: field(o, 'masterSecret', true)! };
  const appId = field(o, 'appId', false);
  if (appId !== undefined) credential.appId = appId;
  const appSecret = field(o, 'appSecret', false);
  if (appSecret !== undefined) credential.appSecret = appSecret;
  return credential;
}
