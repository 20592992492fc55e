/**
 * `npm start` as a user runs it: a child process on a fresh data dir, serving HTTP, stopping cleanly on SIGTERM
 * and SIGINT; an invalid configuration stops the start with every problem listed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

const root = new URL('../../../../', import.meta.url).pathname;
const mainFile = join(root, 'packages/server/src/main.ts');

function startHerald(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', mainFile], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HERALD_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line; stdout=${stdout} stderr=${stderr}`)), 30_000);
    child.stdout.on('data', () => {
      const match = /Herald listening on (http:\/\/[^\s]+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`exited before listening; stderr=${stderr}`));
    });
  });
  return { child, listening, output: () => ({ stdout, stderr }) };
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`serves on the embedded default and stops cleanly on ${signal}`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'herald-start-'));
    try {
      const herald = startHerald({ HERALD_PORT: '0', HERALD_HOST: '127.0.0.1', HERALD_DATA_DIR: dataDir });
      const url = await herald.listening;
      assert.match(herald.output().stdout, /storage: SQLite in/);
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      assert.equal((await fetch(`${url}/readyz`)).status, 200);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      assert.match(metrics, /herald_push_queue_depth 0/);
      assert.equal((await fetch(`${url}/docs/json`)).status, 200);
      assert.ok(existsSync(join(dataDir, 'herald.db')), 'SQLite database in the data dir');
      assert.ok(existsSync(join(dataDir, 'master.key')) && existsSync(join(dataDir, 'admin.token')));
      herald.child.kill(signal);
      const [code] = await once(herald.child, 'exit');
      assert.equal(code, 0, herald.output().stderr);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

test('an invalid configuration stops the start and lists every problem', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', mainFile], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HERALD_PORT: 'http', HERALD_QUEUE_BATCH_SIZE: '-1', HERALD_DATA_DIR: join(tmpdir(), 'herald-never-created') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = await once(child, 'exit');
  assert.equal(code, 78);
  assert.match(stderr, /HERALD_PORT/);
  assert.match(stderr, /HERALD_QUEUE_BATCH_SIZE/);
});
