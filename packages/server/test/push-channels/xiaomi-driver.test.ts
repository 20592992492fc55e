import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { XiaomiEmulator } from '@herald/emulators/xiaomi';
import { XIAOMI_DRIVER } from '../../src/push/channels/xiaomi-driver.ts';
import { assertHeraldError } from '../push-model/helpers.ts';
import { aliceSays, assertVendorTokens, closedUrl, driverNames, driverRig } from './driver-test-kit.ts';

const PKG = 'com.example.herald';
const SECRET = 'c2VjcmV0LXhpYW9taS1hcHA=';
const FORM = { appSecret: ` ${SECRET} `, appId: '2882303761517', appKey: '5601758899517' };
// 16:00 in Beijing.
const AFTERNOON = Date.UTC(2024, 4, 31, 8, 0, 0);

describe('Xiaomi driver against the Mi Push emulator', () => {
  const register = (emu: XiaomiEmulator) => emu.registerApp({ appSecret: SECRET, packageNames: [PKG], channelIds: ['im_chat'] });
  const rig = driverRig('xiaomi', XIAOMI_DRIVER, { now: AFTERNOON, app: { bundle_id: PKG }, register });

  test('names: xiaomi, android, TPNS "xm", one credential for both environments', () => {
    assert.deepEqual(driverNames(XIAOMI_DRIVER), { id: 'xiaomi', platform: 'android', statName: 'xm', environmentScoped: false });
  });

  test('prepareCredential keeps the AppSecret sealed, shows the ids, and takes the package from the app', () => {
    const prepared = rig.prepare({ ...FORM, packageName: 'com.someone.else' });
    assert.equal(prepared.kind, 'app_secret');
    assert.deepEqual(prepared.secret, { appSecret: SECRET, appId: FORM.appId, appKey: FORM.appKey });
    assert.deepEqual(prepared.meta, { packageName: PKG, appId: FORM.appId, appKey: FORM.appKey });
    assert.ok(!JSON.stringify(prepared.meta).includes(SECRET));
    assert.deepEqual(rig.prepare({ appSecret: SECRET }).meta, { packageName: PKG });
  });

  test('prepareCredential refuses each malformed field with REQUEST_PARAM_INVALID naming it', () => {
    const prepare = (input: unknown, app = rig.app) => () => XIAOMI_DRIVER.prepareCredential(input, app, rig.deps);
    assertHeraldError(prepare({ appId: FORM.appId }), 'REQUEST_PARAM_INVALID', 'appSecret');
    assertHeraldError(prepare({ appSecret: 'has space' }), 'REQUEST_PARAM_INVALID', 'appSecret');
    assertHeraldError(prepare({ appSecret: 42 }), 'REQUEST_PARAM_INVALID', 'appSecret');
    assertHeraldError(prepare({ appSecret: SECRET, appId: 'abc' }), 'REQUEST_PARAM_INVALID', 'appId');
    assertHeraldError(prepare({ appSecret: SECRET, appKey: 'k-1' }), 'REQUEST_PARAM_INVALID', 'appKey');
    assertHeraldError(prepare('not an object'), 'REQUEST_PARAM_INVALID', 'credential');
    assertHeraldError(prepare({ appSecret: SECRET }, { ...rig.app, bundle_id: 'https://example.com' }), 'REQUEST_PARAM_INVALID', 'bundle_id');
  });

  test('validateCredential: ok for the registered secret, a lasting failure for a wrong one, transient when unreachable', async () => {
    const { refused } = await rig.checkCredentials(FORM, { appSecret: 'd3Jvbmctc2VjcmV0LXhpYW9taQ==' }, rig.depsWith({ xiaomiBaseUrl: await closedUrl() }));
    assert.match(refused.reason, /21301/);
  });

  test('a TPNS notification reaches a virtual device with its Mi channel, click action and custom content', async () => {
    const regId = 'c1Xr6XDRJ6yRHb2X2Gf2kiuR6kGHEn2ZQ0dsKd/8f2s=';
    rig.emu.registerDevice({ regId, packageName: PKG });
    const channel = rig.open(rig.prepare(FORM).secret);
    const req = rig.push(aliceSays('hello', { expire_time: 3600 }, {
      xm_ch_id: 'im_chat',
      vibrate: 0,
      action: { action_type: 2, browser: { url: 'https://example.com/chat' } },
      custom_content: JSON.stringify({ ext: '{"chatType":1}' }),
    }));
    const built = rig.buildShared(req, '4242');
    assert.equal(built.nextBadge, undefined);

    await rig.deliver(channel, built.notification, XIAOMI_DRIVER.normalizeVendorToken(` ${regId}\n`)!);
    const [got] = rig.emu.inbox(regId);
    assert.ok(got);
    assert.equal(got.packageName, PKG);
    assert.equal(got.passThrough, false);
    assert.equal(got.title, 'Alice');
    assert.equal(got.description, 'hello');
    assert.equal(got.notifyType, 5);
    assert.equal(got.extra['channel_id'], 'im_chat');
    assert.equal(got.extra['notify_effect'], '3');
    assert.equal(got.extra['web_uri'], 'https://example.com/chat');
    assert.equal(got.extra['ext'], '{"chatType":1}');
    assert.deepEqual(JSON.parse(got.payload ?? '{}'), { ext: '{"chatType":1}', herald: { pid: '4242' } });
    assert.ok(rig.answers.includes('xiaomi:200'), `observer saw ${rig.answers.join(',')}`);
  });

  test('an in-app message travels as a Mi pass-through message', async () => {
    const regId = 'pt0Xr6XDRJ6yRHb2X2Gf2kiuR6kGHEn2ZQ0dsKd/8f2s=';
    rig.emu.registerDevice({ regId, packageName: PKG });
    const channel = rig.open(rig.prepare(FORM).secret);
    const req = rig.push({ message_type: 'message', message: { title: 'sync', content: 'inbox changed' } });
    await rig.deliver(channel, rig.build(req, '4243').notification, regId);
    const [got] = rig.emu.inbox(regId);
    assert.equal(got?.passThrough, true);
    assert.deepEqual(JSON.parse(got?.payload ?? '{}'), { title: 'sync', content: 'inbox changed', herald: { pid: '4243' } });
  });

  test('normalizeVendorToken trims a regId and refuses junk', () => {
    const regId = 'c1Xr6XDRJ6yRHb2X2Gf2kiuR6kGHEn2ZQ0dsKd/8f2s=';
    assertVendorTokens(XIAOMI_DRIVER, [[`  ${regId}\n`, regId]], ['', '   ', 'two words', 'tab\there', '小米', 'x'.repeat(4097)]);
  });
});
