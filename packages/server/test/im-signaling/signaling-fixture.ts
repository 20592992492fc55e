/** Shared setup of the signaling tests: a real server, logged-in sockets, groups inserted as rows, bounded waits. */
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { loginData, openClient, type Response, type TestImApp, type WsTestClient } from '../ws/ws-test-client.ts';

export async function withServer(fn: (server: TestServer) => Promise<void>): Promise<void> {
  const server = await startTestServer({ worker: false });
  try {
    await fn(server);
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

/** Group management is another feature: the tests write the group and its members directly. */
export async function insertGroup(server: TestServer, sdkAppId: number, groupId: string, owner: string, members: string[]): Promise<void> {
  const db = server.ctx.store.db;
  const now = server.ctx.clock.now();
  await db.insertInto('im_group').values({
    sdk_app_id: sdkAppId, group_id: groupId, type: 'Work', name: groupId, owner, introduction: '', notification: '', face_url: '', max_members: 200,
    apply_join_option: 'DisableApply', mute_all: 0, member_count: members.length + 1, last_seq: 0, last_message_json: null, last_time: now,
    custom_json: '{}', created_at: now, updated_at: now,
  }).execute();
  const member = (userId: string, role: string) => ({
    sdk_app_id: sdkAppId, group_id: groupId, user_id: userId, role, join_time: now, join_seq: 0, read_seq: 0, mute_until: 0, name_card: '',
    recv_opt: 0, pinned: 0, hidden_seq: 0,
  });
  await db.insertInto('im_group_member').values([member(owner, 'Owner'), ...members.map((m) => member(m, 'Member'))]).execute();
}

/** Fails with `what` instead of hanging until the runner's timeout. */
export async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

export function ok(res: Response): Record<string, unknown> {
  assert.equal(res.code, 0, JSON.stringify(res));
  return res.data ?? {};
}

export function fails(res: Response, codeName: string, code?: number): void {
  assert.equal(res.codeName, codeName, JSON.stringify(res));
  if (code !== undefined) assert.equal(res.code, code);
}

export async function inviteeStates(server: TestServer, sdkAppId: number, inviteId: string): Promise<Record<string, string>> {
  const rows = await server.ctx.store.db.selectFrom('im_signal_invitee').select(['user_id', 'state'])
    .where('sdk_app_id', '=', sdkAppId).where('invite_id', '=', inviteId).execute();
  return Object.fromEntries(rows.map((r) => [r.user_id, r.state]));
}

export async function inviteState(server: TestServer, sdkAppId: number, inviteId: string): Promise<string | undefined> {
  const row = await server.ctx.store.db.selectFrom('im_signal_invite').select('state')
    .where('sdk_app_id', '=', sdkAppId).where('invite_id', '=', inviteId).executeTakeFirst();
  return row?.state;
}
