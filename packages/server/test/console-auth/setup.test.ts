/**
 * The first console admin: a fresh server keeps a one-time setup token in its data dir (owner-only) and only its
 * hash in the store; the token creates one admin, then setup answers 409 whatever token is sent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withServer } from '../helpers/im-fixtures.ts';
import { ensureSetupToken } from '../../src/console/setup-token.ts';
import { PASSWORD, call, expectCode, readSetupToken, sameOrigin, signIn } from './console-fixtures.ts';

test('the setup token creates the first admin once; then setup is 409 and the token file is gone', () =>
  withServer(async (server) => {
    const file = join(server.ctx.config.dataDir, 'console-setup.token');
    assert.deepEqual((await call(server, 'GET', '/console/api/setup')).body, { needed: true });
    assert.equal(statSync(file).mode & 0o777, 0o600, 'readable by the owner only');
    const token = readSetupToken(server);
    assert.match(token, /^hcs_[A-Za-z0-9_-]{43}$/);
    const stored = await server.ctx.store.db.selectFrom('console_setup_token').selectAll().execute();
    assert.deepEqual(stored.map((r) => r.token_hash), [createHash('sha256').update(token).digest('hex')], 'the store holds only the hash');

    const setup = (body: Record<string, unknown>, headers: Record<string, string> = sameOrigin(server)) => call(server, 'POST', '/console/api/setup', { body, headers });
    expectCode(await setup({ setupToken: `${token}x`, username: 'root', password: PASSWORD }), 403, 'CONSOLE_SETUP_TOKEN_INVALID');
    expectCode(await setup({ setupToken: token, username: 'root', password: 'too short' }), 400, 'REQUEST_PARAM_INVALID');
    expectCode(await setup({ setupToken: token, username: 'ro ot', password: PASSWORD }), 400, 'REQUEST_PARAM_INVALID');
    expectCode(await setup({ setupToken: token, username: 'root', password: PASSWORD, role: 'viewer' }), 400, 'REQUEST_PARAM_INVALID');
    expectCode(await setup({ setupToken: token, username: 'root', password: PASSWORD }, { origin: 'https://evil.example' }), 403, 'CONSOLE_CSRF_REJECTED');
    assert.equal((await server.ctx.store.db.selectFrom('console_admin').selectAll().execute()).length, 0, 'refused setups create nothing');

    const created = await setup({ setupToken: token, username: 'root', password: PASSWORD });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(created.body, { username: 'root', role: 'admin' });
    assert.equal(created.headers.get('set-cookie'), null, 'setup does not sign in');
    assert.ok(!existsSync(file), 'the token file is removed');
    assert.equal((await server.ctx.store.db.selectFrom('console_setup_token').selectAll().execute()).length, 0);
    assert.deepEqual((await call(server, 'GET', '/console/api/setup')).body, { needed: false });

    expectCode(await setup({ setupToken: token, username: 'second', password: PASSWORD }), 409, 'CONSOLE_SETUP_DONE');
    expectCode(await setup({ setupToken: 'anything', username: 'second', password: PASSWORD }), 409, 'CONSOLE_SETUP_DONE');
    assert.equal(await ensureSetupToken(server.ctx), undefined, 'a start with an admin makes no new token');
    assert.ok(!existsSync(file));

    const session = await signIn(server, 'root');
    assert.equal(session.role, 'admin');
  }));

test('two setups racing with the one token make one admin', () =>
  withServer(async (server) => {
    const token = readSetupToken(server);
    const results = await Promise.all(['first', 'second'].map((username) =>
      call(server, 'POST', '/console/api/setup', { body: { setupToken: token, username, password: PASSWORD }, headers: sameOrigin(server) })));
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409], results.map((r) => r.text).join(' '));
    assert.equal((await server.ctx.store.db.selectFrom('console_admin').selectAll().execute()).length, 1);
  }));

test('a restart before setup keeps the same token; curl without Origin may set up', () =>
  withServer(async (server) => {
    const token = readSetupToken(server);
    assert.deepEqual(await ensureSetupToken(server.ctx), { file: join(server.ctx.config.dataDir, 'console-setup.token') });
    assert.equal(readSetupToken(server), token);
    const res = await call(server, 'POST', '/console/api/setup', { body: { setupToken: token, username: 'ops@example.com', password: PASSWORD } });
    assert.equal(res.status, 201, res.text);
  }));

test('without a writable data dir there is no token; the admin token creates the first admin instead', () =>
  withServer(async (server) => {
    // A file where the data dir should be: nothing can be written under it.
    const blocked = join(server.ctx.config.dataDir, 'not-a-dir');
    writeFileSync(blocked, '');
    const state = await ensureSetupToken({ ...server.ctx, config: { ...server.ctx.config, dataDir: blocked } });
    assert.deepEqual(state, { unwritable: blocked });
    const created = await call(server, 'POST', '/api/console/admins', { body: { username: 'root', password: PASSWORD, role: 'admin' }, headers: server.admin });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual((await call(server, 'GET', '/console/api/setup')).body, { needed: false });
    expectCode(await call(server, 'POST', '/console/api/setup', { body: { setupToken: readSetupToken(server), username: 'x', password: PASSWORD } }), 409, 'CONSOLE_SETUP_DONE');
  }));
