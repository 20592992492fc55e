/**
 * What every route must answer to bad input. One entry per `METHOD /path` the server registers; the test fails
 * when a route exists without an entry here (or an entry names a route that no longer exists).
 *
 * Each entry says which error family and auth the route has, what kind of body it takes (so the generic
 * malformed / empty / oversize / wrong-type cases can be generated), a request that would succeed for app A
 * (sent only with broken auth), and the route's own bad requests: wrong types, missing fields and app B's
 * resources reached with app A's credentials. On `/v4` "app A's credentials" are the query of app A's IM admin
 * (`sdkappid`, `identifier`, `usersig`, `random`, `contenttype=json`) and app B is IM app B.
 */
import { UPLOAD_LIMIT, imQuery, imSig, nowSeconds, signHeaders } from './edge-world.ts';
import {
  assert, batchAllInvalid, file, ids, imAdminAuth, imOkWithoutLeak, okWithoutLeak, push, register, same, today,
  type RouteSpec,
} from './route-spec.ts';
import { imGroupRoutes } from './routes-im-groups.ts';
import { imGroupMessageRoutes } from './routes-im-group-messages.ts';
import { imRecallRoutes } from './routes-im-recall.ts';
import { imWebhookRoutes } from './routes-im-webhooks.ts';
import { imOfflinePushConfigRoutes } from './routes-im-offline-push-config.ts';
import { imOfflinePushCheckRoutes } from './routes-im-offline-push-check.ts';
import { pushAuthorizationRoutes } from './routes-push-authorization.ts';
import { consoleRoutes } from './routes-console.ts';
import { consolePushRoutes } from './routes-console-push.ts';
import { consoleLookupRoutes } from './routes-console-lookups.ts';
import { sandboxRouteSpecs } from './routes-sandbox.ts';

export { IM_BODY_LIMIT, type AuthKind, type BodyKind, type RouteCase, type RouteSpec, type ValidRequest } from './route-spec.ts';

