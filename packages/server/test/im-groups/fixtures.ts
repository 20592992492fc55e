/**
 * Steps of the group management tests (server, sockets and `/v4` calls come from helpers/im-fixtures.ts): ops and
 * `/v4` calls that must succeed or fail, row reads and tips.
 */
import assert from 'node:assert/strict';
import { v4 } from '../helpers/im-fixtures.ts';
import type { TestServer } from '../helpers/test-server.ts';
import type { TestImApp, WsTestClient } from '../ws/ws-test-client.ts';

/** An op that must succeed; returns its data. */
export async function ok(c: WsTestClient, op: string, data: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const res = await c.request(op, data);
  assert.equal(res.code, 0, `${op}: ${JSON.stringify(res)}`);
  return res.data ?? {};
}

/** An op that must fail with this catalogue code. */
export async function fails(c: WsTestClient, op: string, data: Record<string, unknown>, codeName: string): Promise<void> {
  const res = await c.request(op, data);
  assert.equal(res.codeName, codeName, `${op} ${JSON.stringify(data)}: ${JSON.stringify(res)}`);
}

export async function v4Ok(server: TestServer, app: TestImApp, path: string, body: unknown): Promise<any> {
  const res = await v4(server, app, path, body);
  assert.equal(res.ActionStatus, 'OK', `${path}: ${JSON.stringify(res)}`);
  return res;
}

export async function v4Fails(server: TestServer, app: TestImApp, path: string, body: unknown, errorCode: number): Promise<void> {
  const res = await v4(server, app, path, body);
  assert.equal(res.ActionStatus, 'FAIL', `${path}: ${JSON.stringify(res)}`);
  assert.equal(res.ErrorCode, errorCode, `${path}: ${JSON.stringify(res)}`);
}

export async function groupRow(server: TestServer, sdkAppId: number, groupId: string) {
  return server.ctx.store.db.selectFrom('im_group').selectAll().where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId).executeTakeFirst();
}

export async function memberRows(server: TestServer, sdkAppId: number, groupId: string) {
  return server.ctx.store.db.selectFrom('im_group_member').selectAll().where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId).orderBy('user_id').execute();
}

/** The group's stored tips, oldest first, as {seq, opType, userList}. */
export async function storedTips(server: TestServer, sdkAppId: number, groupId: string) {
  const rows = await server.ctx.store.db.selectFrom('im_group_message').selectAll()
    .where('sdk_app_id', '=', sdkAppId).where('group_id', '=', groupId).orderBy('seq').execute();
  return rows.map((r) => {
    const content = (JSON.parse(r.elements_json) as Array<{ type: string; content: Record<string, unknown> }>)[0]!;
    assert.equal(content.type, 'TIMGroupTipsElem');
    assert.equal(r.is_tip, 1);
    return { seq: Number(r.seq), opType: content.content['opType'], userList: content.content['userList'], opUser: content.content['opUser'] };
  });
}

/** The next `message` event of a tip, checked for shape; returns its tip content and seq. */
export async function nextTip(c: WsTestClient, groupId: string): Promise<{ seq: number; opType: unknown; userList: unknown; content: Record<string, unknown> }> {
  const m = await c.nextEvent('message');
  assert.equal(m['conversationId'], `group_${groupId}`);
  assert.equal(m['groupId'], groupId);
  assert.equal(m['isTip'], true);
  assert.equal(m['isExcludedFromUnreadCount'], true);
  const element = (m['elements'] as Array<{ type: string; content: Record<string, unknown> }>)[0]!;
  assert.equal(element.type, 'TIMGroupTipsElem');
  return { seq: m['seq'] as number, opType: element.content['opType'], userList: element.content['userList'], content: element.content };
}
