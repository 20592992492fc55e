import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tpnsSign, verifyTpnsSign } from '../../src/push/model/tpns-sign.ts';

// The worked example of TPNS's signature doc (tencentcloud.com/document/product/1024/34213). The documented hex
// and Sign were computed over the body of the doc's Java sample, which carries `"platform": "android",`; the body
// printed in the HTTP example (without it) hashes to something else.
const SECRET = '1452fcebae9f3115ba794fb0fff2fd73';
const TIMESTAMP = '1565314789';
const ACCESS_ID = '1500001048';
const BODY =
  '{"audience_type": "account","platform": "android","message": {"title": "test title","content": "test content","android": { "action": {"action_type": 3,"intent": "xgscheme://com.xg.push/notify_detail?param1=xg"}}},"message_type": "notify","account_list": ["5822f0eee44c3625ef0000bb"] }';
const SIGN = 'Y2QyMDc3NDY4MmJmNzhiZmRiNDNlMTdkMWQ1ZDU2YjNlNWI3ODlhMTY3MGZjMTUyN2VmNTRjNjVkMmQ3Yjc2ZA==';

test('tpnsSign reproduces the documented test vector', () => {
  assert.equal(tpnsSign(SECRET, TIMESTAMP, ACCESS_ID, BODY), SIGN);
  assert.equal(Buffer.from(SIGN, 'base64').toString('utf8'), 'cd20774682bf78bfdb43e17d1d5d56b3e5b789a1670fc1527ef54c65d2d7b76d');
});

test('tpnsSign takes the body as bytes or string, and numeric timestamp and AccessId', () => {
  assert.equal(tpnsSign(SECRET, 1565314789, 1500001048, Buffer.from(BODY, 'utf8')), SIGN);
});

test('the signature covers every byte of the body', () => {
  assert.notEqual(tpnsSign(SECRET, TIMESTAMP, ACCESS_ID, BODY.replace('"platform": "android",', '')), SIGN);
  assert.notEqual(tpnsSign(SECRET, TIMESTAMP, ACCESS_ID, `${BODY} `), SIGN);
});

test('verifyTpnsSign accepts the right Sign and rejects others', () => {
  assert.equal(verifyTpnsSign(SECRET, TIMESTAMP, ACCESS_ID, BODY, SIGN), true);
  assert.equal(verifyTpnsSign(SECRET, '1565314790', ACCESS_ID, BODY, SIGN), false);
  assert.equal(verifyTpnsSign('other', TIMESTAMP, ACCESS_ID, BODY, SIGN), false);
  assert.equal(verifyTpnsSign(SECRET, TIMESTAMP, ACCESS_ID, BODY, SIGN.slice(0, -2)), false);
  assert.equal(verifyTpnsSign(SECRET, TIMESTAMP, ACCESS_ID, BODY, ''), false);
});
