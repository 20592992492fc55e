/**
 * Group messages through the SDK against the real server over real sockets (docs/protocol.md §9): members get
 * each group message once and in seq order; a member that goes offline while messages keep coming gets exactly
 * the missed ones on its next login, once each, in order; a member added later starts at its join; a kicked member
 * stops; the group helpers and conversation helpers reach the server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textElem, type AnyChatMessage } from '../../src/chat/index.ts';
import type { TestServer } from '../../../server/test/helpers/test-server.ts';
import type { TestImApp } from '../../../server/test/ws/ws-test-client.ts';
import { createTestChatClient, loginAs, pollUntil, withChatServer } from './chat-test-client.ts';

const withServer = (fn: (server: TestServer, app: TestImApp) => Promise<void>) => withChatServer(['alice', 'bob', 'carol', 'dave'], fn);

const textOf = (m: AnyChatMessage) => String((m.elements[0]?.content as { text?: unknown } | undefined)?.text ?? '');

function groupMessages(list: AnyChatMessage[], groupId: string): AnyChatMessage[] {
  return list.filter((m) => m.groupId === groupId);
}

function assertOnceInOrder(list: AnyChatMessage[], what: string): void {
  const seqs = list.map((m) => m.seq ?? -1);
  for (let i = 1; i < seqs.length; i += 1) assert.ok(seqs[i]! > seqs[i - 1]!, `${what}: seqs not strictly increasing: ${seqs.join(',')}`);
}

test('three members: one goes offline while messages keep coming and gets exactly the missed ones once, in order', () =>
  withServer(async (server, app) => {
    const alice = createTestChatClient(server, app);
    const bob = createTestChatClient(server, app);
    const carol = createTestChatClient(server, app);
    const got = new Map<string, AnyChatMessage[]>([['alice', []], ['bob', []], ['carol', []]]);
    alice.on('message', (m) => got.get('alice')!.push(m));
    bob.on('message', (m) => got.get('bob')!.push(m));
    carol.on('message', (m) => got.get('carol')!.push(m));
    await loginAs(alice, app, 'alice', 'a-phone');
    await loginAs(bob, app, 'bob', 'b-phone');
    await loginAs(carol, app, 'carol', 'c-phone');
    const groupId = await alice.createGroup({ type: 'Work', name: 'Trio', memberList: [{ userId: 'bob' }, { userId: 'carol' }] });
    assert.equal(typeof groupId, 'string');

    const first = await alice.sendGroupMessage({ groupId, elements: [textElem('hello')] });
    assert.equal(typeof first.seq, 'number');
    await pollUntil(() => groupMessages(got.get('carol')!, groupId).some((m) => m.seq === first.seq));
    await carol.whenMessagesProcessed();
    const before = groupMessages(got.get('carol')!, groupId);
    assert.equal(before.at(-1)?.msgKey, first.msgKey);
    const carolCursor = before.at(-1)!.seq!;

    carol.close();
    const sends: Array<Promise<{ seq?: number }>> = [];
    for (let i = 1; i <= 6; i += 1) sends.push(alice.sendGroupMessage({ groupId, elements: [textElem(`a${i}`)] }));
    for (let i = 1; i <= 4; i += 1) sends.push(bob.sendGroupMessage({ groupId, elements: [textElem(`b${i}`)] }));
    const sent = await Promise.all(sends);
    const lastSeq = Math.max(...sent.map((s) => s.seq ?? 0));

    await loginAs(carol, app, 'carol', 'c-phone');
    await pollUntil(() => (groupMessages(got.get('carol')!, groupId).at(-1)?.seq ?? 0) >= lastSeq);
    await carol.whenMessagesProcessed();
    const after = groupMessages(got.get('carol')!, groupId).slice(before.length);
    assertOnceInOrder(after, 'carol after reconnect');
    const history = await carol.getGroupHistory({ groupId, direction: 'newer', fromSeq: carolCursor, count: 100 });
    assert.deepEqual(after.map((m) => m.seq), history.messages.map((m) => m.seq), 'exactly the missed messages');
    assert.deepEqual(after.map(textOf).filter((t) => t !== '').sort(), ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'b1', 'b2', 'b3', 'b4']);
    // Live again afterwards, and nothing repeated.
    const live = await bob.sendGroupMessage({ groupId, elements: [textElem('welcome back')] });
    await pollUntil(() => groupMessages(got.get('carol')!, groupId).some((m) => m.seq === live.seq));
    await carol.whenMessagesProcessed();
    const all = groupMessages(got.get('carol')!, groupId);
    assertOnceInOrder(all, 'carol overall');
    assert.equal(new Set(all.map((m) => m.msgKey)).size, all.length);
    // Own sends are stored locally, never announced back.
    await alice.whenMessagesProcessed();
    assert.deepEqual(got.get('alice')!.filter((m) => m.from === 'alice' && m.groupId === groupId && !m.isTip), []);
    const local = await alice.getLocalMessages(`group_${groupId}`);
    assert.ok(local.some((m) => m.msgKey === first.msgKey));
    // bob saw everything alice sent, once, in order.
    await bob.whenMessagesProcessed();
    const bobs = groupMessages(got.get('bob')!, groupId);
    assertOnceInOrder(bobs, 'bob');
    // Concurrent sends commit in any order; each is there once, in seq order (checked above).
    assert.deepEqual(bobs.filter((m) => m.from === 'alice' && !m.isTip).map(textOf).sort(), ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'hello']);

    // Unread and conversations through the SDK.
    const conv = (await carol.getConversationList()).conversations.find((c) => c.conversationId === `group_${groupId}`);
    assert.ok(conv !== undefined && conv.type === 'group');
    assert.ok(conv.unreadCount >= 12);
    await carol.markConversationRead(`group_${groupId}`);
    assert.equal(await carol.getTotalUnreadMessageCount(), 0);
    for (const c of [alice, bob, carol]) c.close();
  }));

test('a member added later syncs from its join; a fresh device starts at the last message; a kicked member stops', () =>
  withServer(async (server, app) => {
    const alice = createTestChatClient(server, app);
    const dave = createTestChatClient(server, app);
    const daveGot: AnyChatMessage[] = [];
    dave.on('message', (m) => daveGot.push(m));
    await loginAs(alice, app, 'alice', 'a-phone');
    await loginAs(dave, app, 'dave', 'd-phone');
    const groupId = await alice.createGroup({ type: 'Public', name: 'Later', memberList: [{ userId: 'bob' }] });
    await alice.sendGroupMessage({ groupId, elements: [textElem('before dave')] });
    const joined = new Promise<void>((resolve) => dave.on('groupJoined', () => resolve()));
    const results = await alice.inviteToGroup(groupId, ['dave']);
    assert.equal(results[0]?.result, 'ok');
    await joined;
    const m1 = await alice.sendGroupMessage({ groupId, elements: [textElem('after dave')] });
    await pollUntil(() => daveGot.some((m) => m.seq === m1.seq));
    await dave.whenMessagesProcessed();
    const daves = groupMessages(daveGot, groupId);
    assertOnceInOrder(daves, 'dave');
    assert.ok(!daves.some((m) => textOf(m) === 'before dave'), 'nothing from before the join');
    assert.ok(daves.some((m) => textOf(m) === 'after dave'));
    assert.deepEqual((await dave.getJoinedGroupList()).map((g) => g.groupId), [groupId]);

    // A fresh device of dave: no replay of what the old one saw, only what comes next.
    const tablet = createTestChatClient(server, app);
    const tabletGot: AnyChatMessage[] = [];
    tablet.on('message', (m) => tabletGot.push(m));
    await loginAs(tablet, app, 'dave', 'd-tablet');
    await tablet.whenMessagesProcessed();
    const m2 = await alice.sendGroupMessage({ groupId, elements: [textElem('for both devices')] });
    await pollUntil(() => tabletGot.some((m) => m.seq === m2.seq));
    await tablet.whenMessagesProcessed();
    assert.deepEqual(groupMessages(tabletGot, groupId).map(textOf), ['for both devices']);

    const kicked = new Promise<void>((resolve) => dave.on('groupKicked', () => resolve()));
    await alice.kickGroupMember(groupId, ['dave']);
    await kicked;
    await dave.whenMessagesProcessed();
    const count = groupMessages(daveGot, groupId).length;
    const m3 = await alice.sendGroupMessage({ groupId, elements: [textElem('after the kick')] });
    assert.equal(typeof m3.seq, 'number');
    // A C2C marker after the group send: once dave has it, the group message would have come before it.
    await alice.sendMessage({ to: 'dave', elements: [textElem('marker')] });
    await pollUntil(() => daveGot.some((m) => textOf(m) === 'marker'));
    await dave.whenMessagesProcessed();
    assert.equal(groupMessages(daveGot, groupId).length, count);
    for (const c of [alice, dave, tablet]) c.close();
  }));
