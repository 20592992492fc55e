/**
 * Groups and sends of the group message tests. The groups are written straight to the store (migration 004):
 * the tests must not depend on the group management ops, only on the rows they leave behind.
 */
import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/test-server.ts';
import { insertGroup as insertGroupRows, nextRandom, text, type GroupRowOptions, type MemberSpec } from '../helpers/im-fixtures.ts';
import type { WsTestClient } from '../ws/ws-test-client.ts';

/** Named apart from their IDs, with room for the 300-member fan-out test. */
export const insertGroup = (server: TestServer, sdkAppId: number, groupId: string, members: Array<string | MemberSpec>, o: GroupRowOptions = {}) =>
  insertGroupRows(server, sdkAppId, groupId, members, { name: `Group ${groupId}`, maxMembers: 2000, ...o });

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
