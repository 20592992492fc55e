import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeAccountOperation, normalizeAccountQuery } from '../../src/push/model/normalize-account-operation.ts';
import { normalizePushIdBody } from '../../src/push/model/normalize-push-id.ts';
import { normalizeTagDeleteAllDevice, normalizeTagOperation } from '../../src/push/model/normalize-tag-operation.ts';
import { assertHeraldError } from './helpers.ts';

const T1 = '1'.repeat(36);
const T2 = '2'.repeat(36);

test('tag operations 1–8: only the first token (1–6) or first tag (1, 2, 7, 8) is used', () => {
  assert.deepEqual(normalizeTagOperation({ operator_type: 1, tag_list: ['a', 'b'], token_list: [T1, T2] }), { operatorType: 1, token: T1, tag: 'a' });
  assert.deepEqual(normalizeTagOperation({ operator_type: 2, tag_list: ['a'], token_list: [T1] }), { operatorType: 2, token: T1, tag: 'a' });
  assert.deepEqual(normalizeTagOperation({ operator_type: 3, tag_list: ['a', 'b', 'a'], token_list: [T1, T2] }), { operatorType: 3, token: T1, tags: ['a', 'b'] });
  assert.deepEqual(normalizeTagOperation({ operator_type: 4, tag_list: ['a'], token_list: [T1] }), { operatorType: 4, token: T1, tags: ['a'] });
  // operator_type 5 ignores tag_list.
  assert.deepEqual(normalizeTagOperation({ operator_type: 5, tag_list: [42], token_list: [T1] }), { operatorType: 5, token: T1 });
  assert.deepEqual(normalizeTagOperation({ operator_type: 6, tag_list: ['level:3', 'test:2'], token_list: [T1] }), {
    operatorType: 6,
    token: T1,
    tags: ['level:3', 'test:2'],
  });
  assert.deepEqual(normalizeTagOperation({ operator_type: 7, tag_list: ['a', 'b'], token_list: [T1, T2] }), { operatorType: 7, tag: 'a', tokens: [T1, T2] });
  assert.deepEqual(normalizeTagOperation({ operator_type: 8, tag_list: ['a'], token_list: [T2] }), { operatorType: 8, tag: 'a', tokens: [T2] });
});

test('tag operations 9–10 take up to 20 pairs', () => {
  assert.deepEqual(normalizeTagOperation({ operator_type: 9, tag_token_list: [{ tag: 'a', token: T1 }] }), { operatorType: 9, pairs: [{ tag: 'a', token: T1 }] });
  const pairs = Array.from({ length: 21 }, () => ({ tag: 'a', token: T1 }));
  assertHeraldError(() => normalizeTagOperation({ operator_type: 10, tag_token_list: pairs }), 'REQUEST_PARAM_INVALID', 'tag_token_list');
  assertHeraldError(() => normalizeTagOperation({ operator_type: 10, tag_token_list: [{ tag: 'a' }] }), 'REQUEST_PARAM_MISSING', 'tag_token_list[0].token');
  assertHeraldError(() => normalizeTagOperation({ operator_type: 9, tag_token_list: [{ tag: 'x'.repeat(51), token: T1 }] }), 'REQUEST_PARAM_INVALID', 'tag_token_list[0].tag');
});

test('tag operation errors', () => {
  assertHeraldError(() => normalizeTagOperation({}), 'REQUEST_PARAM_MISSING', 'operator_type');
  assertHeraldError(() => normalizeTagOperation({ operator_type: 11 }), 'REQUEST_PARAM_INVALID', 'operator_type');
  assertHeraldError(() => normalizeTagOperation({ operator_type: 1, token_list: [T1] }), 'REQUEST_PARAM_MISSING', 'tag_list');
  assertHeraldError(() => normalizeTagOperation({ operator_type: 1, tag_list: ['a'], token_list: [`${T1}x`] }), 'REQUEST_PARAM_INVALID', 'token_list[0]');
  assertHeraldError(() => normalizeTagOperation({ operator_type: 3, tag_list: ['a', 'x'.repeat(51)], token_list: [T1] }), 'REQUEST_PARAM_INVALID', 'tag_list[1]');
  assertHeraldError(() => normalizeTagOperation({ operator_type: 7, tag_list: ['a'], token_list: Array(501).fill(T1) }), 'REQUEST_PARAM_INVALID', 'token_list');
  assert.deepEqual(normalizeTagDeleteAllDevice({ tag_list: ['a', 'b'] }), { tags: ['a', 'b'] });
  assertHeraldError(() => normalizeTagDeleteAllDevice({}), 'REQUEST_PARAM_MISSING', 'tag_list');
  assertHeraldError(() => normalizeTagDeleteAllDevice({ tag_list: 'a' }), 'REQUEST_PARAM_INVALID', 'tag_list');
});

