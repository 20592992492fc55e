import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OPPO_DRIVER } from '../../src/push/channels/oppo-driver.ts';
import { assertHeraldError } from '../push-model/helpers.ts';
import { aliceSays, assertSkipped, assertVendorTokens, closedUrl, driverNames, driverRig } from './driver-test-kit.ts';

const APP_KEY = 'bc6b7Ab0a8cE4f2d8f0a3d0e';
const MASTER_SECRET = '9f8a4c52e1b24e3f9a8b7c6d5e4f3a2b';
const APP_SECRET = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const FORM = { appKey: APP_KEY, masterSecret: ` ${MASTER_SECRET} `, appSecret: APP_SECRET, appId: '30012345' };
const ON_BOTH_HOSTS = { appKey: APP_KEY, masterSecret: MASTER_SECRET, appId: '30012345', channelIds: ['im_private'] };

describe('OPPO driver against the OPPO push emulators (China and overseas hosts)', () => {
  const rig = driverRig('oppo', OPPO_DRIVER, {
    // 16:00 in Beijing.
    now: Date.UTC(2024, 4, 31, 8, 0, 0),
    app: { bundle_id: 'com.example.herald' },
    register: ({ cn, intl }) => [cn, intl].forEach((host) => host.registerApp(ON_BOTH_HOSTS)),
  });

  test('names: oppo, android, TPNS "oppo", one credential for both environments', () => {
    assert.deepEqual(driverNames(OPPO_DRIVER), { id: 'oppo', platform: 'android', statName: 'oppo', environmentScoped: false });
  });

  test('prepareCredential seals AppKey, MasterSecret and the optional AppSecret, and shows only the ids', () => {
    const prepared = rig.prepare(FORM);
    assert.equal(prepared.kind, 'master_secret');
    assert.deepEqual(prepared.secret, { appKey: APP_KEY, masterSecret: MASTER_SECRET, appSecret: APP_SECRET, appId: '30012345' });
    assert.deepEqual(prepared.meta, { appKey: APP_KEY, appId: '30012345' });
    assert.deepEqual(rig.prepare({ appKey: APP_KEY, masterSecret: MASTER_SECRET }).meta, { appKey: APP_KEY });
  });

  test('prepareCredential refuses each malformed field with REQUEST_PARAM_INVALID naming it', () => {
    const prepare = (input: unknown) => () => rig.prepare(input);
    assertHeraldError(prepare({ masterSecret: MASTER_SECRET }), 'REQUEST_PARAM_INVALID', 'appKey');
    assertHeraldError(prepare({ appKey: 'has space', masterSecret: MASTER_SECRET }), 'REQUEST_PARAM_INVALID', 'appKey');
    assertHeraldError(prepare({ appKey: APP_KEY }), 'REQUEST_PARAM_INVALID', 'masterSecret');
    assertHeraldError(prepare({ appKey: APP_KEY, masterSecret: 12345 }), 'REQUEST_PARAM_INVALID', 'masterSecret');
    assertHeraldError(prepare({ appKey: APP_KEY, masterSecret: MASTER_SECRET, appSecret: '秘密' }), 'REQUEST_PARAM_INVALID', 'appSecret');
    assertHeraldError(prepare([FORM]), 'REQUEST_PARAM_INVALID', 'credential');
  });

  test('validateCredential: ok for the registered app, a lasting failure for a wrong MasterSecret, transient when unreachable', async () => {
    await rig.checkCredentials(FORM, { appKey: APP_KEY, masterSecret: 'ffffffffffffffffffffffffffffffff' }, rig.depsWith({ oppoBaseUrl: await closedUrl() }));
  });

  test('a TPNS notification reaches China and overseas devices with its OPPO channel, click action and entity', async () => {
    const china = 'CN_' + '0123456789abcdef'.repeat(2);
    const overseas = 'EU_' + 'fedcba9876543210'.repeat(2);
    rig.emu.cn.registerDevice({ registrationId: china, appKey: APP_KEY });
    rig.emu.intl.registerDevice({ registrationId: overseas, appKey: APP_KEY });
    const ext = JSON.stringify({ entity: { chatType: 1, sender: 'alice' } });
    const action = { action_type: 1, activity: 'com.example.herald.ChatActivity' };
    const req = rig.push(aliceSays('hello', { expire_time: 7200 }, { oppo_ch_id: 'im_private', action, custom_content: JSON.stringify({ ext }) }));
    const built = rig.buildShared(req, '4242');

    await rig.deliver(rig.channel(FORM), built.notification, ...[china, overseas].map((t) => OPPO_DRIVER.normalizeVendorToken(t)!));
    for (const [emu, id] of [[rig.emu.cn, china], [rig.emu.intl, overseas]] as const) {
      const [got] = emu.inbox(id);
      assert.ok(got, `nothing arrived for ${id}`);
      assert.equal(got.title, 'Alice');
      assert.equal(got.content, 'hello');
      assert.equal(got.channelId, 'im_private');
      assert.equal(got.clickActionType, 4);
      assert.equal(got.notification['click_action_activity'], 'com.example.herald.ChatActivity');
      assert.deepEqual(got.actionParameters, { ext, entity: JSON.stringify({ chatType: 1, sender: 'alice' }), herald: '{"pid":"4242"}' });
      assert.equal(got.notification['off_line_ttl'], 7200);
    }
    assert.ok(rig.answers.includes('oppo:200'), `observer saw ${rig.answers.join(',')}`);
  });

  test('what OPPO cannot carry is skipped with the reason: in-app messages, collapse without force_collapse', () => {
    const build = (body: Record<string, unknown>) => rig.build(rig.push(body), '1');
    assertSkipped(build({ message_type: 'message', message: { title: 'sync', content: 'x' } }), /pass-through/);
    assertSkipped(build({ collapse_id: 7, message: { title: 'a', content: 'b' } }), /force_collapse/);
    assert.ok(build({ collapse_id: 7, force_collapse: true, message: { title: 'a', content: 'b' } }).notification);
  });

  test('normalizeVendorToken trims a registration id and refuses junk', () => {
    const kept = [
      [' OPPO_CN_0123456789abcdef0123456789abcdef \n', 'OPPO_CN_0123456789abcdef0123456789abcdef'],
      ['0123456789abcdef0123456789abcdef', '0123456789abcdef0123456789abcdef'],
    ] as const;
    assertVendorTokens(OPPO_DRIVER, kept, ['', '  ', 'CN_ 0123', 'id\u0000', 'ö'.repeat(3), 'x'.repeat(4097)]);
  });
});
