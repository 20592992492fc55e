import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, it } from 'node:test';
import type { HuaweiEmulator } from '@herald/emulators/huawei';
import { HUAWEI_DRIVER } from '../../src/push/channels/huawei-driver.ts';
import { assertHeraldError } from '../push-model/helpers.ts';
import { aliceSays, assertVendorTokens, closedUrl, driverRig } from './driver-test-kit.ts';

const APP_ID = '104000001';
const CLIENT_SECRET = 'f00dcafe0123456789abcdef00112233';

/** The shape of a Huawei push token: "IQAAAACy0…", about 130 characters. */
function huaweiToken(): string {
  return `IQAAAACy0${randomBytes(90).toString('base64url')}`;
}

describe('Huawei driver against the Huawei emulator', () => {
  const register = (emu: HuaweiEmulator) => emu.registerApp({ appId: APP_ID, clientSecret: CLIENT_SECRET });
  const rig = driverRig('huawei', HUAWEI_DRIVER, { now: Math.floor(Date.now() / 1000) * 1000, register });
  beforeEach(() => rig.emu.reset());

  describe('prepareCredential', () => {
    it('takes APPID and Client Secret (numbers as digits too) and shows only the ids', () => {
      const prepared = rig.prepare({ appId: Number(APP_ID), clientSecret: ` ${CLIENT_SECRET} ` });
      assert.equal(prepared.kind, 'client_secret');
      assert.deepEqual(prepared.meta, { appId: APP_ID });
      assert.deepEqual(prepared.secret, { appId: APP_ID, clientSecret: CLIENT_SECRET });

      const full = rig.prepare({ appId: APP_ID, clientId: '108000009', clientSecret: CLIENT_SECRET, badgeClass: 'com.example.chat.MainActivity' });
      assert.deepEqual(full.meta, { appId: APP_ID, clientId: '108000009', badgeClass: 'com.example.chat.MainActivity' });
      assert.ok(!JSON.stringify(full.meta).includes(CLIENT_SECRET));
    });

    it('refuses a malformed form with REQUEST_PARAM_INVALID naming the field', () => {
      const prepare = (input: unknown) => () => rig.prepare(input);
      const good = { appId: APP_ID, clientSecret: CLIENT_SECRET };
      assertHeraldError(prepare(null), 'REQUEST_PARAM_INVALID', 'credential');
      assertHeraldError(prepare('appId=1'), 'REQUEST_PARAM_INVALID', 'credential');
      assertHeraldError(prepare({ clientSecret: CLIENT_SECRET }), 'REQUEST_PARAM_INVALID', 'appId');
      assertHeraldError(prepare({ ...good, appId: 'com.example' }), 'REQUEST_PARAM_INVALID', 'appId');
      assertHeraldError(prepare({ appId: APP_ID }), 'REQUEST_PARAM_INVALID', 'clientSecret');
      assertHeraldError(prepare({ ...good, clientSecret: 'has a space' }), 'REQUEST_PARAM_INVALID', 'clientSecret');
      assertHeraldError(prepare({ ...good, clientSecret: 12345 }), 'REQUEST_PARAM_INVALID', 'clientSecret');
      assertHeraldError(prepare({ ...good, clientId: 'client-x' }), 'REQUEST_PARAM_INVALID', 'clientId');
      assertHeraldError(prepare({ ...good, badgeClass: 'MainActivity' }), 'REQUEST_PARAM_INVALID', 'badgeClass');
    });
  });

  describe('validateCredential', () => {
    it('is ok for the registered app, refused (not transient) for a wrong secret, transient when unreachable', async () => {
      const good = { appId: APP_ID, clientSecret: CLIENT_SECRET };
      const { refused } = await rig.checkCredentials(good, { ...good, clientSecret: 'not-the-secret' }, rig.depsWith({ huaweiAuthUrl: await closedUrl('https') }));
      assert.match(refused.reason, /^OAuth:1101/);

      assert.deepEqual(await HUAWEI_DRIVER.validateCredential({ appId: 'x' }, rig.app, rig.deps), {
        ok: false,
        reason: 'stored credential unreadable: huawei.appId: must be 1 to 64 digits',
        transient: false,
      });
    });
  });

  describe('createChannel + buildNotification', () => {
    it('delivers a TPNS push with the Huawei fields it set to the emulator device', async () => {
      const channel = rig.channel({ appId: APP_ID, clientSecret: CLIENT_SECRET });
      const vendorToken = huaweiToken();
      rig.emu.registerDevice({ token: vendorToken, appId: APP_ID });
      const req = rig.push(aliceSays('Lunch at noon?', { expire_time: 3600, collapse_id: 7 }, {
        hw_ch_id: 'chat',
        hw_category: 'IM',
        hw_importance: 2,
        badge_type: -2,
        action: { action_type: 1, activity: '.ChatActivity' },
        custom_content: '{"room":7}',
      }));
      const built = rig.buildShared(req, '9002', 4);
      assert.equal(built.nextBadge, undefined);

      await rig.deliver(channel, built.notification, vendorToken);
      const [received] = rig.emu.inbox(vendorToken);
      assert.ok(received !== undefined);
      const android = received.message['android'] as Record<string, unknown>;
      assert.equal(android['category'], 'IM');
      assert.equal(android['ttl'], '3600s');
      const notification = android['notification'] as Record<string, unknown>;
      assert.equal(notification['title'], 'Alice');
      assert.equal(notification['body'], 'Lunch at noon?');
      assert.equal(notification['channel_id'], 'chat');
      assert.equal(notification['importance'], 'NORMAL');
      assert.equal(notification['notify_id'], 7);
      const click = notification['click_action'] as Record<string, unknown>;
      assert.equal(click['type'], 1);
      assert.match(String(click['intent']), /component=com\.example\.chat\/com\.example\.chat\.ChatActivity;/);
      assert.deepEqual(JSON.parse(String(received.message['data'])), { room: 7, herald: { pid: '9002' } });
    });
  });

  describe('normalizeVendorToken', () => {
    it('keeps a real-shaped token (trimmed) and refuses junk', () => {
      const token = huaweiToken();
      assertVendorTokens(HUAWEI_DRIVER, [[token, token], [`\t${token} `, token]], ['', '   ', 'two words', 'tab\tinside', 'ünicode', 'x'.repeat(4097)]);
    });
  });
});