test('account batchoperate', () => {
  const ta = [{ token: T1, account_list: [{ account: '926@126.com' }, { account: '1527000000', account_type: 1002 }] }];
  const want = [{ token: T1, accounts: [{ account: '926@126.com', accountType: 0 }, { account: '1527000000', accountType: 1002 }] }];
  // Type 1 was retired by TPNS and runs as 2.
  assert.deepEqual(normalizeAccountOperation({ operator_type: 1, token_accounts: ta }), { operatorType: 2, tokenAccounts: want });
  assert.deepEqual(normalizeAccountOperation({ operator_type: 3, token_accounts: ta }), { operatorType: 3, tokenAccounts: want });
  const withDefault = normalizeAccountOperation({ operator_type: 2, account_type: 5, token_accounts: ta });
  assert.ok(withDefault.operatorType === 2 && withDefault.tokenAccounts[0]?.accounts[0]?.accountType === 5);
  assert.deepEqual(normalizeAccountOperation({ operator_type: 4, token_list: [T1, T2] }), { operatorType: 4, tokens: [T1, T2] });
  assert.deepEqual(normalizeAccountOperation({ operator_type: 5, account_list: [{ account: 'u', account_type: 9 }] }), {
    operatorType: 5,
    accounts: [{ account: 'u', accountType: 9 }],
  });
  assertHeraldError(() => normalizeAccountOperation({ operator_type: 6 }), 'REQUEST_PARAM_INVALID', 'operator_type');
  assertHeraldError(() => normalizeAccountOperation({ operator_type: 2 }), 'REQUEST_PARAM_MISSING', 'token_accounts');
  assertHeraldError(() => normalizeAccountOperation({ operator_type: 2, token_accounts: Array(21).fill(ta[0]) }), 'REQUEST_PARAM_INVALID', 'token_accounts');
  assertHeraldError(() => normalizeAccountOperation({ operator_type: 2, token_accounts: [{ account_list: [] }] }), 'REQUEST_PARAM_MISSING', 'token_accounts[0].token');
  assertHeraldError(
    () => normalizeAccountOperation({ operator_type: 2, token_accounts: [{ token: T1, account_list: [{ account: 'u', account_type: 20 }] }] }),
    'REQUEST_PARAM_INVALID',
    'token_accounts[0].account_list[0].account_type',
  );
  assertHeraldError(
    () => normalizeAccountOperation({ operator_type: 5, account_list: [{ account: 'x'.repeat(101) }] }),
    'REQUEST_PARAM_INVALID',
    'account_list[0].account',
  );
  assertHeraldError(() => normalizeAccountOperation({ operator_type: 5, account_list: [{}] }), 'REQUEST_PARAM_MISSING', 'account_list[0].account');
  assertHeraldError(() => normalizeAccountOperation({ operator_type: 4, account_type: 999999, token_list: [T1] }), 'REQUEST_PARAM_INVALID', 'account_type');
});

test('account query', () => {
  assert.deepEqual(normalizeAccountQuery({ operator_type: 1, account_list: [{ account: 'a' }] }), { operatorType: 1, accounts: [{ account: 'a', accountType: 0 }] });
  assert.deepEqual(normalizeAccountQuery({ operator_type: 2, token_list: [T1] }), { operatorType: 2, tokens: [T1] });
  assertHeraldError(() => normalizeAccountQuery({ operator_type: 1 }), 'REQUEST_PARAM_MISSING', 'account_list');
  assertHeraldError(() => normalizeAccountQuery({ operator_type: 3 }), 'REQUEST_PARAM_INVALID', 'operator_type');
});

test('push id bodies accept pushId and pushid', () => {
  assert.deepEqual(normalizePushIdBody({ pushId: '123' }), { pushId: '123' });
  assert.deepEqual(normalizePushIdBody({ pushid: '123' }), { pushId: '123' });
  assert.deepEqual(normalizePushIdBody({ pushid: 123 }), { pushId: '123' });
  assertHeraldError(() => normalizePushIdBody({}), 'REQUEST_PARAM_MISSING', 'pushId');
  assertHeraldError(() => normalizePushIdBody({ pushId: '' }), 'REQUEST_PARAM_MISSING', 'pushId');
  assertHeraldError(() => normalizePushIdBody({ pushId: true }), 'REQUEST_PARAM_INVALID', 'pushId');
});
