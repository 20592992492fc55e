import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/load-config.ts';

test('defaults give the embedded setup: port 8080, ./data, SQLite', () => {
  const config = loadConfig({});
  assert.equal(config.port, 8080);
  assert.equal(config.dataDir, './data');
  assert.equal(config.databaseUrl, undefined);
  assert.ok(Object.isFrozen(config));
});

test('environment values are converted to the schema types', () => {
  const config = loadConfig({ HERALD_PORT: '9090', HERALD_WORKER_ENABLED: 'false', HERALD_DATA_DIR: '/srv/herald' });
  assert.equal(config.port, 9090);
  assert.equal(config.workerEnabled, false);
  assert.equal(config.dataDir, '/srv/herald');
});

test('every invalid value is listed at once', () => {
  assert.throws(
    () => loadConfig({ HERALD_PORT: 'eighty', HERALD_LOG_LEVEL: 'loud', HERALD_QUEUE_BATCH_SIZE: '0', HERALD_APNS_SESSIONS: '1000' }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      const names = err.problems.map((p) => p.split(':')[0]).sort();
      assert.deepEqual(names, ['HERALD_APNS_SESSIONS', 'HERALD_LOG_LEVEL', 'HERALD_PORT', 'HERALD_QUEUE_BATCH_SIZE']);
      return true;
    },
  );
});

test('secrets can come from *_FILE, and never appear in problems', () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-config-'));
  try {
    writeFileSync(join(dir, 'token'), 'from-a-file\n');
    assert.equal(loadConfig({ HERALD_ADMIN_TOKEN_FILE: join(dir, 'token') }).adminToken, 'from-a-file');
    assert.throws(() => loadConfig({ HERALD_ADMIN_TOKEN_FILE: join(dir, 'missing') }), /HERALD_ADMIN_TOKEN_FILE: cannot read/);
    assert.throws(() => loadConfig({ HERALD_PORT_FILE: join(dir, 'token') }), /only secrets/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('unknown HERALD_ variables are warned about, not fatal', () => {
  const warnings: string[] = [];
  loadConfig({ HERALD_PROT: '1' }, {}, (m) => warnings.push(m));
  assert.deepEqual(warnings, ['Unknown configuration variable HERALD_PROT is ignored']);
});
