/**
 * Signaling (docs/protocol.md §10) over real sockets against a real server: C2C invite → accept / reject /
 * cancel with the events each side sees, group invitations, permissions and argument errors, pending
 * invitations for a device that logs in later, and tenancy. Runs on SQLite, and on PostgreSQL with
 * HERALD_TEST_STORE=postgres.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insertInvite, pendingForUser } from '../../src/im/signaling/signaling-store.ts';
import { insertGroup, login, withServer } from '../helpers/im-fixtures.ts';
import { createTestImApp } from '../ws/ws-test-client.ts';
import { fails, inviteState, inviteeStates, ok, within } from './signaling-fixture.ts';

const WAIT = 10_000;

test('C2C invite reaches every device of the invitee; accept is stored, then seen by the inviter and the invitee\'s other device', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const alice1 = await login(server, app, 'alice', 'a1');
    const alice2 = await login(server, app, 'alice', 'a2');
    const bob1 = await login(server, app, 'bob', 'b1');
    const bob2 = await login(server, app, 'bob', 'b2');
    const before = server.ctx.clock.now();
    const { inviteId } = ok(await alice1.request('invite', { invitee: 'bob', data: '{"call":"video"}', timeout: 30, offlinePushInfo: { title: 'Call', desc: 'alice calls' } })) as { inviteId: string };
    assert.equal(typeof inviteId, 'string');
    for (const c of [bob1, bob2]) {
      const e = await within(WAIT, 'signalingReceiveNewInvitation', c.nextEvent('signalingReceiveNewInvitation'));
      assert.equal(e['inviteId'], inviteId);
      assert.equal(e['inviter'], 'alice');
      assert.deepEqual(e['inviteeList'], ['bob']);
      assert.equal(e['data'], '{"call":"video"}');
      assert.equal(e['timeout'], 30);
      assert.equal(e['groupId'], undefined);
      assert.ok(typeof e['sendTime'] === 'number' && e['sendTime'] >= before);
    }
    const row = await server.ctx.store.db.selectFrom('im_signal_invite').selectAll().where('invite_id', '=', inviteId).executeTakeFirstOrThrow();
    assert.equal(Number(row.online_user_only), 0);
    assert.deepEqual(JSON.parse(row.offline_push_json ?? 'null'), { title: 'Call', desc: 'alice calls' });
    assert.equal(Number(row.deadline), Number(row.created_at) + 30_000);

    ok(await bob1.request('accept', { inviteId, data: 'room 42' }));
    assert.deepEqual(await inviteeStates(server, app.sdkAppId, inviteId), { bob: 'accepted' });
    assert.equal(await inviteState(server, app.sdkAppId, inviteId), 'finished');
    for (const c of [alice1, alice2, bob2]) {
      assert.deepEqual(await within(WAIT, 'signalingInviteeAccepted', c.nextEvent('signalingInviteeAccepted')), { inviteId, invitee: 'bob', data: 'room 42' });
    }
    const info = ok(await alice2.request('getSignalingInfo', { inviteId }));
    assert.equal(info['state'], 'finished');
    assert.equal(info['inviter'], 'alice');
    assert.deepEqual(info['inviteeList'], ['bob']);
    const invitees = info['invitees'] as Array<Record<string, unknown>>;
    assert.equal(invitees.length, 1);
    assert.equal(invitees[0]!['userId'], 'bob');
    assert.equal(invitees[0]!['state'], 'accepted');
    assert.equal(typeof invitees[0]!['respondedAt'], 'number');
    assert.equal(ok(await bob2.request('getSignalingInfo', { inviteId }))['state'], 'finished');
    for (const c of [alice1, alice2, bob1, bob2]) await c.close();
  }));

test('reject and cancel: each is stored and reaches the other side; nothing answers a closed invitation', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const alice = await login(server, app, 'alice', 'a1');
    const bob = await login(server, app, 'bob', 'b1');

    const rejected = ok(await alice.request('invite', { invitee: 'bob', timeout: 0 }))['inviteId'] as string;
    const got = await within(WAIT, 'invitation', bob.nextEvent('signalingReceiveNewInvitation'));
    assert.equal(got['timeout'], 0);
    assert.equal(got['data'], '');
    assert.equal((await server.ctx.store.db.selectFrom('im_signal_invite').select('deadline').where('invite_id', '=', rejected).executeTakeFirstOrThrow()).deadline, null);
    ok(await bob.request('reject', { inviteId: rejected, data: 'busy' }));
    assert.deepEqual(await within(WAIT, 'rejected', alice.nextEvent('signalingInviteeRejected')), { inviteId: rejected, invitee: 'bob', data: 'busy' });
    assert.deepEqual(await inviteeStates(server, app.sdkAppId, rejected), { bob: 'rejected' });
    assert.equal(await inviteState(server, app.sdkAppId, rejected), 'finished');
    fails(await alice.request('cancel', { inviteId: rejected }), 'IM_SIGNAL_INVITE_NOT_FOUND', 8010);

    const cancelled = ok(await alice.request('invite', { invitee: 'bob', timeout: 60 }))['inviteId'] as string;
    await within(WAIT, 'invitation', bob.nextEvent('signalingReceiveNewInvitation'));
    ok(await alice.request('cancel', { inviteId: cancelled, data: 'never mind' }));
    assert.deepEqual(await within(WAIT, 'cancelled', bob.nextEvent('signalingInvitationCancelled')), { inviteId: cancelled, inviter: 'alice', data: 'never mind' });
    assert.deepEqual(await inviteeStates(server, app.sdkAppId, cancelled), { bob: 'cancelled' });
    assert.equal(await inviteState(server, app.sdkAppId, cancelled), 'cancelled');
    fails(await bob.request('accept', { inviteId: cancelled }), 'IM_SIGNAL_INVITE_NOT_FOUND', 8010);
    fails(await bob.request('reject', { inviteId: cancelled }), 'IM_SIGNAL_INVITE_NOT_FOUND', 8010);
    fails(await alice.request('cancel', { inviteId: cancelled }), 'IM_SIGNAL_INVITE_NOT_FOUND', 8010);
    assert.equal(ok(await bob.request('getSignalingInfo', { inviteId: cancelled }))['state'], 'cancelled');
    await alice.close();
    await bob.close();
  }));

test('a group invitation: one accepts, one rejects, one times out; everyone hears the answers and the timeout', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob', 'carol', 'dave', 'erin'] });
    await insertGroup(server, app.sdkAppId, 'team', ['alice', 'bob', 'carol', 'dave'], { applyJoinOption: 'DisableApply' });
    const [alice, bob, carol, dave] = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((u) => login(server, app, u, `${u}-1`)));
    const { inviteId } = ok(await alice!.request('inviteInGroup', { groupId: 'team', inviteeList: ['bob', 'carol', 'dave', 'bob'], data: 'meet', timeout: 2 })) as { inviteId: string };
    for (const c of [bob!, carol!, dave!]) {
      const e = await within(WAIT, 'group invitation', c.nextEvent('signalingReceiveNewInvitation'));
      assert.equal(e['groupId'], 'team');
      assert.deepEqual(e['inviteeList'], ['bob', 'carol', 'dave']);
    }
    ok(await bob!.request('accept', { inviteId }));
    for (const c of [alice!, carol!, dave!]) assert.equal((await within(WAIT, 'accepted', c.nextEvent('signalingInviteeAccepted')))['invitee'], 'bob');
    ok(await carol!.request('reject', { inviteId }));
    for (const c of [alice!, bob!, dave!]) assert.equal((await within(WAIT, 'rejected', c.nextEvent('signalingInviteeRejected')))['invitee'], 'carol');
    assert.equal(await inviteState(server, app.sdkAppId, inviteId), 'pending', 'dave has not answered');
    for (const c of [alice!, dave!]) {
      assert.deepEqual(await within(WAIT, 'timeout', c.nextEvent('signalingInvitationTimeout')), { inviteId, inviteeList: ['dave'] });
    }
    assert.deepEqual(await inviteeStates(server, app.sdkAppId, inviteId), { bob: 'accepted', carol: 'rejected', dave: 'timeout' });
    assert.equal(await inviteState(server, app.sdkAppId, inviteId), 'finished');
    fails(await dave!.request('accept', { inviteId }), 'IM_SIGNAL_INVITE_NOT_FOUND');

    fails(await alice!.request('inviteInGroup', { groupId: 'nope', inviteeList: ['bob'], timeout: 5 }), 'IM_GROUP_NOT_FOUND', 10010);
    fails(await alice!.request('inviteInGroup', { groupId: 'team', inviteeList: ['bob', 'erin'], timeout: 5 }), 'IM_GROUP_NOT_MEMBER', 10007);
    const erin = await login(server, app, 'erin', 'e1');
    fails(await erin.request('inviteInGroup', { groupId: 'team', inviteeList: ['bob'], timeout: 5 }), 'IM_GROUP_NOT_MEMBER', 10007);
    fails(await alice!.request('inviteInGroup', { groupId: 'team', inviteeList: [], timeout: 5 }), 'REQUEST_PARAM_INVALID');
    fails(await alice!.request('inviteInGroup', { groupId: 'team', inviteeList: ['alice', 'bob'], timeout: 5 }), 'REQUEST_PARAM_INVALID');
    fails(await alice!.request('inviteInGroup', { inviteeList: ['bob'], timeout: 5 }), 'REQUEST_PARAM_MISSING');
    const stored = await server.ctx.store.db.selectFrom('im_signal_invite').select('invite_id').execute();
    assert.equal(stored.length, 1, 'refused invitations store nothing');
    for (const c of [alice!, bob!, carol!, dave!, erin]) await c.close();
  }));

test('permissions and arguments: only the inviter cancels, only a pending invitee answers, bad input is refused', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob', 'carol'] });
    const alice = await login(server, app, 'alice', 'a1');
    const bob = await login(server, app, 'bob', 'b1');
    const carol = await login(server, app, 'carol', 'c1');
    const { inviteId } = ok(await alice.request('invite', { invitee: 'bob', timeout: 60 })) as { inviteId: string };
    fails(await carol.request('cancel', { inviteId }), 'IM_SIGNAL_NO_PERMISSION', 8011);
    fails(await bob.request('cancel', { inviteId }), 'IM_SIGNAL_NO_PERMISSION', 8011);
    fails(await carol.request('accept', { inviteId }), 'IM_SIGNAL_NO_PERMISSION', 8011);
    fails(await alice.request('accept', { inviteId }), 'IM_SIGNAL_NO_PERMISSION', 8011);
    fails(await carol.request('getSignalingInfo', { inviteId }), 'IM_SIGNAL_NO_PERMISSION', 8011);
    assert.equal(await inviteState(server, app.sdkAppId, inviteId), 'pending');
    ok(await bob.request('accept', { inviteId }));
    fails(await bob.request('accept', { inviteId }), 'IM_SIGNAL_INVITE_NOT_FOUND', 8010);
    fails(await bob.request('reject', { inviteId }), 'IM_SIGNAL_INVITE_NOT_FOUND', 8010);
    fails(await alice.request('getSignalingInfo', { inviteId: 'no-such-invite' }), 'IM_SIGNAL_INVITE_NOT_FOUND', 8010);
    fails(await bob.request('accept', { inviteId: 'no-such-invite' }), 'IM_SIGNAL_INVITE_NOT_FOUND', 8010);

    fails(await alice.request('invite', { invitee: 'nobody', timeout: 5 }), 'IM_ACCOUNT_NOT_FOUND');
    fails(await alice.request('invite', { invitee: 'alice', timeout: 5 }), 'REQUEST_PARAM_INVALID');
    fails(await alice.request('invite', { invitee: 'bob' }), 'REQUEST_PARAM_MISSING');
    fails(await alice.request('invite', { timeout: 5 }), 'REQUEST_PARAM_MISSING');
    fails(await alice.request('invite', { invitee: 'bob', timeout: -1 }), 'REQUEST_PARAM_INVALID');
    fails(await alice.request('invite', { invitee: 'bob', timeout: 1.5 }), 'REQUEST_PARAM_INVALID');
    fails(await alice.request('invite', { invitee: 'bob', timeout: '5' }), 'REQUEST_PARAM_INVALID');
    fails(await alice.request('invite', { invitee: 'bob', timeout: 5, data: 7 }), 'REQUEST_PARAM_INVALID');
    fails(await alice.request('invite', { invitee: 'bob', timeout: 5, onlineUserOnly: 'yes' }), 'REQUEST_PARAM_INVALID');
    fails(await alice.request('invite', { invitee: 'bob', timeout: 5, offlinePushInfo: { title: 1 } }), 'REQUEST_PARAM_INVALID');
    fails(await alice.request('invite', { invitee: 'bob', timeout: 5, data: 'x'.repeat(13 * 1024) }), 'IM_PACKET_TOO_LARGE', 93000);
    fails(await alice.request('cancel', {}), 'REQUEST_PARAM_MISSING');
    fails(await alice.request('cancel', { inviteId: 5 }), 'REQUEST_PARAM_INVALID');
    fails(await bob.request('accept', { inviteId: 'x'.repeat(65) }), 'REQUEST_PARAM_INVALID');
    const big = ok(await alice.request('invite', { invitee: 'bob', timeout: 5 }))['inviteId'] as string;
    fails(await bob.request('reject', { inviteId: big, data: 'x'.repeat(13 * 1024) }), 'IM_PACKET_TOO_LARGE');
    assert.equal(await inviteState(server, app.sdkAppId, big), 'pending', 'a refused answer changes nothing');

    const anonymous = await (await import('../ws/ws-test-client.ts')).openClient(server);
    fails(await anonymous.request('invite', { invitee: 'bob', timeout: 5 }), 'WS_NOT_LOGGED_IN');
    for (const c of [alice, bob, carol, anonymous]) await c.close();
  }));

test('a device that logs in before the timeout gets the invitation from getPendingInvitations; online-only ones are not kept for it', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const alice = await login(server, app, 'alice', 'a1');
    const ringing = ok(await alice.request('invite', { invitee: 'bob', timeout: 300, data: 'call' }))['inviteId'] as string;
    const online = ok(await alice.request('invite', { invitee: 'bob', timeout: 300, onlineUserOnly: true }))['inviteId'] as string;
    const answeredRow = await server.ctx.store.db.selectFrom('im_signal_invite').selectAll().where('invite_id', '=', online).executeTakeFirstOrThrow();
    assert.equal(Number(answeredRow.online_user_only), 1, 'online-only invitations are stored (they time out) and marked');
    assert.equal(answeredRow.offline_push_json, null);

    const bob = await login(server, app, 'bob', 'b1');
    const pending = ok(await bob.request('getPendingInvitations', {}))['invitations'] as Array<Record<string, unknown>>;
    assert.deepEqual(pending.map((p) => p['inviteId']), [ringing]);
    assert.equal(pending[0]!['inviter'], 'alice');
    assert.equal(pending[0]!['data'], 'call');
    assert.deepEqual(pending[0]!['inviteeList'], ['bob']);
    assert.equal(pending[0]!['timeout'], 300);
    assert.deepEqual(ok(await alice.request('getPendingInvitations', {}))['invitations'], [], 'the inviter is not an invitee');

    ok(await bob.request('accept', { inviteId: ringing }));
    assert.deepEqual(ok(await bob.request('getPendingInvitations', {}))['invitations'], []);
    await alice.close();
    await bob.close();
  }));

test('pending invitations created in the same millisecond come newest first, then by inviteId descending, on every store', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const now = server.ctx.clock.now();
    // Stored out of ID order, three of them at one created_at, so neither insertion order nor the key decides.
    for (const [inviteId, createdAt] of [['inv-a', now], ['inv-c', now], ['inv-old', now - 1], ['inv-b', now]] as const) {
      await insertInvite(server.ctx.store, {
        sdkAppId: app.sdkAppId, inviteId, inviter: 'alice', groupId: undefined, inviteeList: ['bob'], data: '',
        timeoutSeconds: 300, onlineUserOnly: false, offlinePushJson: null, createdAt, deadline: now + 300_000,
      });
    }
    const bob = await login(server, app, 'bob', 'b1');
    const pending = ok(await bob.request('getPendingInvitations', {}))['invitations'] as Array<Record<string, unknown>>;
    assert.deepEqual(pending.map((p) => p['inviteId']), ['inv-c', 'inv-b', 'inv-a', 'inv-old']);
    // The page limit cuts at the same place every time.
    const page = await pendingForUser(server.ctx.store.db, app.sdkAppId, 'bob', now, 2);
    assert.deepEqual(page.map((p) => p.invite.invite_id), ['inv-c', 'inv-b']);
    await bob.close();
  }));

test('tenancy: another app\'s user with the same UserID can neither see nor answer an invitation, nor be invited', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const other = await createTestImApp(server, { users: ['bob', 'mallory'] });
    await insertGroup(server, other.sdkAppId, 'team', ['mallory', 'bob'], { applyJoinOption: 'DisableApply' });
    const alice = await login(server, app, 'alice', 'a1');
    const bob = await login(server, app, 'bob', 'b1');
    const foreignBob = await login(server, other, 'bob', 'b1');
    const mallory = await login(server, other, 'mallory', 'm1');
    const { inviteId } = ok(await alice.request('invite', { invitee: 'bob', timeout: 60 })) as { inviteId: string };
    await within(WAIT, 'invitation', bob.nextEvent('signalingReceiveNewInvitation'));
    assert.deepEqual(ok(await foreignBob.request('getPendingInvitations', {}))['invitations'], []);
    fails(await foreignBob.request('getSignalingInfo', { inviteId }), 'IM_SIGNAL_INVITE_NOT_FOUND');
    fails(await foreignBob.request('accept', { inviteId }), 'IM_SIGNAL_INVITE_NOT_FOUND');
    fails(await foreignBob.request('reject', { inviteId }), 'IM_SIGNAL_INVITE_NOT_FOUND');
    fails(await mallory.request('cancel', { inviteId }), 'IM_SIGNAL_INVITE_NOT_FOUND');
    assert.deepEqual(await inviteeStates(server, app.sdkAppId, inviteId), { bob: 'pending' });
    fails(await alice.request('invite', { invitee: 'mallory', timeout: 5 }), 'IM_ACCOUNT_NOT_FOUND');
    fails(await alice.request('inviteInGroup', { groupId: 'team', inviteeList: ['bob'], timeout: 5 }), 'IM_GROUP_NOT_FOUND');
    // The other app's invitation stays inside it as well.
    const theirs = ok(await mallory.request('inviteInGroup', { groupId: 'team', inviteeList: ['bob'], timeout: 60 }))['inviteId'] as string;
    await within(WAIT, 'their invitation', foreignBob.nextEvent('signalingReceiveNewInvitation'));
    assert.deepEqual((ok(await bob.request('getPendingInvitations', {}))['invitations'] as Array<Record<string, unknown>>).map((p) => p['inviteId']), [inviteId]);
    fails(await bob.request('accept', { inviteId: theirs }), 'IM_SIGNAL_INVITE_NOT_FOUND');
    ok(await bob.request('accept', { inviteId }));
    for (const c of [alice, bob, foreignBob, mallory]) await c.close();
  }));
