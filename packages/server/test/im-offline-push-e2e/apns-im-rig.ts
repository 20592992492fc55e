/**
 * What the IM offline push suites on APNs share (e2e/e2e-harness.ts underneath): an iOS push app with a `.p8` key
 * registered with the APNs emulator for each environment asked, an IM app with its accounts imported and
 * authorized to the push app, chat clients closed before the server, and the wait until the push pipeline is idle.
 */
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { generateP8 } from '@herald/emulators';
import { createChatClient, type ChatClient } from '@herald/sdk/chat';
import { importAccount } from '../../src/im/identity/im-user-service.ts';
import { createTestImApp, type TestImApp } from '../ws/ws-test-client.ts';
import { startE2e, waitUntil, type E2e, type E2eApp } from '../e2e/e2e-harness.ts';

export const TEAM_ID = 'TEAM123456';

/** Task states after which a push task sends nothing more. */
const CLOSED = ['PUSH_FINISHED', 'PUSH_FAILED', 'PUSH_CANCELED', 'PUSH_DELETED_PUSH_MSG'];

export interface ApnsImRig {
  e: E2e;
  app: E2eApp;
  im: TestImApp;
  /** A chat client of the IM app (not logged in), closed with the rig. */
  chat(): ChatClient;
  /**
   * Waits until no queue job is open (group pushes run as jobs) and every push task of the app is closed. A message
   * that must not be pushed is followed by one that must, and the inbox is then checked for exactly one more.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function startApnsImRig(o: {
  bundleId: string;
  /** [UserID, nickname] imported into the IM app. */
  users: ReadonlyArray<readonly [string, string]>;
  environments?: ReadonlyArray<'product' | 'dev'>;
}): Promise<ApnsImRig> {
  const e = await startE2e();
  const clients: ChatClient[] = [];
  try {
    const app = await e.createIosProduct('Chat', o.bundleId);
    const p8 = generateP8();
    e.emulator.registerKey({ keyId: p8.keyId, teamId: TEAM_ID, publicKeyPem: p8.publicKeyPem, topics: [app.bundleId] });
    for (const env of o.environments ?? ['product']) {
      const r = await e.admin('PUT', `/apps/${app.accessId}/credentials/apns/${env}`, { kind: 'p8', keyId: p8.keyId, teamId: TEAM_ID, key: p8.privateKeyPem });
      assert.equal(r.status, 200, r.text);
    }
    const im = await createTestImApp(e.server, { users: [] });
    for (const [userId, nick] of o.users) await importAccount(e.server.ctx, im.sdkAppId, { userId, nick });
    const auth = await e.admin('POST', `/im/apps/${im.sdkAppId}/push-authorizations`, { accessId: app.accessId });
    assert.ok(auth.status === 200 || auth.status === 201, auth.text);
    const db = e.server.ctx.store.db;
    return {
      e,
      app,
      im,
      chat() {
        const c = createChatClient({ url: `${e.server.url.replace(/^http/, 'ws')}/ws`, sdkAppId: im.sdkAppId, WebSocket: WebSocket as never });
        clients.push(c);
        return c;
      },
      async settled() {
        await waitUntil('offline pushes to settle', async () => {
          const job = await db.selectFrom('queue_job').select('job_id').where('state', 'in', ['pending', 'leased']).executeTakeFirst();
          const open = await db.selectFrom('push_task').select('push_id').where('access_id', '=', app.accessId).where('status', 'not in', CLOSED).executeTakeFirst();
          return job === undefined && open === undefined ? true : undefined;
        }, 20_000);
      },
      async close() {
        for (const c of clients) c.close();
        await e.close();
      },
    };
  } catch (err) {
    await e.close();
    throw err;
  }
}
