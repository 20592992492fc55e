import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateLocalSecret, makeAdminToken } from '../../src/crypto/local-secrets.ts';
import { createSecretBox, parseMasterKey } from '../../src/crypto/secret-box.ts';

test('a local secret is generated once, owner-only, and read back on the next start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-secret-'));
  try {
    const first = loadOrCreateLocalSecret(dir, 'admin.token', makeAdminToken);
    assert.equal(first.createdAt, join(dir, 'admin.token'));
    assert.equal(statSync(join(dir, 'admin.token')).mode & 0o777, 0o600);
    const second = loadOrCreateLocalSecret(dir, 'admin.token', makeAdminToken);
    assert.equal(second.value, first.value);
    assert.equal(second.createdAt, undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an empty secret file stops the start instead of letting an empty token through', () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-secret-'));
  try {
    writeFileSync(join(dir, 'admin.token'), '\n');
    assert.throws(() => loadOrCreateLocalSecret(dir, 'admin.token', makeAdminToken), /is empty/);
    assert.equal(readFileSync(join(dir, 'admin.token'), 'utf8'), '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the secret box round-trips, and a tampered or foreign-key seal does not open', () => {
  const box = createSecretBox(parseMasterKey('a'.repeat(64)));
  const sealed = box.seal('p12 password');
  assert.notEqual(sealed.includes('p12 password'), true);
  assert.equal(box.open(sealed), 'p12 password');
  const parts = sealed.split('.');
  parts[3] = Buffer.from('tampered').toString('base64url');
  assert.throws(() => box.open(parts.join('.')));
  assert.throws(() => createSecretBox(parseMasterKey('b'.repeat(64))).open(sealed));
  assert.throws(() => parseMasterKey('too-short'), /32 bytes/);
});
