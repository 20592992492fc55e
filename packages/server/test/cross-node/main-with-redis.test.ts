/**
 * `npm start` with HERALD_REDIS_URL, as an operator runs a node: it says it is linked through Redis, holds its
 * presence there while running and removes it when stopped; with Redis unreachable it refuses to start.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { eventually, openRawRedis, testRedisUrl } from '../bus/redis-test-env.ts';

const root = new URL('../../../../', import.meta.url).pathname;
const mainFile = join(root, 'packages/server/src/main.ts');

function startHerald(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', mainFile], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HERALD_LOG_LEVEL: 'warn', HERALD_PORT: '0', HERALD_HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, output: () => ({ stdout, stderr }) };
}

test('a node started with HERALD_REDIS_URL keeps its heartbeat in Redis and removes it on SIGTERM', async () => {
  const raw = await openRawRedis();
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-redis-start-'));
  const nodeId = `start-test-${randomBytes(4).toString('hex')}`;
  const herald = startHerald({ HERALD_DATA_DIR: dataDir, HERALD_REDIS_URL: testRedisUrl(), HERALD_NODE_ID: nodeId });
  try {
    await eventually('Herald listens', async () => /Herald listening on/.test(herald.output().stdout) || herald.child.exitCode !== null, 90_000)
      .catch((err: Error) => assert.fail(`${err.message}; stdout=${herald.output().stdout} stderr=${herald.output().stderr}`));
    assert.match(herald.output().stdout, /nodes linked through Redis/, herald.output().stderr);
    assert.equal(await raw.exists(`herald:n:${nodeId}:alive`), 1);
    assert.equal(await raw.sismember('herald:nodes', nodeId), 1);
    herald.child.kill('SIGTERM');
    const [code] = await once(herald.child, 'exit');
    assert.equal(code, 0, herald.output().stderr);
    assert.equal(await raw.exists(`herald:n:${nodeId}:alive`), 0);
    assert.equal(await raw.sismember('herald:nodes', nodeId), 0);
  } finally {
    if (herald.child.exitCode === null && herald.child.signalCode === null) {
      herald.child.kill('SIGKILL');
      await once(herald.child, 'exit');
    }
    raw.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('with Redis unreachable a node refuses to start and says which Redis, without its password', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-redis-start-'));
  try {
    const herald = startHerald({ HERALD_DATA_DIR: dataDir, HERALD_REDIS_URL: 'redis://:s3cret@127.0.0.1:1' });
    const [code] = await once(herald.child, 'exit');
    assert.equal(code, 1);
    assert.match(herald.output().stderr, /Herald failed to start: .*Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1\/? did not answer/);
    assert.doesNotMatch(herald.output().stderr + herald.output().stdout, /s3cret/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
