/**
 * Field rules of the credential forms, mirroring what the server's channel parsers accept (packages/channels/*
 * credential readers) so a typo is caught before the vendor is asked. The server stays the authority: its refusals
 * (REQUEST_PARAM_INVALID naming the field, CREDENTIAL_REJECTED with the vendor's reason) are shown as they come.
 */
import type { Rule } from '../validation/rules.ts';

/** Apple's 10-character Key ID and Team ID. */
export const appleId =
  (label: string): Rule =>
  (value) =>
    /^[A-Za-z0-9]{10}$/.test(value.trim()) ? undefined : `${label} is the 10 letters or digits Apple shows, e.g. ABC123DEFG.`;

export const digits =
  (label: string, max: number): Rule =>
  (value) =>
    new RegExp(`^[0-9]{1,${max}}$`).test(value.trim()) ? undefined : `${label} is digits only (at most ${max}).`;

/** Vendor secrets and keys: printable ASCII without spaces. */
export const printable =
  (label: string, max: number): Rule =>
  (value) =>
    new RegExp(`^[\\x21-\\x7e]{1,${max}}$`).test(value.trim()) ? undefined : `${label} is 1 to ${max} printable characters without spaces.`;

export const javaClassName: Rule = (value) =>
  /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value.trim()) ? undefined : 'Use the fully qualified class name of the launcher activity, e.g. com.example.app.MainActivity.';

/** A .p8 as Apple gives it: a PEM private key (the body without its armour lines is accepted too). */
export const p8Key: Rule = (value) => {
  const text = value.trim();
  if (text.includes('-----BEGIN')) return /-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----/.test(text) ? undefined : 'This is not the content of a .p8 key (-----BEGIN PRIVATE KEY----- … -----END PRIVATE KEY-----).';
  return /^[A-Za-z0-9+/=\s]+$/.test(text) ? undefined : 'This is not the content of a .p8 key.';
};

/**
 * A Firebase service-account JSON: parsed here so the form can name what is missing. Returns the parsed object,
 * or the message to show.
 */
export function readServiceAccount(text: string): { account: Record<string, unknown> } | { error: string } {
  if (text.trim() === '') return { error: 'The service account JSON is required.' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { error: 'This is not JSON. Paste the whole file Firebase downloaded (Project settings → Service accounts → Generate new private key).' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { error: 'The service account must be a JSON object.' };
  const account = parsed as Record<string, unknown>;
  if (account['type'] !== undefined && account['type'] !== 'service_account') return { error: `This JSON is of type "${String(account['type'])}", not a service account.` };
  const missing = ['project_id', 'client_email', 'private_key'].filter((k) => typeof account[k] !== 'string' || account[k] === '');
  if (missing.length > 0) return { error: `The service account lacks ${missing.join(', ')}.` };
  return { account };
}
