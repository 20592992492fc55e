/**
 * The push service's acceptance test, through public interfaces only, on SQLite and on PostgreSQL: products and
 * apps via the management API, a generated .p8 and a legacy RC2-40 .p12 uploaded, phones registered through the
 * SDK with accounts and tags, every audience type pushed through /v3 (Basic and Sign auth), and the APNs
 * emulator's virtual devices checked for exactly the expected notifications, headers and payloads. Then
 * scheduling and cancelling, a 410 token that is never pushed again, receipts in the statistics, and another
 * app's SecretKey refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateP8, makeP12, type ReceivedNotification } from '@herald/emulators';
import { isHeraldClientError } from '@herald/sdk/push';
import { createTestPostgresStore, type TestStore } from '../store/test-stores.ts';
import { startE2e, tpnsTime, waitUntil, type E2e, type E2eApp, type Phone, type TpnsClient } from './e2e-harness.ts';
import { assertAlert, createInboxLedger, type ExpectedAlert, type InboxLedger } from './inbox-ledger.ts';

const TEAM_ID = 'HERALDTEAM';
const P12_PASSWORD = 'keychain-export-pass';
const DONE = ['PUSH_FINISHED', 'PUSH_FAILED', 'PUSH_CANCELED', 'PUSH_DELETED_PUSH_MSG'];

type StatEntry = { channel: string; pushState: Record<string, number> };

const stores: Array<{ name: string; open(): Promise<TestStore | undefined> }> = [
  { name: 'SQLite', open: async () => undefined },
  { name: 'PostgreSQL', open: () => createTestPostgresStore() },
];

for (const kind of stores) {
  describe(`TPNS push flow end to end (${kind.name})`, () => {
    let e: E2e;
    let pg: TestStore | undefined;
    let appA: E2eApp;
    let appB: E2eApp;
    let a: TpnsClient;
    let b: TpnsClient;
    let ledger: InboxLedger;
    const phones: Phone[] = [];
    const byName = new Map<string, Phone>();
    const ph = (name: string): Phone => {
      const p = byName.get(name);
      if (p === undefined) throw new Error(`no phone ${name}`);
      return p;
    };
    const names = (...list: string[]) => list.map(ph);
    let firstAllPushId = '';

    before(async () => {
      pg = await kind.open();
      e = await startE2e(pg ? { store: pg.store } : {});
      ledger = createInboxLedger(e.emulator, () => phones);
    });
    after(async () => {
      await e?.close();
      await pg?.cleanup();
    });

    /** Pushes, checks the reply, waits (bounded) for the task to settle via get_push_record. */
    async function push(client: TpnsClient, auth: 'basic' | 'signed', body: Record<string, unknown>): Promise<{ pushId: string; acceptedAt: number }> {
      const acceptedAt = Date.now();
      const res = await client[auth]('/push/app', body);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body['ret_code'], 0, res.text);
      assert.equal(res.body['environment'], body['environment']);
      const pushId = String(res.body['push_id']);
      assert.match(pushId, /^\d+$/);
      const status = await settle(client, pushId);
      assert.equal(status, 'PUSH_FINISHED');
      return { pushId, acceptedAt };
    }

    async function record(client: TpnsClient, pushId: string): Promise<Record<string, any>> {
      const res = await client.basic('/statistics/get_push_record', { pushId });
      assert.equal(res.body['retCode'], 0, res.text);
      return (res.body['pushRecordData'] as Array<Record<string, any>>)[0]!;
    }

    function settle(client: TpnsClient, pushId: string, timeoutMs = 10_000): Promise<string> {
      return waitUntil(`push ${pushId} to settle`, async () => {
        const status = String((await record(client, pushId))['status']);
        return DONE.includes(status) ? status : undefined;
      }, timeoutMs);
    }

    async function stats(client: TpnsClient, pushId: string): Promise<Record<string, number>> {
      const res = await client.basic('/statistics/get_push_task_stat_channel', { pushId });
      assert.equal(res.body['retCode'], 0, res.text);
      const entries = res.body['pushStatDataAll'] as StatEntry[];
      const apns = entries.find((x) => x.channel === 'apns');
      assert.ok(apns, res.text);
      assert.deepEqual(entries.find((x) => x.channel === 'all')?.pushState, apns.pushState);
      return apns.pushState;
    }

    function expectAlerts(label: string, recipients: Phone[], expected: Omit<ExpectedAlert, 'topic' | 'environment'>, acceptedAt: number, more?: (p: Phone, n: ReceivedNotification) => void): void {
      const got = ledger.expectExactly(label, recipients);
      for (const [p, n] of got) {
        assertAlert(n, { ...expected, topic: p.app.bundleId, environment: p.environment }, acceptedAt);
        more?.(p, n);
      }
    }

    const productA = () => phones.filter((p) => p.app === appA && p.environment === 'product');

    it('creates two products via the management API: a .p8 app for both environments, a legacy .p12 app', async () => {
      appA = await e.createIosProduct('Herald demo', 'com.example.herald');
      appB = await e.createIosProduct('Legacy shop', 'com.example.legacy');
      a = e.tpns(appA);
      b = e.tpns(appB);

      const p8 = generateP8();
      e.emulator.registerKey({ keyId: p8.keyId, teamId: TEAM_ID, publicKeyPem: p8.publicKeyPem, topics: [appA.bundleId] });
      const asJson = await e.admin('PUT', `/apps/${appA.accessId}/credentials/apns/product`, { kind: 'p8', keyId: p8.keyId, teamId: TEAM_ID, key: p8.privateKeyPem });
      assert.equal(asJson.status, 200, asJson.text);
      assert.equal(asJson.body['kind'], 'p8');
      assert.deepEqual(asJson.body['meta']['topics'], [appA.bundleId]);
      const form = new FormData();
      form.set('keyId', p8.keyId);
      form.set('teamId', TEAM_ID);
      form.set('file', new Blob([p8.privateKeyPem]), `AuthKey_${p8.keyId}.p8`);
      const asFile = await e.admin('PUT', `/apps/${appA.accessId}/credentials/apns/dev`, form);
      assert.equal(asFile.status, 200, asFile.text);
      assert.equal(asFile.body['environment'], 'dev');

      const cert = e.clientPki.issueApnsClientCert({ bundleId: appB.bundleId, environment: 'product', teamId: TEAM_ID });
      const p12 = makeP12({ keyPem: cert.keyPem, certPem: cert.certPem, password: P12_PASSWORD, legacy: true, name: `Apple Push Services: ${appB.bundleId}` });
      const certForm = new FormData();
      certForm.set('password', P12_PASSWORD);
      certForm.set('file', new Blob([new Uint8Array(p12)]), 'legacy-push.p12');
      const uploaded = await e.admin('PUT', `/apps/${appB.accessId}/credentials/apns/product`, certForm);
      assert.equal(uploaded.status, 200, uploaded.text);
      assert.equal(uploaded.body['kind'], 'p12');
      assert.equal(uploaded.body['meta']['fingerprint'], cert.fingerprint256);
      assert.deepEqual(uploaded.body['meta']['environments'], ['product']);

      const listed = await e.admin('GET', `/apps/${appA.accessId}/credentials`);
      assert.deepEqual((listed.body['credentials'] as Array<{ environment: string; kind: string }>).map((c) => `${c.environment}:${c.kind}`).sort(), ['dev:p8', 'product:p8']);
      assert.doesNotMatch(listed.text + uploaded.text, /PRIVATE KEY|BEGIN CERTIFICATE/);
    });

    it('registers phones through the SDK and binds accounts and tags', async () => {
      const plan: Array<[string, E2eApp, 'product' | 'dev', Record<number, string>, string[]]> = [
        ['a1', appA, 'product', { 0: 'alice', 1: 'u-1001' }, ['vip', 'beijing']],
        ['a2', appA, 'product', {}, ['vip', 'shanghai']],
        ['a3', appA, 'product', { 0: 'bob' }, ['beijing']],
        ['a4', appA, 'product', { 1002: '+8613711112222' }, ['vip', 'beijing', 'beta']],
        ['a5', appA, 'product', {}, ['shanghai']],
        ['a6', appA, 'product', { 0: 'carol' }, []],
        ['a9', appA, 'product', { 0: 'erin' }, ['vip']],
        ['a10', appA, 'product', {}, ['shanghai']],
        ['a7', appA, 'dev', {}, ['vip']],
        ['a8', appA, 'dev', { 0: 'dave' }, ['beijing']],
        ['b1', appB, 'product', { 0: 'alice' }, []],
        ['b2', appB, 'product', {}, ['vip']],
      ];
      for (const [name, app, environment, accounts, tags] of plan) {
        const phone = await e.addPhone(name, app, environment);
        assert.match(phone.token, /^[0-9a-f]{36}$/);
        phones.push(phone);
        byName.set(name, phone);
        if (Object.keys(accounts).length > 0) await phone.sdk.upsertAccounts(accounts);
        if (tags.length > 0) {
          const page = await phone.sdk.appendTags(tags);
          assert.equal(page.total, tags.length);
        }
      }
      // alice's second product device is bound after the first (account_push_type 0 picks it); then a dev device.
      const firstBound = Date.now();
      await waitUntil('the clock to move past the first binding', () => (Date.now() > firstBound ? true : undefined), 1000);
      const a2Accounts = await ph('a2').sdk.upsertAccounts({ 0: 'alice', 1005: 'alice@example.com' });
      assert.deepEqual(a2Accounts.map((x) => `${x.accountType}:${x.account}`).sort(), ['0:alice', '1005:alice@example.com']);
      await ph('a7').sdk.upsertAccounts({ 0: 'alice' });
      // The SDK's other verbs: replace tags, and query what is bound.
      assert.deepEqual((await ph('a10').sdk.clearAndAppendTags(['shanghai', 'beta'])).tags.sort(), ['beta', 'shanghai']);
      assert.deepEqual((await ph('a4').sdk.queryTags()).tags.sort(), ['beijing', 'beta', 'vip']);
      assert.deepEqual(await ph('a3').sdk.queryAccounts(), [{ accountType: 0, account: 'bob' }]);

      // The server API sees the same bindings (Sign auth).
      const query = await a.signed('/device/account/query', { operator_type: 1, account_list: [{ account: 'alice', account_type: 0 }] });
      assert.equal(query.body['retCode'], 0, query.text);
      const aliceTokens = (query.body['account_tokens'] as Array<{ token_list: string[] }>)[0]!.token_list;
      assert.deepEqual([...aliceTokens].sort(), names('a1', 'a2', 'a7').map((p) => p.token).sort(), 'b1 is another app\'s alice');
    });

    it('all (product, Sign auth): every product device of the app, nothing else; headers and payload as asked', async () => {
      const body = {
        audience_type: 'all', message_type: 'notify', environment: 'product', expire_time: 3600,
        message: { title: 'Welcome', content: 'Hello from Herald', ios: { aps: { sound: 'default', badge_type: 3 }, custom_content: '{"route":"home","n":1}' } },
      };
      const { pushId, acceptedAt } = await push(a, 'signed', body);
      firstAllPushId = pushId;
      expectAlerts('all/product', productA(), { pushId, title: 'Welcome', body: 'Hello from Herald', badge: 3, sound: 'default', custom: { route: 'home', n: 1 }, expireTime: 3600 }, acceptedAt, (_p, n) => {
        assert.equal((n.payload as any).aps['mutable-content'], 1);
        assert.equal((n.payload as any).aps['badge_type'], undefined);
      });
      const s = await stats(a, pushId);
      assert.equal(s['pushActiveUv'], 8);
      assert.equal(s['pushOnlineUv'], 8);
      const r = await record(a, pushId);
      assert.equal(r['pushType'], 'all');
      assert.equal(r['title'], 'Welcome');
      assert.equal(r['environment'], 'product');
    });

    it('all (dev, Basic auth): only the sandbox devices, over the sandbox listener', async () => {
      const { pushId, acceptedAt } = await push(a, 'basic', { audience_type: 'all', message_type: 'notify', environment: 'dev', message: { title: 'Dev', content: 'Sandbox build', ios: { aps: {} } } });
      expectAlerts('all/dev', names('a7', 'a8'), { pushId, title: 'Dev', body: 'Sandbox build', expireTime: 86_400 }, acceptedAt);
    });

    it('tag: tag_rules with OR, AND and NOT at item and rule level', async () => {
      // (vip AND NOT beijing) OR (shanghai OR beta)
      const either = await push(a, 'signed', {
        audience_type: 'tag', message_type: 'notify', environment: 'product',
        message: { title: 'Tags', content: 'either', ios: { aps: {} } },
        tag_rules: [
          { operator: 'OR', is_not: false, tag_items: [
            { tags: ['vip'], is_not: false, tags_operator: 'OR', items_operator: 'OR', tag_type: 'xg_user_define' },
            { tags: ['beijing'], is_not: true, tags_operator: 'OR', items_operator: 'AND', tag_type: 'xg_user_define' },
          ] },
          { operator: 'OR', is_not: false, tag_items: [{ tags: ['shanghai', 'beta'], is_not: false, tags_operator: 'OR', items_operator: 'OR', tag_type: 'xg_user_define' }] },
        ],
      });
      expectAlerts('tag OR/NOT', names('a2', 'a4', 'a5', 'a9', 'a10'), { pushId: either.pushId, title: 'Tags', body: 'either', expireTime: 86_400 }, either.acceptedAt);

      // (vip AND beijing) AND NOT (beta)
      const both = await push(a, 'basic', {
        audience_type: 'tag', message_type: 'notify', environment: 'product',
        message: { title: 'Tags', content: 'both', ios: { aps: {} } },
        tag_rules: [
          { operator: 'OR', is_not: false, tag_items: [{ tags: ['vip', 'beijing'], is_not: false, tags_operator: 'AND', items_operator: 'OR', tag_type: 'xg_user_define' }] },
          { operator: 'AND', is_not: true, tag_items: [{ tags: ['beta'], is_not: false, tags_operator: 'OR', items_operator: 'OR', tag_type: 'xg_user_define' }] },
        ],
      });
      expectAlerts('tag AND/NOT', names('a1'), { pushId: both.pushId, title: 'Tags', body: 'both', expireTime: 86_400 }, both.acceptedAt);
    });

    it('token and token_list: collapse id, badge +1 from the SDK-synced badge, foreign tokens refused or listed', async () => {
      const one = await push(a, 'signed', {
        audience_type: 'token', token_list: [ph('a3').token], message_type: 'notify', environment: 'product', collapse_id: 4242, expire_time: 900, seq: 17,
        message: { title: 'Just you', content: 'a3 only', ios: { aps: { sound: 'chime.aiff', badge_type: 7 }, custom_content: '{"order":{"id":99}}' } },
      });
      expectAlerts('token', names('a3'), { pushId: one.pushId, title: 'Just you', body: 'a3 only', badge: 7, sound: 'chime.aiff', custom: { order: { id: 99 } }, collapseId: '4242', expireTime: 900 }, one.acceptedAt);

      await ph('a1').sdk.setBadge(5);
      const foreign = await a.basic('/push/app', { audience_type: 'token_list', token_list: [ph('a1').token, ph('b1').token], message_type: 'notify', environment: 'product', message: { title: 'x', content: 'y', ios: { aps: {} } } });
      assert.equal(foreign.body['ret_code'], 10010005, foreign.text);
      const list = await a.basic('/push/app', {
        audience_type: 'token_list', token_list: [ph('a1').token, ph('a5').token, ph('b1').token, ph('a7').token], ignore_invalid_token: 1,
        message_type: 'notify', environment: 'product', message: { title: 'Some of you', content: 'listed', ios: { aps: { badge_type: -2 } } },
      });
      assert.equal(list.body['ret_code'], 0, list.text);
      assert.deepEqual(list.body['invalid_targe_list'], [ph('b1').token, ph('a7').token], 'another app\'s token and a sandbox token');
      const listId = String(list.body['push_id']);
      assert.equal(await settle(a, listId), 'PUSH_FINISHED');
      const got = ledger.expectExactly('token_list', names('a1', 'a5'));
      assert.equal((got.get(ph('a1'))!.payload as any).aps.badge, 6);
      // a5's counter was set to 3 by the first `all` push (badge_type 3).
      assert.equal((got.get(ph('a5'))!.payload as any).aps.badge, 4);
      for (const n of got.values()) assert.equal((n.payload as any).herald.pid, listId);
    });

    it('account and account_list: account_push_type 0 (latest device) vs 1 (all), several account types', async () => {
      const latest = await push(a, 'basic', { audience_type: 'account', account_list: ['alice'], message_type: 'notify', environment: 'product', message: { title: 'Alice', content: 'latest', ios: { aps: {} } } });
      expectAlerts('account push_type 0', names('a2'), { pushId: latest.pushId, title: 'Alice', body: 'latest', expireTime: 86_400 }, latest.acceptedAt);

      const every = await push(a, 'signed', { audience_type: 'account', account_list: ['alice'], account_push_type: 1, message_type: 'notify', environment: 'product', message: { title: 'Alice', content: 'everywhere', ios: { aps: {} } } });
      expectAlerts('account push_type 1', names('a1', 'a2'), { pushId: every.pushId, title: 'Alice', body: 'everywhere', expireTime: 86_400 }, every.acceptedAt);

      const list = await push(a, 'basic', { audience_type: 'account_list', account_list: ['bob', 'carol', 'nobody'], message_type: 'notify', environment: 'product', message: { title: 'Friends', content: 'bob+carol', ios: { aps: {} } } });
      expectAlerts('account_list', names('a3', 'a6'), { pushId: list.pushId, title: 'Friends', body: 'bob+carol', expireTime: 86_400 }, list.acceptedAt);

      const email = await push(a, 'signed', { audience_type: 'account', account_list: ['alice@example.com'], account_type: 1005, message_type: 'notify', environment: 'product', message: { title: 'Mail', content: 'type 1005', ios: { aps: {} } } });
      expectAlerts('account type 1005', names('a2'), { pushId: email.pushId, title: 'Mail', body: 'type 1005', expireTime: 86_400 }, email.acceptedAt);

      const phone = await push(a, 'basic', { audience_type: 'account_list', account_list: ['+8613711112222', 'u-1001'], account_type: 1002, message_type: 'notify', environment: 'product', message: { title: 'SMS', content: 'type 1002', ios: { aps: {} } } });
      expectAlerts('account type 1002', names('a4'), { pushId: phone.pushId, title: 'SMS', body: 'type 1002', expireTime: 86_400 }, phone.acceptedAt);

      const wrongType = await a.basic('/push/app', { audience_type: 'account', account_list: ['u-1001'], message_type: 'notify', environment: 'product', message: { title: 'x', content: 'y', ios: { aps: {} } } });
      assert.equal(wrongType.body['ret_code'], 10010005, 'u-1001 is bound with account_type 1, not 0');
    });

    it('package_account_push and package_token_push via /v3/push/package/upload', async () => {
      const accounts = await a.upload('accounts.csv', 'bob,first\ncarol,second\ndave,sandbox\n\nbob\n');
      assert.equal(accounts.body['retCode'], 0, accounts.text);
      const acc = await push(a, 'signed', { audience_type: 'package_account_push', upload_id: accounts.body['uploadId'], message_type: 'notify', environment: 'product', message: { title: 'Package', content: 'accounts', ios: { aps: {} } } });
      expectAlerts('package_account_push', names('a3', 'a6'), { pushId: acc.pushId, title: 'Package', body: 'accounts', expireTime: 86_400 }, acc.acceptedAt);

      const tokens = await a.upload('tokens.txt', [ph('a4'), ph('a5'), ph('a10'), ph('a7'), ph('b2'), ph('a5')].map((p) => p.token).join('\r\n'));
      assert.equal(tokens.body['retCode'], 0, tokens.text);
      const tok = await push(a, 'basic', { audience_type: 'package_token_push', upload_id: tokens.body['uploadId'], message_type: 'notify', environment: 'product', message: { title: 'Package', content: 'tokens', ios: { aps: {} } } });
      expectAlerts('package_token_push', names('a4', 'a5', 'a10'), { pushId: tok.pushId, title: 'Package', body: 'tokens', expireTime: 86_400 }, tok.acceptedAt);
    });

    it('the .p12 (certificate) app reaches its devices over mutual TLS', async () => {
      // The only signing key the emulator knows is limited to app A's topic, so B's pushes can only be authorised
      // by its client certificate.
      const all = await push(b, 'basic', { audience_type: 'all', message_type: 'notify', environment: 'product', message: { title: 'Shop', content: 'sale', ios: { aps: { sound: 'default' } } } });
      expectAlerts('cert all', names('b1', 'b2'), { pushId: all.pushId, title: 'Shop', body: 'sale', sound: 'default', expireTime: 86_400 }, all.acceptedAt);
      const tag = await push(b, 'signed', { audience_type: 'tag', tag_rules: [{ operator: 'OR', is_not: false, tag_items: [{ tags: ['vip'], is_not: false, tags_operator: 'OR', items_operator: 'OR', tag_type: 'xg_user_define' }] }], message_type: 'notify', environment: 'product', message: { title: 'Shop', content: 'vip', ios: { aps: {} } } });
      expectAlerts('cert tag', names('b2'), { pushId: tag.pushId, title: 'Shop', body: 'vip', expireTime: 86_400 }, tag.acceptedAt);
      assert.equal(e.emulator.counters.rejected['BadCertificate'] ?? 0, 0);
      assert.equal(e.emulator.counters.rejected['BadCertificateEnvironment'] ?? 0, 0);
    });

    it("another app's SecretKey cannot push to this app's tokens", async () => {
      const viaB = await b.basic('/push/app', { audience_type: 'token', token_list: [ph('a1').token], message_type: 'notify', environment: 'product', message: { title: 'x', content: 'y', ios: { aps: {} } } });
      assert.equal(viaB.body['ret_code'], 10010005, viaB.text);
      const mixed = e.tpns({ accessId: appA.accessId, secretKey: appB.secretKey });
      const basic = await mixed.basic('/push/app', { audience_type: 'all', message_type: 'notify', environment: 'product', message: { title: 'x', content: 'y', ios: { aps: {} } } });
      assert.equal(basic.status, 401, basic.text);
      assert.equal(basic.body['ret_code'], 1008003);
      const signed = await mixed.signed('/push/app', { audience_type: 'all', message_type: 'notify', environment: 'product', message: { title: 'x', content: 'z', ios: { aps: {} } } });
      assert.equal(signed.body['ret_code'], 1008003, signed.text);
      // A package of A's tokens uploaded by B reaches nobody.
      const upload = await b.upload('stolen.txt', productA().map((p) => p.token).join('\n'));
      const pkg = await b.basic('/push/app', { audience_type: 'package_token_push', upload_id: upload.body['uploadId'], message_type: 'notify', environment: 'product', message: { title: 'x', content: 'pkg', ios: { aps: {} } } });
      assert.equal(pkg.body['ret_code'], 0, pkg.text);
      assert.equal(await settle(b, String(pkg.body['push_id'])), 'PUSH_FINISHED');
      assert.equal((await stats(b, String(pkg.body['push_id'])))['pushOnlineUv'], 0);
      ledger.expectExactly('foreign pushes', []);
      const cancel = await b.basic('/push/cancel_timing_task', { pushId: firstAllPushId });
      assert.equal(cancel.body['ret_code'], 1008015);
    });

    it('SDK receipts show in get_push_task_stat_channel', async () => {
      await ph('a1').sdk.reportArrived(firstAllPushId);
      await ph('a1').sdk.reportArrived(firstAllPushId);
      await ph('a2').sdk.reportClicked(firstAllPushId);
      await ph('a3').sdk.reportArrived(firstAllPushId);
      await ph('a3').sdk.reportClicked(firstAllPushId);
      await assert.rejects(ph('a7').sdk.reportArrived(firstAllPushId), (err: unknown) => isHeraldClientError(err), 'a7 was not targeted');
      await assert.rejects(ph('b1').sdk.reportClicked(firstAllPushId), (err: unknown) => isHeraldClientError(err), "another app's device");
      const s = await stats(a, firstAllPushId);
      assert.deepEqual(
        { targeted: s['pushActiveUv'], sent: s['pushOnlineUv'], arrived: s['arrivalUv'], verified: s['verifySvcUv'], clicked: s['clickUv'] },
        { targeted: 8, sent: 8, arrived: 3, verified: 3, clicked: 2 },
      );
    });

    it('a scheduled push arrives at its send_time; a cancelled one never arrives', async () => {
      const beijing = names('a1', 'a3', 'a4');
      const at = (Math.floor(Date.now() / 1000) + 3) * 1000;
      const tagBeijing = [{ operator: 'OR', is_not: false, tag_items: [{ tags: ['beijing'], is_not: false, tags_operator: 'OR', items_operator: 'OR', tag_type: 'xg_user_define' }] }];
      const cancelled = await a.signed('/push/app', { audience_type: 'tag', tag_rules: tagBeijing, send_time: tpnsTime(at - 1000), message_type: 'notify', environment: 'product', message: { title: 'Later', content: 'cancelled', ios: { aps: {} } } });
      assert.equal(cancelled.body['ret_code'], 0, cancelled.text);
      const cancelledId = String(cancelled.body['push_id']);
      const scheduledAt = Date.now();
      const scheduled = await a.basic('/push/app', { audience_type: 'tag', tag_rules: tagBeijing, send_time: tpnsTime(at), message_type: 'notify', environment: 'product', message: { title: 'Later', content: 'on time', ios: { aps: {} } } });
      assert.equal(scheduled.body['ret_code'], 0, scheduled.text);
      const scheduledId = String(scheduled.body['push_id']);
      assert.equal((await record(a, scheduledId))['status'], 'PUSH_WAIT');
      assert.equal((await record(a, scheduledId))['date'], tpnsTime(at));
      const cancel = await a.signed('/push/cancel_timing_task', { pushId: cancelledId });
      assert.deepEqual(cancel.body, { ret_code: 0, err_msg: '' });
      assert.equal((await record(a, cancelledId))['status'], 'PUSH_CANCELED');
      for (const p of phones) assert.equal(ledger.fresh(p).length, 0, `${p.name} got a scheduled push early`);

      await waitUntil('the scheduled push to reach every beijing phone', () => (beijing.every((p) => ledger.fresh(p).length > 0) ? true : undefined), 10_000);
      assert.equal(await settle(a, scheduledId), 'PUSH_FINISHED');
      const got = ledger.expectExactly('scheduled', beijing);
      for (const n of got.values()) {
        assert.ok(n.receivedAt >= at, `delivered ${at - n.receivedAt} ms before send_time`);
        assertAlert(n, { pushId: scheduledId, topic: appA.bundleId, environment: 'product', title: 'Later', body: 'on time', expireTime: 86_400 }, Math.max(at, scheduledAt));
      }
      // Past the cancelled push's time by now (it was due a second before the delivered one): still cancelled.
      assert.ok(Date.now() > at - 1000);
      assert.equal((await record(a, cancelledId))['status'], 'PUSH_CANCELED');
      assert.equal((await stats(a, cancelledId))['pushActiveUv'], 0);
    });

    it('a token APNs answers 410 for is invalidated and never pushed again', async () => {
      const victim = ph('a9');
      e.emulator.unregisterDevice(victim.vendorToken);
      const rejectedBefore = e.emulator.counters.rejected['Unregistered'] ?? 0;
      const hit = await push(a, 'basic', { audience_type: 'token', token_list: [victim.token], message_type: 'notify', environment: 'product', message: { title: 'Gone', content: '410', ios: { aps: {} } } });
      ledger.expectExactly('410 push', []);
      assert.equal(e.emulator.counters.rejected['Unregistered'], rejectedBefore + 1);
      const hitStats = await stats(a, hit.pushId);
      assert.deepEqual({ targeted: hitStats['pushActiveUv'], sent: hitStats['pushOnlineUv'], invalid: hitStats['invalidUv'] }, { targeted: 1, sent: 0, invalid: 1 });

      const again = await a.basic('/push/app', { audience_type: 'token', token_list: [victim.token], message_type: 'notify', environment: 'product', message: { title: 'Gone', content: 'again', ios: { aps: {} } } });
      assert.equal(again.body['ret_code'], 10010005, again.text);

      const rest = productA().filter((p) => p !== victim);
      const all = await push(a, 'signed', { audience_type: 'all', message_type: 'notify', environment: 'product', message: { title: 'Everyone', content: 'but a9', ios: { aps: {} } } });
      expectAlerts('all after 410', rest, { pushId: all.pushId, title: 'Everyone', body: 'but a9', expireTime: 86_400 }, all.acceptedAt);
      const allStats = await stats(a, all.pushId);
      assert.deepEqual({ targeted: allStats['pushActiveUv'], sent: allStats['pushOnlineUv'], invalid: allStats['invalidUv'] }, { targeted: rest.length, sent: rest.length, invalid: 0 });
      const vip = await push(a, 'basic', { audience_type: 'tag', tag_rules: [{ operator: 'OR', is_not: false, tag_items: [{ tags: ['vip'], is_not: false, tags_operator: 'OR', items_operator: 'OR', tag_type: 'xg_user_define' }] }], message_type: 'notify', environment: 'product', message: { title: 'VIP', content: 'still not a9', ios: { aps: {} } } });
      expectAlerts('vip after 410', names('a1', 'a2', 'a4'), { pushId: vip.pushId, title: 'VIP', body: 'still not a9', expireTime: 86_400 }, vip.acceptedAt);
      assert.equal(e.emulator.counters.rejected['Unregistered'], rejectedBefore + 1, 'APNs was never asked about the dead token again');
    });
  });
}
