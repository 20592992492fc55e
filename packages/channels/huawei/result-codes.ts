/**
 * Huawei Push Kit result codes and what the channel does with each, kept as data. Source for every entry:
 * Huawei, "下行消息" (send API reference, https-send-api-0000001050986197), business error-code table, read in a
 * verbatim copy (vendor-push-protocols.md §3.3); HTTP statuses from the same page's HTTP table. Honor reuses
 * this table for the codes it shares with Huawei (see ../honor/honor-result-codes.ts).
 */

export type ResultAction =
  /** Every token was sent; a partial success lists the failed tokens separately. */
  | 'delivered'
  | 'partial'
  /** Every token of the request is dead: unbind them all. */
  | 'reject-all'
  /** The access token was refused: fetch a new one and resend once. */
  | 'refresh-token'
  /** Too many tokens for the vendor's current limit: resend in halves. */
  | 'split'
  /** The vendor's trouble (overload, internal error): retry later, honouring Retry-After. */
  | 'retry'
  /** Will not succeed as sent; the notification must change. */
  | 'fail'
  /** Credential, entitlement or configuration problem that fails every push of the app: trip the breaker. */
  | 'fail-channel';

export interface ResultCodeEntry {
  name: string;
  action: ResultAction;
  /** Retry delay before exponential growth when the vendor sends no Retry-After (only for `retry`). */
  baseDelayMs?: number;
}

export const HUAWEI_RESULT_CODES: Readonly<Record<string, ResultCodeEntry>> = {
  '80000000': { name: 'Success', action: 'delivered' },
  // msg is a JSON string {"success":n,"failure":m,"illegal_tokens":[…]}: only the listed tokens failed.
  '80100000': { name: 'PartialSuccess', action: 'partial' },
  // "Some request parameters are invalid", e.g. "UnSupported svc".
  '80100001': { name: 'InvalidParameter', action: 'fail' },
  '80100003': { name: 'InvalidMessageStructure', action: 'fail' },
  // The message's expiry is earlier than now.
  '80100004': { name: 'TtlExpired', action: 'fail' },
  '80100013': { name: 'InvalidCollapseKey', action: 'fail' },
  '80100016': { name: 'SensitiveContent', action: 'fail' },
  // More than 100 topic tasks at once: "send the topic message later".
  '80100017': { name: 'TooManyTopicTasks', action: 'retry', baseDelayMs: 60_000 },
  '80100018': { name: 'ReviewSignatureMismatch', action: 'fail' },
  // Missing or unreadable token, or a token of another app's client ID: a refresh fixes the first, not the second.
  '80200001': { name: 'OAuthAuthenticationError', action: 'refresh-token' },
  '80200003': { name: 'OAuthTokenExpired', action: 'refresh-token' },
  // Service-account JWT expired (Herald uses client credentials, but a fresh token cures it as well).
  '80200005': { name: 'JwtExpired', action: 'refresh-token' },
  // Push not enabled, wrong region entitlement, or tokens of another app: configuration.
  '80300002': { name: 'NoPushPermission', action: 'fail-channel' },
  // "All tokens are invalid": delete them.
  '80300007': { name: 'AllTokensInvalid', action: 'reject-all' },
  // Body over 4096 bytes, tokens excluded.
  '80300008': { name: 'PayloadTooLarge', action: 'fail' },
  // More tokens than the vendor's configured maximum: "send in batches".
  '80300010': { name: 'TooManyTokens', action: 'split' },
  // High-level (urgent) notifications need an entitlement: only such pushes fail.
  '80300011': { name: 'NoHighLevelPermission', action: 'fail' },
  // The receipt address configured for the app is wrong or its certificate expired.
  '80300013': { name: 'InvalidReceiptUrl', action: 'fail-channel' },
  // "Check the OAuth 2.0 client ID and secret."
  '80600003': { name: 'OAuthServiceFailed', action: 'fail-channel' },
  '81000001': { name: 'InternalError', action: 'retry', baseDelayMs: 1_000 },
};

/** For codes the table lacks (or no body at all): the HTTP status class decides. */
export function statusFallback(status: number): ResultCodeEntry {
  // 401: "Authorization header wrong: refresh the token, retry once".
  if (status === 401) return { name: `HTTP${status}`, action: 'refresh-token' };
  // 503 is Huawei's flow control; 429, 500 and 502 are transient too.
  if (status === 429 || status >= 500) return { name: `HTTP${status}`, action: 'retry', baseDelayMs: 1_000 };
  // 403 and 404 (wrong URI: the app ID in the path) are configuration.
  if (status === 403 || status === 404) return { name: `HTTP${status}`, action: 'fail-channel' };
  return { name: `HTTP${status}`, action: 'fail' };
}

/** The entry for a reply's code in `table`, or the status fallback, with the reason label outcomes carry. */
export function resultEntry(table: Readonly<Record<string, ResultCodeEntry>>, code: string | undefined, status: number): { entry: ResultCodeEntry; reason: string } {
  const known = code === undefined ? undefined : table[code];
  if (known !== undefined) return { entry: known, reason: `${known.name}:${code}` };
  const fallback = statusFallback(status);
  return { entry: fallback, reason: code === undefined ? fallback.name : `UnknownCode:${code}` };
}
