/**
 * Console accounts on `/api/console/admins`: list, add, delete, password and role, with the admin token or an
 * admin's session; a viewer may list only; the last admin can be neither deleted nor made a viewer, even by two
 * requests at once; passwords are stored as scrypt hashes with their parameters, and an old hash is upgraded at
 * sign-in.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withServer } from '../helpers/im-fixtures.ts';
import { createPasswordHasher } from '../../src/console/password-hash.ts';
import { PASSWORD, addAccount, call, expectCode, setupFirstAdmin, signIn } from './console-fixtures.ts';

describe('console accounts', () => {
  it('are listed, added, refused twice and looked up by exact username', () =>
    withServer(async (server) => {
      await setupFirstAdmin(server, 'root');
      const add = (body: Record<string, unknown>) => call(server, 'POST', '/api/console/admins', { body, headers: server.admin });
      const created = await add({ username: 'watcher', password: PASSWORD, role: 'viewer' });
      assert.equal(created.status, 201, created.text);
      assert.deepEqual(Object.keys(created.body).sort(), ['createdAt', 'role', 'updatedAt', 'username']);
      assert.equal(created.body.role, 'viewer');
      expectCode(await add({ username: 'watcher', password: PASSWORD, role: 'admin' }), 409, 'CONSOLE_ADMIN_EXISTS');
      expectCode(await add({ username: 'x'.repeat(65), password: PASSWORD, role: 'admin' }), 400, 'REQUEST_PARAM_INVALID');
      expectCode(await add({ username: 'a/b', password: PASSWORD, role: 'admin' }), 400, 'REQUEST_PARAM_INVALID');
      expectCode(await add({ username: 'short', password: 'x'.repeat(11), role: 'admin' }), 400, 'REQUEST_PARAM_INVALID');
      expectCode(await add({ username: 'long', password: 'x'.repeat(257), role: 'admin' }), 400, 'REQUEST_PARAM_INVALID');
      expectCode(await add({ username: 'owner', password: PASSWORD, role: 'owner' }), 400, 'REQUEST_PARAM_INVALID');
      expectCode(await add({ username: 'norole', password: PASSWORD }), 400, 'REQUEST_PARAM_MISSING');
      assert.equal((await add({ username: 'Watcher', password: PASSWORD, role: 'viewer' })).status, 201, 'usernames are case-sensitive');

      const list = await call(server, 'GET', '/api/console/admins', { headers: server.admin });
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.body.admins.map((a: { username: string; role: string }) => [a.username, a.role]), [['Watcher', 'viewer'], ['root', 'admin'], ['watcher', 'viewer']]);
      assert.doesNotMatch(list.text, /scrypt|password/i);

      for (const [method, path, body] of [
        ['DELETE', '/api/console/admins/nobody', undefined],
        ['PUT', '/api/console/admins/nobody/password', { password: PASSWORD }],
        ['PUT', '/api/console/admins/nobody/role', { role: 'admin' }],
      ] as const) expectCode(await call(server, method, path, { body, headers: server.admin }), 404, 'CONSOLE_ADMIN_NOT_FOUND');
      expectCode(await call(server, 'DELETE', `/api/console/admins/${'x'.repeat(65)}`, { headers: server.admin }), 400, 'REQUEST_PARAM_INVALID');
    }));

  it('keep one admin: the last can be neither deleted nor made a viewer', () =>
    withServer(async (server) => {
      await setupFirstAdmin(server, 'root');
      await addAccount(server, 'watcher', 'viewer');
      expectCode(await call(server, 'DELETE', '/api/console/admins/root', { headers: server.admin }), 409, 'CONSOLE_LAST_ADMIN');
      expectCode(await call(server, 'PUT', '/api/console/admins/root/role', { body: { role: 'viewer' }, headers: server.admin }), 409, 'CONSOLE_LAST_ADMIN');
      assert.equal((await call(server, 'PUT', '/api/console/admins/root/role', { body: { role: 'admin' }, headers: server.admin })).status, 200, 'keeping the role is fine');
      assert.equal((await call(server, 'DELETE', '/api/console/admins/watcher', { headers: server.admin })).status, 204, 'viewers come and go');

      await addAccount(server, 'ops', 'admin');
      const root = await signIn(server, 'root');
      assert.equal((await call(server, 'DELETE', '/api/console/admins/root', { headers: root.write })).status, 204, 'an admin may delete themselves while another admin remains');
      expectCode(await call(server, 'GET', '/console/api/session', { headers: root.read }), 401, 'AUTH_ADMIN_REQUIRED');
      expectCode(await call(server, 'DELETE', '/api/console/admins/ops', { headers: server.admin }), 409, 'CONSOLE_LAST_ADMIN');
    }));

  it('refuse two concurrent demotions that would leave no admin', () =>
    withServer(async (server) => {
      await setupFirstAdmin(server, 'root');
      await addAccount(server, 'ops', 'admin');
      const results = await Promise.all(['root', 'ops'].map((name) =>
        call(server, 'PUT', `/api/console/admins/${name}/role`, { body: { role: 'viewer' }, headers: server.admin })));
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 409], results.map((r) => r.text).join(' '));
      const admins = await server.ctx.store.db.selectFrom('console_admin').select('username').where('role', '=', 'admin').execute();
      assert.equal(admins.length, 1);
    }));

  it('are read-only for a viewer, changeable by an admin session', () =>
    withServer(async (server) => {
      await setupFirstAdmin(server, 'root');
      await addAccount(server, 'watcher', 'viewer');
      const viewer = await signIn(server, 'watcher');
      const admin = await signIn(server, 'root');
      assert.equal((await call(server, 'GET', '/api/console/admins', { headers: viewer.read })).status, 200);
      expectCode(await call(server, 'POST', '/api/console/admins', { body: { username: 'x1', password: PASSWORD, role: 'admin' }, headers: viewer.write }), 403, 'CONSOLE_READ_ONLY');
      expectCode(await call(server, 'PUT', '/api/console/admins/watcher/password', { body: { password: 'another passphrase' }, headers: viewer.write }), 403, 'CONSOLE_READ_ONLY');
      expectCode(await call(server, 'PUT', '/api/console/admins/watcher/role', { body: { role: 'admin' }, headers: viewer.write }), 403, 'CONSOLE_READ_ONLY');
      const added = await call(server, 'POST', '/api/console/admins', { body: { username: 'x1', password: PASSWORD, role: 'admin' }, headers: admin.write });
      assert.equal(added.status, 201, added.text);
      expectCode(await call(server, 'POST', '/api/console/admins', { body: { username: 'x2', password: PASSWORD, role: 'admin' }, headers: admin.read }), 403, 'CONSOLE_CSRF_REJECTED');
    }));

  it('store scrypt hashes with their parameters and a salt each, and upgrade an old hash at sign-in', () =>
    withServer(async (server) => {
      await setupFirstAdmin(server, 'root');
      await addAccount(server, 'twin', 'viewer');
      const hashes = await server.ctx.store.db.selectFrom('console_admin').select(['username', 'password_hash']).orderBy('username').execute();
      for (const { password_hash } of hashes) assert.match(password_hash, /^\$scrypt\$ln=15,r=8,p=3\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
      assert.notEqual(hashes[0]!.password_hash, hashes[1]!.password_hash, 'one password, two salts, two hashes');

      const weaker = await createPasswordHasher({ ln: 14, r: 8, p: 1 }).hash(PASSWORD);
      await server.ctx.store.db.updateTable('console_admin').set({ password_hash: weaker }).where('username', '=', 'twin').execute();
      await signIn(server, 'twin');
      const upgraded = await server.ctx.store.db.selectFrom('console_admin').select('password_hash').where('username', '=', 'twin').executeTakeFirstOrThrow();
      assert.match(upgraded.password_hash, /^\$scrypt\$ln=15,r=8,p=3\$/);
      await signIn(server, 'twin');
    }, { passwords: createPasswordHasher() }));
});
