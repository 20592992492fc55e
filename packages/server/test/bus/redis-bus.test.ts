/**
 * What only the Redis bus has: where it keeps things, the sweep of a crashed node's entries, presence that heals
 * after Redis lost it, and bounded failure while Redis is unreachable or restarting. The contract itself runs
 * in bus.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bus, BusMessage } from '../../src/bus/bus.ts';
import { createRedisBus } from '../../src/bus/redis-bus.ts';
import { eventName, recorder } from './bus-contract.ts';
import { eventFrame } from '../../src/bus/event-frame.ts';
import { runAndKillNode } from './spawn-crashing-node.ts';
import { deleteKeysUnder, eventually, keysUnder, openRawRedis, openTestRedisBus, silentLogger, testRedisUrl, uniqueKeyPrefix } from './redis-test-env.ts';

const alice = { sdkAppId: 1400000001, userId: 'alice' };
const bob = { sdkAppId: 1400000001, userId: 'bob' };
const event = (user: typeof alice, name: string): BusMessage => ({ kind: 'event', user, frames: [eventFrame(name, {})] });

async function withRedis(fn: (o: { prefix: string; raw: Awaited<ReturnType<typeof openRawRedis>>; open: (o?: Parameters<typeof openTestRedisBus>[1]) => Bus }) => Promise<void>): Promise<void> {
  const raw = await openRawRedis();
  const prefix = uniqueKeyPrefix();
  const opened: Bus[] = [];
  try {
    await fn({ prefix, raw, open: (o) => {
      const bus = openTestRedisBus(prefix, o);
      opened.push(bus);
      return bus;
    } });
  } finally {
    await Promise.all(opened.map((bus) => bus.close()));
    await deleteKeysUnder(raw, prefix);
    raw.disconnect();
  }
}

test('keys and channels live under the prefix; another prefix is another deployment; a clean stop leaves nothing', () =>
  withRedis(async ({ prefix, raw, open }) => {
    const bus = open();
    const got = recorder();
    await bus.attachNode('n1', got.handler);
    await bus.join('n1', alice, 'phone');
    assert.deepEqual(await keysUnder(raw, prefix), [`${prefix}n:n1:alive`, `${prefix}n:n1:devices`, `${prefix}nodes`, `${prefix}u:1400000001:alice`]);
    assert.deepEqual(await raw.hkeys(`${prefix}u:1400000001:alice`), ['n1\u0000phone']);
    const ttl = await raw.pttl(`${prefix}n:n1:alive`);
    assert.ok(ttl > 0 && ttl <= 15_000, `heartbeat key has a TTL (${ttl})`);

    const otherPrefix = uniqueKeyPrefix();
    const other = openTestRedisBus(otherPrefix);
    try {
      const otherGot = recorder();
      await other.attachNode('n1', otherGot.handler);
      await other.join('n1', bob, 'b');
      assert.deepEqual(await other.nodesOf(alice), []);
      await other.publish(event(alice, 'crossed'));
      await other.publish(event(bob, 'barrier'));
      await bus.publish(event(alice, 'mine'));
      assert.deepEqual((await otherGot.received(1)).map((m) => eventName(m)), ['barrier']);
      assert.deepEqual((await got.received(1)).map((m) => eventName(m)), ['mine']);
    } finally {
      await other.close();
      await deleteKeysUnder(raw, otherPrefix);
    }
    assert.equal(got.got.length, 1);
    await bus.close();
    assert.deepEqual(await keysUnder(raw, prefix), []);
    await assert.rejects(bus.publish(event(alice, 'late')), /closed/);
    await bus.leave('n1', alice, 'phone'); // a late leave of a closing session is not an error
  }));

test('the entries of a crashed node are swept from Redis by a live node, and only those', () =>
  withRedis(async ({ prefix, raw, open }) => {
    const live = open({ sweepIntervalMs: 100 });
    await live.attachNode('live', () => undefined);
    await live.join('live', alice, 'phone');
    await runAndKillNode({ url: testRedisUrl(), prefix, nodeId: 'dead', user: alice, deviceId: 'laptop', nodeTtlMs: 1000 });
    await eventually('the dead node\'s entries are swept', async () => (await raw.hkeys(`${prefix}u:1400000001:alice`)).length === 1);
    assert.deepEqual(await raw.hkeys(`${prefix}u:1400000001:alice`), ['live\u0000phone']);
    assert.deepEqual(await raw.smembers(`${prefix}nodes`), ['live']);
    assert.equal(await raw.exists(`${prefix}n:dead:devices`), 0);
  }));

test('a node whose presence vanished from Redis (data lost, or a stall past the TTL) writes it again', () =>
  withRedis(async ({ prefix, raw, open }) => {
    const node = open({ nodeTtlMs: 600 });
    const viewer = open();
    await node.attachNode('n1', () => undefined);
    await node.join('n1', alice, 'phone');
    await node.join('n1', alice, 'tablet');
    await node.join('n1', bob, 'b');
    await node.leave('n1', bob, 'b');
    await deleteKeysUnder(raw, prefix);
    assert.deepEqual(await viewer.nodesOf(alice), []);
    await eventually('presence is back', async () => (await viewer.nodesOf(alice, 'tablet')).length === 1, 10_000);
    assert.deepEqual(await viewer.nodesOf(alice, 'phone'), ['n1']);
    assert.deepEqual(await viewer.nodesOf(bob), [], 'what the node left stays left');
    assert.deepEqual((await raw.smembers(`${prefix}n:n1:devices`)).sort(), [JSON.stringify(['1400000001', 'alice', 'phone']), JSON.stringify(['1400000001', 'alice', 'tablet'])]);
  }));

test('while Redis is unreachable, publish and join reject within the command timeout and close does not hang', async () => {
  const bus = createRedisBus({ url: 'redis://127.0.0.1:1', logger: silentLogger, keyPrefix: uniqueKeyPrefix(), commandTimeoutMs: 300 });
  const started = Date.now();
  await assert.rejects(bus.publish(event(alice, 'x')));
  await assert.rejects(bus.join('n1', alice, 'phone'));
  await assert.rejects(bus.nodesOf(alice));
  await assert.rejects(bus.attachNode('n1', () => undefined), /did not answer while attaching node n1/);
  assert.ok(Date.now() - started < 10_000, `rejected in ${Date.now() - started} ms`);
  const closing = Date.now();
  await bus.close();
  assert.ok(Date.now() - closing < 5_000, `closed in ${Date.now() - closing} ms`);
});

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

function startRedisServer(port: number, dir: string): ChildProcess {
  // Foreground (no --daemonize) so the test owns the process and can kill it.
  return spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
}

const hasRedisServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

test('across a Redis restart: publishes reject while it is down, joins wait, then presence and subscriptions come back by themselves', { skip: hasRedisServer ? false : 'redis-server is not installed (npm test installs it when it starts a throwaway Redis)' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-redis-restart-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let redis = startRedisServer(port, dir);
  const buses: Bus[] = [];
  try {
    const prefix = uniqueKeyPrefix();
    const open = () => {
      const bus = createRedisBus({ url, logger: silentLogger, keyPrefix: prefix, commandTimeoutMs: 500, nodeTtlMs: 3000 });
      buses.push(bus);
      return bus;
    };
    const [holder, sender] = [open(), open()];
    const got = recorder();
    await eventually('redis-server answers', async () => (await sender.nodesOf(alice).then(() => true, () => false)), 15_000);
    await holder.attachNode('n1', got.handler);
    await holder.join('n1', alice, 'phone');
    await sender.publish(event(alice, 'before'));
    await got.received(1);

    redis.kill('SIGKILL');
    await once(redis, 'exit');
    await assert.rejects(sender.publish(event(alice, 'during')));
    // A login on the holder while Redis is down: its join does not fail, and is written once Redis is back.
    await holder.join('n1', bob, 'tablet');

    redis = startRedisServer(port, dir);
    // The new server is empty: the node rewrites its presence when it reconnects, ioredis re-subscribes.
    await eventually('presence is back after the restart', async () => (await sender.nodesOf(alice).catch(() => [])).length === 1, 15_000);
    await eventually('the join made while down is there', async () => (await sender.nodesOf(bob, 'tablet').catch(() => [])).length === 1, 15_000);
    await eventually('deliveries arrive again', async () => {
      await sender.publish(event(alice, 'after')).catch(() => undefined);
      const deadline = Date.now() + 300;
      while (Date.now() < deadline && !got.got.some((m) => eventName(m) === 'after')) await new Promise((r) => setTimeout(r, 20));
      return got.got.some((m) => eventName(m) === 'after');
    }, 15_000);
    assert.ok(!got.got.some((m) => eventName(m) === 'during'), 'what was published while down is not delivered later');
  } finally {
    await Promise.all(buses.map((bus) => bus.close()));
    redis.kill('SIGKILL');
    if (redis.exitCode === null && redis.signalCode === null) await once(redis, 'exit');
    rmSync(dir, { recursive: true, force: true });
  }
});
