/**
 * Messaging through the SDK against the real server over real sockets: a recipient whose connection drops and
 * stays down while messages keep coming ends with every message exactly once and in order; a send whose answer
 * is lost is retried with the same random and stored once; the conversation helpers reach the server's ops.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { textElem, type AnyChatMessage, type WebSocketConstructor, type WebSocketLike } from '../../src/chat/index.ts';
import type { TestServer } from '../../../server/test/helpers/test-server.ts';
import type { TestImApp } from '../../../server/test/ws/ws-test-client.ts';
import { createTestChatClient, deadPort, loginAs, pollUntil, withChatServer } from './chat-test-client.ts';

/**
 * Controls a client's network from the test: `offline` makes new connections fail, `dropAll` cuts the open ones,
 * and `loseAnswer` swallows the first response to an op and cuts the connection (the server has acted on it).
 */
interface Network {
  WebSocket: WebSocketConstructor;
  offline: boolean;
  loseAnswer: string | undefined;
  /** Cuts the connection right after this many `sync: true` messages have been delivered. */
  dropAfterSyncMessages: number | undefined;
  sent: Array<{ op: string; data: Record<string, unknown> }>;
  dropAll(): void;
}

function network(deadUrl: string): Network {
  const open = new Set<WebSocket>();
  const net: Network = {
    WebSocket: undefined as unknown as WebSocketConstructor,
    offline: false,
    loseAnswer: undefined,
    dropAfterSyncMessages: undefined,
    sent: [],
    dropAll: () => {
      for (const socket of open) socket.terminate();
    },
  };
  class ControlledSocket implements WebSocketLike {
    onopen: ((event: never) => void) | null = null;
    onmessage: ((event: never) => void) | null = null;
    onclose: ((event: never) => void) | null = null;
    onerror: ((event: never) => void) | null = null;
    private readonly inner: WebSocket;

    constructor(url: string) {
      const inner = new WebSocket(net.offline ? deadUrl : url);
      this.inner = inner;
      open.add(inner);
      inner.onopen = (e) => this.onopen?.(e as never);
      inner.onerror = (e) => this.onerror?.(e as never);
      inner.onclose = (e) => {
        open.delete(inner);
        this.onclose?.(e as never);
      };
      // Frames already read from a cut connection are not delivered, as with a real network loss.
      let cut = false;
      inner.onmessage = (e) => {
        if (cut) return;
        const frame = JSON.parse(String(e.data)) as { op?: string; event?: string; data?: { sync?: boolean } };
        if (net.loseAnswer !== undefined && frame.event === undefined && frame.op === net.loseAnswer) {
          net.loseAnswer = undefined;
          cut = true;
          inner.terminate();
          return;
        }
        this.onmessage?.(e as never);
        if (net.dropAfterSyncMessages !== undefined && frame.event === 'message' && frame.data?.sync === true) {
          net.dropAfterSyncMessages -= 1;
          if (net.dropAfterSyncMessages === 0) {
            net.dropAfterSyncMessages = undefined;
            cut = true;
            inner.terminate();
          }
        }
      };
    }

    get readyState(): number {
      return this.inner.readyState;
    }

    send(data: string): void {
      const frame = JSON.parse(data) as { op: string; data: Record<string, unknown> };
      net.sent.push({ op: frame.op, data: frame.data });
      this.inner.send(data);
    }

    close(code?: number, reason?: string): void {
      this.inner.close(code, reason);
    }
  }
  net.WebSocket = ControlledSocket;
  return net;
}

function texts(messages: AnyChatMessage[]): string[] {
  return messages.map((m) => String(m.elements[0]?.content['text']));
}

function numbered(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => `m${from + i}`);
}

/**
 * alice on a plain socket and bob (Android) on a network the test controls, both logged in; what bob receives and
 * the cursor of each of his completed login syncs are recorded from the start.
 */
async function aliceAndBobOnControlledNetwork(server: TestServer, app: TestImApp) {
  const net = network(`ws://127.0.0.1:${await deadPort()}/ws`);
  const alice = createTestChatClient(server, app);
  const bob = createTestChatClient(server, app, { WebSocket: net.WebSocket });
  const received: AnyChatMessage[] = [];
  bob.on('message', (m) => received.push(m));
  const synced: number[] = [];
  bob.on('syncCompleted', (d) => synced.push(d.inboxSeq));
  await loginAs(alice, app, 'alice', 'a-phone', 'iOS');
  await loginAs(bob, app, 'bob', 'b-phone', 'Android');
  return { net, alice, bob, received, synced };
}

