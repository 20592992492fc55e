import assert from 'node:assert/strict';
import { test } from 'node:test';
import { autoTagValuesFromDevice, dayStamp, parseLocale } from '../../src/push/model/auto-tags.ts';
import {
  compileTagRules,
  normalizeLegacyTagList,
  normalizeTagRules,
  tagRulesTagNames,
  type AutoTagValues,
  type TagItem,
  type TagOperator,
  type TagRule,
  type TagSubject,
} from '../../src/push/model/tag-rules.ts';
import { assertHeraldError } from './helpers.ts';

const subject = (tags: string[], auto: AutoTagValues = {}): TagSubject => ({ tags: new Set(tags), auto });
const item = (tags: string[], o: Partial<TagItem> = {}): TagItem => ({
  tags,
  isNot: false,
  tagsOperator: 'OR',
  itemsOperator: 'AND',
  tagType: 'xg_user_define',
  ...o,
});
const rule = (tagItems: TagItem[], o: Partial<TagRule> = {}): TagRule => ({ tagItems, operator: 'AND', isNot: false, ...o });

test('TPNS sample 1: (province guangdong OR hunan) AND active 20200408 AND male, from the raw body', () => {
  const rules = normalizeTagRules([
    {
      tag_items: [
        { tags: ['guangdong', 'hunan'], is_not: false, tags_operator: 'OR', items_operator: 'OR', tag_type: 'xg_auto_province' },
        { tags: ['20200408'], is_not: false, tags_operator: 'OR', items_operator: 'AND', tag_type: 'xg_auto_active' },
        { tags: ['male'], is_not: false, tags_operator: 'OR', items_operator: 'AND', tag_type: 'xg_user_define' },
      ],
      operator: 'OR',
      is_not: false,
    },
  ]);
  const p = compileTagRules(rules);
  const hunan = { xg_auto_province: 'hunan', xg_auto_active: '20200408' };
  assert.equal(p(subject(['male'], hunan)), true);
  assert.equal(p(subject(['female'], hunan)), false);
  assert.equal(p(subject(['male'], { ...hunan, xg_auto_active: '20200409' })), false);
  assert.equal(p(subject(['male'], { xg_auto_active: '20200408' })), false, 'unknown province never matches');
  assert.deepEqual(tagRulesTagNames(rules), ['male']);
});

test('TPNS sample 2: active in 3 days AND NOT version 1.0.2 AND brand huawei (doc typo xg_auto_verison accepted)', () => {
  const rules = normalizeTagRules([
    {
      tag_items: [
        { tags: ['20200406', '20200407', '20200408'], is_not: false, tags_operator: 'OR', items_operator: 'OR', tag_type: 'xg_auto_active' },
        { tags: ['1.0.2'], is_not: true, tags_operator: 'OR', items_operator: 'AND', tag_type: 'xg_auto_verison' },
        { tags: ['huawei'], is_not: false, tags_operator: 'OR', items_operator: 'AND', tag_type: 'xg_auto_devicebrand' },
      ],
      operator: 'OR',
      is_not: false,
    },
  ]);
  assert.equal(rules[0]?.tagItems[1]?.tagType, 'xg_auto_version');
  const p = compileTagRules(rules);
  const dev = { xg_auto_active: '20200407', xg_auto_version: '1.0.3', xg_auto_devicebrand: 'HUAWEI' };
  assert.equal(p(subject([], dev)), true, 'brand compares case-insensitively');
  assert.equal(p(subject([], { ...dev, xg_auto_version: '1.0.2' })), false);
  assert.equal(p(subject([], { ...dev, xg_auto_active: '20200405' })), false);
  assert.deepEqual(tagRulesTagNames(rules), []);
});