const coreRoutes: Record<string, RouteSpec> = {
  // ---- TPNS /v3 --------------------------------------------------------------------------------------------
  'POST /v3/device/account/batchoperate': {
    family: 'tpns-snake', auth: 'tpns', body: 'json',
    valid: (w) => ({ path: '/v3/device/account/batchoperate', body: { operator_type: 2, token_accounts: [{ token: w.devA.token, account_list: [{ account: 'alice' }] }] } }),
    cases: (w) => [
      { name: 'operator_type missing', body: { token_accounts: [] }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'operator_type as string', body: { operator_type: '2', token_accounts: [{ token: w.devA.token, account_list: [{ account: 'alice' }] }] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'operator_type unknown', body: { operator_type: 9 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'token_accounts missing', body: { operator_type: 2 }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'token_accounts an object', body: { operator_type: 2, token_accounts: { token: w.devA.token } }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'token a number', body: { operator_type: 2, token_accounts: [{ token: 123, account_list: [{ account: 'alice' }] }] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'account_type out of range', body: { operator_type: 2, token_accounts: [{ token: w.devA.token, account_list: [{ account: 'alice', account_type: 99 }] }] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'seq as string', body: { seq: '1', operator_type: 2, token_accounts: [{ token: w.devA.token, account_list: [{ account: 'alice' }] }] }, expect: 'REQUEST_PARAM_INVALID' },
      {
        name: 'error echoes seq', body: { seq: 77, operator_type: 2 },
        expect: (res) => assert(res.status === 400 && res.body?.ret_code === 1008002 && res.body?.seq === 77, `expected 400, 1008002 and seq 77, got ${res.text}`),
      },
      { name: "bind app B's token", body: { operator_type: 2, token_accounts: [{ token: w.devB.token, account_list: [{ account: 'mallory' }] }] }, expect: batchAllInvalid(1) },
      { name: "unbind accounts of app B's token", body: { operator_type: 3, token_accounts: [{ token: w.devB.token, account_list: [{ account: w.bAccount }] }] }, expect: batchAllInvalid(1) },
      { name: "unbind all of app B's token", body: { operator_type: 4, token_list: [w.devB.token] }, expect: batchAllInvalid(1) },
      { name: "unbind app B's account everywhere", body: { operator_type: 5, account_list: [{ account: w.bAccount }] }, expect: okWithoutLeak('ret_code') },
    ],
  },
  'POST /v3/device/account/query': {
    family: 'tpns-camel', auth: 'tpns', body: 'json',
    valid: (w) => ({ path: '/v3/device/account/query', body: { operator_type: 2, token_list: [w.devA.token] } }),
    cases: (w) => [
      { name: 'operator_type missing', body: {}, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'operator_type unknown', body: { operator_type: 3 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'account_list missing', body: { operator_type: 1 }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'account_list a string', body: { operator_type: 1, account_list: 'alice' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'token_list of numbers', body: { operator_type: 2, token_list: [1] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: "app B's account", body: { operator_type: 1, account_list: [{ account: w.bAccount }] }, expect: okWithoutLeak('retCode', (x) => x.devB.token) },
      {
        name: "app B's token", body: { operator_type: 2, token_list: [w.devB.token] },
        expect: (res) => {
          okWithoutLeak('retCode', (x) => x.bAccount)(res, w);
          assert(JSON.stringify(res.body.result) === '["1008006"]', `expected result ["1008006"], got ${res.text}`);
        },
      },
    ],
  },
  'POST /v3/device/tag': {
    family: 'tpns-snake', auth: 'tpns', body: 'json',
    valid: (w) => ({ path: '/v3/device/tag', body: { operator_type: 1, token_list: [w.devA.token], tag_list: ['t1'] } }),
    cases: (w) => [
      { name: 'operator_type missing', body: { token_list: [w.devA.token] }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'operator_type as string', body: { operator_type: '1', token_list: [w.devA.token], tag_list: ['t1'] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'tag_list missing', body: { operator_type: 1, token_list: [w.devA.token] }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'tag_list a string', body: { operator_type: 1, token_list: [w.devA.token], tag_list: 't1' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'tag too long', body: { operator_type: 1, token_list: [w.devA.token], tag_list: ['x'.repeat(51)] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'pair without token', body: { operator_type: 9, tag_token_list: [{ tag: 't1' }] }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'seq as string', body: { seq: '1', operator_type: 1, token_list: [w.devA.token], tag_list: ['t1'] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown token', body: { operator_type: 1, token_list: ['0'.repeat(36)], tag_list: ['t1'] }, expect: 'DEVICE_TOKEN_INVALID' },
      { name: "tag app B's token", body: { operator_type: 1, token_list: [w.devB.token], tag_list: ['t1'] }, expect: 'DEVICE_TOKEN_INVALID' },
      { name: "clear app B's token", body: { operator_type: 5, token_list: [w.devB.token] }, expect: 'DEVICE_TOKEN_INVALID' },
      { name: "delete app B's pair among own", body: { operator_type: 10, tag_token_list: [{ tag: w.bTag, token: w.devA.token }, { tag: w.bTag, token: w.devB.token }] }, expect: 'DEVICE_TOKEN_INVALID' },
    ],
  },
  'POST /v3/device/tag/delete_all_device': {
    family: 'tpns-snake', auth: 'tpns', body: 'json',
    valid: () => ({ path: '/v3/device/tag/delete_all_device', body: { tag_list: ['t1'] } }),
    cases: (w) => [
      { name: 'tag_list missing', body: {}, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'tag_list a string', body: { tag_list: 't1' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'tag_list of numbers', body: { tag_list: [1] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'seq as string', body: { seq: '1', tag_list: ['t1'] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: "app B's tag", body: { tag_list: [w.bTag] }, expect: okWithoutLeak('ret_code') },
    ],
  },
  'POST /v3/push/app': {
    family: 'tpns-snake', auth: 'tpns', body: 'json',
    valid: (w) => ({ path: '/v3/push/app', body: push(w) }),
    cases: (w) => [
      { name: 'audience_type missing', body: { message_type: 'notify', message: { title: 't', content: 'c' } }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'audience_type unknown', body: { ...push(w), audience_type: 'everyone' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'message_type a number', body: { ...push(w), message_type: 1 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'message missing', body: { ...push(w), message: undefined }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'message an array', body: { ...push(w), message: [] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'token_list missing', body: { ...push(w), token_list: undefined }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'token_list an object', body: { ...push(w), token_list: { token: w.devA.token } }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'expire_time as string', body: { ...push(w), expire_time: '3600' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'seq as string', body: { ...push(w), seq: '1' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'upload_id as string', body: { ...push(w), audience_type: 'package_token_push', upload_id: String(w.bUploadId) }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown token', body: { ...push(w), token_list: ['0'.repeat(36)] }, expect: 'PUSH_TARGET_NOT_FOUND' },
      { name: "app B's token", body: { ...push(w), token_list: [w.devB.token] }, expect: 'PUSH_TARGET_NOT_FOUND' },
      { name: "app B's account", body: { ...push(w), audience_type: 'account', account_list: [w.bAccount], token_list: undefined }, expect: 'PUSH_TARGET_NOT_FOUND' },
      { name: "app B's plan", body: { ...push(w), plan_id: w.bPlanId }, expect: 'PUSH_PLAN_NOT_FOUND' },
      { name: "app B's upload", body: { ...push(w), audience_type: 'package_token_push', upload_id: w.bUploadId, token_list: undefined }, expect: 'UPLOAD_NOT_FOUND' },
    ],
  },
  'POST /v3/push/cancel_timing_task': {
    family: 'tpns-snake', auth: 'tpns', body: 'json',
    valid: () => ({ path: '/v3/push/cancel_timing_task', body: { pushId: '1' } }),
    cases: (w) => [
      { name: 'pushId missing', body: {}, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'pushId an object', body: { pushId: { id: 1 } }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown pushId', body: { pushId: '999999' }, expect: 'PUSH_TASK_NOT_FOUND' },
      { name: "app B's pushId", body: { pushId: w.bPushId }, expect: 'PUSH_TASK_NOT_FOUND' },
    ],
  },
  'POST /v3/push/stop_push_msg': {
    family: 'tpns-snake', auth: 'tpns', body: 'json',
    valid: () => ({ path: '/v3/push/stop_push_msg', body: { pushId: '1' } }),
    cases: (w) => [
      { name: 'pushId missing', body: {}, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'pushId an array', body: { pushId: [w.bPushId] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown pushId', body: { pushId: '999999' }, expect: 'PUSH_TASK_NOT_FOUND' },
      { name: "app B's pushId", body: { pushId: w.bPushId }, expect: 'PUSH_TASK_NOT_FOUND' },
    ],
  },
  'POST /v3/push/plan/add_plan_push': {
    family: 'tpns-camel', auth: 'tpns', body: 'json',
    valid: () => ({ path: '/v3/push/plan/add_plan_push', body: { planName: 'p', planDescribe: 'd' } }),
    cases: () => [
      { name: 'planName missing', body: { planDescribe: 'd' }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'planName a number', body: { planName: 1, planDescribe: 'd' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'planDescribe an object', body: { planName: 'p', planDescribe: {} }, expect: 'REQUEST_PARAM_INVALID' },
    ],
  },
  'POST /v3/push/package/upload': {
    family: 'tpns-camel', auth: 'tpns', body: 'multipart',
    valid: (w) => ({ path: '/v3/push/package/upload', form: file('ok.txt', `${w.devA.token}\n`) }),
    cases: (w) => [
      { name: 'JSON instead of a file', body: { file: 'ok.txt' }, expect: 'UPLOAD_FAILED' },
      { name: 'file in another field', raw: (() => { const f = new FormData(); f.append('other', new Blob(['x']), 'ok.txt'); return f; })(), expect: 'UPLOAD_FAILED' },
      { name: 'empty file', raw: file('empty.txt', '')(), expect: 'UPLOAD_EMPTY' },
      { name: 'not a text, csv or zip file', raw: file('evil.exe', 'MZ')(), expect: 'UPLOAD_FAILED' },
      { name: 'broken zip', raw: file('list.zip', 'not a zip')(), expect: 'UPLOAD_FAILED' },
      // A Sign cannot cover a streamed multipart body, so uploads take Basic auth only (as TPNS documents).
      { name: 'signed upload', raw: file('ok.txt', 'x')(), headers: signHeaders(w.a, '', nowSeconds(w.server)), expect: 'AUTH_FAILED' },
    ],
  },
  'POST /v3/statistics/get_push_record': {
    family: 'tpns-camel', auth: 'tpns', body: 'json',
    valid: (w) => ({ path: '/v3/statistics/get_push_record', body: today(w) }),
    cases: (w) => [
      { name: 'pushId or dates missing', body: {}, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'bad date', body: { startDate: 'yesterday', endDate: w.statDay }, expect: 'REQUEST_DATE_INVALID' },
      { name: 'limit as string', body: { ...today(w), limit: '10' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown pushId', body: { pushId: '999999' }, expect: 'PUSH_TASK_NOT_FOUND' },
      { name: "app B's pushId", body: { pushId: w.bPushId }, expect: 'PUSH_TASK_NOT_FOUND' },
      { name: "app B's tasks stay out of the range query", body: today(w), expect: okWithoutLeak('retCode', (x) => x.bPushId) },
    ],
  },
  'POST /v3/statistics/get_push_task_stat_channel': {
    family: 'tpns-camel', auth: 'tpns', body: 'json',
    valid: () => ({ path: '/v3/statistics/get_push_task_stat_channel', body: { pushId: '1' } }),
    cases: (w) => [
      { name: 'pushId missing', body: {}, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'pushId an array', body: { pushId: [1] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: "app B's pushId", body: { pushId: w.bPushId }, expect: 'PUSH_TASK_NOT_FOUND' },
    ],
  },
  'POST /v3/statistics/get_push_group_stat_channel': {
    family: 'tpns-camel', auth: 'tpns', body: 'json',
    valid: (w) => ({ path: '/v3/statistics/get_push_group_stat_channel', body: { planId: `default_${w.a.accessId}`, ...today(w) } }),
    cases: (w) => [
      { name: 'planId missing', body: today(w), expect: 'REQUEST_PARAM_MISSING' },
      { name: 'endDate missing', body: { planId: '1', startDate: w.statDay }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'startDate a number', body: { planId: '1', startDate: Number(w.statDay), endDate: w.statDay }, expect: 'REQUEST_DATE_INVALID' },
      { name: "app B's plan", body: { planId: w.bPlanId, ...today(w) }, expect: 'PUSH_PLAN_NOT_FOUND' },
      { name: 'unknown plan', body: { planId: 'no-such-plan', ...today(w) }, expect: 'PUSH_PLAN_NOT_FOUND' },
    ],
  },
  'POST /v3/statistics/get_push_channel_stat_overview': {
    family: 'tpns-camel', auth: 'tpns', body: 'json',
    valid: (w) => ({ path: '/v3/statistics/get_push_channel_stat_overview', body: today(w) }),
    cases: (w) => [
      { name: 'dates missing', body: {}, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'bad date', body: { startDate: '2024/01/01', endDate: w.statDay }, expect: 'REQUEST_DATE_INVALID' },
      { name: "app B's numbers stay out", body: today(w), expect: okWithoutLeak('retCode', (x) => String(x.bStatMarker)) },
    ],
  },

  // ---- SDK /sdk/v1 -----------------------------------------------------------------------------------------
  'POST /sdk/v1/devices': {
    family: 'herald', auth: 'sdk-app', body: 'json',
    valid: () => ({ path: '/sdk/v1/devices', body: register }),
    cases: (w) => [
      { name: 'required fields missing', body: { platform: 'ios' }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'platform unknown', body: { ...register, platform: 'symbian' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'appVersion a number', body: { ...register, appVersion: 1 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown field', body: { ...register, admin: true }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'android on an iOS app', body: { ...register, platform: 'android', channel: 'fcm' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'vendorToken not hex', body: { ...register, vendorToken: 'not-a-token' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'token without deviceSecret', body: { ...register, token: w.devA.token }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'token with a wrong deviceSecret', body: { ...register, token: w.devA.token, deviceSecret: 'wrong' }, expect: 'DEVICE_AUTH_FAILED' },
      {
        name: "app B's token and secret start a new device of app A",
        body: { ...register, vendorToken: 'cd'.repeat(32), token: w.devB.token, deviceSecret: w.devB.deviceSecret },
        mayChange: ['device'],
        expect: async (res, x) => {
          assert(res.status === 200 && res.body?.created === true && res.body.token !== x.devB.token, `expected a new device, got ${res.status} ${res.text}`);
          const rows = await x.server.ctx.store.db.selectFrom('device').select(['token', 'access_id']).where('token', 'in', [x.devB.token, res.body.token]).execute();
          assert(rows.some((r) => r.token === x.devB.token && Number(r.access_id) === x.b.accessId), "app B's device must stay app B's");
          assert(rows.some((r) => r.token === res.body.token && Number(r.access_id) === x.a.accessId), 'the new device belongs to app A');
        },
      },
    ],
  },
  'DELETE /sdk/v1/devices/:token': {
    family: 'herald', auth: 'sdk-device', body: 'none',
    valid: (w) => ({ path: `/sdk/v1/devices/${w.devA.token}` }),
    cases: () => [{ name: 'token not 36 hex', path: '/sdk/v1/devices/abc', expect: 'REQUEST_PARAM_INVALID' }],
  },
  'GET /sdk/v1/webpush/vapid-public-key': {
    family: 'herald', auth: 'sdk-app', body: 'none',
    valid: () => ({ path: '/sdk/v1/webpush/vapid-public-key' }),
    cases: () => [{ name: 'an iOS app has no VAPID key', expect: 'CREDENTIAL_NOT_FOUND' }],
  },
  'GET /sdk/v1/devices/:token/accounts': {
    family: 'herald', auth: 'sdk-device', body: 'none',
    valid: (w) => ({ path: `/sdk/v1/devices/${w.devA.token}/accounts` }),
    cases: () => [{ name: 'token not 36 hex', path: `/sdk/v1/devices/${'Z'.repeat(36)}/accounts`, expect: 'REQUEST_PARAM_INVALID' }],
  },
  'PUT /sdk/v1/devices/:token/accounts': {
    family: 'herald', auth: 'sdk-device', body: 'json',
    valid: (w) => ({ path: `/sdk/v1/devices/${w.devA.token}/accounts`, body: { accounts: [{ accountType: 0, account: 'alice' }] } }),
    cases: () => [
      { name: 'accounts missing', body: {}, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'accounts an object', body: { accounts: { accountType: 0, account: 'alice' } }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'accounts empty', body: { accounts: [] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'accountType as string', body: { accounts: [{ accountType: '1', account: 'alice' }] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'accountType out of range', body: { accounts: [{ accountType: 99, account: 'alice' }] }, expect: 'ACCOUNT_TYPE_INVALID' },
    ],
  },
  'DELETE /sdk/v1/devices/:token/accounts': {
    family: 'herald', auth: 'sdk-device', body: 'optional-json',
    valid: (w) => ({ path: `/sdk/v1/devices/${w.devA.token}/accounts`, body: { accountTypes: [0] } }),
    cases: () => [
      { name: 'accountTypes a string', body: { accountTypes: '1' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'accountTypes out of range', body: { accountTypes: [99] }, expect: 'ACCOUNT_TYPE_INVALID' },
    ],
  },
  'GET /sdk/v1/devices/:token/tags': {
    family: 'herald', auth: 'sdk-device', body: 'none',
    valid: (w) => ({ path: `/sdk/v1/devices/${w.devA.token}/tags` }),
    cases: (w) => [
      { name: 'limit not a number', path: `/sdk/v1/devices/${w.devA.token}/tags?limit=ten`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'offset negative', path: `/sdk/v1/devices/${w.devA.token}/tags?offset=-1`, expect: 'REQUEST_PARAM_INVALID' },
    ],
  },
  'POST /sdk/v1/devices/:token/tags': {
    family: 'herald', auth: 'sdk-device', body: 'json',
    valid: (w) => ({ path: `/sdk/v1/devices/${w.devA.token}/tags`, body: { tags: ['t1'] } }),
    cases: () => [
      { name: 'tags missing', body: {}, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'tags a string', body: { tags: 't1' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'empty tag', body: { tags: [''] }, expect: 'REQUEST_PARAM_INVALID' },
    ],
  },
  'PUT /sdk/v1/devices/:token/tags': {
    family: 'herald', auth: 'sdk-device', body: 'json',
    valid: (w) => ({ path: `/sdk/v1/devices/${w.devA.token}/tags`, body: { tags: ['t1'] } }),
    cases: () => [
      { name: 'tags missing', body: {}, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'tags an object', body: { tags: { a: 1 } }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'tag a number', body: { tags: [1] }, expect: 'REQUEST_PARAM_INVALID' },
    ],
  },
  'DELETE /sdk/v1/devices/:token/tags': {
    family: 'herald', auth: 'sdk-device', body: 'optional-json',
    valid: (w) => ({ path: `/sdk/v1/devices/${w.devA.token}/tags`, body: { tags: ['t1'] } }),
    cases: () => [{ name: 'tags an object', body: { tags: { a: 1 } }, expect: 'REQUEST_PARAM_INVALID' }],
  },
  'PUT /sdk/v1/devices/:token/badge': {
    family: 'herald', auth: 'sdk-device', body: 'json',
    valid: (w) => ({ path: `/sdk/v1/devices/${w.devA.token}/badge`, body: { badge: 3 } }),
    cases: () => [
      { name: 'badge missing', body: {}, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'badge as string', body: { badge: '1' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'badge negative', body: { badge: -1 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'badge fractional', body: { badge: 1.5 }, expect: 'REQUEST_PARAM_INVALID' },
    ],
  },
  'POST /sdk/v1/devices/:token/receipts': {
    family: 'herald', auth: 'sdk-device', body: 'json',
    valid: (w) => ({ path: `/sdk/v1/devices/${w.devA.token}/receipts`, body: { pushId: '1', kind: 'arrived' } }),
    cases: (w) => [
      { name: 'kind missing', body: { pushId: '1' }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'pushId a number', body: { pushId: 1, kind: 'arrived' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'kind unknown', body: { pushId: '1', kind: 'opened' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown pushId', body: { pushId: '999999', kind: 'clicked' }, expect: 'PUSH_TASK_NOT_FOUND' },
      { name: "app B's pushId", body: { pushId: w.bPushId, kind: 'clicked' }, expect: 'PUSH_TASK_NOT_FOUND' },
    ],
  },

  // ---- Management /api -------------------------------------------------------------------------------------
  'POST /api/products': {
    family: 'herald', auth: 'admin', body: 'json',
    valid: () => ({ path: '/api/products', body: { name: 'n', accessPoint: 'guangzhou' } }),
    cases: () => [
      { name: 'name missing', body: { accessPoint: 'guangzhou' }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'name a number', body: { name: 1, accessPoint: 'guangzhou' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'platforms an object', body: { name: 'n', accessPoint: 'guangzhou', platforms: { platform: 'ios', bundleId: 'x' } }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'platform unknown', body: { name: 'n', accessPoint: 'guangzhou', platforms: [{ platform: 'symbian', bundleId: 'x' }] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'same platform twice', body: { name: 'n', accessPoint: 'guangzhou', platforms: [{ platform: 'ios', bundleId: 'x' }, { platform: 'ios', bundleId: 'y' }] }, expect: 'APP_EXISTS' },
    ],
  },
  'GET /api/products': { family: 'herald', auth: 'admin', body: 'none', valid: () => ({ path: '/api/products' }) },
  'GET /api/products/:productId': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: `/api/products/${w.a.productId}` }),
    cases: () => [
      { name: 'id not a number', path: '/api/products/abc', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown id', path: '/api/products/999999', expect: 'PRODUCT_NOT_FOUND' },
    ],
  },
  'DELETE /api/products/:productId': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: `/api/products/${w.a.productId}` }),
    cases: () => [
      { name: 'id not a number', path: '/api/products/1;drop', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown id', path: '/api/products/999999', expect: 'PRODUCT_NOT_FOUND' },
    ],
  },
  'POST /api/products/:productId/apps': {
    family: 'herald', auth: 'admin', body: 'json',
    valid: (w) => ({ path: `/api/products/${w.a.productId}/apps`, body: { platform: 'android', bundleId: 'com.example.a' } }),
    cases: (w) => [
      { name: 'bundleId missing', body: { platform: 'android' }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'bundleId with spaces', body: { platform: 'android', bundleId: 'com example' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'platform already there', body: { platform: 'ios', bundleId: 'com.example.b' }, expect: 'APP_EXISTS' },
      { name: 'unknown product', path: '/api/products/999999/apps', body: { platform: 'android', bundleId: 'x' }, expect: 'PRODUCT_NOT_FOUND' },
      { name: 'product id not a number', path: `/api/products/${w.a.productId}x/apps`, body: { platform: 'android', bundleId: 'x' }, expect: 'REQUEST_PARAM_INVALID' },
    ],
  },
  'GET /api/apps/:accessId': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: `/api/apps/${w.a.accessId}?reveal=1` }),
    cases: (w) => [
      { name: 'id not a number', path: '/api/apps/abc', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown id', path: '/api/apps/999999', expect: 'APP_NOT_FOUND' },
      { name: 'reveal unknown', path: `/api/apps/${w.a.accessId}?reveal=yes`, expect: 'REQUEST_PARAM_INVALID' },
    ],
  },
  'PATCH /api/apps/:accessId': {
    family: 'herald', auth: 'admin', body: 'json',
    valid: (w) => ({ path: `/api/apps/${w.a.accessId}`, body: { bundleId: 'com.example.changed' } }),
    cases: () => [
      { name: 'bundleId missing', body: {}, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'bundleId a number', body: { bundleId: 5 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown field', body: { bundleId: 'x', accessKey: 'mine' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown app', path: '/api/apps/999999', body: { bundleId: 'x' }, expect: 'APP_NOT_FOUND' },
    ],
  },
  'POST /api/apps/:accessId/rotate': {
    family: 'herald', auth: 'admin', body: 'json',
    valid: (w) => ({ path: `/api/apps/${w.a.accessId}/rotate`, body: { key: 'secretKey' } }),
    cases: () => [
      { name: 'key missing', body: {}, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'key unknown', body: { key: 'masterKey' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown app', path: '/api/apps/999999/rotate', body: { key: 'secretKey' }, expect: 'APP_NOT_FOUND' },
    ],
  },
  'GET /api/apps/:accessId/credentials': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: `/api/apps/${w.a.accessId}/credentials` }),
    cases: () => [
      { name: 'id not a number', path: '/api/apps/x/credentials', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown app', path: '/api/apps/999999/credentials', expect: 'APP_NOT_FOUND' },
    ],
  },
  'PUT /api/apps/:accessId/credentials/apns/:environment': {
    family: 'herald', auth: 'admin', body: 'json-or-multipart',
    valid: (w) => ({ path: `/api/apps/${w.a.accessId}/credentials/apns/dev`, body: { kind: 'p8', keyId: 'ABC123DEFG', teamId: 'TEAM123456', key: w.p8Key } }),
    cases: (w) => [
      { name: 'environment unknown', path: `/api/apps/${w.a.accessId}/credentials/apns/staging`, body: { kind: 'p8', keyId: 'K', teamId: 'T', key: w.p8Key }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'kind missing', body: { keyId: 'K' }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'kind a number', body: { kind: 8 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'kind unknown', body: { kind: 'pem' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'keyId missing', body: { kind: 'p8', teamId: 'T', key: w.p8Key }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'key not a key', body: { kind: 'p8', keyId: 'ABC123DEFG', teamId: 'TEAM123456', key: 'garbage' }, expect: 'CREDENTIAL_PARSE_FAILED' },
      { name: 'p12 not base64', body: { kind: 'p12', p12: '!!!', password: '' }, expect: 'CREDENTIAL_P12_INVALID' },
      { name: 'p12 not a p12', body: { kind: 'p12', p12: Buffer.from('not a p12').toString('base64'), password: '' }, expect: 'CREDENTIAL_P12_INVALID' },
      { name: 'multipart file too large', raw: file('big.p12', 'x'.repeat(UPLOAD_LIMIT + 1))(), expect: 'REQUEST_BODY_TOO_LARGE' },
      { name: 'unknown app', path: '/api/apps/999999/credentials/apns/dev', body: { kind: 'p8', keyId: 'ABC123DEFG', teamId: 'TEAM123456', key: w.p8Key }, expect: 'APP_NOT_FOUND' },
    ],
  },
  'DELETE /api/apps/:accessId/credentials/apns/:environment': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: `/api/apps/${w.a.accessId}/credentials/apns/dev` }),
    cases: (w) => [
      { name: 'environment unknown', path: `/api/apps/${w.a.accessId}/credentials/apns/prod`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'nothing configured', path: `/api/apps/${w.a.accessId}/credentials/apns/product`, expect: 'CREDENTIAL_NOT_FOUND' },
      { name: 'unknown app', path: '/api/apps/999999/credentials/apns/dev', expect: 'APP_NOT_FOUND' },
    ],
  },
  'PUT /api/apps/:accessId/credentials/:channel': {
    family: 'herald', auth: 'admin', body: 'json',
    valid: (w) => ({ path: `/api/apps/${w.a.accessId}/credentials/fcm`, body: { serviceAccount: {} } }),
    cases: (w) => [
      { name: 'channel unknown', path: `/api/apps/${w.a.accessId}/credentials/gcm`, body: {}, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'apns has its own route', path: `/api/apps/${w.a.accessId}/credentials/apns`, body: {}, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'an Android channel on an iOS app', body: { serviceAccount: {} }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'body an array', body: [], expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown app', path: '/api/apps/999999/credentials/huawei', body: { appId: '1', clientSecret: 's' }, expect: 'APP_NOT_FOUND' },
    ],
  },
  'POST /api/apps/:accessId/credentials/:channel/check': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: `/api/apps/${w.a.accessId}/credentials/webpush/check` }),
    cases: (w) => [
      { name: 'channel unknown', path: `/api/apps/${w.a.accessId}/credentials/gcm/check`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'a web channel on an iOS app', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown app', path: '/api/apps/999999/credentials/fcm/check', expect: 'APP_NOT_FOUND' },
    ],
  },
  'DELETE /api/apps/:accessId/credentials/:channel': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: `/api/apps/${w.a.accessId}/credentials/xiaomi` }),
    cases: (w) => [
      { name: 'channel unknown', path: `/api/apps/${w.a.accessId}/credentials/gcm`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'an Android channel on an iOS app', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown app', path: '/api/apps/999999/credentials/xiaomi', expect: 'APP_NOT_FOUND' },
    ],
  },

  // ---- IM management /api/im/apps --------------------------------------------------------------------------
  'POST /api/im/apps': {
    family: 'herald', auth: 'admin', body: 'json',
    valid: () => ({ path: '/api/im/apps', body: { name: 'n' } }),
    cases: (w) => [
      ...imAdminAuth(w, '/api/im/apps', { name: 'n' }),
      { name: 'name missing', body: { admins: ['administrator'] }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'name a number', body: { name: 1 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'name empty', body: { name: '' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'name too long', body: { name: 'n'.repeat(101) }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'sdkAppId as string', body: { name: 'n', sdkAppId: '1400000999' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'sdkAppId zero', body: { name: 'n', sdkAppId: 0 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'sdkAppId above uint32', body: { name: 'n', sdkAppId: 4_294_967_296 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'sdkAppId fractional', body: { name: 'n', sdkAppId: 1_400_000_999.5 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'admins a string', body: { name: 'n', admins: 'administrator' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'admins empty', body: { name: 'n', admins: [] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'admin a number', body: { name: 'n', admins: [1] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'admin longer than 32 bytes', body: { name: 'n', admins: ['a'.repeat(33)] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'admin not printable ASCII', body: { name: 'n', admins: ['caf\u00e9'] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'admin with a newline', body: { name: 'n', admins: ['admin\nTLS.sdkappid:1'] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'too many admins', body: { name: 'n', admins: ids(21) }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'autoCreateUsers as string', body: { name: 'n', autoCreateUsers: 'true' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown field (secretKey)', body: { name: 'n', secretKey: 'f'.repeat(64) }, expect: 'REQUEST_PARAM_INVALID' },
      { name: "IM app B's SDKAppID", body: { name: 'n', sdkAppId: w.im.b.sdkAppId }, expect: 'IM_APP_EXISTS' },
      { name: "IM app A's SDKAppID", body: { name: 'n', sdkAppId: w.im.a.sdkAppId, admins: ['mallory'] }, expect: 'IM_APP_EXISTS' },
    ],
  },
  'GET /api/im/apps': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: () => ({ path: '/api/im/apps' }),
    cases: (w) => [
      ...imAdminAuth(w, '/api/im/apps'),
      {
        name: 'never lists secret keys',
        expect: (res, x) => {
          assert(res.status === 200 && Array.isArray(res.body?.apps), `expected 200 and apps, got ${res.status} ${res.text}`);
          assert(!res.text.includes(x.im.a.secretKey) && !res.text.includes(x.im.b.secretKey) && !res.text.includes('secretKey'), `the list shows a key: ${res.text}`);
        },
      },
    ],
  },
  'GET /api/im/apps/:sdkAppId': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: `/api/im/apps/${w.im.a.sdkAppId}?reveal=1` }),
    cases: (w) => [
      ...imAdminAuth(w, `/api/im/apps/${w.im.a.sdkAppId}?reveal=1`),
      { name: 'id not a number', path: '/api/im/apps/abc', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'id negative', path: '/api/im/apps/-1', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'id with 11 digits', path: '/api/im/apps/14000000000', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown id', path: '/api/im/apps/1399999999', expect: 'IM_APP_UNKNOWN' },
      { name: 'id above uint32', path: '/api/im/apps/9999999999', expect: 'IM_APP_UNKNOWN' },
      { name: 'reveal unknown', path: `/api/im/apps/${w.im.a.sdkAppId}?reveal=yes`, expect: 'REQUEST_PARAM_INVALID' },
      {
        name: "IM app B without reveal shows no key", path: `/api/im/apps/${w.im.b.sdkAppId}`,
        expect: (res, x) => {
          assert(res.status === 200 && res.body?.sdkAppId === x.im.b.sdkAppId, `expected 200 and app B, got ${res.status} ${res.text}`);
          assert(!('secretKey' in res.body) && !res.text.includes(x.im.b.secretKey), `the key is shown without reveal: ${res.text}`);
        },
      },
    ],
  },
  'PATCH /api/im/apps/:sdkAppId': {
    family: 'herald', auth: 'admin', body: 'json',
    valid: (w) => ({ path: `/api/im/apps/${w.im.a.sdkAppId}`, body: { name: 'renamed' } }),
    cases: (w) => [
      ...imAdminAuth(w, `/api/im/apps/${w.im.a.sdkAppId}`, { admins: ['mallory'] }),
      { name: 'no field', body: {}, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'name a number', body: { name: 5 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'name empty', body: { name: '' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'admins empty', body: { admins: [] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'admins a string', body: { admins: 'mallory' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'admin a number', body: { admins: [7] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'admin longer than 32 bytes', body: { admins: ['m'.repeat(33)] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'autoCreateUsers a number', body: { autoCreateUsers: 1 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown field (secretKey)', body: { secretKey: 'f'.repeat(64) }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown field (sdkAppId)', body: { sdkAppId: w.im.b.sdkAppId }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'valid field beside an unknown one', body: { name: 'x', secretKey: 'f'.repeat(64) }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'id not a number', path: '/api/im/apps/abc', body: { name: 'x' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown app', path: '/api/im/apps/1399999999', body: { name: 'x' }, expect: 'IM_APP_UNKNOWN' },
    ],
  },
  'POST /api/im/apps/:sdkAppId/rotate': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: `/api/im/apps/${w.im.a.sdkAppId}/rotate` }),
    cases: (w) => [
      ...imAdminAuth(w, `/api/im/apps/${w.im.a.sdkAppId}/rotate`),
      { name: 'id not a number', path: '/api/im/apps/abc/rotate', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown app', path: '/api/im/apps/1399999999/rotate', expect: 'IM_APP_UNKNOWN' },
      { name: 'malformed JSON', path: `/api/im/apps/${w.im.a.sdkAppId}/rotate`, raw: '{"a": ', expect: 'REQUEST_JSON_MALFORMED' },
    ],
  },
  'DELETE /api/im/apps/:sdkAppId': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: `/api/im/apps/${w.im.a.sdkAppId}` }),
    cases: (w) => [
      ...imAdminAuth(w, `/api/im/apps/${w.im.b.sdkAppId}`),
      { name: 'id not a number', path: '/api/im/apps/abc', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'id with trailing text', path: `/api/im/apps/${w.im.b.sdkAppId}x`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown app', path: '/api/im/apps/1399999999', expect: 'IM_APP_UNKNOWN' },
    ],
  },
  'POST /api/im/apps/:sdkAppId/usersig': {
    family: 'herald', auth: 'admin', body: 'json',
    valid: (w) => ({ path: `/api/im/apps/${w.im.a.sdkAppId}/usersig`, body: { userId: 'administrator' } }),
    cases: (w) => [
      ...imAdminAuth(w, `/api/im/apps/${w.im.a.sdkAppId}/usersig`, { userId: 'administrator' }),
      { name: 'userId missing', body: { expireSeconds: 60 }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'userId a number', body: { userId: 1 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'userId empty', body: { userId: '' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'userId longer than 32 bytes', body: { userId: 'u'.repeat(33) }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'userId not printable ASCII', body: { userId: 'caf\u00e9' }, expect: 'REQUEST_PARAM_INVALID' },
      // A newline would smuggle a field into the signed content string ("TLS.identifier:…\nTLS.sdkappid:…").
      { name: 'userId with a newline', body: { userId: `administrator\nTLS.sdkappid:${w.im.b.sdkAppId}` }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'expireSeconds as string', body: { userId: 'administrator', expireSeconds: '3600' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'expireSeconds zero', body: { userId: 'administrator', expireSeconds: 0 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'expireSeconds negative', body: { userId: 'administrator', expireSeconds: -60 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'expireSeconds fractional', body: { userId: 'administrator', expireSeconds: 1.5 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'expireSeconds above 50 years', body: { userId: 'administrator', expireSeconds: 50 * 365 * 86400 + 1 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown field (sdkAppId)', body: { userId: 'administrator', sdkAppId: w.im.b.sdkAppId }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'id not a number', path: '/api/im/apps/abc/usersig', body: { userId: 'administrator' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown app', path: '/api/im/apps/1399999999/usersig', body: { userId: 'administrator' }, expect: 'IM_APP_UNKNOWN' },
      {
        name: "IM app B's SDKAppID signs with app B's key only", path: `/api/im/apps/${w.im.b.sdkAppId}/usersig`, body: { userId: 'administrator' },
        expect: (res, x) => {
          assert(res.status === 200 && res.body?.sdkAppId === x.im.b.sdkAppId, `expected 200 for app B, got ${res.status} ${res.text}`);
          assert(res.body.userSig !== imSig(x.server, x.im.a, 'administrator', { sdkAppId: x.im.b.sdkAppId }), "app B's UserSig was signed with app A's key");
          assert(!res.text.includes(x.im.b.secretKey), `the answer shows app B's key: ${res.text}`);
        },
      },
    ],
  },

  // ---- Tencent IM REST /v4 ---------------------------------------------------------------------------------
  'POST /v4/im_open_login_svc/account_import': {
    family: 'im-rest', auth: 'im-rest', body: 'json',
    valid: () => ({ path: '/v4/im_open_login_svc/account_import', body: { UserID: 'newcomer', Nick: 'New' } }),
    cases: (w) => [
      { name: 'UserID missing', body: { Nick: 'n' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'UserID a number', body: { UserID: 123 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'UserID null', body: { UserID: null }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'UserID an array', body: { UserID: ['a'] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'UserID empty', body: { UserID: '' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'UserID longer than 32 bytes', body: { UserID: 'u'.repeat(33) }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'UserID not printable ASCII', body: { UserID: 'caf\u00e9' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'UserID with a newline', body: { UserID: 'a\nb' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'Identifier a number', body: { Identifier: 5 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'Nick a number', body: { UserID: 'newcomer', Nick: 1 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'FaceUrl an object', body: { UserID: 'newcomer', FaceUrl: { url: 'x' } }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'Nick over 500 bytes', body: { UserID: 'newcomer', Nick: '\u20ac'.repeat(167) }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      {
        name: "re-import of a UserID IM app B also has updates app A's account only", mayChange: ['im_user'],
        body: { UserID: w.im.shared, Nick: 'Caller Shared' },
        expect: imOkWithoutLeak(async (_b, x) => {
          const a = await x.server.ctx.store.db.selectFrom('im_user').select('nickname').where('sdk_app_id', '=', x.im.a.sdkAppId).where('user_id', '=', x.im.shared).executeTakeFirst();
          same(a?.nickname, 'Caller Shared', "app A's nickname");
        }),
      },
      { name: "import as IM app B's admin on app A", query: { ...imQuery(w.server, w.im.a), identifier: w.im.bAdmin, usersig: imSig(w.server, w.im.b, w.im.bAdmin) }, body: { UserID: w.im.bUser }, expect: 'IM_USERSIG_APP_MISMATCH' },
    ],
  },
  'POST /v4/im_open_login_svc/multiaccount_import': {
    family: 'im-rest', auth: 'im-rest', body: 'json',
    valid: () => ({ path: '/v4/im_open_login_svc/multiaccount_import', body: { Accounts: ['newcomer1', 'newcomer2'] } }),
    cases: (w) => [
      { name: 'Accounts missing', body: { Nick: 'n' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'Accounts a string', body: { Accounts: 'u1' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'Accounts an object', body: { Accounts: { u1: true } }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'Accounts empty', body: { Accounts: [] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'AccountList null', body: { AccountList: null }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'AccountList an object', body: { AccountList: { UserID: 'u1' } }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'too many Accounts (101)', body: { Accounts: ids(101) }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'too many AccountList entries (101)', body: { AccountList: ids(101).map((UserID) => ({ UserID })) }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      {
        name: 'every Accounts entry invalid: all in FailAccounts, nothing imported',
        body: { Accounts: [123, 'u'.repeat(33), 'caf\u00e9', '', null] },
        expect: imOkWithoutLeak((b) => same(b.FailAccounts, ['123', 'u'.repeat(33), 'caf\u00e9', '', 'null'], 'FailAccounts')),
      },
      {
        name: 'every AccountList entry invalid: all in FailAccounts, nothing imported',
        body: { AccountList: [{ UserID: 1 }, { UserID: 'ok_id', Nick: 5 }, { UserID: 'ok_id2', FaceUrl: 'x'.repeat(501) }, { Nick: 'no id' }] },
        expect: imOkWithoutLeak((b) => same(b.FailAccounts, ['1', 'ok_id', 'ok_id2', ''], 'FailAccounts')),
      },
      {
        name: "a UserID IM app B also has: app A's account stays, B's untouched", body: { AccountList: [{ UserID: w.im.shared }] },
        expect: imOkWithoutLeak((b) => same(b.FailAccounts, [], 'FailAccounts')),
      },
    ],
  },
  'POST /v4/im_open_login_svc/account_check': {
    family: 'im-rest', auth: 'im-rest', body: 'json',
    valid: (w) => ({ path: '/v4/im_open_login_svc/account_check', body: { CheckItem: [{ UserID: w.im.aUser }] } }),
    cases: (w) => [
      { name: 'CheckItem missing', body: { UserID: w.im.aUser }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'CheckItem a string', body: { CheckItem: w.im.aUser }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'CheckItem empty', body: { CheckItem: [] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'CheckItem of strings', body: { CheckItem: [w.im.aUser] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'CheckItem UserID a number', body: { CheckItem: [{ UserID: 1 }] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'CheckItem entry null', body: { CheckItem: [null] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'too many CheckItem (101)', body: { CheckItem: ids(101).map((UserID) => ({ UserID })) }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      {
        name: "IM app B's accounts are not imported in app A", body: { CheckItem: [{ UserID: w.im.bUser }, { UserID: w.im.shared }] },
        expect: imOkWithoutLeak((b, x) => same(b.ResultItem, [
          { UserID: x.im.bUser, ResultCode: 0, ResultInfo: '', AccountStatus: 'NotImported' },
          { UserID: x.im.shared, ResultCode: 0, ResultInfo: '', AccountStatus: 'Imported' },
        ], 'ResultItem')),
      },
    ],
  },
  'POST /v4/profile/portrait_get': {
    family: 'im-rest', auth: 'im-rest', body: 'json',
    valid: (w) => ({ path: '/v4/profile/portrait_get', body: { To_Account: [w.im.aUser], TagList: ['Tag_Profile_IM_Nick'] } }),
    cases: (w) => [
      { name: 'To_Account missing', body: { TagList: ['Tag_Profile_IM_Nick'] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'To_Account a string', body: { To_Account: w.im.aUser, TagList: ['Tag_Profile_IM_Nick'] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'To_Account empty', body: { To_Account: [], TagList: ['Tag_Profile_IM_Nick'] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'To_Account of numbers', body: { To_Account: [1], TagList: ['Tag_Profile_IM_Nick'] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'TagList missing', body: { To_Account: [w.im.aUser] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'TagList a string', body: { To_Account: [w.im.aUser], TagList: 'Tag_Profile_IM_Nick' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'TagList of objects', body: { To_Account: [w.im.aUser], TagList: [{ Tag: 'Tag_Profile_IM_Nick' }] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'too many To_Account (101)', body: { To_Account: ids(101), TagList: ['Tag_Profile_IM_Nick'] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      {
        name: 'tags named like Object.prototype members are not set', body: { To_Account: [w.im.aUser], TagList: ['__proto__', 'constructor', 'toString', 'hasOwnProperty'] },
        expect: imOkWithoutLeak((b) => same(b.UserProfileItem?.[0]?.ProfileItem, [], 'ProfileItem')),
      },
      {
        name: "IM app B's profiles stay out", body: { To_Account: [w.im.bUser, w.im.shared], TagList: ['Tag_Profile_IM_Nick', 'Tag_Profile_IM_Image'] },
        expect: imOkWithoutLeak((b, x) => {
          const items = b.UserProfileItem as Array<Record<string, unknown>>;
          same(items.map((i) => [i['To_Account'], i['ResultCode']]), [[x.im.bUser, 40003], [x.im.shared, 0]], 'accounts and result codes');
          same(items[0]?.['ProfileItem'], [], "B's account profile");
          same(items[1]?.['ProfileItem'], [{ Tag: 'Tag_Profile_IM_Nick', Value: 'Caller Shared' }, { Tag: 'Tag_Profile_IM_Image', Value: '' }], "A's own profile");
        }),
      },
    ],
  },
  'POST /v4/openim/sendmsg': {
    family: 'im-rest', auth: 'im-rest', body: 'json',
    valid: (w) => ({ path: '/v4/openim/sendmsg', body: { To_Account: w.im.aUser, MsgRandom: 1, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }] } }),
    cases: (w) => [
      { name: 'To_Account missing', body: { MsgRandom: 1, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'MsgBody empty', body: { To_Account: w.im.aUser, MsgRandom: 1, MsgBody: [] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: "IM app B's account", body: { To_Account: w.im.bUser, MsgRandom: 1, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }] }, expect: 'IM_ACCOUNT_NOT_FOUND' },
    ],
  },
  'POST /v4/openim/batchsendmsg': {
    family: 'im-rest', auth: 'im-rest', body: 'json',
    valid: (w) => ({ path: '/v4/openim/batchsendmsg', body: { To_Account: [w.im.aUser], MsgRandom: 1, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }] } }),
    cases: () => [
      { name: 'To_Account empty', body: { To_Account: [], MsgRandom: 1, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'too many To_Account (501)', body: { To_Account: ids(501), MsgRandom: 1, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    ],
  },
  'POST /v4/openim/admin_getroammsg': {
    family: 'im-rest', auth: 'im-rest', body: 'json',
    valid: (w) => ({ path: '/v4/openim/admin_getroammsg', body: { Operator_Account: w.im.aUser, Peer_Account: w.im.shared, MaxCnt: 10, MinTime: 0, MaxTime: 4_000_000_000 } }),
    cases: (w) => [
      { name: 'MaxCnt missing', body: { Operator_Account: w.im.aUser, Peer_Account: w.im.shared, MinTime: 0, MaxTime: 1 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    ],
  },
  'POST /v4/openim/get_c2c_unread_msg_num': {
    family: 'im-rest', auth: 'im-rest', body: 'json',
    valid: (w) => ({ path: '/v4/openim/get_c2c_unread_msg_num', body: { To_Account: w.im.aUser } }),
    cases: (w) => [
      { name: 'too many Peer_Account (11)', body: { To_Account: w.im.aUser, Peer_Account: ids(11) }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
    ],
  },
  'POST /v4/openim/query_online_status': {
    family: 'im-rest', auth: 'im-rest', body: 'json',
    valid: (w) => ({ path: '/v4/openim/query_online_status', body: { To_Account: [w.im.aUser] } }),
    cases: (w) => [
      { name: 'To_Account missing', body: { IsNeedDetail: 1 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'To_Account a string', body: { To_Account: w.im.aUser }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'To_Account empty', body: { To_Account: [] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'To_Account of numbers', body: { To_Account: [1] }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'too many To_Account (501)', body: { To_Account: ids(501) }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'IsNeedDetail as string', body: { To_Account: [w.im.aUser], IsNeedDetail: '1' }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'IsNeedDetail 2', body: { To_Account: [w.im.aUser], IsNeedDetail: 2 }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      { name: 'IsNeedDetail true', body: { To_Account: [w.im.aUser], IsNeedDetail: true }, expect: 'IM_ACCOUNT_PARAM_INVALID' },
      {
        name: "IM app B's accounts and devices stay out", body: { To_Account: [w.im.bUser, w.im.shared], IsNeedDetail: 1 },
        expect: imOkWithoutLeak((b, x) => {
          same(b.QueryResult, [{ To_Account: x.im.shared, Status: 'Offline' }], 'QueryResult');
          same(b.ErrorList, [{ To_Account: x.im.bUser, ErrorCode: 70107 }], 'ErrorList');
        }),
      },
    ],
  },
};

export const routeTable: Record<string, RouteSpec> = { ...coreRoutes, ...imGroupRoutes, ...imGroupMessageRoutes, ...imRecallRoutes, ...imWebhookRoutes, ...pushAuthorizationRoutes, ...imOfflinePushConfigRoutes, ...imOfflinePushCheckRoutes, ...consoleRoutes, ...consolePushRoutes, ...consoleLookupRoutes, ...sandboxRouteSpecs };

/** Routes that take no auth and no input: probes, metrics, the API documentation and the console's static files. */
export function isUncovered(route: string): boolean {
  const path = route.slice(route.indexOf(' ') + 1);
  // CORS preflights of the SDK API carry no body and no auth; test/edge/sdk-cors.test.ts covers them.
  if (route.startsWith('OPTIONS ')) return true;
  if (path === '/console' || path === '/console/' || path === '/console/*') return true;
  return path === '/healthz' || path === '/readyz' || path === '/metrics' || path === '/docs' || path.startsWith('/docs/');
}
