import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { VIVO_DRIVER } from '../../src/push/channels/vivo-driver.ts';
import { assertHeraldError } from '../push-model/helpers.ts';
import { aliceSays, assertSkipped, assertVendorTokens, closedUrl, driverNames, driverRig } from './driver-test-kit.ts';

const PKG = 'com.example.herald';
const APP = { appId: '10004', appKey: '25509283-3767-4b9e-83fe-b6e55ac6243e', appSecret: 'a0b1c2d3-e4f5-4678-9abc-def012345678' };
// The console form may carry the AppID as a number.
const FORM = { ...APP, appId: 10004 };
// 12:00 in Beijing, when vivo lets operation messages through.
const NOON = Date.UTC(2024, 4, 31, 4, 0, 0);

describe('vivo driver against the vivo push emulator', () => {
  const rig = driverRig('vivo', VIVO_DRIVER, { now: NOON, app: { bundle_id: PKG }, register: (emu) => emu.registerApp(APP) });

  test('names: vivo, android, TPNS "vivo", one credential for both environments', () => {
    assert.deepEqual(driverNames(VIVO_DRIVER), { id: 'vivo', platform: 'android', statName: 'vivo', environmentScoped: false });
  });

  test('prepareCredential seals the three values and shows AppID and AppKey only', () => {
    const prepared = rig.prepare({ ...FORM, appSecret: ` ${APP.appSecret} ` });
    assert.equal(prepared.kind, 'app_secret');
    assert.deepEqual(prepared.secret, APP);
    assert.deepEqual(prepared.meta, { appId: APP.appId, appKey: APP.appKey });
  });

  test('prepareCredential refuses each malformed field with REQUEST_PARAM_INVALID naming it', () => {
    const prepare = (input: unknown) => () => rig.prepare(input);
    assertHeraldError(prepare({ ...APP, appId: undefined }), 'REQUEST_PARAM_INVALID', 'appId');
    assertHeraldError(prepare({ ...APP, appId: 'vivo-10004' }), 'REQUEST_PARAM_INVALID', 'appId');
    assertHeraldError(prepare({ ...APP, appKey: '' }), 'REQUEST_PARAM_INVALID', 'appKey');
    assertHeraldError(prepare({ ...APP, appKey: 'two words' }), 'REQUEST_PARAM_INVALID', 'appKey');
    assertHeraldError(prepare({ ...APP, appSecret: undefined }), 'REQUEST_PARAM_INVALID', 'appSecret');
    assertHeraldError(prepare({ ...APP, appSecret: { value: 'x' } }), 'REQUEST_PARAM_INVALID', 'appSecret');
    assertHeraldError(prepare(null), 'REQUEST_PARAM_INVALID', 'credential');
  });

  test('validateCredential: ok for the registered app, a lasting failure for a wrong AppSecret, transient when unreachable', async () => {
    const wrong = { ...FORM, appSecret: 'ffffffff-e4f5-4678-9abc-def012345678' };
    const { refused } = await rig.checkCredentials(FORM, wrong, rig.depsWith({ vivoBaseUrl: await closedUrl() }));
    assert.match(refused.reason, /10206/);
  });

  test('a TPNS IM notification reaches a virtual device with its category, intent and custom content', async () => {
    const regId = '12345678901234567890123';
    rig.emu.registerDevice({ regId, appId: APP.appId });
    const req = rig.push(aliceSays('hello', { expire_time: 3600 }, {
      vivo_category: 'IM',
      ring: 1,
      vibrate: 1,
      action: { action_type: 3, intent: 'herald://chat/open?c=42' },
      custom_content: JSON.stringify({ ext: '{"chatType":1}' }),
    }));
    const built = rig.buildShared(req, '4242');

    await rig.deliver(rig.channel(FORM), built.notification, VIVO_DRIVER.normalizeVendorToken(` ${regId} `)!);
    const [got] = rig.emu.inbox(regId);
    assert.ok(got);
    assert.equal(got.title, 'Alice');
    assert.equal(got.content, 'hello');
    assert.equal(got.category, 'IM');
    assert.equal(got.classification, 1);
    assert.equal(got.notifyType, 4);
    assert.equal(got.skipType, 4);
    assert.equal(got.skipContent, 'herald://chat/open?c=42');
    assert.equal(got.timeToLive, 3600);
    assert.equal(got.pushMode, 0);
    assert.deepEqual(got.clientCustomMap, { ext: '{"chatType":1}', herald: '{"pid":"4242"}' });
    assert.ok(rig.answers.includes('vivo:200'), `observer saw ${rig.answers.join(',')}`);
  });

  test('a blank title shows the content, as on the Mi and OPPO channels', async () => {
    const regId = '12345678901234567890124';
    rig.emu.registerDevice({ regId, appId: APP.appId });
    const req = rig.push({ message: { title: '', content: 'no title here', android: { vivo_ch_id: '1' } } });
    await rig.deliver(rig.channel(FORM), rig.build(req, '4243').notification, regId);
    assert.equal(rig.emu.inbox(regId)[0]?.title, 'no title here');
  });

  test('an in-app message is skipped: vivo has no pass-through', () => {
    assertSkipped(rig.build(rig.push({ message_type: 'message', message: { title: 'a', content: 'b' } }), '1'), /pass-through/);
  });

  test('normalizeVendorToken trims a regId and refuses junk', () => {
    assertVendorTokens(VIVO_DRIVER, [['\t15638535410301000000001 ', '15638535410301000000001']], ['', ' ', '1563 8535', 'ид', 'x'.repeat(4097)]);
  });
});
