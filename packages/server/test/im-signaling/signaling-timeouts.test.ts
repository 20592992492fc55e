/**
 * Signaling timeouts and races (docs/protocol.md §10): a 1 s invitation times out on both sides, a device that
 * logs in before the deadline still rings and one after it does not, racing answers resolve exactly once, and
 * sweepers on several "nodes" sharing one store deliver each timeout once. SQLite, and PostgreSQL with
 * HERALD_TEST_STORE=postgres.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock, type RealtimeDelivery } from '../../src/context.ts';
import { startSignalingSweeper } from '../../src/im/signaling/signaling-sweeper.ts';
import { insertInvite } from '../../src/im/signaling/signaling-store.ts';
import { insertGroup, login, withServer } from '../helpers/im-fixtures.ts';
import { startTestServer } from '../helpers/test-server.ts';
import { createTestImApp, type Response } from '../ws/ws-test-client.ts';
import { fails, inviteState, inviteeStates, ok, within } from './signaling-fixture.ts';

const WAIT = 15_000;

test('a 1 s invitation nobody answers times out: stored first, then both sides hear it, once the deadline passed', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const alice = await login(server, app, 'alice', 'a1');
    const bob = await login(server, app, 'bob', 'b1');
    const { inviteId } = ok(await alice.request('invite', { invitee: 'bob', timeout: 1 })) as { inviteId: string };
    const sent = (await within(WAIT, 'invitation', bob.nextEvent('signalingReceiveNewInvitation')))['sendTime'] as number;
    const [forAlice, forBob] = await within(WAIT, 'timeout on both sides',
      Promise.all([alice.nextEvent('signalingInvitationTimeout'), bob.nextEvent('signalingInvitationTimeout')]));
    assert.ok(Date.now() >= sent + 1000, 'not before the deadline');
    assert.deepEqual(forAlice, { inviteId, inviteeList: ['bob'] });
    assert.deepEqual(forBob, { inviteId, inviteeList: ['bob'] });
    assert.deepEqual(await inviteeStates(server, app.sdkAppId, inviteId), { bob: 'timeout' });
    assert.equal(await inviteState(server, app.sdkAppId, inviteId), 'finished');
    fails(await bob.request('accept', { inviteId }), 'IM_SIGNAL_INVITE_NOT_FOUND', 8010);
    fails(await alice.request('cancel', { inviteId }), 'IM_SIGNAL_INVITE_NOT_FOUND', 8010);
    const info = ok(await alice.request('getSignalingInfo', { inviteId }));
    assert.equal((info['invitees'] as Array<Record<string, unknown>>)[0]!['state'], 'timeout');
    await alice.close();
    await bob.close();
  }));

test('invitations the sweeper is never told about (stored by any node) time out on their deadline, not a poll later', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const bob = await login(server, app, 'bob', 'b1');
    const timedOut = new Map<string, number>();
    bob.socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { event?: string; data?: { inviteId?: string } };
      if (frame.event === 'signalingInvitationTimeout') timedOut.set(String(frame.data?.inviteId), Date.now());
    });
    // Deadlines spread over one poll, so whatever the sweeper's phase some fall just after a sweep.
    const deadlines = new Map<string, number>();
    const start = Date.now();
    for (let i = 0; i < 6; i += 1) {
      const deadline = start + 1000 + i * 170;
      deadlines.set(`other-node-${i}`, deadline);
      await insertInvite(server.ctx.store, {
        sdkAppId: app.sdkAppId, inviteId: `other-node-${i}`, inviter: 'alice', groupId: undefined, inviteeList: ['bob'], data: '',
        timeoutSeconds: 1, onlineUserOnly: false, offlinePushJson: null, createdAt: start, deadline,
      });
    }
    await within(WAIT, 'every timeout', (async () => {
      while (timedOut.size < deadlines.size) await new Promise((r) => setTimeout(r, 20));
    })());
    for (const [inviteId, deadline] of deadlines) {
      const late = timedOut.get(inviteId)! - deadline;
      assert.ok(late >= 0 && late < 400, `${inviteId} timed out ${late} ms after its deadline`);
    }
    await bob.close();
  }));

test('an invitee that logs in before the timeout finds the invitation pending; after the timeout it is gone', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const alice = await login(server, app, 'alice', 'a1');
    const { inviteId } = ok(await alice.request('invite', { invitee: 'bob', timeout: 2, data: 'ring' })) as { inviteId: string };
    const early = await login(server, app, 'bob', 'b1');
    const pending = ok(await early.request('getPendingInvitations', {}))['invitations'] as Array<Record<string, unknown>>;
    assert.deepEqual(pending.map((p) => [p['inviteId'], p['data']]), [[inviteId, 'ring']]);
    await within(WAIT, 'timeout', alice.nextEvent('signalingInvitationTimeout'));
    await within(WAIT, 'timeout for the early device', early.nextEvent('signalingInvitationTimeout'));
    const late = await login(server, app, 'bob', 'b2');
    assert.deepEqual(ok(await late.request('getPendingInvitations', {}))['invitations'], []);
    for (const c of [alice, early, late]) await c.close();
  }));

test('racing accept and cancel resolve exactly once, every round', () =>
  withServer(async (server) => {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    const alice = await login(server, app, 'alice', 'a1');
    const bob = await login(server, app, 'bob', 'b1');
    const wins = { accept: 0, cancel: 0 };
    for (let round = 0; round < 12; round += 1) {
      const { inviteId } = ok(await alice.request('invite', { invitee: 'bob', timeout: 60 })) as { inviteId: string };
      await within(WAIT, 'invitation', bob.nextEvent('signalingReceiveNewInvitation'));
      const [accepted, cancelled] = await Promise.all([bob.request('accept', { inviteId }), alice.request('cancel', { inviteId })]);
      const codes = [accepted.code, cancelled.code].sort();
      assert.deepEqual(codes, [0, 8010], `round ${round}: exactly one wins (${JSON.stringify([accepted, cancelled])})`);
      const states = await inviteeStates(server, app.sdkAppId, inviteId);
      if (accepted.code === 0) {
        wins.accept += 1;
        assert.deepEqual(states, { bob: 'accepted' });
        assert.equal(await inviteState(server, app.sdkAppId, inviteId), 'finished');
        assert.equal((await within(WAIT, 'accepted', alice.nextEvent('signalingInviteeAccepted')))['inviteId'], inviteId);
      } else {
        wins.cancel += 1;
        assert.deepEqual(states, { bob: 'cancelled' });
        assert.equal(await inviteState(server, app.sdkAppId, inviteId), 'cancelled');
        assert.equal((await within(WAIT, 'cancelled', bob.nextEvent('signalingInvitationCancelled')))['inviteId'], inviteId);
      }
    }
    assert.equal(wins.accept + wins.cancel, 12);
    await alice.close();
    await bob.close();
  }));

test('two devices of one invitee answering at once: one answer counts; concurrent answers of all invitees close the invitation', () =>
  withServer(async (server) => {
    const users = ['alice', 'u1', 'u2', 'u3', 'u4', 'u5'];
    const app = await createTestImApp(server, { users });
    await insertGroup(server, app.sdkAppId, 'crowd', users, { applyJoinOption: 'DisableApply' });
    const alice = await login(server, app, 'alice', 'a1');
    const phone = await login(server, app, 'u1', 'phone');
    const pad = await login(server, app, 'u1', 'pad');
    const c2c = ok(await alice.request('invite', { invitee: 'u1', timeout: 60 }))['inviteId'] as string;
    const answers: Response[] = await Promise.all([phone.request('accept', { inviteId: c2c }), pad.request('reject', { inviteId: c2c })]);
    assert.deepEqual(answers.map((a) => a.code).sort(), [0, 8010]);
    const expected = answers[0]!.code === 0 ? 'accepted' : 'rejected';
    assert.deepEqual(await inviteeStates(server, app.sdkAppId, c2c), { u1: expected });

    const others = await Promise.all(users.slice(2).map((u) => login(server, app, u, `${u}-1`)));
    for (let round = 0; round < 5; round += 1) {
      const { inviteId } = ok(await alice.request('inviteInGroup', { groupId: 'crowd', inviteeList: users.slice(1), timeout: 60 })) as { inviteId: string };
      const results = await Promise.all([phone, ...others].map((c, i) => c.request(i % 2 === 0 ? 'accept' : 'reject', { inviteId })));
      assert.ok(results.every((r) => r.code === 0), JSON.stringify(results));
      assert.equal(await inviteState(server, app.sdkAppId, inviteId), 'finished', `round ${round}: the last answer closes it`);
    }
    for (const c of [alice, phone, pad, ...others]) await c.close();
  }));

test('sweepers on several nodes sharing one store deliver every timeout exactly once, and stop cleanly', async () => {
  // The server's own sweeper lives at time 0 and never finds anything due; the three "nodes" run on real time.
  const server = await startTestServer({ worker: false, clock: { now: () => 0 } });
  const nodes: Array<{ stop(): Promise<void> }> = [];
  try {
    const delivered: Array<{ node: number; userId: string; event: string; data: { inviteId: string; inviteeList: string[] } }> = [];
    for (let node = 0; node < 3; node += 1) {
      const realtime: RealtimeDelivery = {
        deliverToUser: async (user, event, data) => {
          delivered.push({ node, userId: user.userId, event, data: data as { inviteId: string; inviteeList: string[] } });
        },
        deliverFrames: async () => {
          throw new Error('the sweeper sends single events');
        },
      };
      nodes.push(startSignalingSweeper({ ...server.ctx, clock: systemClock }, realtime));
    }
    const start = Date.now();
    const invites = 20;
    for (let i = 0; i < invites; i += 1) {
      await insertInvite(server.ctx.store, {
        sdkAppId: 7, inviteId: `inv-${i}`, inviter: `caller-${i}`, groupId: undefined, inviteeList: ['x', 'y', 'z'], data: '',
        timeoutSeconds: 1, onlineUserOnly: false, offlinePushJson: null, createdAt: start, deadline: start + 200 + i * 15,
      });
    }
    await insertInvite(server.ctx.store, {
      sdkAppId: 7, inviteId: 'never', inviter: 'caller', groupId: undefined, inviteeList: ['x'], data: '',
      timeoutSeconds: 0, onlineUserOnly: false, offlinePushJson: null, createdAt: start, deadline: null,
    });
    const db = server.ctx.store.db;
    for (let i = 0; i < 1500; i += 1) {
      const left = await db.selectFrom('im_signal_invite').select('invite_id').where('state', '=', 'pending').execute();
      if (left.length === 1) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await Promise.all(nodes.splice(0).map((n) => n.stop()));
    const pendingLeft = await db.selectFrom('im_signal_invite').select('invite_id').where('state', '=', 'pending').execute();
    assert.deepEqual(pendingLeft.map((r) => r.invite_id), ['never'], 'timeout 0 never times out; every other invite closed');
    assert.ok(delivered.every((d) => d.event === 'signalingInvitationTimeout'));
    for (let i = 0; i < invites; i += 1) {
      const inviteId = `inv-${i}`;
      const toInviter = delivered.filter((d) => d.data.inviteId === inviteId && d.userId === `caller-${i}`).flatMap((d) => d.data.inviteeList).sort();
      assert.deepEqual(toInviter, ['x', 'y', 'z'], `${inviteId}: the inviter hears of each invitee once`);
      for (const invitee of ['x', 'y', 'z']) {
        const toInvitee = delivered.filter((d) => d.data.inviteId === inviteId && d.userId === invitee);
        assert.equal(toInvitee.length, 1, `${inviteId}: ${invitee} hears it once`);
        assert.ok(toInvitee[0]!.data.inviteeList.includes(invitee));
      }
    }
    const stamps = await db.selectFrom('im_signal_invitee').select(['responded_at', 'deadline']).where('state', '=', 'timeout').execute();
    assert.equal(stamps.length, invites * 3);
    assert.ok(stamps.every((s) => Number(s.responded_at) >= Number(s.deadline)), 'nothing timed out early');
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    await server.close();
  }
});
