/**
 * VoIP pushes through `/v3/push/app` (`message.ios.push_type: "voip"`) on the APNs emulator, on SQLite and on
 * PostgreSQL: a `.p8` key sends them to `<bundle>.voip` itself; a `.p12` push certificate without that topic
 * fails them per device, clearly and without pausing the app's other pushes, until a VoIP Services certificate
 * is uploaded to the credential's `voip` slot; a certificate listing the topic needs no second one. The
 * emulator refuses what APNs refuses (wrong topic or push type, a token of the wrong kind, a certificate
 * without the topic), so a delivery here is one APNs would accept.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { generateP8, makeP12, type ReceivedNotification } from '@herald/emulators';
import { createMemoryStorage, createPushClient } from '@herald/sdk/push';
import { createTestPostgresStore, type TestStore } from '../store/test-stores.ts';
import { startE2e, waitUntil, type E2e, type E2eApp, type JsonReply } from '../e2e/e2e-harness.ts';

const TEAM_ID = 'VOIPTEAM01';
const PASSWORD = 'p12-pass';
const DONE = ['PUSH_FINISHED', 'PUSH_FAILED'];

const stores: Array<{ name: string; open(): Promise<TestStore | undefined> }> = [
  { name: 'SQLite', open: async () => undefined },
  { name: 'PostgreSQL', open: () => createTestPostgresStore() },
];

interface Handset {
  /** Herald's token for the device. */
  token: string;
  /** The token on the emulator: the app's APNs token, or its PushKit token. */
  vendorToken: string;
}