test('precedence and negation table', () => {
  const cases: { name: string; rules: TagRule[]; tags: string[]; want: boolean }[] = [
    // a OR b AND c  ==  a OR (b AND c)
    { name: 'items: a | b & c, only a', rules: [rule([item(['a']), item(['b'], { itemsOperator: 'OR' }), item(['c'])])], tags: ['a'], want: true },
    { name: 'items: a | b & c, only b', rules: [rule([item(['a']), item(['b'], { itemsOperator: 'OR' }), item(['c'])])], tags: ['b'], want: false },
    { name: 'items: a | b & c, b c', rules: [rule([item(['a']), item(['b'], { itemsOperator: 'OR' }), item(['c'])])], tags: ['b', 'c'], want: true },
    // a AND b OR c  ==  (a AND b) OR c
    { name: 'items: a & b | c, only c', rules: [rule([item(['a']), item(['b']), item(['c'], { itemsOperator: 'OR' })])], tags: ['c'], want: true },
    { name: 'items: a & b | c, only a', rules: [rule([item(['a']), item(['b']), item(['c'], { itemsOperator: 'OR' })])], tags: ['a'], want: false },
    // The first element's operator is ignored.
    { name: 'first items_operator ignored', rules: [rule([item(['a'], { itemsOperator: 'OR' }), item(['b'])])], tags: ['a'], want: false },
    { name: 'first rule operator ignored', rules: [rule([item(['a'])], { operator: 'OR' }), rule([item(['b'])], { operator: 'AND' })], tags: ['a'], want: false },
    // Item negation applies to the tags' combined result.
    { name: 'NOT (a OR b), has b', rules: [rule([item(['a', 'b'], { isNot: true })])], tags: ['b'], want: false },
    { name: 'NOT (a OR b), has none', rules: [rule([item(['a', 'b'], { isNot: true })])], tags: ['z'], want: true },
    { name: 'NOT (a AND b), has a', rules: [rule([item(['a', 'b'], { isNot: true, tagsOperator: 'AND' })])], tags: ['a'], want: true },
    { name: 'NOT (a AND b), has a b', rules: [rule([item(['a', 'b'], { isNot: true, tagsOperator: 'AND' })])], tags: ['a', 'b'], want: false },
    // Rule negation applies to the items' combined result.
    { name: 'rule NOT (a | b), has a', rules: [rule([item(['a']), item(['b'], { itemsOperator: 'OR' })], { isNot: true })], tags: ['a'], want: false },
    { name: 'rule NOT (a & b), has a', rules: [rule([item(['a']), item(['b'])], { isNot: true })], tags: ['a'], want: true },
    // Rules: r1 OR r2 AND r3 == r1 OR (r2 AND r3)
    {
      name: 'rules: a | b & NOT c, has b c',
      rules: [rule([item(['a'])]), rule([item(['b'])], { operator: 'OR' }), rule([item(['c'])], { isNot: true })],
      tags: ['b', 'c'],
      want: false,
    },
    {
      name: 'rules: a | b & NOT c, has a c',
      rules: [rule([item(['a'])]), rule([item(['b'])], { operator: 'OR' }), rule([item(['c'])], { isNot: true })],
      tags: ['a', 'c'],
      want: true,
    },
    {
      name: 'rules: a & b | c & d, has c d',
      rules: [rule([item(['a'])]), rule([item(['b'])]), rule([item(['c'])], { operator: 'OR' }), rule([item(['d'])])],
      tags: ['c', 'd'],
      want: true,
    },
    {
      name: 'rules: a & b | c & d, has a d',
      rules: [rule([item(['a'])]), rule([item(['b'])]), rule([item(['c'])], { operator: 'OR' }), rule([item(['d'])])],
      tags: ['a', 'd'],
      want: false,
    },
  ];
  for (const c of cases) assert.equal(compileTagRules(c.rules)(subject(c.tags)), c.want, c.name);
});

