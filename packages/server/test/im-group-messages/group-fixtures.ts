/**
 * Groups for the group message tests, written straight to the store: the tests must not depend on the group
 * management ops (built separately), only on the rows they leave behind (migration 004).
 */
import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/test-server.ts';
import { createTestImApp, loginData, openClient, type TestImApp, type WsTestClient } from '../ws/ws-test-client.ts';
import { startTestServer } from '../helpers/test-server.ts';

export interface MemberSpec {
  userId: string;
  role?: 'Owner' | 'Admin' | 'Member';
  joinSeq?: number;
  readSeq?: number;
  muteUntil?: number;
  recvOpt?: number;
}

export async function insertGroup(server: TestServer, sdkAppId: number, groupId: string, members: Array<string | MemberSpec>,
  o: { type?: string; name?: string; muteAll?: boolean; lastSeq?: number } = {}): Promise<void> {
  const db = server.ctx.store.db;
  const now = server.ctx.clock.now();
  const specs = members.map((m, i): MemberSpec => (typeof m === 'string' ? { userId: m, role: i === 0 ? 'Owner' : 'Member' } : m));
  await db.insertInto('im_group').values({
    sdk_app_id: sdkAppId, group_id: groupId, type: o.type ?? 'Work', name: o.name ?? `Group ${groupId}`, owner: specs[0]?.userId ?? null,
    introduction: '', notification: '', face_url: '', max_members: 2000, apply_join_option: 'FreeAccess', mute_all: o.muteAll === true ? 1 : 0,
    member_count: specs.length, last_seq: o.lastSeq ?? 0, last_message_json: null, last_time: now, custom_json: '{}', created_at: now, updated_at: now,
  }).execute();
  for (let i = 0; i < specs.length; i += 200) await addMembers(server, sdkAppId, groupId, specs.slice(i, i + 200));
}

export async function addMembers(server: TestServer, sdkAppId: number, groupId: string, specs: MemberSpec[]): Promise<void> {
  if (specs.length === 0) return;
  const now = server.ctx.clock.now();
  await server.ctx.store.db.insertInto('im_group_member').values(specs.map((s) => ({
    sdk_app_id: sdkAppId, group_id: groupId, user_id: s.userId, role: s.role ?? 'Member', join_time: now, join_seq: s.joinSeq ?? 0,
    read_seq: s.readSeq ?? s.joinSeq ?? 0, mute_until: s.muteUntil ?? 0, name_card: '', recv_opt: s.recvOpt ?? 0, pinned: 0, hidden_seq: 0,
  }))).execute();
}

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

export const text = (t: string) => [{ type: 'TIMTextElem', content: { text: t } }];
let randomCounter = 5000;
export const nextRandom = (): number => (randomCounter += 1);

export async function sendGroup(c: WsTestClient, groupId: string, t: string, extra: Record<string, unknown> = {}) {
  return c.request('sendGroupMessage', { groupId, elements: text(t), random: nextRandom(), ...extra });
}

export async function sendOk(c: WsTestClient, groupId: string, t: string, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const res = await sendGroup(c, groupId, t, extra);
  assert.equal(res.code, 0, JSON.stringify(res));
  return res.data!;
}

export async function groupRows(server: TestServer, sdkAppId: number, groupId: string) {
  return server.ctx.store.db.selectFrom('im_group_message').selectAll()
    .where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId).orderBy('seq').execute();
}

export { createTestImApp };
