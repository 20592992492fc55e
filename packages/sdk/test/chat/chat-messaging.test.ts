/**
 * The chat client's messaging over real sockets against a scripted protocol peer (a `ws` server on loopback that
 * plays docs/protocol.md by script): the sync cursor on every login, a send retried after a drop with the same
 * random, and what a relogin resends is announced once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { createChatClient, customElem, textElem, type ChatClient, type ChatMessage } from '../../src/chat/index.ts';
import { createMemoryStorage } from '../../src/push/push-storage.ts';

interface Frame {
  id: number;
  op: string;
  data: Record<string, unknown>;
}

interface Peer {
  url: string;
  frames: Frame[];
  /** Called for each request; returns the response data, or undefined to drop the connection unanswered. */
  onRequest: (frame: Frame, socket: WebSocket) => Record<string, unknown> | undefined;
  /** Drops every connection from the server side, as a network loss would. */
  dropAll(): void;
  close(): Promise<void>;
}

async function startPeer(): Promise<Peer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const peer: Peer = {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`,
    frames: [],
    onRequest: () => ({}),
    dropAll: () => {
      for (const socket of server.clients) socket.terminate();
    },
    close: () => {
      for (const socket of server.clients) socket.terminate();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  server.on('connection', (socket) => {
    socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as Frame;
      peer.frames.push(frame);
      const data = frame.op === 'ping' ? { serverTime: 1 } : peer.onRequest(frame, socket);
      if (data === undefined) {
        socket.terminate();
        return;
      }
      socket.send(JSON.stringify({ id: frame.id, op: frame.op, code: 0, data }));
    });
  });
  return peer;
}

const LOGIN_RESULT = { serverTime: 1, heartbeatSeconds: 30, userSigExpiresAt: 2 ** 40, devices: [] };

function row(inboxSeq: number, sync = false): ChatMessage {
  return {
    conversationId: 'c2c_alice', seq: inboxSeq, inboxSeq, msgKey: `k${inboxSeq}`, from: 'alice', to: 'bob', time: inboxSeq,
    elements: [textElem(`m${inboxSeq}`)], random: inboxSeq, priority: 'normal', isExcludedFromUnreadCount: false,
    ...(sync ? { sync: true as const } : {}),
  };
}

function sendEvent(socket: WebSocket, event: string, data: unknown): void {
  socket.send(JSON.stringify({ event, data }));
}

function client(peer: Peer, o: { storage?: ReturnType<typeof createMemoryStorage>; randoms?: number[] } = {}): ChatClient {
  const randoms = [...(o.randoms ?? [])];
  return createChatClient({
    url: peer.url,
    sdkAppId: 1400000001,
    WebSocket,
    requestTimeoutMs: 5000,
    reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
    random: () => 0.5,
    ...(o.storage ? { storage: o.storage } : {}),
    ...(o.randoms ? { messageRandom: () => randoms.shift() ?? 7 } : {}),
  });
}

const BOB = { userId: 'bob', userSig: 'sig', deviceId: 'phone', platform: 'Web' as const };

function nextEvent<T>(c: ChatClient, event: 'syncCompleted' | 'loggedIn'): Promise<T> {
  return new Promise((resolve) => {
    const off = c.on(event, (data) => {
      off();
      resolve(data as T);
    });
  });
}

test('a send whose connection drops before the answer is retried after the reconnect with the same random', async () => {
  const peer = await startPeer();
  try {
    let sends = 0;
    peer.onRequest = (frame) => {
      if (frame.op === 'login') return LOGIN_RESULT;
      if (frame.op === 'sendMessage') {
        sends += 1;
        return sends === 1 ? undefined : { msgKey: 'mk', seq: 1, inboxSeq: 1, time: 42 };
      }
      return {};
    };
    const c = client(peer, { randoms: [123456789] });
    await c.login(BOB);
    const result = await c.sendMessage({ to: 'alice', elements: [customElem({ data: 'd', desc: 'hi' })], priority: 'high' });
    assert.deepEqual(result, { msgKey: 'mk', seq: 1, inboxSeq: 1, time: 42, random: 123456789 });
    const sent = peer.frames.filter((f) => f.op === 'sendMessage');
    assert.equal(sent.length, 2);
    for (const f of sent) {
      assert.deepEqual(f.data, {
        to: 'alice', random: 123456789, priority: 'high',
        elements: [{ type: 'TIMCustomElem', content: { data: 'd', desc: 'hi', ext: '' } }],
      });
    }
    const logins = peer.frames.filter((f) => f.op === 'login');
    assert.equal(logins.length, 2);
    // No syncCompleted ever came: the device is still fresh at the relogin.
    assert.deepEqual(logins.map((f) => f.data['sync']), [{ fresh: true }, { fresh: true }]);
    // The own send is stored and moves the cursor, without a `message` event.
    await c.whenMessagesProcessed();
    assert.equal(c.inboxSeq, 1);
    assert.deepEqual((await c.getLocalMessages('c2c_alice')).map((m) => [m.seq, m.from, m.random]), [[1, 'bob', 123456789]]);
    c.close();
  } finally {
    await peer.close();
  }
});

test('a send fails with the server error as is, and fails when the client is closed for good', async () => {
  const peer = await startPeer();
  try {
    peer.onRequest = (frame, socket) => {
      if (frame.op === 'login') return LOGIN_RESULT;
      if (frame.op === 'sendMessage' && frame.data['to'] === 'ghost') {
        socket.send(JSON.stringify({ id: frame.id, op: frame.op, code: 20003, codeName: 'IM_ACCOUNT_NOT_FOUND', message: 'no' }));
        return {};
      }
      return {};
    };
    const c = client(peer);
    await c.login(BOB);
    await assert.rejects(c.sendMessage({ to: 'ghost', elements: [textElem('x')] }), { code: 'IM_ACCOUNT_NOT_FOUND' });
    c.close();
    await assert.rejects(c.sendMessage({ to: 'alice', elements: [textElem('x')] }), { code: 'NETWORK' });
  } finally {
    await peer.close();
  }
});

test('each login carries the cursor; what a relogin resends is announced once, in order', async () => {
  const peer = await startPeer();
  try {
    let logins = 0;
    peer.onRequest = (frame, socket) => {
      if (frame.op !== 'login') return {};
      logins += 1;
      const from = (frame.data['sync'] as { inboxSeq?: number }).inboxSeq ?? 0;
      // After the response: the backlog (the second time starting with a row the client already has), then live.
      setImmediate(() => {
        const backlog = logins === 1 ? [1, 2, 3] : [from, from + 1, from + 2];
        for (const i of backlog) sendEvent(socket, 'message', row(i, true));
        sendEvent(socket, 'syncCompleted', { inboxSeq: backlog.at(-1) });
        sendEvent(socket, 'message', row((backlog.at(-1) ?? 0) + 1));
        sendEvent(socket, 'totalUnreadChanged', { total: 9 });
      });
      return LOGIN_RESULT;
    };
    const storage = createMemoryStorage();
    const c = client(peer, { storage });
    const seen: number[] = [];
    const totals: number[] = [];
    c.on('message', (m) => seen.push(m.inboxSeq ?? -1));
    c.on('totalUnreadChanged', (d) => totals.push(d.total));
    const firstSync = nextEvent<{ inboxSeq: number }>(c, 'syncCompleted');
    await c.login(BOB);
    // A real server tells a fresh device (`sync: {fresh: true}`) nothing old; this script sends 1..3 anyway.
    assert.deepEqual(await firstSync, { inboxSeq: 3 });
    await waitFor(() => totals.length === 1);
    await c.whenMessagesProcessed();
    assert.equal(c.inboxSeq, 4);

    const relogin = nextEvent(c, 'loggedIn');
    const secondSync = nextEvent<{ inboxSeq: number }>(c, 'syncCompleted');
    peer.dropAll();
    await relogin;
    assert.deepEqual(await secondSync, { inboxSeq: 6 });
    await waitFor(() => totals.length === 2);
    await c.whenMessagesProcessed();
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(peer.frames.filter((f) => f.op === 'login').map((f) => f.data['sync']), [{ fresh: true }, { inboxSeq: 4 }]);
    assert.equal(storage.get('herald.chat.1400000001.bob.phone.inboxSeq'), '7');
    assert.deepEqual((await c.getLocalMessages('c2c_alice')).map((m) => m.seq), [1, 2, 3, 4, 5, 6, 7]);
    c.close();

    // A restarted app (new client, same storage) resumes from the persisted cursor.
    const restarted = client(peer, { storage });
    await restarted.login(BOB);
    assert.deepEqual(peer.frames.filter((f) => f.op === 'login').at(-1)?.data['sync'], { inboxSeq: 7 });
    restarted.close();
  } finally {
    await peer.close();
  }
});

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i += 1) await new Promise((r) => setTimeout(r, 10));
}
