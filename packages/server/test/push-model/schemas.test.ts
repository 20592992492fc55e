import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Compile } from 'typebox/compile';
import * as schemas from '../../src/push/model/schemas.ts';

test('the documented TPNS sample bodies fit the schemas, with unknown fields allowed', () => {
  const cases: [unknown, unknown][] = [
    [
      schemas.PushAppBody,
      {
        audience_type: 'token',
        environment: 'dev',
        token_list: ['05da87c0ae********fa9e08d884aada5bb2'],
        message_type: 'notify',
        message: { title: 't', content: 'c', ios: { aps: { alert: { subtitle: 's' }, badge_type: -2, sound: 'Tassel.wav' }, custom_content: '{"key":"value"}' } },
        platform: 'ios',
      },
    ],
    [schemas.StopPushMsgBody, { pushid: '123' }],
    [schemas.StopPushMsgBody, { pushId: '123' }],
    [schemas.CancelTimingTaskBody, { pushId: '123' }],
    [schemas.AddPlanPushBody, { planName: 'p', planDescribe: 'd' }],
    [schemas.AccountBatchOperateBody, { operator_type: 5, account_list: [{ account: 'a', account_type: 9 }] }],
    [schemas.AccountQueryBody, { operator_type: 2, token_list: ['t'] }],
    [schemas.DeviceTagBody, { operator_type: 9, tag_token_list: [{ tag: 'a', token: 't' }] }],
    [schemas.TagDeleteAllDeviceBody, { tag_list: ['a'] }],
    [schemas.GetPushRecordBody, { startDate: '2024-01-01', endDate: '2024-01-02', limit: 200 }],
    [schemas.GetPushTaskStatChannelBody, { pushId: '1' }],
    [schemas.GetPushGroupStatChannelBody, { planId: 'p', startDate: '20240101', endDate: '20240107' }],
    [schemas.GetPushChannelStatOverviewBody, { startDate: '2024-01-01', endDate: '2024-01-02' }],
  ];
  for (const [schema, body] of cases) {
    assert.equal(Compile(schema as typeof schemas.PushAppBody).Check(body), true, JSON.stringify(body));
  }
});

test('schemas reject wrong shapes', () => {
  assert.equal(Compile(schemas.PushAppBody).Check({ audience_type: 'everyone', message_type: 'notify', message: {} }), false);
  assert.equal(Compile(schemas.DeviceTagBody).Check({ operator_type: 11 }), false);
  assert.equal(Compile(schemas.GetPushRecordBody).Check({ limit: 201 }), false);
});
