/**
 * close() on a chat client whose socket is still connecting: the `ws` package reports such a close as an 'error'
 * event ("WebSocket was closed before the connection was established"), which Node turns into an uncaught
 * exception when the socket has no error listener left. The client must absorb it, and the pending login must
 * settle instead of hanging.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { WebSocketConstructor } from '../../src/chat/index.ts';
import { isHeraldClientError } from '../../src/herald-client-error.ts';
import { createTestChatClient, loginAs, withChatServer } from './chat-test-client.ts';

/** The `ws` socket class, recording each socket the client opens and telling `onCreated` as it is made. */
function recordingWebSocket(onCreated: (socket: WebSocket, index: number) => void = () => undefined): { WebSocket: WebSocketConstructor; sockets: WebSocket[] } {
  const sockets: WebSocket[] = [];
  class RecordedWebSocket extends WebSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
      onCreated(this, sockets.length - 1);
    }
  }
  return { WebSocket: RecordedWebSocket as unknown as WebSocketConstructor, sockets };
}

/** The socket's close event. Not events.once: it listens for 'error' too, so the error would not be uncaught. */
function closeOf(socket: WebSocket): Promise<void> {
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

/** `promise`, or a rejection saying what did not settle within `ms` (a hung login would otherwise stall the file). */
function within<T>(what: string, promise: Promise<T>, ms = 5000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Collects uncaught exceptions while `fn` runs (a listener also keeps one from ending the test process). */
async function uncaughtDuring(fn: () => Promise<void>): Promise<Error[]> {
  const caught: Error[] = [];
  const onUncaught = (err: Error) => caught.push(err);
  process.on('uncaughtException', onUncaught);
  try {
    await fn();
    // ws emits the abort's 'error' on a later tick; give any stray one time to surface.
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    process.off('uncaughtException', onUncaught);
  }
  return caught;
}

test('close() while the first connection is still opening: no uncaught error, login rejects, state disconnected', () =>
  withChatServer(['alice'], async (server, app) => {
    const recorded = recordingWebSocket();
    const c = createTestChatClient(server, app, { WebSocket: recorded.WebSocket });
    const caught = await uncaughtDuring(async () => {
      const login = loginAs(c, app, 'alice', 'phone');
      const [socket] = recorded.sockets;
      assert.equal(socket?.readyState, WebSocket.CONNECTING, 'closed before the handshake finished');
      const closed = closeOf(socket!);
      c.close();
      await assert.rejects(within('the login', login), (err: unknown) => isHeraldClientError(err, 'NETWORK'));
      await closed;
    });
    assert.deepEqual(caught.map((e) => e.message), []);
    assert.equal(c.connectionState, 'disconnected');
    assert.equal(recorded.sockets.length, 1, 'no reconnect after close');
  }));

test('close() while a reconnect is opening: no uncaught error, no further reconnect', () =>
  withChatServer(['alice'], async (server, app) => {
    let reopened: (socket: WebSocket) => void = () => undefined;
    const reconnecting = new Promise<WebSocket>((resolve) => (reopened = resolve));
    const recorded = recordingWebSocket((socket, index) => {
      if (index !== 1) return;
      // A microtask runs before any I/O, so the socket is still connecting; the client has its handlers set by then.
      queueMicrotask(() => {
        assert.equal(socket.readyState, WebSocket.CONNECTING, 'closed before the handshake finished');
        c.close();
        reopened(socket);
      });
    });
    const c = createTestChatClient(server, app, { WebSocket: recorded.WebSocket, random: () => 0.5 });
    await loginAs(c, app, 'alice', 'phone');
    const caught = await uncaughtDuring(async () => {
      recorded.sockets[0]!.terminate();
      const socket = await reconnecting;
      if (socket.readyState !== WebSocket.CLOSED) await closeOf(socket);
    });
    assert.deepEqual(caught.map((e) => e.message), []);
    assert.equal(c.connectionState, 'disconnected');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(recorded.sockets.length, 2, 'no reconnect after close');
  }));
