/**
 * A vivo push credential as shown in the vivo push console (应用信息): AppID, AppKey and AppSecret — the same three
 * values TPNS asks for (tpns-and-im-offline-push.md §3). The AppID is a number; the key and secret are opaque
 * strings (UUID-like in vivo's examples).
 */
import { heraldError } from '@herald/protocol';

export interface VivoCredential {
  /** Decimal digits; sent as a JSON number, as in vivo's examples. */
  appId: string;
  appKey: string;
  appSecret: string;
}

const APP_ID = /^[0-9]{1,20}$/;
const OPAQUE = /^[\x21-\x7e]{1,128}$/;

function field(input: Record<string, unknown>, key: keyof VivoCredential): string {
  const raw = input[key];
  // People copy the AppID as a number from JSON, or with stray spaces from the console.
  const value = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
  if (value === undefined || value === '') throw heraldError('CREDENTIAL_PARSE_FAILED', `${key}: required`);
  const pattern = key === 'appId' ? APP_ID : OPAQUE;
  if (!pattern.test(value)) {
    throw heraldError('CREDENTIAL_PARSE_FAILED', key === 'appId' ? 'appId: must be the numeric vivo AppID' : `${key}: must be 1 to 128 printable characters without spaces`);
  }
  return value;
}

/** Validates the shape of a vivo credential; errors name the field. Does not contact vivo. */
export function parseVivoCredential(input: unknown): VivoCredential {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw heraldError('CREDENTIAL_PARSE_FAILED', 'vivo credential: must be an object with appId, appKey and appSecret');
  }
  const o = input as Record<string, unknown>;
  return { appId: field(o, 'appId'), appKey: field(o, 'appKey'), appSecret: field(o, 'appSecret') };
}
