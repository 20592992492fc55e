/**
 * TPNS tag audiences: validation of `tag_rules` / legacy `tag_list` and compilation into a device predicate.
 *
 * Semantics, from the TPNS push API doc (tencentcloud.com/document/product/1024/33764, "tag_rules parameter
 * description" and the two tag-push samples):
 * - a tag item is `tags` combined with `tags_operator`, then negated when its `is_not` is true;
 * - `items_operator` of item i joins it to item i-1 ("the items_operator of the first tag_items element is invalid");
 * - a rule is its items' result, negated when the rule's `is_not` is true;
 * - `operator` of rule i joins it to rule i-1 (the first rule's operator is ignored);
 * - "For different rules, AND takes precedence over OR": a chain `a OR b AND c` means `a OR (b AND c)`.
 *   Sample 1 reads items [province(OR ignored), active(AND), male(AND)] as `province AND active AND male`.
 * The doc's sample 2 spells a tag_type `xg_auto_verison`; it is accepted as `xg_auto_version`.
 */
import {
  asObject,
  invalidField,
  missingField,
  optionalBoolean,
  optionalString,
  requiredList,
  stringEntry,
} from './field-reader.ts';
import { MAX_LEGACY_TAG_LIST_CHARS, MAX_TAG_LENGTH } from './limits.ts';

export type TagOperator = 'AND' | 'OR';

/** Tag types derived from device fields rather than bound through the tag API. */
export type AutoTagType =
  | 'xg_auto_version'
  | 'xg_auto_province'
  | 'xg_auto_active'
  | 'xg_auto_sdkversion'
  | 'xg_auto_systemlanguage'
  | 'xg_auto_devicebrand'
  | 'xg_auto_deviceversion'
  | 'xg_auto_country';

export type TagType = 'xg_user_define' | AutoTagType;

export interface TagItem {
  tags: string[];
  isNot: boolean;
  tagsOperator: TagOperator;
  /** Joins this item to the previous one; meaningless on the first item. */
  itemsOperator: TagOperator;
  tagType: TagType;
}

export interface TagRule {
  tagItems: TagItem[];
  /** Joins this rule to the previous one; meaningless on the first rule. */
  operator: TagOperator;
  isNot: boolean;
}

/** The legacy `tag_list` push field (no longer updated by TPNS): custom tags joined by one operator. */
export interface LegacyTagList {
  tags: string[];
  op: TagOperator;
}

/** Auto-tag values of one device, keyed by tag type; an absent value never matches. */
export type AutoTagValues = Readonly<Partial<Record<AutoTagType, string>>>;

/** What a predicate looks at: the device's custom tags and its auto-tag values. */
export interface TagSubject {
  tags: ReadonlySet<string>;
  auto: AutoTagValues;
}

export type TagPredicate = (device: TagSubject) => boolean;

const TAG_TYPES: ReadonlySet<string> = new Set<TagType>([
  'xg_user_define',
  'xg_auto_version',
  'xg_auto_province',
  'xg_auto_active',
  'xg_auto_sdkversion',
  'xg_auto_systemlanguage',
  'xg_auto_devicebrand',
  'xg_auto_deviceversion',
  'xg_auto_country',
]);
const TAG_TYPE_ALIASES: Readonly<Record<string, TagType>> = { xg_auto_verison: 'xg_auto_version' };

function readOperator(value: unknown, path: string): TagOperator {
  if (typeof value !== 'string') throw invalidField(path, 'must be "AND" or "OR"');
  const op = value.toUpperCase();
  if (op !== 'AND' && op !== 'OR') throw invalidField(path, 'must be "AND" or "OR"');
  return op;
}

/** An operator that only matters in some positions: required there, defaulted (and still type-checked) elsewhere. */
function positionalOperator(value: unknown, path: string, matters: boolean): TagOperator {
  if (value === undefined || value === null) {
    if (matters) throw missingField(path);
    return 'OR';
  }
  return readOperator(value, path);
}

function readTagType(value: unknown, path: string): TagType {
  if (value === undefined || value === null) throw missingField(path);
  if (typeof value !== 'string') throw invalidField(path, 'must be a string');
  const t = TAG_TYPE_ALIASES[value] ?? value;
  if (!TAG_TYPES.has(t)) throw invalidField(path, `unknown tag_type "${value}"`);
  return t as TagType;
}

function normalizeItem(raw: unknown, path: string, first: boolean): TagItem {
  const item = asObject(raw, path);
  const tags = requiredList(item, 'tags', `${path}.tags`, Number.MAX_SAFE_INTEGER).map((t, i) =>
    stringEntry(t, `${path}.tags[${i}]`, MAX_TAG_LENGTH),
  );
  return {
    tags,
    isNot: optionalBoolean(item, 'is_not', `${path}.is_not`) ?? false,
    tagsOperator: positionalOperator(item['tags_operator'], `${path}.tags_operator`, tags.length > 1),
    itemsOperator: positionalOperator(item['items_operator'], `${path}.items_operator`, !first),
    tagType: readTagType(item['tag_type'], `${path}.tag_type`),
  };
}

