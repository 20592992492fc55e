import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { notify, startPipeline, type Pipeline } from './pipeline-fixture.ts';

describe('push pipeline: audiences', () => {
  let p: Pipeline;
  before(async () => {
    p = await startPipeline();
  });
  after(async () => {
    await p.close();
  });

  it('token push: headers, payload, custom_content, seq echo', async () => {
    const d = await p.addDevice();
    const res = await p.push(notify({
      audience_type: 'token',
      token_list: [d.token],
      seq: 42,
      collapse_id: 77,
      expire_time: 3600,
      message: {
        title: 'T', content: 'C',
        ios: { aps: { sound: 'chime.aiff', category: 'INVITE', 'interruption-level': 'time-sensitive', badge_type: 5 }, custom_content: '{"k":"v","n":1}' },
      },
    }));
    assert.equal(res.status, 200);
    assert.equal(res.body['ret_code'], 0);
    assert.equal(res.body['seq'], 42);
    assert.equal(res.body['environment'], 'product');
    const pushId = String(res.body['push_id']);
    assert.match(pushId, /^\d+$/);
    await p.waitStatus(pushId, ['PUSH_FINISHED']);
    const inbox = p.emulator.inbox(d.vendorToken);
    assert.equal(inbox.length, 1);
    const n = inbox[0]!;
    assert.equal(n.topic, p.app.bundleId);
    assert.equal(n.pushType, 'alert');
    assert.equal(n.priority, 10);
    assert.equal(n.collapseId, '77');
    assert.ok(n.expiration !== undefined && n.expiration > Date.now() / 1000 + 3000);
    const payload = n.payload as Record<string, any>;
    assert.deepEqual(payload['aps']['alert'], { title: 'T', body: 'C' });
    assert.equal(payload['aps']['badge'], 5);
    assert.equal(payload['aps']['sound'], 'chime.aiff');
    assert.equal(payload['aps']['category'], 'INVITE');
    assert.equal(payload['aps']['interruption-level'], 'time-sensitive');
    assert.equal(payload['aps']['mutable-content'], 1);
    assert.equal(payload['k'], 'v');
    assert.equal(payload['n'], 1);
    const dev = await p.server.ctx.store.db.selectFrom('device').select('badge').where('token', '=', d.token).executeTakeFirstOrThrow();
    assert.equal(dev.badge, 5);
  });

  it('silent message: background push, priority 5, no alert', async () => {
    const d = await p.addDevice();
    const res = await p.push({ audience_type: 'token_list', token_list: [d.token], message_type: 'message', environment: 'product', message: { ios: { custom_content: '{"sync":true}' } } });
    assert.equal(res.body['ret_code'], 0, JSON.stringify(res.body));
    await p.waitStatus(String(res.body['push_id']), ['PUSH_FINISHED']);
    const [n] = p.emulator.inbox(d.vendorToken);
    assert.ok(n);
    assert.equal(n.pushType, 'background');
    assert.equal(n.priority, 5);
    assert.deepEqual((n.payload as any).aps, { 'content-available': 1 });
    assert.equal((n.payload as any).sync, true);
  });

  it('badge_type -2 increments the server-side counter across pushes', async () => {
    const a = await p.addDevice({ badge: 3 });
    const b = await p.addDevice({ badge: 0 });
    for (let i = 0; i < 2; i++) {
      const res = await p.push(notify({ audience_type: 'token_list', token_list: [a.token, b.token], message: { title: 't', content: 'c', ios: { aps: { badge_type: -2 } } } }));
      await p.waitStatus(String(res.body['push_id']), ['PUSH_FINISHED']);
    }
    assert.deepEqual(p.emulator.inbox(a.vendorToken).map((n) => (n.payload as any).aps.badge), [4, 5]);
    assert.deepEqual(p.emulator.inbox(b.vendorToken).map((n) => (n.payload as any).aps.badge), [1, 2]);
  });

  it('token_list: unknown or foreign tokens fail the request, or are listed with ignore_invalid_token', async () => {
    const mine = await p.addDevice();
    const other = await p.createApp();
    const foreign = await p.addDevice({ app: other });
    const unknown = 'u'.repeat(36);

    const refused = await p.push(notify({ audience_type: 'token_list', token_list: [mine.token, foreign.token] }));
    assert.equal(refused.status, 400);
    assert.equal(refused.body['ret_code'], 10010005);
    assert.match(String(refused.body['err_msg']), /token/);

    const res = await p.push(notify({ audience_type: 'token_list', token_list: [mine.token, foreign.token, unknown], ignore_invalid_token: 1, seq: 7 }));
    assert.equal(res.body['ret_code'], 0);
    assert.equal(res.body['seq'], 7);
    assert.deepEqual(res.body['invalid_targe_list'], [foreign.token, unknown]);
    await p.waitStatus(String(res.body['push_id']), ['PUSH_FINISHED']);
    assert.equal(p.emulator.inbox(mine.vendorToken).length, 1);
    assert.equal(p.emulator.inbox(foreign.vendorToken).length, 0);
  });

  it('all: every active device of this app and environment, no other app, no other environment', async () => {
    const app = await p.createApp();
    const other = await p.createApp();
    const prod = [await p.addDevice({ app }), await p.addDevice({ app })];
    const dev = await p.addDevice({ app, environment: 'dev' });
    const foreign = await p.addDevice({ app: other });
    const res = await p.push(notify({ audience_type: 'all' }), app);
    assert.equal(res.body['ret_code'], 0);
    await p.waitStatus(String(res.body['push_id']), ['PUSH_FINISHED']);
    for (const d of prod) assert.equal(p.emulator.inbox(d.vendorToken).length, 1);
    assert.equal(p.emulator.inbox(dev.vendorToken).length, 0);
    assert.equal(p.emulator.inbox(foreign.vendorToken).length, 0);

    const devRes = await p.push(notify({ audience_type: 'all', environment: 'dev' }), app);
    assert.equal(devRes.body['environment'], 'dev');
    await p.waitStatus(String(devRes.body['push_id']), ['PUSH_FINISHED']);
    assert.equal(p.emulator.inbox(dev.vendorToken).length, 1);
    assert.equal(p.emulator.inbox(dev.vendorToken)[0]?.environment, 'dev');
    for (const d of prod) assert.equal(p.emulator.inbox(d.vendorToken).length, 1);
  });

  it('tag: tag_rules evaluated per device', async () => {
    const app = await p.createApp();
    const vipBj = await p.addDevice({ app, tags: ['vip', 'beijing'] });
    const vip = await p.addDevice({ app, tags: ['vip'] });
    const none = await p.addDevice({ app, tags: ['beijing'] });
    const res = await p.push(notify({
      audience_type: 'tag',
      tag_rules: [{ tag_items: [
        { tags: ['vip'], is_not: false, tags_operator: 'OR', items_operator: 'OR', tag_type: 'xg_user_define' },
        { tags: ['beijing'], is_not: true, tags_operator: 'OR', items_operator: 'AND', tag_type: 'xg_user_define' },
      ], operator: 'OR', is_not: false }],
    }), app);
    assert.equal(res.body['ret_code'], 0, JSON.stringify(res.body));
    await p.waitStatus(String(res.body['push_id']), ['PUSH_FINISHED']);
    assert.equal(p.emulator.inbox(vip.vendorToken).length, 1);
    assert.equal(p.emulator.inbox(vipBj.vendorToken).length, 0);
    assert.equal(p.emulator.inbox(none.vendorToken).length, 0);
  });

  it('account and account_list: most recent device (push type 0) or all (1)', async () => {
    const app = await p.createApp();
    const old = await p.addDevice({ app, account: { account: 'alice', boundAt: 1000 } });
    const recent = await p.addDevice({ app, account: { account: 'alice', boundAt: 2000 } });
    const bob = await p.addDevice({ app, account: { account: 'bob', type: 2 } });

    const one = await p.push(notify({ audience_type: 'account', account_list: ['alice'] }), app);
    assert.equal(one.body['ret_code'], 0, JSON.stringify(one.body));
    await p.waitStatus(String(one.body['push_id']), ['PUSH_FINISHED']);
    assert.equal(p.emulator.inbox(recent.vendorToken).length, 1);
    assert.equal(p.emulator.inbox(old.vendorToken).length, 0);

    const all = await p.push(notify({ audience_type: 'account_list', account_list: ['alice', 'nobody'], account_push_type: 1 }), app);
    await p.waitStatus(String(all.body['push_id']), ['PUSH_FINISHED']);
    assert.equal(p.emulator.inbox(recent.vendorToken).length, 2);
    assert.equal(p.emulator.inbox(old.vendorToken).length, 1);
    assert.equal(p.emulator.inbox(bob.vendorToken).length, 0);

    const typed = await p.push(notify({ audience_type: 'account', account_list: ['bob'], account_type: 2 }), app);
    await p.waitStatus(String(typed.body['push_id']), ['PUSH_FINISHED']);
    assert.equal(p.emulator.inbox(bob.vendorToken).length, 1);

    const missing = await p.push(notify({ audience_type: 'account', account_list: ['bob'] }), app);
    assert.equal(missing.body['ret_code'], 10010005);
  });

  it('package_token_push and package_account_push with /v3/push/package/upload', async () => {
    const app = await p.createApp();
    const a = await p.addDevice({ app, account: { account: 'carol' } });
    const b = await p.addDevice({ app });
    const c = await p.addDevice({ app });

    async function upload(name: string, text: string) {
      const form = new FormData();
      form.append('file', new Blob([text]), name);
      const res = await fetch(`${p.server.url}/v3/push/package/upload`, { method: 'POST', headers: { authorization: app.auth }, body: form });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }
    const tokens = await upload('tokens.txt', `${b.token}\n${c.token}\r\n${b.token}\n\n`);
    assert.equal(tokens.body['retCode'], 0, JSON.stringify(tokens.body));
    assert.equal(tokens.body['errMsg'], '');
    const res = await p.push(notify({ audience_type: 'package_token_push', upload_id: tokens.body['uploadId'] }), app);
    assert.equal(res.body['ret_code'], 0, JSON.stringify(res.body));
    await p.waitStatus(String(res.body['push_id']), ['PUSH_FINISHED']);
    assert.equal(p.emulator.inbox(b.vendorToken).length, 1);
    assert.equal(p.emulator.inbox(c.vendorToken).length, 1);
    assert.equal(p.emulator.inbox(a.vendorToken).length, 0);

    const accounts = await upload('accounts.csv', 'carol\nnobody\n');
    const acc = await p.push(notify({ audience_type: 'package_account_push', upload_id: accounts.body['uploadId'] }), app);
    await p.waitStatus(String(acc.body['push_id']), ['PUSH_FINISHED']);
    assert.equal(p.emulator.inbox(a.vendorToken).length, 1);

    const empty = await upload('empty.txt', '\n\n');
    assert.equal(empty.status, 400);
    assert.equal(empty.body['retCode'], 1008012);
    const badName = await upload('tokens.exe', 'x');
    assert.equal(badName.body['retCode'], 1008011);
    // Another app cannot use this app's upload.
    const foreign = await p.push(notify({ audience_type: 'package_token_push', upload_id: tokens.body['uploadId'] }));
    assert.notEqual(foreign.body['ret_code'], 0);
  });
});