test('legacy tag_list {tags, op}', () => {
  const and = normalizeLegacyTagList({ tags: ['a', 'b'], op: 'AND' });
  assert.equal(compileTagRules(and)(subject(['a'])), false);
  assert.equal(compileTagRules(and)(subject(['a', 'b'])), true);
  const or = normalizeLegacyTagList({ tags: ['a', 'b'], op: 'or' });
  assert.equal(or.op, 'OR');
  assert.equal(compileTagRules(or)(subject(['b'])), true);
  assert.deepEqual(tagRulesTagNames(or), ['a', 'b']);
  assert.deepEqual(normalizeLegacyTagList({ tags: ['a'] }), { tags: ['a'], op: 'OR' });
  assertHeraldError(() => normalizeLegacyTagList({ tags: ['a', 'b'] }), 'REQUEST_PARAM_MISSING', 'tag_list.op');
  assertHeraldError(() => normalizeLegacyTagList({ tags: Array.from({ length: 20 }, (_, i) => `tag-number-${i}-xxxxxxxxxx`), op: 'OR' }), 'REQUEST_PARAM_INVALID', 'tag_list');
});

test('tag_rules validation names the field', () => {
  const good = { tags: ['a'], is_not: false, tags_operator: 'OR', items_operator: 'AND', tag_type: 'xg_user_define' };
  assertHeraldError(() => normalizeTagRules(undefined), 'REQUEST_PARAM_MISSING', 'tag_rules');
  assertHeraldError(() => normalizeTagRules([]), 'REQUEST_PARAM_MISSING', 'tag_rules');
  assertHeraldError(() => normalizeTagRules({}), 'REQUEST_PARAM_INVALID', 'tag_rules');
  assertHeraldError(() => normalizeTagRules([{ operator: 'OR' }]), 'REQUEST_PARAM_MISSING', 'tag_rules[0].tag_items');
  assertHeraldError(() => normalizeTagRules([{ tag_items: [{ ...good, tags: ['x'.repeat(51)] }] }]), 'REQUEST_PARAM_INVALID', 'tag_rules[0].tag_items[0].tags[0]');
  assertHeraldError(() => normalizeTagRules([{ tag_items: [{ ...good, tags: [] }] }]), 'REQUEST_PARAM_MISSING', 'tag_rules[0].tag_items[0].tags');
  assertHeraldError(() => normalizeTagRules([{ tag_items: [{ ...good, tag_type: 'xg_auto_city' }] }]), 'REQUEST_PARAM_INVALID', 'tag_rules[0].tag_items[0].tag_type');
  assertHeraldError(() => normalizeTagRules([{ tag_items: [{ ...good, tag_type: undefined }] }]), 'REQUEST_PARAM_MISSING', 'tag_rules[0].tag_items[0].tag_type');
  assertHeraldError(() => normalizeTagRules([{ tag_items: [{ ...good, is_not: 'no' }] }]), 'REQUEST_PARAM_INVALID', 'tag_rules[0].tag_items[0].is_not');
  assertHeraldError(() => normalizeTagRules([{ tag_items: [{ ...good, tags_operator: 'XOR' }] }]), 'REQUEST_PARAM_INVALID', 'tag_rules[0].tag_items[0].tags_operator');
  // Operators are required where they change the meaning.
  assertHeraldError(() => normalizeTagRules([{ tag_items: [good, { ...good, items_operator: undefined }] }]), 'REQUEST_PARAM_MISSING', 'tag_rules[0].tag_items[1].items_operator');
  assertHeraldError(() => normalizeTagRules([{ tag_items: [{ ...good, tags: ['a', 'b'], tags_operator: undefined }] }]), 'REQUEST_PARAM_MISSING', 'tag_rules[0].tag_items[0].tags_operator');
  assertHeraldError(() => normalizeTagRules([{ tag_items: [good] }, { tag_items: [good] }]), 'REQUEST_PARAM_MISSING', 'tag_rules[1].operator');
  // ... and optional where TPNS calls them "invalid data".
  const [r] = normalizeTagRules([{ tag_items: [{ tags: ['a'], tag_type: 'xg_user_define' }] }]);
  assert.deepEqual(r, { operator: 'OR', isNot: false, tagItems: [{ tags: ['a'], isNot: false, tagsOperator: 'OR', itemsOperator: 'OR', tagType: 'xg_user_define' }] });
});

