/**
 * SDK chat clients against the real server over real sockets (the `ws` package, as Node 20 has no WebSocket):
 * a server per test with an IM app and its users, the client factory and login, a port that refuses connections
 * (for cut networks), recorders of signaling events, and bounded waits that fail with a description.
 */
import { createServer } from 'node:net';
import WebSocket from 'ws';
import {
  createChatClient, type ChatClient, type ChatClientOptions, type ChatPlatform, type LoginInfo, type Signaling, type SignalingEventName,
  type SignalingEvents, type WebSocketConstructor,
} from '../../src/chat/index.ts';
import { startTestServer, type TestServer, type TestServerOptions } from '../../../server/test/helpers/test-server.ts';
import { createTestImApp, wsUrl, type TestImApp } from '../../../server/test/ws/ws-test-client.ts';

/** Runs `fn` on a fresh server (SQLite, or PostgreSQL with HERALD_TEST_STORE=postgres) with an IM app and `users` imported. */
export async function withChatServer(users: string[], fn: (server: TestServer, app: TestImApp) => Promise<void>, o: TestServerOptions = {}): Promise<void> {
  const server = await startTestServer({ worker: false, ...o });
  try {
    await fn(server, await createTestImApp(server, { users }));
  } catch (err) {
    // Said before closing: the close waits for clients a failed test left open, up to the runner's timeout.
    console.error('chat test failed (the server closes once the test times out):', err);
    throw err;
  } finally {
    await server.close();
  }
}

/** A client of `app` on `server` that reconnects within tens of ms; `o` overrides any option. */
export function createTestChatClient(server: TestServer, app: TestImApp, o: Partial<ChatClientOptions> = {}): ChatClient {
  return createChatClient({
    url: wsUrl(server),
    sdkAppId: app.sdkAppId,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    requestTimeoutMs: 5000,
    reconnect: { initialDelayMs: 10, maxDelayMs: 40 },
    ...o,
  });
}

/** Logs `chat` in as `userId` on `deviceId` with a valid UserSig. */
export function loginAs(chat: ChatClient, app: TestImApp, userId: string, deviceId: string, platform: ChatPlatform = 'iOS'): Promise<LoginInfo> {
  return chat.login({ userId, userSig: app.sig(userId), deviceId, platform });
}

/** A port nothing listens on: connections to it are refused at once. */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Bounded wait for something the server sends or stores; throws with `what` when it does not happen in time. */
export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Polls `check` every 10 ms, at most `attempts` times, and returns either way: the assertion that follows says what is wrong. */
export async function pollUntil(check: () => boolean, attempts = 1000): Promise<void> {
  for (let i = 0; i < attempts && !check(); i += 1) await new Promise((r) => setTimeout(r, 10));
}

export type SignalingRecord = { [E in SignalingEventName]: Array<SignalingEvents[E]> };

/** Every signaling event by name, in the order the SDK emitted them. */
export function recordSignals(signaling: Signaling): SignalingRecord {
  const seen: SignalingRecord = { receiveNewInvitation: [], inviteeAccepted: [], inviteeRejected: [], invitationCancelled: [], invitationTimeout: [] };
  for (const name of Object.keys(seen) as SignalingEventName[]) signaling.on(name, (data) => (seen[name] as unknown[]).push(data));
  return seen;
}
