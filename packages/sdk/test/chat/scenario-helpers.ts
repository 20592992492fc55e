/**
 * Steps shared by the IM scenario test (im-scenario-e2e.test.ts): a real server per test, devices that are real
 * SDK chat clients over real `ws` sockets, each with its own network the test can cut (the socket is terminated,
 * as a lost network does, and new connections are refused until the network is back, so the SDK's own reconnect
 * with backoff does the work), and recorders of what each device received. Server, clients and bounded waits
 * come from chat-test-client.ts.
 */
import WebSocket from 'ws';
import {
  createSignaling, type AnyChatMessage, type ChatClient, type ChatPlatform, type Conversation, type LoginInfo, type Signaling, type WebSocketConstructor,
} from '../../src/chat/index.ts';
import { v4 } from '../../../server/test/helpers/im-fixtures.ts';
import type { TestServer } from '../../../server/test/helpers/test-server.ts';
import { deviceRow, type TestImApp } from '../../../server/test/ws/ws-test-client.ts';
import { createTestChatClient, deadPort, loginAs, recordSignals, until, withChatServer, type SignalingRecord } from './chat-test-client.ts';

/** One device's network: `cut()` terminates its open sockets and refuses new ones until `restore()`. */
export interface DeviceNetwork {
  WebSocket: WebSocketConstructor;
  cut(): void;
  restore(): void;
}

function deviceNetwork(deadUrl: string): DeviceNetwork {
  const open = new Set<WebSocket>();
  let offline = false;
  class DeviceSocket extends WebSocket {
    constructor(url: string) {
      super(offline ? deadUrl : url);
      open.add(this);
      this.on('close', () => open.delete(this));
    }
  }
  return {
    WebSocket: DeviceSocket as unknown as WebSocketConstructor,
    cut() {
      offline = true;
      for (const socket of open) socket.terminate();
    },
    restore() {
      offline = false;
    },
  };
}

/** A logged-in (or about to be) SDK client of one user on one device, with what it received. */
export interface Device {
  readonly userId: string;
  readonly deviceId: string;
  readonly chat: ChatClient;
  readonly signaling: Signaling;
  readonly net: DeviceNetwork;
  /** Every `message` event, in the order the SDK emitted them. */
  readonly messages: AnyChatMessage[];
  /** Every `totalUnreadChanged` total. */
  readonly totals: number[];
  /** The latest view of each conversation from `conversationChanged`. */
  readonly conversations: Map<string, Conversation>;
  /** Every server event by name (e.g. receiveMessageOptChanged). */
  readonly serverEvents: Array<{ event: string; data: unknown }>;
  readonly signals: SignalingRecord;
  /** Every `loggedIn` (the first login and each automatic re-login). */
  readonly logins: LoginInfo[];
  /** The cursor of every completed login sync. */
  readonly syncs: number[];
  /** Logs in and waits until the login's sync (C2C, groups, pending invitations) is processed. */
  login(): Promise<LoginInfo>;
  /** This device's C2C messages with `peer`, in emitted order. */
  c2c(peer: string): AnyChatMessage[];
  /** This device's messages of `groupId`, in emitted order. */
  group(groupId: string): AnyChatMessage[];
  /** Resolves once the SDK has processed everything received so far. */
  settled(): Promise<void>;
  /** The server's stored state of this device ('online', 'background', 'push_online', 'offline'). */
  storedState(): Promise<string | undefined>;
}

export interface Scenario {
  server: TestServer;
  app: TestImApp;
  device(userId: string, deviceId: string, platform: ChatPlatform): Device;
  /** Calls `/v4/<path>` as the app's administrator and returns the parsed body. */
  v4(path: string, body: unknown): Promise<Record<string, unknown>>;
}

export function textOf(m: AnyChatMessage): string {
  const element = m.elements[0];
  if (element?.type === 'TIMGroupTipsElem') return `tip:${String(element.content['opType'])}:${String(element.content['opUser'])}`;
  return String(element?.content['text']);
}

/** `[seq, from, text]` of each message: the one shape the assertions compare. */
export function seqFromText(list: AnyChatMessage[]): Array<[number | undefined, string, string]> {
  return list.map((m) => [m.seq, m.from, textOf(m)]);
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function createDevice(server: TestServer, app: TestImApp, deadUrl: string, userId: string, deviceId: string, platform: ChatPlatform): Device {
  const net = deviceNetwork(deadUrl);
  const chat = createTestChatClient(server, app, { WebSocket: net.WebSocket });
  const signaling = createSignaling(chat);
  const messages: AnyChatMessage[] = [];
  const totals: number[] = [];
  const conversations = new Map<string, Conversation>();
  const serverEvents: Array<{ event: string; data: unknown }> = [];
  const logins: LoginInfo[] = [];
  const syncs: number[] = [];
  chat.on('message', (m) => messages.push(m));
  chat.on('totalUnreadChanged', (d) => totals.push(d.total));
  chat.on('conversationChanged', (d) => {
    for (const c of d.conversations) conversations.set(c.conversationId, c);
  });
  chat.on('serverEvent', (e) => serverEvents.push(e));
  chat.on('loggedIn', (info) => logins.push(info));
  chat.on('syncCompleted', (d) => syncs.push(d.inboxSeq));
  const signals = recordSignals(signaling);
  const settled = async () => {
    await chat.whenMessagesProcessed();
    await signaling.whenPendingFetched();
  };
  return {
    userId, deviceId, chat, signaling, net, messages, totals, conversations, serverEvents, signals, logins, syncs,
    async login() {
      const before = syncs.length;
      const info = await loginAs(chat, app, userId, deviceId, platform);
      await until(`${deviceId}: login sync`, () => syncs.length > before);
      await settled();
      return info;
    },
    c2c: (peer) => messages.filter((m) => m.groupId === undefined && m.conversationId === `c2c_${peer}`),
    group: (groupId) => messages.filter((m) => m.groupId === groupId),
    settled,
    async storedState() {
      return (await deviceRow(server, app.sdkAppId, userId, deviceId))?.state;
    },
  };
}

/** Runs one test on its own server (SQLite, or PostgreSQL with HERALD_TEST_STORE=postgres) with `users` imported. */
export function withScenario(users: string[], fn: (s: Scenario) => Promise<void>): Promise<void> {
  return withChatServer(users, async (server, app) => {
    const devices: Device[] = [];
    try {
      const deadUrl = `ws://127.0.0.1:${await deadPort()}/ws`;
      await fn({
        server,
        app,
        device(userId, deviceId, platform) {
          const device = createDevice(server, app, deadUrl, userId, deviceId, platform);
          devices.push(device);
          return device;
        },
        v4: (path, body) => v4(server, app, path, body),
      });
    } finally {
      for (const d of devices) {
        d.signaling.dispose();
        d.chat.close();
      }
    }
  });
}
