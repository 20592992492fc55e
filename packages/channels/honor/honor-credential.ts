/**
 * A Honor Push credential as TPNS asks for it: AppId, ClientId and SecretKey (= the Honor client secret)
 * (tpns-and-im-offline-push.md §3). The App ID goes into the send URL and is numeric (Honor's clients format it
 * with %d); the client ID and secret go to the token endpoint. Honor documents no format for the client ID
 * (⚠️): any printable string is taken.
 */
import { heraldError } from '@herald/protocol';

export interface HonorCredential {
  appId: string;
  clientId: string;
  clientSecret: string;
}

const APP_ID = /^[0-9]{1,64}$/;
const PRINTABLE = /^[\x21-\x7e]{1,256}$/;

function field(obj: Record<string, unknown>, key: keyof HonorCredential, pattern: RegExp, rule: string): string {
  const raw = obj[key];
  if (raw === undefined || raw === null || raw === '') throw heraldError('CREDENTIAL_PARSE_FAILED', `honor.${key}: required`);
  const v = typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0 ? String(raw) : raw;
  if (typeof v !== 'string' || !pattern.test(v.trim())) throw heraldError('CREDENTIAL_PARSE_FAILED', `honor.${key}: ${rule}`);
  return v.trim();
}

export function parseHonorCredential(input: unknown): HonorCredential {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw heraldError('CREDENTIAL_PARSE_FAILED', 'honor: must be an object with appId, clientId and clientSecret');
  }
  const obj = input as Record<string, unknown>;
  return {
    appId: field(obj, 'appId', APP_ID, 'must be 1 to 64 digits'),
    clientId: field(obj, 'clientId', PRINTABLE, 'must be 1 to 256 printable characters without spaces'),
    clientSecret: field(obj, 'clientSecret', PRINTABLE, 'must be 1 to 256 printable characters without spaces'),
  };
}
