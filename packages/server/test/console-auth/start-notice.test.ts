/**
 * `npm start` on a fresh data dir says, in one line, how to create the first console admin and where the setup
 * token is (never the token itself); once an admin exists, a restart says nothing of it and removes the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PASSWORD } from './console-fixtures.ts';

const root = new URL('../../../../', import.meta.url).pathname;
const mainFile = join(root, 'packages/server/src/main.ts');

/** Starts Herald, runs `use` (with its output so far) once `until` matches the output, then stops it with SIGTERM. */
async function runHerald(dataDir: string, until: RegExp, use: (stdout: () => string) => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', mainFile], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HERALD_LOG_LEVEL: 'warn', HERALD_PORT: '0', HERALD_HOST: '127.0.0.1', HERALD_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no match for ${until}; stdout=${stdout} stderr=${stderr}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (until.test(stdout)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', () => {
        clearTimeout(timer);
        reject(new Error(`exited early; stderr=${stderr}`));
      });
    });
    await use(() => stdout);
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
}

test('npm start explains the first-admin setup once, and not after it is done', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-console-start-'));
  try {
    const tokenFile = join(dataDir, 'console-setup.token');
    await runHerald(dataDir, /No console admin yet.*\n/, async (output) => {
      const stdout = output();
      const url = /Herald listening on (http:\/\/\S+) /.exec(stdout)?.[1];
      assert.ok(url !== undefined, stdout);
      const line = stdout.split('\n').find((l) => l.startsWith('No console admin yet'));
      assert.equal(line, `No console admin yet: open ${url}/console/setup and enter the setup token from ${tokenFile}`);
      const token = readFileSync(tokenFile, 'utf8').trim();
      assert.ok(!stdout.includes(token), 'the token itself is not printed');
      const res = await fetch(`${url}/console/api/setup`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ setupToken: token, username: 'root', password: PASSWORD }),
      });
      assert.equal(res.status, 201, await res.text());
    });
    await runHerald(dataDir, /Herald listening on .*\n/, async (stdout) => {
      // The notice would come right after the listening line; give it the moment it would take.
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.doesNotMatch(stdout(), /console admin/);
      assert.ok(!existsSync(tokenFile));
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
