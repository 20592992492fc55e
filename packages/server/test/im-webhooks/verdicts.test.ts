/** Reading a before-send answer and building the webhook URL, as pure functions. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readBeforeSendAnswer } from '../../src/im/webhooks/before-send-verdict.ts';
import { webhookUrl } from '../../src/im/webhooks/webhook-transport.ts';

describe('readBeforeSendAnswer', () => {
  it('reads 0, 1, 2 and the custom range', () => {
    assert.deepEqual(readBeforeSendAnswer({ ActionStatus: 'OK', ErrorCode: 0 }, 20006), { kind: 'allow' });
    assert.deepEqual(readBeforeSendAnswer({ ErrorCode: 1, ErrorInfo: 'no' }, 20006), { kind: 'reject', imCode: 20006, message: 'no' });
    assert.deepEqual(readBeforeSendAnswer({ ErrorCode: 1, ErrorInfo: ' ' }, 10016), { kind: 'reject', imCode: 10016, message: "The app's before-send webhook refused the message" });
    assert.deepEqual(readBeforeSendAnswer({ ErrorCode: 2 }, 20006), { kind: 'drop' });
    assert.equal((readBeforeSendAnswer({ ErrorCode: 120_001 }, 20006) as { imCode: number }).imCode, 120_001);
    assert.equal((readBeforeSendAnswer({ ErrorCode: 130_000 }, 20006) as { imCode: number }).imCode, 130_000);
  });

  it('calls anything else no verdict', () => {
    for (const answer of [{}, { ErrorCode: '0' }, { ErrorCode: 3 }, { ErrorCode: 120_000 }, { ErrorCode: 130_001 }, { ErrorCode: 0.5 }, { ErrorCode: -1 }]) {
      assert.equal(readBeforeSendAnswer(answer, 20006).kind, 'invalid', JSON.stringify(answer));
    }
  });

  it('keeps a valid replacement and ignores an invalid one', () => {
    const body = [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'x' } }];
    assert.deepEqual(readBeforeSendAnswer({ ErrorCode: 0, MsgBody: body, CloudCustomData: 'c' }, 20006), { kind: 'allow', msgBody: body, cloudCustomData: 'c' });
    assert.deepEqual(readBeforeSendAnswer({ ErrorCode: 0, CloudCustomData: 'only' }, 20006), { kind: 'allow', cloudCustomData: 'only' });
    for (const bad of [{ MsgBody: [] }, { MsgBody: 'x' }, { MsgBody: [{ MsgType: 'TIMNopeElem', MsgContent: {} }] }, { CloudCustomData: 1 }, { MsgBody: body, CloudCustomData: 'x'.repeat(13 * 1024) }]) {
      const reading = readBeforeSendAnswer({ ErrorCode: 0, ...bad }, 20006);
      assert.equal(reading.kind, 'allow');
      assert.ok(reading.kind === 'allow' && reading.msgBody === undefined && reading.cloudCustomData === undefined && typeof reading.ignored === 'string', JSON.stringify(bad));
    }
  });
});

describe('webhookUrl', () => {
  it("appends Tencent's query to the app's URL and signs only with a token", () => {
    const request = { sdkAppId: 1_400_000_001, command: 'C2C.CallbackAfterSendMsg', body: {}, optPlatform: 'Android', clientIp: '10.0.0.1' };
    const signed = new URL(webhookUrl({ url: 'https://hooks.example/im?tenant=7', token: 'tok', commands: new Set(), deliverOnTimeout: true }, request, 1_700_000_000));
    assert.equal(signed.searchParams.get('tenant'), '7');
    assert.equal(signed.searchParams.get('SdkAppid'), '1400000001');
    assert.equal(signed.searchParams.get('CallbackCommand'), 'C2C.CallbackAfterSendMsg');
    assert.equal(signed.searchParams.get('contenttype'), 'json');
    assert.equal(signed.searchParams.get('ClientIP'), '10.0.0.1');
    assert.equal(signed.searchParams.get('OptPlatform'), 'Android');
    assert.equal(signed.searchParams.get('RequestTime'), '1700000000');
    assert.equal(signed.searchParams.get('Sign'), createHash('sha256').update('tok1700000000').digest('hex'));
    const unsigned = new URL(webhookUrl({ url: 'http://hooks.example/im', token: undefined, commands: new Set(), deliverOnTimeout: true }, request, 1_700_000_000));
    assert.equal(unsigned.searchParams.has('Sign'), false);
    assert.equal(unsigned.searchParams.has('RequestTime'), false);
  });
});
