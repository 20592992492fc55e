/**
 * Validates /v3/device/tag and /v3/device/tag/delete_all_device bodies (TPNS tag API,
 * tencentcloud.com/document/product/1024/33771). Where TPNS says "only the first token/tag will be set",
 * only the first is read.
 */
import {
  asObject,
  invalidField,
  missingField,
  optionalChoice,
  requiredList,
  stringEntry,
  type JsonObject,
} from './field-reader.ts';
import { MAX_TAG_API_LIST, MAX_TAG_LENGTH, MAX_TAG_TOKEN_PAIRS, TOKEN_LENGTH } from './limits.ts';

export type TagOperation =
  /** 1 add one tag to one token; 2 delete it. */
  | { operatorType: 1 | 2; token: string; tag: string }
  /** 3 add several tags to one token; 4 delete them; 6 overwrite the token's tags (by `category:` when all have one). */
  | { operatorType: 3 | 4 | 6; token: string; tags: string[] }
  /** 5 delete all tags of one token. */
  | { operatorType: 5; token: string }
  /** 7 add one tag to several tokens; 8 delete it from them. */
  | { operatorType: 7 | 8; tag: string; tokens: string[] }
  /** 9 batch add (tag, token) pairs; 10 batch delete them. */
  | { operatorType: 9 | 10; pairs: { tag: string; token: string }[] };

const OPERATOR_TYPES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

function list(body: JsonObject, key: 'token_list' | 'tag_list', firstOnly: boolean): string[] {
  const raw = requiredList(body, key, key, MAX_TAG_API_LIST);
  const used = firstOnly ? raw.slice(0, 1) : raw;
  const max = key === 'token_list' ? TOKEN_LENGTH : MAX_TAG_LENGTH;
  return [...new Set(used.map((v, i) => stringEntry(v, `${key}[${i}]`, max)))];
}

function first(values: string[]): string {
  return values[0] as string;
}

/** Validates a /v3/device/tag body into a typed operation per operator_type. */
export function normalizeTagOperation(body: unknown): TagOperation {
  const b = asObject(body, 'body');
  const operatorType = optionalChoice(b, 'operator_type', 'operator_type', OPERATOR_TYPES);
  if (operatorType === undefined) throw missingField('operator_type');
  switch (operatorType) {
    case 1:
    case 2:
      return { operatorType, token: first(list(b, 'token_list', true)), tag: first(list(b, 'tag_list', true)) };
    case 3:
    case 4:
    case 6:
      return { operatorType, token: first(list(b, 'token_list', true)), tags: list(b, 'tag_list', false) };
    case 5:
      return { operatorType, token: first(list(b, 'token_list', true)) };
    case 7:
    case 8:
      return { operatorType, tag: first(list(b, 'tag_list', true)), tokens: list(b, 'token_list', false) };
    case 9:
    case 10: {
      const raw = requiredList(b, 'tag_token_list', 'tag_token_list', MAX_TAG_TOKEN_PAIRS);
      return {
        operatorType,
        pairs: raw.map((p, i) => {
          const path = `tag_token_list[${i}]`;
          const pair = asObject(p, path);
          if (pair['tag'] === undefined) throw missingField(`${path}.tag`);
          if (pair['token'] === undefined) throw missingField(`${path}.token`);
          return {
            tag: stringEntry(pair['tag'], `${path}.tag`, MAX_TAG_LENGTH),
            token: stringEntry(pair['token'], `${path}.token`, TOKEN_LENGTH),
          };
        }),
      };
    }
  }
}

/** Validates a /v3/device/tag/delete_all_device body `{tag_list}`. */
export function normalizeTagDeleteAllDevice(body: unknown): { tags: string[] } {
  const b = asObject(body, 'body');
  if (b['tag_list'] !== undefined && !Array.isArray(b['tag_list'])) throw invalidField('tag_list', 'must be an array');
  return { tags: list(b, 'tag_list', false) };
}