test('tagRulesTagNames lists custom tags once, skipping auto tags', () => {
  const rules = [
    rule([item(['a', 'b']), item(['1.0'], { tagType: 'xg_auto_version' })]),
    rule([item(['b', 'c'])], { operator: 'OR' }),
  ];
  assert.deepEqual(tagRulesTagNames(rules), ['a', 'b', 'c']);
});

test('auto tag values from a device', () => {
  assert.deepEqual(parseLocale('zh-Hans-CN'), { language: 'zh', region: 'CN' });
  assert.deepEqual(parseLocale('en_US'), { language: 'en', region: 'US' });
  assert.deepEqual(parseLocale('fr'), { language: 'fr' });
  assert.deepEqual(parseLocale(''), {});
  // 2020-04-07T16:30:00Z is 2020-04-08 00:30 at UTC+8.
  const at = Date.UTC(2020, 3, 7, 16, 30);
  assert.equal(dayStamp(at, 480), '20200408');
  assert.equal(dayStamp(at, 0), '20200407');
  const auto = autoTagValuesFromDevice(
    { app_version: '1.2.0', sdk_version: '0.3.1', locale: 'zh_CN', device_brand: 'HUAWEI', device_model: 'P40', last_active_at: at },
    480,
  );
  assert.deepEqual(auto, {
    xg_auto_version: '1.2.0',
    xg_auto_sdkversion: '0.3.1',
    xg_auto_devicebrand: 'HUAWEI',
    xg_auto_deviceversion: 'P40',
    xg_auto_active: '20200408',
    xg_auto_systemlanguage: 'zh',
    xg_auto_country: 'CN',
  });
  const p = compileTagRules([rule([item(['cn'], { tagType: 'xg_auto_country' }), item(['zh'], { tagType: 'xg_auto_systemlanguage' })])]);
  assert.equal(p(subject([], auto)), true);
});

// Property check: the compiled predicate agrees with a reference that writes the rules as a JavaScript boolean
// expression (where && binds more tightly than ||, as TPNS's AND does over OR) and evaluates it.
function referenceEval(rules: readonly TagRule[], s: TagSubject): boolean {
  const js = (op: TagOperator) => (op === 'AND' ? '&&' : '||');
  const has = (t: string) => (s.tags.has(t) ? 'true' : 'false');
  const itemExpr = (it: TagItem) => `(${it.isNot ? '!' : ''}(${it.tags.map(has).join(` ${js(it.tagsOperator)} `)}))`;
  const ruleExpr = (r: TagRule) =>
    `(${r.isNot ? '!' : ''}(${r.tagItems.map((it, i) => (i === 0 ? '' : ` ${js(it.itemsOperator)} `) + itemExpr(it)).join('')}))`;
  const expr = rules.map((r, i) => (i === 0 ? '' : ` ${js(r.operator)} `) + ruleExpr(r)).join('');
  return new Function(`return ${expr};`)() as boolean;
}

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

test('property: compiled predicate equals the reference evaluator on random rules', () => {
  const rand = rng(20240601);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const universe = ['a', 'b', 'c', 'd', 'e'];
  const ops: TagOperator[] = ['AND', 'OR'];
  for (let n = 0; n < 2000; n++) {
    const rules: TagRule[] = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => ({
      operator: pick(ops),
      isNot: rand() < 0.3,
      tagItems: Array.from({ length: 1 + Math.floor(rand() * 4) }, () => ({
        tags: Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(universe)),
        isNot: rand() < 0.3,
        tagsOperator: pick(ops),
        itemsOperator: pick(ops),
        tagType: 'xg_user_define' as const,
      })),
    }));
    const s = subject(universe.filter(() => rand() < 0.5));
    assert.equal(compileTagRules(rules)(s), referenceEval(rules, s), JSON.stringify({ rules, tags: [...s.tags] }));
  }
});
