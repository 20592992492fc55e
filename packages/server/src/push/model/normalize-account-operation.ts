/**
 * Validates /v3/device/account/batchoperate and /v3/device/account/query bodies (TPNS account API,
 * tencentcloud.com/document/product/1024/33772 and …/40598 for account types).
 */
import {
  asObject,
  invalidField,
  missingField,
  optionalChoice,
  optionalInteger,
  requiredList,
  stringEntry,
  type JsonObject,
} from './field-reader.ts';
import {
  isValidAccountType,
  MAX_ACCOUNT_BATCH_TOKENS,
  MAX_ACCOUNT_LENGTH,
  MAX_PUSH_TARGETS,
  MAX_TOKENS_PER_ACCOUNT,
  MIN_ACCOUNT_LENGTH_API,
  TOKEN_LENGTH,
} from './limits.ts';

export interface AccountRef {
  account: string;
  accountType: number;
}

export type AccountOperation =
  /**
   * 2 overwrite the token's accounts; 3 unbind the given accounts from the token. TPNS retired 1 (append) on
   * 2020-10-26 and runs it as 2, so 1 arrives here as 2.
   */
  | { operatorType: 2 | 3; tokenAccounts: { token: string; accounts: AccountRef[] }[] }
  /** 4 unbind each token from all its accounts. */
  | { operatorType: 4; tokens: string[] }
  /** 5 unbind each account from all its tokens. */
  | { operatorType: 5; accounts: AccountRef[] };

export type AccountQuery =
  /** 1 accounts → tokens. */
  | { operatorType: 1; accounts: AccountRef[] }
  /** 2 tokens → accounts. */
  | { operatorType: 2; tokens: string[] };

function accountType(obj: JsonObject, path: string, fallback: number): number {
  const t = optionalInteger(obj, 'account_type', path) ?? fallback;
  if (!isValidAccountType(t)) throw invalidField(path, 'must be 0–16 or 991–1015');
  return t;
}

function accountRefs(obj: JsonObject, path: string, max: number, defaultType: number): AccountRef[] {
  return requiredList(obj, 'account_list', path, max).map((a, i) => {
    const p = `${path}[${i}]`;
    const ref = asObject(a, p);
    if (ref['account'] === undefined || ref['account'] === null) throw missingField(`${p}.account`);
    return {
      account: stringEntry(ref['account'], `${p}.account`, MAX_ACCOUNT_LENGTH, MIN_ACCOUNT_LENGTH_API),
      accountType: accountType(ref, `${p}.account_type`, defaultType),
    };
  });
}

function tokenList(obj: JsonObject, max: number): string[] {
  return [...new Set(requiredList(obj, 'token_list', 'token_list', max).map((t, i) => stringEntry(t, `token_list[${i}]`, TOKEN_LENGTH)))];
}

/** Validates a /v3/device/account/batchoperate body into a typed operation per operator_type. */
export function normalizeAccountOperation(body: unknown): AccountOperation {
  const b = asObject(body, 'body');
  const op = optionalChoice(b, 'operator_type', 'operator_type', [1, 2, 3, 4, 5] as const);
  if (op === undefined) throw missingField('operator_type');
  const defaultType = accountType(b, 'account_type', 0);
  switch (op) {
    case 1:
    case 2:
    case 3: {
      const raw = requiredList(b, 'token_accounts', 'token_accounts', MAX_ACCOUNT_BATCH_TOKENS);
      return {
        operatorType: op === 3 ? 3 : 2,
        tokenAccounts: raw.map((ta, i) => {
          const p = `token_accounts[${i}]`;
          const entry = asObject(ta, p);
          if (entry['token'] === undefined || entry['token'] === null) throw missingField(`${p}.token`);
          return {
            token: stringEntry(entry['token'], `${p}.token`, TOKEN_LENGTH),
            accounts: accountRefs(entry, `${p}.account_list`, MAX_TOKENS_PER_ACCOUNT, defaultType),
          };
        }),
      };
    }
    case 4:
      return { operatorType: 4, tokens: tokenList(b, MAX_PUSH_TARGETS) };
    case 5:
      return { operatorType: 5, accounts: accountRefs(b, 'account_list', MAX_PUSH_TARGETS, defaultType) };
  }
}

/** Validates a /v3/device/account/query body. */
export function normalizeAccountQuery(body: unknown): AccountQuery {
  const b = asObject(body, 'body');
  const op = optionalChoice(b, 'operator_type', 'operator_type', [1, 2] as const);
  if (op === undefined) throw missingField('operator_type');
  const defaultType = accountType(b, 'account_type', 0);
  return op === 1
    ? { operatorType: 1, accounts: accountRefs(b, 'account_list', MAX_PUSH_TARGETS, defaultType) }
    : { operatorType: 2, tokens: tokenList(b, MAX_PUSH_TARGETS) };
}
