/**
 * Setup shared by the IM tests on the real server: a server per test (optionally on a clock the test moves),
 * logged-in raw sockets (ws-test-client.ts), C2C sends, groups written straight to the store (group management
 * is a feature of its own; these tests depend only on the rows it leaves behind) and `/v4` calls as the app's
 * default admin.
 */
import assert from 'node:assert/strict';
import type { Clock } from '../../src/context.ts';
import { loginData, openClient, type TestImApp, type WsTestClient } from '../ws/ws-test-client.ts';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server.ts';

export type ShiftClock = Clock & { offsetMs: number };

/** Real time plus an offset the test sets, so real-time signers (Tencent's) and the server agree until moved. */
export function createShiftClock(): ShiftClock {
  return { offsetMs: 0, now() { return Date.now() + this.offsetMs; } };
}

/** Runs `fn` on a fresh server without the push worker (IM tests push nothing), closed afterwards. */
export async function withServer(fn: (server: TestServer) => Promise<void>, o: TestServerOptions = {}): Promise<void> {
  const server = await startTestServer({ worker: false, ...o });
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

/** `withServer` on a shift clock the test moves (recall windows, roaming periods). */
export function withShiftClockServer(fn: (server: TestServer, clock: ShiftClock) => Promise<void>, o: TestServerOptions = {}): Promise<void> {
  const clock = createShiftClock();
  return withServer((server) => fn(server, clock), { ...o, clock });
}

/** A raw socket logged in as `userId` on `deviceId`; a refused login fails the test here. */
export async function login(
  server: TestServer, app: TestImApp, userId: string, deviceId = `${userId}-d1`, extra: Record<string, unknown> = {},
): Promise<WsTestClient> {
  const c = await openClient(server);
  const res = await c.request('login', loginData(app, userId, deviceId, extra));
  assert.equal(res.code, 0, JSON.stringify(res));
  return c;
}

export const text = (t: string) => [{ type: 'TIMTextElem', content: { text: t } }];

// Above every literal random the tests send, so a counted one never de-duplicates against them.
let randomCounter = 5000;
export const nextRandom = (): number => (randomCounter += 1);

/** A C2C text message with a fresh random; returns the raw response. */
export const send = (c: WsTestClient, to: string, t: string, extra: Record<string, unknown> = {}) =>
  c.request('sendMessage', { to, elements: text(t), random: nextRandom(), ...extra });

export interface MemberSpec {
  userId: string;
  role?: 'Owner' | 'Admin' | 'Member';
  joinSeq?: number;
  readSeq?: number;
  muteUntil?: number;
  recvOpt?: number;
}

export interface GroupRowOptions {
  type?: string;
  /** Defaults to the group ID. */
  name?: string;
  maxMembers?: number;
  applyJoinOption?: 'FreeAccess' | 'NeedPermission' | 'DisableApply';
  muteAll?: boolean;
  lastSeq?: number;
  /** Creation time; defaults to the server's clock. */
  now?: number;
}

/**
 * Writes a group and its members: a member given by name is the Owner when first, a Member otherwise; the owner
 * column names the Owner-role member. `member_count` counts these members only (addMembers leaves it).
 */
export async function insertGroup(server: TestServer, sdkAppId: number, groupId: string, members: Array<string | MemberSpec>, o: GroupRowOptions = {}): Promise<void> {
  const now = o.now ?? server.ctx.clock.now();
  const specs = members.map((m, i): MemberSpec => (typeof m === 'string' ? { userId: m, role: i === 0 ? 'Owner' : 'Member' } : m));
  await server.ctx.store.db.insertInto('im_group').values({
    sdk_app_id: sdkAppId, group_id: groupId, type: o.type ?? 'Work', name: o.name ?? groupId, owner: specs.find((s) => s.role === 'Owner')?.userId ?? null,
    introduction: '', notification: '', face_url: '', max_members: o.maxMembers ?? 200, apply_join_option: o.applyJoinOption ?? 'FreeAccess',
    mute_all: o.muteAll === true ? 1 : 0, member_count: specs.length, last_seq: o.lastSeq ?? 0, last_message_json: null, last_time: now,
    custom_json: '{}', created_at: now, updated_at: now,
  }).execute();
  for (let i = 0; i < specs.length; i += 200) await addMembers(server, sdkAppId, groupId, specs.slice(i, i + 200), now);
}

export async function addMembers(server: TestServer, sdkAppId: number, groupId: string, specs: MemberSpec[], now = server.ctx.clock.now()): Promise<void> {
  if (specs.length === 0) return;
  await server.ctx.store.db.insertInto('im_group_member').values(specs.map((s) => ({
    sdk_app_id: sdkAppId, group_id: groupId, user_id: s.userId, role: s.role ?? 'Member', join_time: now, join_seq: s.joinSeq ?? 0,
    read_seq: s.readSeq ?? s.joinSeq ?? 0, mute_until: s.muteUntil ?? 0, name_card: '', recv_opt: s.recvOpt ?? 0, pinned: 0, hidden_seq: 0,
  }))).execute();
}

/** POST `/v4/<path>` as `identifier` (default the app's default admin), signed on the server's (possibly moved) clock. */
export async function v4(server: TestServer, app: TestImApp, path: string, body: unknown, identifier = 'administrator'): Promise<Record<string, any>> {
  const query = new URLSearchParams({ sdkappid: String(app.sdkAppId), identifier, usersig: app.sig(identifier), random: '4242', contenttype: 'json' });
  const res = await fetch(`${server.url}/v4/${path}?${query.toString()}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200);
  return (await res.json()) as Record<string, any>;
}
