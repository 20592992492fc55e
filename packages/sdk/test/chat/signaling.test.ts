/**
 * Signaling through the SDK (createSignaling on the chat client) against the real server over real sockets:
 * an invitee that logs in before the timeout rings once — also across a dropped connection and re-login — and
 * one that logs in after it does not; answers, cancel, timeout and group invitations reach the listeners.
 * Runs on SQLite, and on PostgreSQL with HERALD_TEST_STORE=postgres.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { ChatClient, WebSocketConstructor } from '../../src/chat/index.ts';
import { createSignaling, type Signaling } from '../../src/chat/signaling.ts';
import { isHeraldClientError } from '../../src/herald-client-error.ts';
import type { TestServer } from '../../../server/test/helpers/test-server.ts';
import type { TestImApp } from '../../../server/test/ws/ws-test-client.ts';
import { createTestChatClient, loginAs, recordSignals, until, withChatServer, type SignalingRecord } from './chat-test-client.ts';

/** A `ws` WebSocket whose open sockets the test can cut, to force the client to reconnect and log in again. */
function trackedWebSocket(): { WebSocket: WebSocketConstructor; dropAll(): void } {
  const open = new Set<WebSocket>();
  class Tracked extends WebSocket {
    constructor(url: string) {
      super(url);
      open.add(this);
      this.on('close', () => open.delete(this));
    }
  }
  return { WebSocket: Tracked as unknown as WebSocketConstructor, dropAll: () => open.forEach((s) => s.terminate()) };
}

async function loggedIn(server: TestServer, app: TestImApp, userId: string, deviceId: string, ws?: WebSocketConstructor): Promise<{ chat: ChatClient; signaling: Signaling; seen: SignalingRecord }> {
  const chat = createTestChatClient(server, app, ws === undefined ? {} : { WebSocket: ws });
  const signaling = createSignaling(chat);
  const seen = recordSignals(signaling);
  await loginAs(chat, app, userId, deviceId, 'Web');
  await signaling.whenPendingFetched();
  return { chat, signaling, seen };
}

const withServer = (fn: (server: TestServer, app: TestImApp) => Promise<void>) => withChatServer(['alice', 'bob', 'carol'], fn);

test('an invitee that logs in before the timeout rings once, also after a reconnect; its answers reach the inviter', () =>
  withServer(async (server, app) => {
    const alice = await loggedIn(server, app, 'alice', 'a1');
    const missed = await alice.signaling.invite('bob', { timeout: 60, data: 'first call' });
    const net = trackedWebSocket();
    const bob = await loggedIn(server, app, 'bob', 'b1', net.WebSocket);
    assert.deepEqual(bob.seen.receiveNewInvitation.map((i) => [i.inviteId, i.inviter, i.data]), [[missed, 'alice', 'first call']]);

    const live = await alice.signaling.invite('bob', { timeout: 60, data: 'second call' });
    await until('live invitation', () => bob.seen.receiveNewInvitation.length === 2);
    assert.equal(bob.seen.receiveNewInvitation[1]!.inviteId, live);

    let logins = 0;
    bob.chat.on('loggedIn', () => (logins += 1));
    net.dropAll();
    await until('automatic re-login', () => logins === 1);
    await bob.signaling.whenPendingFetched();
    assert.deepEqual((await bob.signaling.getPendingInvitations()).map((i) => i.inviteId).sort(), [missed, live].sort(), 'both still pending');
    assert.equal(bob.seen.receiveNewInvitation.length, 2, 'the re-login announces nothing twice');

    await bob.signaling.accept(missed, 'joining');
    await until('accepted', () => alice.seen.inviteeAccepted.length === 1);
    assert.deepEqual(alice.seen.inviteeAccepted[0], { inviteId: missed, invitee: 'bob', data: 'joining' });
    await bob.signaling.reject(live);
    await until('rejected', () => alice.seen.inviteeRejected.length === 1);
    assert.deepEqual(alice.seen.inviteeRejected[0], { inviteId: live, invitee: 'bob', data: '' });
    const info = await alice.signaling.getSignalingInfo(missed);
    assert.equal(info.state, 'finished');
    assert.deepEqual(info.invitees.map((e) => [e.userId, e.state]), [['bob', 'accepted']]);
    await alice.chat.logout();
    await bob.chat.logout();
  }));

