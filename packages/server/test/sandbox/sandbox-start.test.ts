/**
 * `npm run sandbox` as a user runs it: main.ts with HERALD_SANDBOX=true says at start-up that it runs in sandbox
 * mode, pushes to its own emulators even when the environment names the real vendors, and stops cleanly.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = new URL('../../../../', import.meta.url).pathname;
const mainFile = join(root, 'packages/server/src/main.ts');

test('HERALD_SANDBOX=true: the start-up line, the emulators instead of the configured vendors, a clean stop', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-sandbox-start-'));
  const child = spawn(process.execPath, ['--import', 'tsx', mainFile], {
    cwd: root,
    env: {
      PATH: process.env['PATH'] ?? '', HERALD_LOG_LEVEL: 'warn', HERALD_PORT: '0', HERALD_HOST: '127.0.0.1', HERALD_DATA_DIR: dataDir,
      HERALD_SANDBOX: 'true', HERALD_QUEUE_POLL_MS: '20',
      // Sandbox mode must win over these: a sandbox node never reaches a real vendor.
      HERALD_APNS_PRODUCT_URL: 'https://api.push.apple.com', HERALD_XIAOMI_BASE_URL: 'https://api.xmpush.xiaomi.com',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no sandbox line; stdout=${stdout} stderr=${stderr}`)), 60_000);
      child.stdout.on('data', () => {
        const match = /Herald listening on (http:\/\/\S+)/.exec(stdout);
        if (match?.[1] && /Sandbox mode/.test(stdout)) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.on('exit', () => {
        clearTimeout(timer);
        reject(new Error(`exited before listening; stderr=${stderr}`));
      });
    });
    assert.match(stdout, /Sandbox mode: pushes go only to the loopback vendor emulators in this process \(apns, fcm, huawei, honor, xiaomi, oppo, vivo, meizu, webpush\)/);

    const admin = { authorization: `Bearer ${readFileSync(join(dataDir, 'admin.token'), 'utf8').trim()}`, 'content-type': 'application/json' };
    const api = async (method: string, path: string, body?: unknown): Promise<any> => {
      const res = await fetch(`${url}/api${path}`, { method, headers: admin, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const text = await res.text();
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${text}`);
      return text === '' ? undefined : JSON.parse(text);
    };
    assert.equal((await api('GET', '/sandbox')).enabled, true);
    const created = await api('POST', '/products', { name: 'Sandbox start', accessPoint: 'guangzhou', platforms: [{ platform: 'ios', bundleId: 'com.example.sandboxstart' }] });
    const accessId = Number(created.apps[0].accessId);
    const key = await api('POST', '/sandbox/credentials/apns', { bundleId: 'com.example.sandboxstart' });
    await api('PUT', `/apps/${accessId}/credentials/apns/product`, { kind: 'p8', keyId: key.keyId, teamId: key.teamId, key: key.p8 });
    const phone = await api('POST', '/sandbox/devices', { accessId, channel: 'apns' });
    await api('POST', `/sandbox/devices/${phone.id}/test-push`, { title: 'Started', content: 'with npm run sandbox' });
    const deadline = Date.now() + 15_000;
    let inbox: any;
    do {
      await new Promise((r) => setTimeout(r, 25));
      inbox = await api('GET', `/sandbox/devices/${phone.id}/inbox`);
    } while (inbox.notifications.length === 0 && Date.now() < deadline);
    assert.deepEqual(inbox.notifications.map((n: any) => [n.title, n.body]), [['Started', 'with npm run sandbox']]);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0, stderr);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
});
