/**
 * A Xiaomi Mi Push credential as entered in the console. Mi Push authenticates every call with the static
 * AppSecret (`Authorization: key=<AppSecret>`); the package name is sent as `restricted_package_name` and must be
 * one of the app's. AppID and AppKey are only needed by the app's client SDK, so they are optional here.
 * (Xiaomi, "服务器API地址以及参数", dev.mi.com pId=1559, read in the stored pages corpus.)
 */
import { heraldError } from '@herald/protocol';

export interface XiaomiCredential {
  appSecret: string;
  /** The Android package name the app registered with Xiaomi. */
  packageName: string;
  appId?: string;
  appKey?: string;
}

const PACKAGE_NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;
// Secrets are printable ASCII without spaces (Xiaomi issues 24-character base64 strings).
const SECRET = /^[\x21-\x7e]{1,256}$/;
const DIGITS = /^\d{1,32}$/;

function field(input: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = input[key];
  if (v === undefined || v === null || v === '') {
    if (required) throw heraldError('CREDENTIAL_PARSE_FAILED', `xiaomi.${key}: required`);
    return undefined;
  }
  if (typeof v !== 'string') throw heraldError('CREDENTIAL_PARSE_FAILED', `xiaomi.${key}: must be a string`);
  return v.trim();
}

export function parseXiaomiCredential(input: unknown): XiaomiCredential {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw heraldError('CREDENTIAL_PARSE_FAILED', 'xiaomi: the credential must be an object with appSecret and packageName');
  }
  const o = input as Record<string, unknown>;
  const appSecret = field(o, 'appSecret', true)!;
  if (!SECRET.test(appSecret)) throw heraldError('CREDENTIAL_PARSE_FAILED', 'xiaomi.appSecret: must be printable ASCII without spaces');
  const packageName = field(o, 'packageName', true)!;
  if (!PACKAGE_NAME.test(packageName)) throw heraldError('CREDENTIAL_PARSE_FAILED', `xiaomi.packageName: not an Android package name: ${packageName}`);
  const credential: XiaomiCredential = { appSecret, packageName };
  const appId = field(o, 'appId', false);
  if (appId !== undefined) {
    if (!DIGITS.test(appId)) throw heraldError('CREDENTIAL_PARSE_FAILED', 'xiaomi.appId: must be digits');
    credential.appId = appId;
  }
  const appKey = field(o, 'appKey', false);
  if (appKey !== undefined) {
    if (!DIGITS.test(appKey)) throw heraldError('CREDENTIAL_PARSE_FAILED', 'xiaomi.appKey: must be digits');
    credential.appKey = appKey;
  }
  return credential;
}
