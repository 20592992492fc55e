import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { createFcmServiceAccount } from '@herald/emulators/fcm';
import { FCM_DRIVER } from '../../src/push/channels/fcm-driver.ts';
import { assertHeraldError } from '../push-model/helpers.ts';
import { aliceSays, assertVendorTokens, closedUrl, driverRig } from './driver-test-kit.ts';

const PROJECT = 'herald-driver-test';
const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';

describe('FCM driver against the FCM emulator', () => {
  // The file names Google's endpoint; the configured token URL sends the grant to the emulator instead.
  const account = createFcmServiceAccount({ projectId: PROJECT, tokenUri: GOOGLE_TOKEN_URI });
  const rig = driverRig('fcm', FCM_DRIVER, { now: Math.floor(Date.now() / 1000) * 1000, register: (emu) => emu.registerServiceAccount(account.registration) });
  beforeEach(() => rig.emu.reset());

  describe('prepareCredential', () => {
    it('takes the service-account JSON as an object or as text and shows only the project and account', () => {
      for (const serviceAccount of [account.json, JSON.stringify(account.json)]) {
        const prepared = rig.prepare({ serviceAccount });
        assert.equal(prepared.kind, 'service_account');
        assert.deepEqual(prepared.meta, { project_id: PROJECT, client_email: account.json['client_email'] });
        assert.equal(prepared.secret['project_id'], PROJECT);
        assert.equal(prepared.secret['token_uri'], GOOGLE_TOKEN_URI);
        assert.match(String(prepared.secret['private_key']), /^-----BEGIN PRIVATE KEY-----/);
        assert.ok(!JSON.stringify(prepared.meta).includes('PRIVATE KEY'));
      }
    });

    it('refuses a malformed form with REQUEST_PARAM_INVALID naming the field', () => {
      const prepare = (input: unknown) => () => rig.prepare(input);
      assertHeraldError(prepare('a string'), 'REQUEST_PARAM_INVALID', 'credential');
      assertHeraldError(prepare([account.json]), 'REQUEST_PARAM_INVALID', 'credential');
      assertHeraldError(prepare({}), 'REQUEST_PARAM_INVALID', 'serviceAccount');
      assertHeraldError(prepare({ serviceAccount: '{not json' }), 'REQUEST_PARAM_INVALID', 'serviceAccount');
      assertHeraldError(prepare({ serviceAccount: 42 }), 'REQUEST_PARAM_INVALID', 'serviceAccount');
      const broken: Array<[Record<string, unknown>, RegExp]> = [
        [{ ...account.json, private_key: 'not a key' }, /private_key/],
        [{ ...account.json, project_id: 'Bad Project' }, /project_id/],
        [{ ...account.json, client_email: 'nobody' }, /client_email/],
        [{ ...account.json, type: 'authorized_user' }, /type/],
      ];
      for (const [serviceAccount, why] of broken) {
        assert.throws(prepare({ serviceAccount }), (e: Error) => e.message.startsWith('serviceAccount: ') && why.test(e.message));
      }
    });
  });

  describe('validateCredential', () => {
    it('is ok for the emulator account, refused (not transient) for a wrong key, transient when unreachable', async () => {
      // Same account name, another key: what a revoked or mistyped key looks like to Google.
      const impostor = createFcmServiceAccount({ projectId: PROJECT, tokenUri: GOOGLE_TOKEN_URI });
      const unreachableDeps = rig.depsWith({ fcmTokenUrl: `${await closedUrl()}/token` });
      const { refused, unreachable } = await rig.checkCredentials({ serviceAccount: account.json }, { serviceAccount: impostor.json }, unreachableDeps);
      assert.match(refused.reason, /^invalid_grant: /);
      assert.match(unreachable.reason, /^TokenNetworkError:ECONNREFUSED/);
    });
  });

  describe('createChannel + buildNotification', () => {
    it('delivers a TPNS push with the fields it set to the emulator device', async () => {
      const channel = rig.channel({ serviceAccount: account.json });
      const vendorToken = rig.emu.registerDevice({ projectId: PROJECT, packageName: rig.app.bundle_id });
      const android = { fcm_ch_id: 'chat', ring: 0, small_icon: 'ic_stat_chat', custom_content: '{"room":"7"}' };
      const req = rig.push(aliceSays('Lunch at noon?', { expire_time: 3600, collapse_id: 7 }, android));
      const built = rig.buildShared(req, '9001');
      assert.equal(built.nextBadge, undefined);

      await rig.deliver(channel, built.notification, vendorToken);
      const [received] = rig.emu.inbox(vendorToken);
      assert.ok(received !== undefined);
      const raw = received.raw as Record<string, Record<string, unknown>>;
      assert.deepEqual(raw['notification'], { title: 'Alice', body: 'Lunch at noon?' });
      assert.equal(raw['data']!['room'], '7');
      assert.deepEqual(JSON.parse(String(raw['data']!['herald'])), { pid: '9001' });
      assert.equal(raw['android']!['priority'], 'HIGH');
      assert.equal(raw['android']!['collapse_key'], '7');
      assert.equal(raw['android']!['ttl'], '3600s');
      const notification = raw['android']!['notification'] as Record<string, unknown>;
      assert.equal(notification['channel_id'], 'chat');
      assert.equal(notification['icon'], 'ic_stat_chat');
      assert.equal(notification['tag'], '7');
      assert.equal(notification['default_sound'], undefined);
    });
  });

  describe('normalizeVendorToken', () => {
    it('keeps a real-shaped registration token and refuses junk', () => {
      const token = rig.emu.registerDevice({ projectId: PROJECT });
      const junk = ['', 'abc', 'not a token at all, has spaces and commas', `${token}<script>`, `:${token}`, 'x'.repeat(4097)];
      assertVendorTokens(FCM_DRIVER, [[token, token], [`  ${token}\n`, token]], junk);
    });
  });
});
