/**
 * A Meizu (Flyme) push credential: AppID, AppKey and AppSecret from the Flyme push console, the three values TPNS
 * asks for (tpns-and-im-offline-push.md §3). The server API signs with the AppSecret and names the app by its
 * numeric AppID; the AppKey is the client SDK's and is kept only so the console can show it.
 */
import { heraldError } from '@herald/protocol';

export interface MeizuCredential {
  /** Decimal digits. */
  appId: string;
  appSecret: string;
  appKey?: string;
}

const APP_ID = /^[0-9]{1,20}$/;
const OPAQUE = /^[\x21-\x7e]{1,128}$/;

function text(input: Record<string, unknown>, key: keyof MeizuCredential): string | undefined {
  const raw = input[key];
  if (typeof raw === 'number' && Number.isSafeInteger(raw)) return String(raw);
  if (typeof raw === 'string' && raw.trim() !== '') return raw.trim();
  if (raw === undefined || raw === null || raw === '') return undefined;
  throw heraldError('CREDENTIAL_PARSE_FAILED', `${key}: must be a string`);
}

/** Validates the shape of a Meizu credential; errors name the field. Does not contact Meizu. */
export function parseMeizuCredential(input: unknown): MeizuCredential {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw heraldError('CREDENTIAL_PARSE_FAILED', 'Meizu credential: must be an object with appId and appSecret');
  }
  const o = input as Record<string, unknown>;
  const appId = text(o, 'appId');
  if (appId === undefined) throw heraldError('CREDENTIAL_PARSE_FAILED', 'appId: required');
  if (!APP_ID.test(appId)) throw heraldError('CREDENTIAL_PARSE_FAILED', 'appId: must be the numeric Flyme push AppID');
  const appSecret = text(o, 'appSecret');
  if (appSecret === undefined) throw heraldError('CREDENTIAL_PARSE_FAILED', 'appSecret: required');
  if (!OPAQUE.test(appSecret)) throw heraldError('CREDENTIAL_PARSE_FAILED', 'appSecret: must be 1 to 128 printable characters without spaces');
  const appKey = text(o, 'appKey');
  if (appKey !== undefined && !OPAQUE.test(appKey)) throw heraldError('CREDENTIAL_PARSE_FAILED', 'appKey: must be 1 to 128 printable characters without spaces');
  return appKey === undefined ? { appId, appSecret } : { appId, appSecret, appKey };
}