/** Validates a `tag_rules` array into typed rules; throws REQUEST_PARAM_MISSING / REQUEST_PARAM_INVALID naming the field. */
export function normalizeTagRules(raw: unknown, path = 'tag_rules'): TagRule[] {
  if (raw === undefined || raw === null) throw missingField(path);
  if (!Array.isArray(raw)) throw invalidField(path, 'must be an array');
  if (raw.length === 0) throw missingField(path, 'must not be empty');
  return raw.map((r, i) => {
    const rp = `${path}[${i}]`;
    const rule = asObject(r, rp);
    const items = requiredList(rule, 'tag_items', `${rp}.tag_items`, Number.MAX_SAFE_INTEGER);
    return {
      tagItems: items.map((it, j) => normalizeItem(it, `${rp}.tag_items[${j}]`, j === 0)),
      operator: positionalOperator(rule['operator'], `${rp}.operator`, i > 0),
      isNot: optionalBoolean(rule, 'is_not', `${rp}.is_not`) ?? false,
    };
  });
}

/** Validates the legacy `tag_list` push field `{tags, op}` (at most 512 characters of tags). */
export function normalizeLegacyTagList(raw: unknown, path = 'tag_list'): LegacyTagList {
  const obj = asObject(raw, path);
  const tags = requiredList(obj, 'tags', `${path}.tags`, Number.MAX_SAFE_INTEGER).map((t, i) =>
    stringEntry(t, `${path}.tags[${i}]`, MAX_TAG_LENGTH),
  );
  if (JSON.stringify(tags).length > MAX_LEGACY_TAG_LIST_CHARS) {
    throw invalidField(path, `longer than ${MAX_LEGACY_TAG_LIST_CHARS} characters`);
  }
  const op = optionalString(obj, 'op', `${path}.op`);
  return { tags, op: op === undefined ? positionalOperator(undefined, `${path}.op`, tags.length > 1) : readOperator(op, `${path}.op`) };
}

/** The legacy form as one rule of custom tags, so the rest of Herald handles a single shape. */
export function legacyTagListToRules(list: LegacyTagList): TagRule[] {
  return [
    {
      operator: 'OR',
      isNot: false,
      tagItems: [{ tags: [...list.tags], isNot: false, tagsOperator: list.op, itemsOperator: 'OR', tagType: 'xg_user_define' }],
    },
  ];
}

function isLegacy(rules: readonly TagRule[] | LegacyTagList): rules is LegacyTagList {
  return !Array.isArray(rules);
}

/** Folds `[v0, (op1, v1), (op2, v2) …]` with AND binding more tightly than OR. */
function foldAndOverOr<T>(parts: readonly T[], opOf: (p: T) => TagOperator, evalPart: (p: T) => boolean): boolean {
  let any = false;
  let chain = true;
  parts.forEach((p, i) => {
    if (i > 0 && opOf(p) === 'OR') {
      any ||= chain;
      chain = true;
    }
    chain &&= evalPart(p);
  });
  return any || chain;
}

function matchesOne(device: TagSubject, type: TagType, tag: string): boolean {
  if (type === 'xg_user_define') return device.tags.has(tag);
  const value = device.auto[type];
  // Auto values come from devices (brand "HUAWEI", locale "zh"), tags from people ("huawei"): compare loosely.
  return value !== undefined && value !== '' && value.toLowerCase() === tag.toLowerCase();
}

function evalItem(device: TagSubject, item: TagItem): boolean {
  const hit =
    item.tagsOperator === 'AND'
      ? item.tags.every((t) => matchesOne(device, item.tagType, t))
      : item.tags.some((t) => matchesOne(device, item.tagType, t));
  return hit !== item.isNot;
}

/** Compiles validated rules (or a legacy tag_list) into a predicate over one device. */
export function compileTagRules(rules: readonly TagRule[] | LegacyTagList): TagPredicate {
  const list = isLegacy(rules) ? legacyTagListToRules(rules) : rules;
  return (device) =>
    foldAndOverOr(
      list,
      (r) => r.operator,
      (r) => foldAndOverOr(r.tagItems, (it) => it.itemsOperator, (it) => evalItem(device, it)) !== r.isNot,
    );
}

/** The distinct custom (xg_user_define) tags the rules reference, so a resolver can prefetch their tokens. */
export function tagRulesTagNames(rules: readonly TagRule[] | LegacyTagList): string[] {
  const list = isLegacy(rules) ? legacyTagListToRules(rules) : rules;
  const names = new Set<string>();
  for (const r of list) for (const it of r.tagItems) if (it.tagType === 'xg_user_define') for (const t of it.tags) names.add(t);
  return [...names];
}