for (const kind of stores) {
  describe(`APNs VoIP pushes through /v3/push/app (${kind.name})`, () => {
    let e: E2e;
    let pg: TestStore | undefined;

    before(async () => {
      pg = await kind.open();
      e = await startE2e(pg ? { store: pg.store } : {});
    });
    after(async () => {
      await e?.close();
      await pg?.cleanup();
    });

    /** A device of `app` on the emulator and in Herald; `voip` makes it a PushKit token (topic `<bundle>.voip`). */
    async function handset(app: E2eApp, voip: boolean): Promise<Handset> {
      const vendorToken = randomBytes(32).toString('hex');
      e.emulator.registerDevice({ token: vendorToken, topic: voip ? `${app.bundleId}.voip` : app.bundleId, environment: 'product' });
      const sdk = createPushClient({ accessId: app.accessId, accessKey: app.accessKey, endpoint: e.server.url, storage: createMemoryStorage() });
      const token = await sdk.register({ vendorToken, environment: 'product', appVersion: '1.0.0', locale: 'en_US', timeZone: 'Asia/Shanghai' });
      return { token, vendorToken };
    }

    async function uploadP12(app: E2eApp, cert: { keyPem: string; certPem: string }, slot?: 'voip', environment = 'product'): Promise<JsonReply> {
      const p12 = makeP12({ keyPem: cert.keyPem, certPem: cert.certPem, password: PASSWORD });
      return e.admin('PUT', `/apps/${app.accessId}/credentials/apns/${environment}`, {
        kind: 'p12', p12: p12.toString('base64'), password: PASSWORD, ...(slot === undefined ? {} : { slot }),
      });
    }

    /** Pushes to one device and waits for the task to finish; returns the push id. */
    async function pushTo(app: E2eApp, d: Handset, ios: Record<string, unknown>, text = { title: 'Alice', content: 'is calling' }): Promise<string> {
      const res = await e.tpns(app).basic('/push/app', {
        audience_type: 'token', token_list: [d.token], message_type: 'notify', environment: 'product', message: { ...text, ios },
      });
      assert.equal(res.body['ret_code'], 0, res.text);
      const pushId = String(res.body['push_id']);
      await waitUntil(`push ${pushId} to finish`, async () => {
        const row = await e.server.ctx.store.db.selectFrom('push_task').select('status').where('push_id', '=', pushId).executeTakeFirst();
        return row !== undefined && DONE.includes(row.status) ? row.status : undefined;
      });
      return pushId;
    }

    async function delivery(pushId: string): Promise<{ outcome: string; reason: string | null }> {
      return e.server.ctx.store.db.selectFrom('push_delivery').select(['outcome', 'reason']).where('push_id', '=', pushId).executeTakeFirstOrThrow();
    }

    function lastIn(d: Handset): ReceivedNotification | undefined {
      return e.emulator.inbox(d.vendorToken).at(-1);
    }

    const VOIP = { push_type: 'voip', aps: { sound: 'ring.caf' }, custom_content: JSON.stringify({ ext: '{"call":"c1"}' }) };

    it('a .p8 key sends a VoIP push to the PushKit token: push type voip, the .voip topic, priority 10', async () => {
      const app = await e.createIosProduct('Caller p8', 'com.herald.voip.keyed');
      const p8 = generateP8();
      e.emulator.registerKey({ keyId: p8.keyId, teamId: TEAM_ID, publicKeyPem: p8.publicKeyPem, topics: [app.bundleId] });
      const saved = await e.admin('PUT', `/apps/${app.accessId}/credentials/apns/product`, { kind: 'p8', keyId: p8.keyId, teamId: TEAM_ID, key: p8.privateKeyPem });
      assert.equal(saved.status, 200, saved.text);
      const pushkit = await handset(app, true);
      const phone = await handset(app, false);

      const pushId = await pushTo(app, pushkit, VOIP);
      assert.deepEqual(await delivery(pushId), { outcome: 'delivered', reason: null });
      const got = lastIn(pushkit)!;
      assert.equal(got.pushType, 'voip');
      assert.equal(got.topic, `${app.bundleId}.voip`);
      assert.equal(got.priority, 10);
      assert.deepEqual(got.payload, { ext: '{"call":"c1"}', aps: { alert: { title: 'Alice', body: 'is calling' }, sound: 'ring.caf' }, herald: { pid: pushId } });

      // A VoIP push needs no text; an alert still goes to the app's own token on the bare bundle id.
      const bare = await pushTo(app, pushkit, { push_type: 'voip', custom_content: '{"call":"c2"}' }, {} as { title: string; content: string });
      assert.equal((await delivery(bare)).outcome, 'delivered');
      assert.deepEqual(lastIn(pushkit)?.payload, { call: 'c2', aps: {}, herald: { pid: bare } });
      const alert = await pushTo(app, phone, { aps: {} });
      assert.equal((await delivery(alert)).outcome, 'delivered');
      assert.deepEqual([lastIn(phone)?.pushType, lastIn(phone)?.topic], ['alert', app.bundleId]);
    });

    it('a .p12 without the .voip topic fails VoIP pushes per device, clearly, and keeps sending alerts', async () => {
      const app = await e.createIosProduct('Caller p12', 'com.herald.voip.certified');
      const cert = e.clientPki.issueApnsClientCert({ bundleId: app.bundleId, environment: 'product', teamId: TEAM_ID });
      const saved = await uploadP12(app, cert);
      assert.equal(saved.status, 200, saved.text);
      assert.deepEqual(saved.body['meta']['topics'], [app.bundleId]);
      const pushkit = await handset(app, true);
      const phone = await handset(app, false);

      const before = e.emulator.counters.requests;
      const failed = await pushTo(app, pushkit, VOIP);
      const d = await delivery(failed);
      assert.equal(d.outcome, 'failed');
      assert.match(d.reason ?? '', new RegExp(`^no VoIP certificate: the product \\.p12 cannot push to ${app.bundleId.replace(/\./g, '\\.')}\\.voip`));
      assert.equal(e.emulator.counters.requests, before, 'APNs was not asked');
      assert.equal(e.emulator.inbox(pushkit.vendorToken).length, 0);
      const alert = await pushTo(app, phone, { aps: {} });
      assert.equal((await delivery(alert)).outcome, 'delivered', 'the channel is not paused');

      // The VoIP Services certificate goes to the voip slot; the push certificate is refused there.
      const wrong = await uploadP12(app, cert, 'voip');
      assert.equal(wrong.status, 400, wrong.text);
      assert.equal(wrong.body['code'], 'CREDENTIAL_BUNDLE_MISMATCH');
      assert.match(String(wrong.body['message']), /not com\.herald\.voip\.certified\.voip/);
      const voipCert = e.clientPki.issueApnsVoipCert({ bundleId: app.bundleId, teamId: TEAM_ID });
      const noDev = await uploadP12(app, voipCert, 'voip', 'dev');
      assert.equal(noDev.status, 404, noDev.text);
      assert.equal(noDev.body['code'], 'CREDENTIAL_NOT_FOUND');
      const slotted = await uploadP12(app, voipCert, 'voip');
      assert.equal(slotted.status, 200, slotted.text);
      assert.equal(slotted.body['kind'], 'p12');
      assert.equal(slotted.body['meta']['fingerprint'], cert.fingerprint256);
      assert.equal(slotted.body['meta']['voip']['fingerprint'], voipCert.fingerprint256);
      assert.deepEqual(slotted.body['meta']['voip']['topics'], [`${app.bundleId}.voip`]);
      assert.deepEqual(slotted.body['meta']['topics'], [app.bundleId, `${app.bundleId}.voip`]);
      assert.doesNotMatch(slotted.text, /PRIVATE KEY|BEGIN CERTIFICATE/);

      // The VoIP certificate carries VoIP pushes; the push certificate, which APNs would refuse them on, the rest.
      const sent = await pushTo(app, pushkit, VOIP);
      assert.deepEqual(await delivery(sent), { outcome: 'delivered', reason: null });
      assert.deepEqual([lastIn(pushkit)?.pushType, lastIn(pushkit)?.topic], ['voip', `${app.bundleId}.voip`]);
      const alertAgain = await pushTo(app, phone, { aps: {} });
      assert.equal((await delivery(alertAgain)).outcome, 'delivered');
      assert.equal(e.emulator.counters.rejected['BadTopic'] ?? 0, 0);

      // A renewed push certificate keeps the VoIP certificate; a .p8 key replaces both (it pushes VoIP itself).
      const renewed = e.clientPki.issueApnsClientCert({ bundleId: app.bundleId, environment: 'product', teamId: TEAM_ID });
      const again = await uploadP12(app, renewed);
      assert.equal(again.status, 200, again.text);
      assert.equal(again.body['meta']['voip']['fingerprint'], voipCert.fingerprint256);
      assert.deepEqual(again.body['meta']['topics'], [app.bundleId, `${app.bundleId}.voip`]);
      assert.equal((await delivery(await pushTo(app, pushkit, VOIP))).outcome, 'delivered');
      const p8 = generateP8();
      const keyed = await e.admin('PUT', `/apps/${app.accessId}/credentials/apns/product`, { kind: 'p8', keyId: p8.keyId, teamId: TEAM_ID, key: p8.privateKeyPem });
      assert.equal(keyed.status, 200, keyed.text);
      assert.equal(keyed.body['meta']['voip'], undefined);
      const onKey = await uploadP12(app, voipCert, 'voip');
      assert.equal(onKey.status, 400, onKey.text);
      assert.equal(onKey.body['code'], 'REQUEST_PARAM_INVALID');
      assert.match(String(onKey.body['message']), /^slot: .*\.p8 key/);
    });

    it('a certificate that lists the .voip topic sends VoIP pushes itself', async () => {
      const app = await e.createIosProduct('Caller universal', 'com.herald.voip.universal');
      const cert = e.clientPki.issueApnsClientCert({ bundleId: app.bundleId, environment: 'universal', teamId: TEAM_ID });
      const saved = await uploadP12(app, cert);
      assert.equal(saved.status, 200, saved.text);
      assert.ok((saved.body['meta']['topics'] as string[]).includes(`${app.bundleId}.voip`));
      const pushkit = await handset(app, true);
      const pushId = await pushTo(app, pushkit, VOIP);
      assert.deepEqual(await delivery(pushId), { outcome: 'delivered', reason: null });
      assert.deepEqual([lastIn(pushkit)?.pushType, lastIn(pushkit)?.topic, lastIn(pushkit)?.priority], ['voip', `${app.bundleId}.voip`, 10]);
    });

    it('the voip slot takes a .p12 only, and slot names are checked', async () => {
      const app = await e.createIosProduct('Caller slots', 'com.herald.voip.slots');
      const p8 = generateP8();
      const asKey = await e.admin('PUT', `/apps/${app.accessId}/credentials/apns/product`, { kind: 'p8', keyId: p8.keyId, teamId: TEAM_ID, key: p8.privateKeyPem, slot: 'voip' });
      assert.equal(asKey.status, 400, asKey.text);
      assert.match(String(asKey.body['message']), /^slot: /);
      const unknown = await e.admin('PUT', `/apps/${app.accessId}/credentials/apns/product`, { kind: 'p8', keyId: p8.keyId, teamId: TEAM_ID, key: p8.privateKeyPem, slot: 'pushkit' });
      assert.equal(unknown.status, 400, unknown.text);
      assert.match(String(unknown.body['message']), /^slot: /);
    });
  });
}