test('after the timeout a device that logs in does not ring; cancel, timeout and group invitations reach the listeners', () =>
  withServer(async (server, app) => {
    const db = server.ctx.store.db;
    const now = server.ctx.clock.now();
    await db.insertInto('im_group').values({
      sdk_app_id: app.sdkAppId, group_id: 'team', type: 'Work', name: 'team', owner: 'alice', introduction: '', notification: '', face_url: '',
      max_members: 200, apply_join_option: 'DisableApply', mute_all: 0, member_count: 3, last_seq: 0, last_message_json: null, last_time: now,
      custom_json: '{}', created_at: now, updated_at: now,
    }).execute();
    await db.insertInto('im_group_member').values(['alice', 'bob', 'carol'].map((userId) => ({
      sdk_app_id: app.sdkAppId, group_id: 'team', user_id: userId, role: userId === 'alice' ? 'Owner' : 'Member', join_time: now, join_seq: 0,
      read_seq: 0, mute_until: 0, name_card: '', recv_opt: 0, pinned: 0, hidden_seq: 0,
    }))).execute();

    const alice = await loggedIn(server, app, 'alice', 'a1');
    const expired = await alice.signaling.invite('bob', { timeout: 1 });
    await until('timeout at the inviter', () => alice.seen.invitationTimeout.length === 1);
    assert.deepEqual(alice.seen.invitationTimeout[0], { inviteId: expired, inviteeList: ['bob'] });
    const bob = await loggedIn(server, app, 'bob', 'b1');
    assert.deepEqual(bob.seen.receiveNewInvitation, [], 'an expired invitation does not ring');

    const cancelled = await alice.signaling.invite('bob', { timeout: 60 });
    await until('invitation', () => bob.seen.receiveNewInvitation.length === 1);
    await alice.signaling.cancel(cancelled, 'hung up');
    await until('cancelled', () => bob.seen.invitationCancelled.length === 1);
    assert.deepEqual(bob.seen.invitationCancelled[0], { inviteId: cancelled, inviter: 'alice', data: 'hung up' });
    await assert.rejects(bob.signaling.accept(cancelled), (err) => isHeraldClientError(err, 'IM_SIGNAL_INVITE_NOT_FOUND'));
    await assert.rejects(bob.signaling.cancel(cancelled), (err) => isHeraldClientError(err, 'IM_SIGNAL_NO_PERMISSION'));

    const carol = await loggedIn(server, app, 'carol', 'c1');
    const group = await alice.signaling.inviteInGroup('team', ['bob', 'carol'], { timeout: 1, data: 'standup' });
    await until('group invitation', () => bob.seen.receiveNewInvitation.length === 2 && carol.seen.receiveNewInvitation.length === 1);
    assert.equal(carol.seen.receiveNewInvitation[0]!.groupId, 'team');
    assert.deepEqual(carol.seen.receiveNewInvitation[0]!.inviteeList, ['bob', 'carol']);
    await carol.signaling.accept(group);
    await until('bob hears carol accepted', () => bob.seen.inviteeAccepted.length === 1);
    await until('bob times out', () => bob.seen.invitationTimeout.length === 1 && alice.seen.invitationTimeout.length === 2);
    assert.deepEqual(bob.seen.invitationTimeout[0], { inviteId: group, inviteeList: ['bob'] });
    assert.deepEqual(alice.seen.invitationTimeout[1], { inviteId: group, inviteeList: ['bob'] });
    assert.deepEqual(carol.seen.invitationTimeout, [], 'carol answered');
    for (const c of [alice, bob, carol]) await c.chat.logout();
  }));
