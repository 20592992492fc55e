/**
 * Reading a vendor credential as sent to the credential API: the form must be a JSON object, and a channel
 * package's parse failure (`huawei.appId: required`, `appKey: required`) is restated as the API's
 * REQUEST_PARAM_INVALID naming the form field (`appId: required`), so every driver answers a bad form alike.
 */
import { heraldError, isHeraldError } from '@herald/protocol';

/**
 * The credential form as an object, or REQUEST_PARAM_INVALID: the credential API takes JSON objects only.
 * `wants` names the fields the vendor cannot do without, for the message (`appKey and masterSecret`).
 */
export function credentialForm(input: unknown, wants?: string): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw heraldError('REQUEST_PARAM_INVALID', `credential: must be a JSON object${wants === undefined ? '' : ` with ${wants}`}`);
  }
  return input as Record<string, unknown>;
}

/**
 * Runs a channel package's credential parser on a form and restates its CREDENTIAL_PARSE_FAILED as
 * REQUEST_PARAM_INVALID naming the field, without the vendor prefix some parsers put first. `renamed` maps a
 * parser's field to what the API calls it, for a value taken from elsewhere than the form (Mi Push's package
 * name is the app's `bundle_id`).
 */
export function parseCredentialForm<T>(parse: () => T, renamed: Readonly<Record<string, string>> = {}): T {
  try {
    return parse();
  } catch (err) {
    if (!isHeraldError(err, 'CREDENTIAL_PARSE_FAILED')) throw err;
    const named = /^(?:[a-z]+\.)?(\w+): (.*)$/s.exec(err.message);
    if (named === null) throw heraldError('REQUEST_PARAM_INVALID', `credential: ${err.message}`);
    const field = named[1]!;
    throw heraldError('REQUEST_PARAM_INVALID', `${Object.hasOwn(renamed, field) ? renamed[field] : field}: ${named[2]}`);
  }
}

/** The listed fields a credential has, in the order listed: what is sealed or shown of it. */
export function credentialFields<C extends object>(credential: C, keys: readonly (keyof C & string)[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of keys) if (credential[key] !== undefined) fields[key] = credential[key];
  return fields;
}
