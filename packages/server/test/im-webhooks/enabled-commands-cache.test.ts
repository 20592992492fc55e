/**
 * The per-process cache of each IM app's enabled webhook commands (`ctx.webhookCommands`), on a real server whose
 * clock only the test moves: a change made through this process reaches the next send at once (C2C and group); one
 * written straight to the database, as another node would, is seen once the TTL has passed and not before;
 * concurrent misses share one query; a failed query is not kept, nor is an answer an invalidation overtook. Runs on
 * SQLite, and on PostgreSQL with HERALD_TEST_STORE=postgres.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Clock } from '../../src/context.ts';
import { deleteImApp } from '../../src/im/identity/im-app-service.ts';
import { createEnabledCommandsCache, ENABLED_COMMANDS_TTL_MS } from '../../src/im/webhooks/enabled-commands-cache.ts';
import { enabledMessageWebhooks } from '../../src/im/webhooks/message-webhooks.ts';
import { deleteWebhookSettings, loadEnabledCommands, putWebhookSettings } from '../../src/im/webhooks/webhook-settings.ts';
import { insertGroup, login, text } from '../helpers/im-fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { admin } from '../im-identity/fixtures.ts';
import { createTestImApp, type TestImApp } from '../ws/ws-test-client.ts';
import { startWebhookEndpoint, type WebhookEndpoint } from './webhook-endpoint.ts';

/** Stands still unless the test moves it, so only an invalidation or a step past the TTL can refresh an entry. */
type ManualClock = Clock & { t: number };
const manualClock = (): ManualClock => ({ t: Date.now(), now() { return this.t; } });

interface World {
  server: TestServer;
  clock: ManualClock;
  hook: WebhookEndpoint;
  app: TestImApp;
}

async function withWorld(fn: (w: World) => Promise<void>): Promise<void> {
  const clock = manualClock();
  const server = await startTestServer({ worker: false, clock, config: { imWebhookTimeoutMs: 2_000 } });
  const hook = await startWebhookEndpoint();
  try {
    const app = await createTestImApp(server, { users: ['alice', 'bob'] });
    await fn({ server, clock, hook, app });
  } finally {
    await server.close();
    await hook.close();
  }
}

/** The randoms of the sends whose before-send webhook was called (awaited by the send, so complete on its answer). */
const beforeSendRandoms = (hook: WebhookEndpoint, command = 'C2C.CallbackBeforeSendMsg') =>
  hook.calls.filter((c) => c.command === command).map((c) => c.body[command.startsWith('Group.') ? 'Random' : 'MsgRandom']);