const withServer = (fn: (server: TestServer, app: TestImApp) => Promise<void>) => withChatServer(['alice', 'bob'], fn);

test('bob, disconnected mid-way through 50 messages, ends with messages 1..50 each once and in order', () =>
  withServer(async (server, app) => {
    const { net, alice, bob, received, synced } = await aliceAndBobOnControlledNetwork(server, app);
    await pollUntil(() => synced.length === 1);

    for (let i = 1; i <= 15; i += 1) await alice.sendMessage({ to: 'bob', elements: [textElem(`m${i}`)] });
    await pollUntil(() => bob.inboxSeq >= 15);
    net.offline = true;
    net.dropAll();
    await pollUntil(() => bob.connectionState === 'reconnecting');
    for (let i = 16; i <= 30; i += 1) await alice.sendMessage({ to: 'bob', elements: [textElem(`m${i}`)] });
    // Bob comes back while the rest is being sent: sync and live messages meet.
    net.offline = false;
    for (let i = 31; i <= 50; i += 1) await alice.sendMessage({ to: 'bob', elements: [textElem(`m${i}`)] });
    await pollUntil(() => bob.inboxSeq >= 50);
    await bob.whenMessagesProcessed();

    assert.deepEqual(texts(received), numbered(1, 50));
    assert.deepEqual(received.map((m) => m.seq), Array.from({ length: 50 }, (_, i) => i + 1));
    assert.equal(bob.connectionState, 'connected');
    const logins = net.sent.filter((f) => f.op === 'login').map((f) => f.data['sync']);
    assert.deepEqual(logins[0], { fresh: true });
    assert.deepEqual(logins.at(-1), { inboxSeq: 15 });
    assert.ok(synced.length >= 2);
    assert.deepEqual(texts(await bob.getLocalMessages('c2c_alice')), numbered(1, 50));
    const history = await bob.getHistory({ conversationId: 'c2c_alice', direction: 'older', count: 100 });
    assert.deepEqual(texts(history.messages), numbered(1, 50));
    assert.equal(history.complete, true);
    alice.close();
    bob.close();
  }));

test('a user with no messages logs in fresh, goes offline, gets 3 messages, and receives all 3 on reconnecting', () =>
  withServer(async (server, app) => {
    const { net, alice, bob, received, synced } = await aliceAndBobOnControlledNetwork(server, app);
    await pollUntil(() => synced.length === 1);
    assert.deepEqual(synced, [0]);
    net.offline = true;
    net.dropAll();
    await pollUntil(() => bob.connectionState === 'reconnecting');
    for (let i = 1; i <= 3; i += 1) await alice.sendMessage({ to: 'bob', elements: [textElem(`m${i}`)] });
    net.offline = false;
    await pollUntil(() => synced.length === 2);
    await bob.whenMessagesProcessed();

    assert.deepEqual(texts(received), numbered(1, 3));
    assert.ok(received.every((m) => m.sync === true), 'they came from the login sync, not as live events');
    assert.deepEqual(synced, [0, 3]);
    assert.equal(bob.inboxSeq, 3);
    const logins = net.sent.filter((f) => f.op === 'login').map((f) => f.data['sync']);
    assert.deepEqual(logins, [{ fresh: true }, { inboxSeq: 0 }]);
    alice.close();
    bob.close();
  }));

