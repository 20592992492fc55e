/**
 * Console sessions: stored server-side as a hash, ended by idle and absolute expiry on the server's clock, by
 * sign-out (which needs the CSRF token), by a password change (but the session that made it) and by deleting the
 * account; a role change applies to live sessions at once.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { withServer } from '../helpers/im-fixtures.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { PASSWORD, addAccount, call, createStillClock, expectCode, sameOrigin, setupFirstAdmin, signIn, type Session } from './console-fixtures.ts';

const IDLE_MS = 1800_000;
const MAX_MS = 43_200_000;

const whoAmI = (server: TestServer, s: Session) => call(server, 'GET', '/console/api/session', { headers: s.read });
const products = (server: TestServer, s: Session) => call(server, 'GET', '/api/products', { headers: s.read });
const newProduct = (server: TestServer, headers: Record<string, string>) =>
  call(server, 'POST', '/api/products', { body: { name: 'Shop', accessPoint: 'singapore' }, headers });

describe('console sessions', () => {
  it(`end after ${IDLE_MS / 60_000} idle minutes; use keeps them alive`, () => {
    const clock = createStillClock();
    return withServer(async (server) => {
      await setupFirstAdmin(server, 'root');
      const s = await signIn(server, 'root');
      clock.advance(IDLE_MS - 1);
      assert.equal((await products(server, s)).status, 200);
      clock.advance(IDLE_MS - 1);
      assert.equal((await whoAmI(server, s)).status, 200, 'the last use moved the idle expiry');
      clock.advance(IDLE_MS);
      expectCode(await whoAmI(server, s), 401, 'AUTH_ADMIN_REQUIRED');
      expectCode(await products(server, s), 401, 'AUTH_ADMIN_REQUIRED');
      assert.equal((await server.ctx.store.db.selectFrom('console_session').selectAll().execute()).length, 0, 'the expired row is deleted');
    }, { clock });
  });

  it(`end ${MAX_MS / 3_600_000} hours after sign-in however active`, () => {
    const clock = createStillClock();
    return withServer(async (server) => {
      await setupFirstAdmin(server, 'root');
      const s = await signIn(server, 'root');
      const step = IDLE_MS - 60_000;
      let elapsed = 0;
      while (elapsed + step < MAX_MS) {
        clock.advance(step);
        elapsed += step;
        assert.equal((await products(server, s)).status, 200, `alive after ${elapsed} ms`);
      }
      clock.advance(MAX_MS - elapsed - 1);
      assert.equal((await products(server, s)).status, 200);
      clock.advance(1);
      expectCode(await products(server, s), 401, 'AUTH_ADMIN_REQUIRED');
      // A new sign-in prunes what expired meanwhile.
      const other = await signIn(server, 'root');
      assert.deepEqual((await server.ctx.store.db.selectFrom('console_session').select('id_hash').execute()).map((r) => r.id_hash), [hash(other.id)]);
    }, { clock });
  });

  it('keep only the sha256 of the cookie id in the store', () =>
    withServer(async (server) => {
      await setupFirstAdmin(server, 'root');
      const s = await signIn(server, 'root');
      const rows = await server.ctx.store.db.selectFrom('console_session').selectAll().execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.id_hash, hash(s.id));
      assert.ok(!JSON.stringify(rows).includes(s.id), 'the id itself is not stored');
      expectCode(await call(server, 'GET', '/console/api/session'), 401, 'AUTH_ADMIN_REQUIRED');
      expectCode(await call(server, 'GET', '/console/api/session', { headers: { cookie: `herald_console=${rows[0]!.id_hash}` } }), 401, 'AUTH_ADMIN_REQUIRED');
      expectCode(await call(server, 'GET', '/console/api/session', { headers: { cookie: `herald_console=${'A'.repeat(43)}` } }), 401, 'AUTH_ADMIN_REQUIRED');
      assert.equal((await call(server, 'GET', '/console/api/session', { headers: { cookie: `theme=dark; ${s.cookie}` } })).status, 200, 'among other cookies');
    }));

  it('end on sign-out, which needs the CSRF token and a same-origin request', () =>
    withServer(async (server) => {
      await setupFirstAdmin(server, 'root');
      await addAccount(server, 'watcher', 'viewer');
      const s = await signIn(server, 'root');
      const out = (headers: Record<string, string>) => call(server, 'DELETE', '/console/api/session', { headers });
      expectCode(await out(s.read), 403, 'CONSOLE_CSRF_REJECTED');
      expectCode(await out({ ...s.write, 'x-csrf-token': 'forged' }), 403, 'CONSOLE_CSRF_REJECTED');
      expectCode(await out({ ...s.write, origin: 'https://evil.example' }), 403, 'CONSOLE_CSRF_REJECTED');
      expectCode(await out({ cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'sec-fetch-site': 'same-site' }), 403, 'CONSOLE_CSRF_REJECTED');
      assert.equal((await whoAmI(server, s)).status, 200, 'refused sign-outs end nothing');
      const res = await out({ cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'sec-fetch-site': 'same-origin' });
      assert.equal(res.status, 204, res.text);
      assert.equal(res.headers.get('set-cookie'), 'herald_console=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/');
      expectCode(await whoAmI(server, s), 401, 'AUTH_ADMIN_REQUIRED');
      expectCode(await products(server, s), 401, 'AUTH_ADMIN_REQUIRED');
      expectCode(await out(s.write), 401, 'AUTH_ADMIN_REQUIRED');

      const viewer = await signIn(server, 'watcher');
      assert.equal((await out(viewer.write)).status, 204, 'a viewer may sign out');
    }));

  it('end, but for the one making it, when the password changes', () =>
    withServer(async (server) => {
      await setupFirstAdmin(server, 'root');
      const s1 = await signIn(server, 'root');
      const s2 = await signIn(server, 'root');
      const newPassword = 'a brand new passphrase';
      const changed = await call(server, 'PUT', '/api/console/admins/root/password', { body: { password: newPassword }, headers: s1.write });
      assert.equal(changed.status, 200, changed.text);
      assert.equal(changed.body.username, 'root');
      assert.equal((await products(server, s1)).status, 200, 'the session that changed it stays');
      expectCode(await products(server, s2), 401, 'AUTH_ADMIN_REQUIRED');
      expectCode(await call(server, 'POST', '/console/api/session', { body: { username: 'root', password: PASSWORD }, headers: sameOrigin(server) }), 401, 'CONSOLE_SIGNIN_FAILED');
      const s3 = await signIn(server, 'root', newPassword);
      // Changed by someone else (the operator's token): every session of the account ends.
      const reset = await call(server, 'PUT', '/api/console/admins/root/password', { body: { password: PASSWORD }, headers: server.admin });
      assert.equal(reset.status, 200, reset.text);
      for (const s of [s1, s3]) expectCode(await products(server, s), 401, 'AUTH_ADMIN_REQUIRED');
    }));

  it('end when the account is deleted; a role change applies at once', () =>
    withServer(async (server) => {
      await setupFirstAdmin(server, 'root');
      await addAccount(server, 'ops', 'admin');
      await addAccount(server, 'watcher', 'viewer');
      const root = await signIn(server, 'root');
      const ops = await signIn(server, 'ops');
      const watcher = await signIn(server, 'watcher');
      assert.equal((await newProduct(server, ops.write)).status, 201);

      const demoted = await call(server, 'PUT', '/api/console/admins/ops/role', { body: { role: 'viewer' }, headers: root.write });
      assert.equal(demoted.status, 200, demoted.text);
      assert.equal(demoted.body.role, 'viewer');
      expectCode(await newProduct(server, ops.write), 403, 'CONSOLE_READ_ONLY');
      assert.equal((await whoAmI(server, ops)).body.role, 'viewer');
      assert.equal((await products(server, ops)).status, 200);

      const promoted = await call(server, 'PUT', '/api/console/admins/watcher/role', { body: { role: 'admin' }, headers: root.write });
      assert.equal(promoted.status, 200, promoted.text);
      assert.equal((await newProduct(server, watcher.write)).status, 201, 'the promoted viewer may change things in the same session');

      const deleted = await call(server, 'DELETE', '/api/console/admins/ops', { headers: root.write });
      assert.equal(deleted.status, 204, deleted.text);
      expectCode(await products(server, ops), 401, 'AUTH_ADMIN_REQUIRED');
      const left = await server.ctx.store.db.selectFrom('console_session').select('username').execute();
      assert.deepEqual(left.map((r) => r.username).sort(), ['root', 'watcher']);
    }));
});

function hash(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}
