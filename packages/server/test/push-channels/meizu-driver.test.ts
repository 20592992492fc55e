import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MEIZU_DRIVER } from '../../src/push/channels/meizu-driver.ts';
import { assertHeraldError } from '../push-model/helpers.ts';
import { aliceSays, assertSkipped, assertVendorTokens, closedUrl, driverNames, driverRig } from './driver-test-kit.ts';

const PKG = 'com.example.herald';
const APP = { appId: '100999', appSecret: '0123456789abcdef0123456789abcdef', appKey: 'a1b2c3d4e5f6' };
/** A pushId of the form Flyme hands out. */
const PUSH_ID = 'ULY6c596e6a7d5e45465c7a0a6a590759487e6a7d0a0b';

describe('Meizu driver against the Flyme push emulator', () => {
  const rig = driverRig('meizu', MEIZU_DRIVER, { now: Date.UTC(2024, 4, 31, 4, 0, 0), app: { bundle_id: PKG }, register: (emu) => emu.registerApp(APP) });

  test('names: meizu, android, TPNS "mz", one credential for both environments', () => {
    assert.deepEqual(driverNames(MEIZU_DRIVER), { id: 'meizu', platform: 'android', statName: 'mz', environmentScoped: false });
  });

  test('prepareCredential seals the AppSecret and shows AppID and the optional AppKey', () => {
    const prepared = rig.prepare({ ...APP, appId: 100999, appSecret: ` ${APP.appSecret} ` });
    assert.equal(prepared.kind, 'app_secret');
    assert.deepEqual(prepared.secret, APP);
    assert.deepEqual(prepared.meta, { appId: APP.appId, appKey: APP.appKey });
    assert.deepEqual(rig.prepare({ appId: APP.appId, appSecret: APP.appSecret }).meta, { appId: APP.appId });
  });

  test('prepareCredential refuses each malformed field with REQUEST_PARAM_INVALID naming it', () => {
    const prepare = (input: unknown) => () => rig.prepare(input);
    assertHeraldError(prepare({ appSecret: APP.appSecret }), 'REQUEST_PARAM_INVALID', 'appId');
    assertHeraldError(prepare({ ...APP, appId: 'flyme-100999' }), 'REQUEST_PARAM_INVALID', 'appId');
    assertHeraldError(prepare({ appId: APP.appId }), 'REQUEST_PARAM_INVALID', 'appSecret');
    assertHeraldError(prepare({ ...APP, appSecret: 'with space' }), 'REQUEST_PARAM_INVALID', 'appSecret');
    assertHeraldError(prepare({ ...APP, appKey: true }), 'REQUEST_PARAM_INVALID', 'appKey');
    assertHeraldError(prepare('100999:secret'), 'REQUEST_PARAM_INVALID', 'credential');
  });

  test('validateCredential: ok for the registered app, a lasting failure for a wrong AppSecret, transient when unreachable', async () => {
    const { refused } = await rig.checkCredentials(APP, { ...APP, appSecret: 'ffffffffffffffffffffffffffffffff' }, rig.depsWith({ meizuBaseUrl: await closedUrl() }));
    assert.match(refused.reason, /1006/);
  });

  test('a TPNS notification reaches a virtual device with its click activity, collapse key, effects and custom content', async () => {
    rig.emu.registerDevice({ pushId: PUSH_ID, appId: APP.appId });
    const req = rig.push(aliceSays('hello', { expire_time: 7200, collapse_id: 12345 }, {
      ring: 0,
      clearable: 0,
      action: { action_type: 1, activity: '.ChatActivity' },
      custom_content: JSON.stringify({ ext: '{"chatType":1}' }),
    }));
    const built = rig.buildShared(req, '4242');

    await rig.deliver(rig.channel(APP), built.notification, MEIZU_DRIVER.normalizeVendorToken(`${PUSH_ID}\r\n`)!);
    const [got] = rig.emu.inbox(PUSH_ID);
    assert.ok(got);
    assert.equal(got.title, 'Alice');
    assert.equal(got.content, 'hello');
    assert.equal(got.clickType, 1);
    assert.equal(got.activity, `${PKG}.ChatActivity`);
    assert.equal(got.notifyKey, (12345).toString(36));
    assert.deepEqual(got.notificationType, { vibrate: 1, lights: 1, sound: 0 });
    assert.equal(got.clearNoticeBar, 0);
    assert.equal(got.offLine, 1);
    assert.equal(got.validTime, 2);
    assert.deepEqual(got.parameters, { ext: '{"chatType":1}', herald: '{"pid":"4242"}' });
    assert.ok(rig.answers.includes('meizu:200'), `observer saw ${rig.answers.join(',')}`);
  });

  test('a blank title shows the content, as on the Mi and OPPO channels', async () => {
    const pushId = 'J' + '0'.repeat(43) + '1';
    rig.emu.registerDevice({ pushId, appId: APP.appId });
    const req = rig.push({ message: { title: '', content: 'no title here' } });
    await rig.deliver(rig.channel(APP), rig.build(req, '4243').notification, pushId);
    assert.equal(rig.emu.inbox(pushId)[0]?.title, 'no title here');
  });

  test('an in-app message is skipped: Meizu carries no pass-through for TPNS', () => {
    assertSkipped(rig.build(rig.push({ message_type: 'message', message: { title: 'a', content: 'b' } }), '1'), /pass-through/);
  });

  test('normalizeVendorToken trims a pushId and refuses junk', () => {
    assertVendorTokens(MEIZU_DRIVER, [[` ${PUSH_ID} `, PUSH_ID]], ['', '\n', 'ULY6 c59', '魅族', 'x'.repeat(4097)]);
  });
});