test('a connection cut in the middle of the login sync resumes from the last contiguous message', () =>
  withServer(async (server, app) => {
    const { net, alice, bob, received } = await aliceAndBobOnControlledNetwork(server, app);
    for (let i = 1; i <= 5; i += 1) await alice.sendMessage({ to: 'bob', elements: [textElem(`m${i}`)] });
    await pollUntil(() => bob.inboxSeq >= 5);
    net.offline = true;
    net.dropAll();
    await pollUntil(() => bob.connectionState === 'reconnecting');
    for (let i = 6; i <= 40; i += 1) await alice.sendMessage({ to: 'bob', elements: [textElem(`m${i}`)] });
    net.dropAfterSyncMessages = 10;
    net.offline = false;
    for (let i = 41; i <= 50; i += 1) await alice.sendMessage({ to: 'bob', elements: [textElem(`m${i}`)] });
    await pollUntil(() => bob.inboxSeq >= 50);
    await bob.whenMessagesProcessed();

    assert.deepEqual(texts(received), numbered(1, 50));
    const syncs = net.sent.filter((f) => f.op === 'login').map((f) => f.data['sync']);
    assert.deepEqual([syncs[0], syncs.at(-2), syncs.at(-1)], [{ fresh: true }, { inboxSeq: 5 }, { inboxSeq: 15 }]);
    alice.close();
    bob.close();
  }));

test('a send whose answer is lost is retried after the reconnect with the same random and stored once', () =>
  withServer(async (server, app) => {
    const net = network(`ws://127.0.0.1:${await deadPort()}/ws`);
    const alice = createTestChatClient(server, app, { WebSocket: net.WebSocket });
    const bob = createTestChatClient(server, app);
    const received: AnyChatMessage[] = [];
    bob.on('message', (m) => received.push(m));
    await alice.login({ userId: 'alice', userSig: app.sig('alice'), deviceId: 'a-phone', platform: 'iOS' });
    await bob.login({ userId: 'bob', userSig: app.sig('bob'), deviceId: 'b-phone', platform: 'Web' });

    net.loseAnswer = 'sendMessage';
    const first = await alice.sendMessage({ to: 'bob', elements: [textElem('once')] });
    const second = await alice.sendMessage({ to: 'bob', elements: [textElem('twice')] });
    const sends = net.sent.filter((f) => f.op === 'sendMessage');
    assert.equal(sends.length, 3);
    assert.equal(sends[0]?.data['random'], first.random);
    assert.equal(sends[1]?.data['random'], first.random);
    assert.notEqual(second.random, first.random);
    assert.equal(first.seq, 1);
    assert.equal(second.seq, 2);
    await pollUntil(() => received.length >= 2);
    await bob.whenMessagesProcessed();
    assert.deepEqual(texts(received), ['once', 'twice']);
    assert.deepEqual(received.map((m) => m.msgKey), [first.msgKey, second.msgKey]);
    await alice.whenMessagesProcessed();
    assert.deepEqual(texts(await alice.getLocalMessages('c2c_bob')), ['once', 'twice']);
    alice.close();
    bob.close();
  }));

test('conversation helpers: list, unread total, mark read, pin, delete', () =>
  withServer(async (server, app) => {
    const alice = createTestChatClient(server, app);
    const bob = createTestChatClient(server, app);
    const totals: number[] = [];
    bob.on('totalUnreadChanged', (d) => totals.push(d.total));
    await alice.login({ userId: 'alice', userSig: app.sig('alice'), deviceId: 'a-phone', platform: 'iOS' });
    await bob.login({ userId: 'bob', userSig: app.sig('bob'), deviceId: 'b-phone', platform: 'Web' });
    for (let i = 1; i <= 3; i += 1) await alice.sendMessage({ to: 'bob', elements: [textElem(`m${i}`)] });

    assert.equal(await bob.getTotalUnreadMessageCount(), 3);
    const list = await bob.getConversationList();
    assert.equal(list.conversations.length, 1);
    assert.equal(list.conversations[0]?.conversationId, 'c2c_alice');
    assert.equal(list.conversations[0]?.unreadCount, 3);

    await bob.markConversationRead('c2c_alice', 2);
    assert.equal(await bob.getTotalUnreadMessageCount(), 1);
    await bob.markConversationRead('c2c_alice');
    assert.equal(await bob.getTotalUnreadMessageCount(), 0);
    await pollUntil(() => totals.at(-1) === 0);
    assert.equal(totals.at(-1), 0);

    await bob.pinConversation('c2c_alice', true);
    assert.equal((await bob.getConversationList()).conversations[0]?.pinned, true);
    await bob.deleteConversation('c2c_alice');
    assert.deepEqual((await bob.getConversationList()).conversations, []);
    alice.close();
    bob.close();
  }));
