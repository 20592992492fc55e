import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, it } from 'node:test';
import { HONOR_DRIVER } from '../../src/push/channels/honor-driver.ts';
import { assertHeraldError } from '../push-model/helpers.ts';
import { assertVendorTokens, closedUrl, driverRig } from './driver-test-kit.ts';

const FORM = { appId: '104400001', clientId: 'c0ffee00c0ffee00c0ffee00c0ffee00', clientSecret: 'h0n0r-s3cret-0123456789' };

function honorToken(): string {
  return `BAEAAAAAB${randomBytes(90).toString('base64url')}`;
}

describe('Honor driver against the Honor emulator', () => {
  const rig = driverRig('honor', HONOR_DRIVER, { now: Math.floor(Date.now() / 1000) * 1000, register: (emu) => emu.registerApp(FORM) });
  beforeEach(() => rig.emu.reset());

  describe('prepareCredential', () => {
    it('takes AppId, ClientId and SecretKey and shows only the ids', () => {
      const prepared = rig.prepare({ ...FORM, appId: Number(FORM.appId) });
      assert.equal(prepared.kind, 'client_secret');
      assert.deepEqual(prepared.meta, { appId: FORM.appId, clientId: FORM.clientId });
      assert.deepEqual(prepared.secret, FORM);
      const withBadge = rig.prepare({ ...FORM, badgeClass: 'com.example.chat.MainActivity' });
      assert.deepEqual(withBadge.meta, { appId: FORM.appId, clientId: FORM.clientId, badgeClass: 'com.example.chat.MainActivity' });
      assert.ok(!JSON.stringify(withBadge.meta).includes(FORM.clientSecret));
    });

    it('refuses a malformed form with REQUEST_PARAM_INVALID naming the field', () => {
      const prepare = (input: unknown) => () => rig.prepare(input);
      assertHeraldError(prepare(undefined), 'REQUEST_PARAM_INVALID', 'credential');
      assertHeraldError(prepare([FORM]), 'REQUEST_PARAM_INVALID', 'credential');
      assertHeraldError(prepare({ ...FORM, appId: undefined }), 'REQUEST_PARAM_INVALID', 'appId');
      assertHeraldError(prepare({ ...FORM, appId: 'honor-app' }), 'REQUEST_PARAM_INVALID', 'appId');
      assertHeraldError(prepare({ ...FORM, clientId: '' }), 'REQUEST_PARAM_INVALID', 'clientId');
      assertHeraldError(prepare({ ...FORM, clientId: 'with space' }), 'REQUEST_PARAM_INVALID', 'clientId');
      assertHeraldError(prepare({ ...FORM, clientSecret: null }), 'REQUEST_PARAM_INVALID', 'clientSecret');
      assertHeraldError(prepare({ ...FORM, clientSecret: 'x'.repeat(257) }), 'REQUEST_PARAM_INVALID', 'clientSecret');
      assertHeraldError(prepare({ ...FORM, badgeClass: 'com..Main' }), 'REQUEST_PARAM_INVALID', 'badgeClass');
    });
  });

  describe('validateCredential', () => {
    it('is ok for the registered app, refused (not transient) for a wrong secret, transient when unreachable', async () => {
      const { refused } = await rig.checkCredentials(FORM, { ...FORM, clientSecret: 'not-the-secret' }, rig.depsWith({ honorAuthUrl: await closedUrl('https') }));
      assert.deepEqual(refused, { ok: false, reason: 'OAuth:invalid_client', transient: false });
    });
  });

  describe('createChannel + buildNotification', () => {
    it('delivers a TPNS push with the fields it set, in Honor\'s spelling, to the emulator device', async () => {
      const channel = rig.channel(FORM);
      const vendorToken = honorToken();
      rig.emu.registerDevice({ token: vendorToken, appId: FORM.appId });
      const req = rig.push({
        expire_time: 3600,
        collapse_id: 12,
        message: {
          title: 'Bob',
          content: 'Call me back',
          android: {
            icon_type: 1,
            icon_res: 'https://cdn.example.com/bob.png',
            action: { action_type: 2, browser: { url: 'https://example.com/calls/bob' } },
            custom_content: '{"call":"bob"}',
          },
        },
      });
      const built = rig.buildShared(req, '9003');

      await rig.deliver(channel, built.notification, vendorToken);
      const [received] = rig.emu.inbox(vendorToken);
      assert.ok(received !== undefined);
      assert.equal(received.timestamp, rig.now);
      const android = received.body['android'] as Record<string, unknown>;
      assert.equal(android['ttl'], '3600s');
      assert.deepEqual(android['notification'], {
        title: 'Bob',
        body: 'Call me back',
        clickAction: { type: 2, url: 'https://example.com/calls/bob' },
        image: 'https://cdn.example.com/bob.png',
        notifyId: 12,
      });
      assert.deepEqual(JSON.parse(String(received.body['data'])), { call: 'bob', herald: { pid: '9003' } });
    });
  });

  describe('normalizeVendorToken', () => {
    it('keeps a real-shaped token (trimmed) and refuses junk', () => {
      const token = honorToken();
      assertVendorTokens(HONOR_DRIVER, [[`${token}\n`, token]], ['', 'a b', 'ключ', '\u0000abc', 'y'.repeat(4097)]);
    });
  });
});
