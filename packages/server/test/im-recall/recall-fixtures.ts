/**
 * Shared steps of the recall and retention tests: a server on a clock the test moves, logged-in sockets, groups
 * written straight to the store (group management is not under test here), group messages stored through
 * storeGroupMessage, `/v4` calls signed on the server's clock, and waiting for a particular event.
 */
import assert from 'node:assert/strict';
import type { Clock } from '../../src/context.ts';
import { storeGroupMessage } from '../../src/im/group-messages/store-group-message.ts';
import { newMsgKey } from '../../src/im/messages/message-service.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { loginData, openClient, type TestImApp, type WsTestClient } from '../ws/ws-test-client.ts';

export type ShiftClock = Clock & { offsetMs: number };

export function shiftClock(): ShiftClock {
  return { offsetMs: 0, now() { return Date.now() + this.offsetMs; } };
}

export async function withServer(fn: (server: TestServer, clock: ShiftClock) => Promise<void>): Promise<void> {
  const clock = shiftClock();
  const server = await startTestServer({ worker: false, clock });
  try {
    await fn(server, clock);
  } finally {
    await server.close();
  }
}

export async function login(server: TestServer, app: TestImApp, userId: string, deviceId: string): Promise<WsTestClient> {
  const c = await openClient(server);
  const res = await c.request('login', loginData(app, userId, deviceId));
  assert.equal(res.code, 0, JSON.stringify(res));
  return c;
}

/** The next `name` event that satisfies `match`; earlier ones (of the sends that set the test up) are passed over. */
export async function eventWhere(c: WsTestClient, name: string, match: (d: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (;;) {
    const data = await c.nextEvent(name);
    if (match(data)) return data;
  }
}

export const text = (t: string) => [{ type: 'TIMTextElem', content: { text: t } }];

let randomCounter = 5000;
export const nextRandom = (): number => (randomCounter += 1);

export async function insertGroup(
  server: TestServer, sdkAppId: number, groupId: string, type: string, members: Array<[string, 'Owner' | 'Admin' | 'Member']>,
): Promise<void> {
  const now = server.ctx.clock.now();
  const db = server.ctx.store.db;
  await db.insertInto('im_group').values({
    sdk_app_id: sdkAppId, group_id: groupId, type, name: groupId, owner: members.find(([, r]) => r === 'Owner')?.[0] ?? null, introduction: '',
    notification: '', face_url: '', max_members: 200, apply_join_option: 'FreeAccess', mute_all: 0, member_count: members.length, last_seq: 0,
    last_message_json: null, last_time: now, custom_json: '{}', created_at: now, updated_at: now,
  }).execute();
  await db.insertInto('im_group_member').values(members.map(([userId, role]) => ({
    sdk_app_id: sdkAppId, group_id: groupId, user_id: userId, role, join_time: now, join_seq: 0, read_seq: 0, mute_until: 0, name_card: '',
    recv_opt: 0, pinned: 0, hidden_seq: 0,
  }))).execute();
}

export async function storeGroupText(
  server: TestServer, sdkAppId: number, groupId: string, from: string, t: string, o: { atUserList?: string[]; isTip?: boolean } = {},
) {
  const time = server.ctx.clock.now();
  const random = nextRandom();
  const stored = await storeGroupMessage(server.ctx.store, {
    sdkAppId, groupId, from, random, time, msgKey: newMsgKey(time, random), priority: 'normal', elements: text(t) as never,
    atUserList: o.atUserList, excludedFromUnread: false, isTip: o.isTip ?? false,
  });
  return stored.row;
}

/** `/v4/<path>` as the app's default admin, signed on the server's (possibly moved) clock. */
export async function v4(server: TestServer, app: TestImApp, path: string, body: unknown, identifier = 'administrator'): Promise<Record<string, unknown>> {
  const query = new URLSearchParams({ sdkappid: String(app.sdkAppId), identifier, usersig: app.sig(identifier), random: '4242', contenttype: 'json' });
  const res = await fetch(`${server.url}/v4/${path}?${query.toString()}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200);
  return (await res.json()) as Record<string, unknown>;
}