/** What another node does: the same columns, written without this process knowing. */
async function writeOnAnotherNode(server: TestServer, sdkAppId: number, url: string | null, commands: string[]): Promise<void> {
  await server.ctx.store.db.updateTable('im_app')
    .set({ callback_url: url, callback_commands_json: JSON.stringify(commands) })
    .where('sdk_app_id', '=', sdkAppId).execute();
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

test('a change made through this process reaches the next send at once, without waiting for the TTL', () =>
  withWorld(async ({ server, clock, hook, app }) => {
    const startedAt = clock.t;
    const alice = await login(server, app, 'alice', 'a1');
    const sendC2c = async (random: number) => assert.equal((await alice.request('sendMessage', { to: 'bob', elements: text('x'), random })).code, 0);
    const sendGroup = async (random: number) => assert.equal((await alice.request('sendGroupMessage', { groupId: 'g1', elements: text('x'), random })).code, 0);
    await insertGroup(server, app.sdkAppId, 'g1', ['alice', 'bob']);
    // Both paths ask, and cache "no webhooks".
    await sendC2c(101);
    await sendGroup(101);
    await putWebhookSettings(server.ctx, app.sdkAppId, { url: hook.url, commands: ['C2C.CallbackBeforeSendMsg', 'Group.CallbackBeforeSendMsg'] });
    await sendC2c(102);
    await sendGroup(102);
    assert.deepEqual(beforeSendRandoms(hook), [102]);
    assert.deepEqual(beforeSendRandoms(hook, 'Group.CallbackBeforeSendMsg'), [102]);
    await deleteWebhookSettings(server.ctx, app.sdkAppId);
    await sendC2c(103);
    await sendGroup(103);
    assert.deepEqual(beforeSendRandoms(hook), [102], 'no call after the settings were deleted');
    assert.deepEqual(beforeSendRandoms(hook, 'Group.CallbackBeforeSendMsg'), [102]);
    // The management API writes through the same function.
    const put = await admin(server, 'PUT', `/im/apps/${app.sdkAppId}/callback`, { url: hook.url, commands: ['C2C.CallbackBeforeSendMsg'] });
    assert.equal(put.status, 200, put.text);
    await sendC2c(104);
    assert.deepEqual(beforeSendRandoms(hook), [102, 104]);
    await alice.close();
    // A deleted app is forgotten with it.
    assert.deepEqual([...await enabledMessageWebhooks(server.ctx, app.sdkAppId)], ['C2C.CallbackBeforeSendMsg']);
    await deleteImApp(server.ctx, app.sdkAppId);
    assert.equal((await enabledMessageWebhooks(server.ctx, app.sdkAppId)).size, 0);
    assert.equal(clock.t, startedAt, 'the clock never moved: every change above was seen through invalidation');
  }));

test('a change written by another node is seen once the TTL has passed, and not before', () =>
  withWorld(async ({ server, clock, hook, app }) => {
    const alice = await login(server, app, 'alice', 'a1');
    const send = async (random: number) => assert.equal((await alice.request('sendMessage', { to: 'bob', elements: text('x'), random })).code, 0);
    await send(201);
    await writeOnAnotherNode(server, app.sdkAppId, hook.url, ['C2C.CallbackBeforeSendMsg']);
    await send(202);
    clock.t += ENABLED_COMMANDS_TTL_MS - 1;
    await send(203);
    assert.deepEqual(beforeSendRandoms(hook), [], 'not within the TTL of the last read');
    clock.t += 1;
    await send(204);
    assert.deepEqual(beforeSendRandoms(hook), [204]);
    // And back. The cache still says the app has a webhook until the TTL has passed, but the call itself reads the
    // settings afresh, so nothing is called once they are gone.
    await writeOnAnotherNode(server, app.sdkAppId, null, ['C2C.CallbackBeforeSendMsg']);
    clock.t += ENABLED_COMMANDS_TTL_MS - 1;
    assert.deepEqual([...await enabledMessageWebhooks(server.ctx, app.sdkAppId)], ['C2C.CallbackBeforeSendMsg']);
    await send(205);
    clock.t += 1;
    assert.equal((await enabledMessageWebhooks(server.ctx, app.sdkAppId)).size, 0);
    await send(206);
    assert.deepEqual(beforeSendRandoms(hook), [204]);
    await alice.close();
  }));

test('concurrent misses share one query; an answer is kept for the TTL, per app, and a clock set back ends it', () =>
  withWorld(async ({ server, clock, hook, app }) => {
    const other = await createTestImApp(server);
    await putWebhookSettings(server.ctx, app.sdkAppId, { url: hook.url, commands: ['C2C.CallbackAfterSendMsg'] });
    const queries: number[] = [];
    const cache = createEnabledCommandsCache({
      clock,
      load: (sdkAppId) => {
        queries.push(sdkAppId);
        return loadEnabledCommands(server.ctx.store.db, sdkAppId);
      },
    });
    const asked = [app, other, app, other, app, app, app, other];
    const answers = await Promise.all(asked.map((a) => cache.get(a.sdkAppId)));
    assert.deepEqual(queries.sort(), [app.sdkAppId, other.sdkAppId].sort(), 'one query per app');
    answers.forEach((a, i) => assert.deepEqual([...a], asked[i] === app ? ['C2C.CallbackAfterSendMsg'] : []));
    queries.length = 0;
    clock.t += ENABLED_COMMANDS_TTL_MS - 1;
    await Promise.all([cache.get(app.sdkAppId), cache.get(other.sdkAppId)]);
    assert.deepEqual(queries, [], 'answered from the cache within the TTL');
    clock.t += 1;
    await Promise.all([cache.get(app.sdkAppId), cache.get(app.sdkAppId)]);
    assert.deepEqual(queries, [app.sdkAppId], 'one query again after it, and only for the app asked about');
    clock.t -= 10_000;
    await cache.get(app.sdkAppId);
    assert.deepEqual(queries, [app.sdkAppId, app.sdkAppId], 'an entry read "in the future" is not trusted');
    // Without a URL nothing is enabled, whatever the commands column says.
    await server.ctx.store.db.updateTable('im_app').set({ callback_url: null }).where('sdk_app_id', '=', app.sdkAppId).execute();
    cache.invalidate(app.sdkAppId);
    assert.equal((await cache.get(app.sdkAppId)).size, 0);
  }));

test('a failed query is not kept; an answer or failure an invalidation overtook does not replace the newer entry', async () => {
  const clock = manualClock();
  const pending: Array<ReturnType<typeof deferred<ReadonlySet<string>>>> = [];
  const cache = createEnabledCommandsCache({
    clock,
    load: () => {
      const d = deferred<ReadonlySet<string>>();
      pending.push(d);
      return d.promise;
    },
  });
  const oldSet: ReadonlySet<string> = new Set(['old']);
  const newSet: ReadonlySet<string> = new Set(['new']);

  // Two callers share the failure; the next one queries again.
  const failing = [cache.get(1), cache.get(1)];
  assert.equal(pending.length, 1);
  pending[0]!.reject(new Error('database down'));
  for (const f of failing) await assert.rejects(f, /database down/);
  const retried = cache.get(1);
  assert.equal(pending.length, 2, 'the failure was not cached');
  pending[1]!.resolve(oldSet);
  assert.equal(await retried, oldSet);
  assert.equal(await cache.get(1), oldSet);
  assert.equal(pending.length, 2);

  // A write here while a query runs: the query may have read the old settings, so its answer is not kept.
  const during = cache.get(2);
  cache.invalidate(2);
  const afterWrite = cache.get(2);
  assert.equal(pending.length, 4);
  pending[3]!.resolve(newSet);
  pending[2]!.resolve(oldSet);
  assert.equal(await during, oldSet, 'a caller from before the write may get the old answer');
  assert.equal(await afterWrite, newSet);
  assert.equal(await cache.get(2), newSet);
  assert.equal(pending.length, 4);

  // Likewise a failure overtaken by an invalidation leaves the newer entry alone.
  const failsLate = cache.get(3);
  cache.invalidate(3);
  const fresh = cache.get(3);
  pending[5]!.resolve(newSet);
  assert.equal(await fresh, newSet);
  pending[4]!.reject(new Error('late failure'));
  await assert.rejects(failsLate, /late failure/);
  assert.equal(await cache.get(3), newSet);
  assert.equal(pending.length, 6, 'the newer entry is still cached');
});
