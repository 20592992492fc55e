/** Steps of the signaling tests (server, sockets and groups come from helpers/im-fixtures.ts): bounded waits, answers and stored states. */
import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/test-server.ts';
import type { Response } from '../ws/ws-test-client.ts';

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
