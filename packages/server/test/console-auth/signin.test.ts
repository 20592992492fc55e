/**
 * Console sign-in: the cookie and its attributes, one answer (and one cost) for an unknown username and a wrong
 * password, and the failure limits per (client address, username) and per address, with Retry-After, counted in
 * the store on the server's clock.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPasswordHasher, type PasswordHasher } from '../../src/console/password-hash.ts';
import { withServer } from '../helpers/im-fixtures.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { PASSWORD, addAccount, call, createStillClock, expectCode, sameOrigin, setupFirstAdmin, signIn } from './console-fixtures.ts';

const attempt = (server: TestServer, username: string, password: string, headers: Record<string, string> = {}) =>
  call(server, 'POST', '/console/api/session', { body: { username, password }, headers: { ...sameOrigin(server), ...headers } });

/** Cheap parameters, as the test server's own hasher. */
const TEST_HASHER = createPasswordHasher({ ln: 10, r: 8, p: 1 });

describe('console sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and answers the role and CSRF token', () =>
    withServer(async (server) => {
      await setupFirstAdmin(server, 'root');
      const res = await attempt(server, 'root', PASSWORD);
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(Object.keys(res.body).sort(), ['csrfToken', 'role', 'username']);
      assert.equal(res.body.username, 'root');
      assert.equal(res.body.role, 'admin');
      assert.match(res.body.csrfToken, /^[A-Za-z0-9_-]{43}$/);
      assert.match(res.headers.get('set-cookie') ?? '', /^herald_console=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/$/, 'no Secure over plain http');
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      const me = await call(server, 'GET', '/console/api/session', { headers: { cookie } });
      assert.equal(me.status, 200, me.text);
      assert.deepEqual(me.body, res.body);
      // Without a trusted proxy, X-Forwarded-Proto is anyone's to send.
      const forged = await attempt(server, 'root', PASSWORD, { 'x-forwarded-proto': 'https' });
      assert.doesNotMatch(forged.headers.get('set-cookie') ?? '', /Secure/);
    }));

  it('answers an unknown username exactly like a wrong password, at the cost of a hash', () => {
    // What each sign-in verified against, recorded by the real hasher's wrapper: comparing elapsed times instead
    // failed on a loaded machine.
    const verified: string[] = [];
    const passwords: PasswordHasher = {
      ...TEST_HASHER,
      verify: (password, stored) => {
        verified.push(stored);
        return TEST_HASHER.verify(password, stored);
      },
    };
    return withServer(async (server) => {
      await setupFirstAdmin(server, 'root');
      const w = await attempt(server, 'root', 'wrong password!');
      const stored = verified.splice(0);
      const u = await attempt(server, 'nobody', 'wrong password!');
      for (const res of [w, u]) expectCode(res, 401, 'CONSOLE_SIGNIN_FAILED');
      assert.equal(w.body.message, u.body.message);
      assert.equal(w.headers.get('set-cookie'), null);
      assert.equal(u.headers.get('set-cookie'), null);
      // One full verification each: the account's hash for a wrong password, the unmatchable hash (same parameters,
      // same cost) for an unknown username.
      assert.equal(stored.length, 1);
      assert.notEqual(stored[0], passwords.unmatchable);
      assert.deepEqual(verified, [passwords.unmatchable]);
      expectCode(await attempt(server, 'root', 'wrong password!', { origin: 'https://evil.example' }), 403, 'CONSOLE_CSRF_REJECTED');
      expectCode(await attempt(server, 'root', 'x'.repeat(257)), 400, 'REQUEST_PARAM_INVALID');
      expectCode(await call(server, 'POST', '/console/api/session', { body: { username: 'root' } }), 400, 'REQUEST_PARAM_MISSING');
    }, { passwords });
  });

  it('refuses a (client address, username) after 5 failures with 429 and Retry-After until the window ends', () => {
    const clock = createStillClock();
    return withServer(async (server) => {
      await setupFirstAdmin(server, 'root');
      await addAccount(server, 'other', 'viewer');
      for (let i = 0; i < 5; i += 1) expectCode(await attempt(server, 'root', `wrong password ${i}`), 401, 'CONSOLE_SIGNIN_FAILED');
      clock.advance(60_000);
      const limited = await attempt(server, 'root', PASSWORD);
      expectCode(limited, 429, 'CONSOLE_SIGNIN_RATE_LIMITED');
      assert.equal(limited.headers.get('retry-after'), String(900 - 60), 'seconds until the window from the first failure ends');
      assert.equal(limited.body.details.retryAfterSeconds, 840);
      assert.equal(limited.headers.get('set-cookie'), null, 'even the right password is refused while limited');
      expectCode(await attempt(server, 'ROOT', PASSWORD), 429, 'CONSOLE_SIGNIN_RATE_LIMITED');
      assert.equal((await attempt(server, 'other', PASSWORD)).status, 200, 'another username from the address is still let in');

      clock.advance(839_999);
      expectCode(await attempt(server, 'root', PASSWORD), 429, 'CONSOLE_SIGNIN_RATE_LIMITED');
      clock.advance(1);
      assert.equal((await attempt(server, 'root', PASSWORD)).status, 200, 'the window is over');
    }, { clock });
  });

  it('forgives failures after a successful sign-in', () =>
    withServer(async (server) => {
      await setupFirstAdmin(server, 'root');
      for (let i = 0; i < 4; i += 1) expectCode(await attempt(server, 'root', 'wrong password!'), 401, 'CONSOLE_SIGNIN_FAILED');
      await signIn(server, 'root');
      for (let i = 0; i < 5; i += 1) expectCode(await attempt(server, 'root', 'wrong password!'), 401, 'CONSOLE_SIGNIN_FAILED');
      expectCode(await attempt(server, 'root', PASSWORD), 429, 'CONSOLE_SIGNIN_RATE_LIMITED');
      const rows = await server.ctx.store.db.selectFrom('console_signin_throttle').selectAll().orderBy('key').execute();
      // 9 failed checks from the address, 5 of them since the success; the success and the 429 were taken back.
      assert.deepEqual(rows.map((r) => [r.key, Number(r.failures)]), [['ip:127.0.0.1', 9], ['user:127.0.0.1:root', 5]]);
    }));

  it('limits an address across usernames; behind a trusted proxy each client address counts apart', () => {
    const clock = createStillClock();
    return withServer(async (server) => {
      await setupFirstAdmin(server, 'root');
      const from = (ip: string) => ({ 'x-forwarded-for': ip });
      for (let i = 0; i < 6; i += 1) expectCode(await attempt(server, `guess${i}`, 'wrong password!', from('203.0.113.7')), 401, 'CONSOLE_SIGNIN_FAILED');
      const limited = await attempt(server, 'root', PASSWORD, from('203.0.113.7'));
      expectCode(limited, 429, 'CONSOLE_SIGNIN_RATE_LIMITED');
      assert.equal(limited.headers.get('retry-after'), '600');
      assert.equal((await attempt(server, 'root', PASSWORD, from('198.51.100.9'))).status, 200, 'another client behind the proxy');
      clock.advance(600_000);
      assert.equal((await attempt(server, 'root', PASSWORD, from('203.0.113.7'))).status, 200);
    }, { clock, config: { trustProxy: '127.0.0.1', consoleSigninMaxFailuresPerIp: 6, consoleSigninWindowSeconds: 600 } });
  });

  it('marks the cookie Secure and checks Origin against the public origin when a trusted proxy says https', () =>
    withServer(async (server) => {
      await setupFirstAdmin(server, 'root');
      const proxied = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'console.example', 'x-forwarded-for': '192.0.2.1' };
      const res = await attempt(server, 'root', PASSWORD, { ...proxied, origin: 'https://console.example' });
      assert.equal(res.status, 200, res.text);
      assert.match(res.headers.get('set-cookie') ?? '', /^herald_console=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/; Secure$/);
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      const write = { ...proxied, cookie, 'x-csrf-token': res.body.csrfToken };
      const body = { username: 'viewer1', password: PASSWORD, role: 'viewer' };
      expectCode(await call(server, 'POST', '/api/console/admins', { body, headers: { ...write, origin: server.url } }), 403, 'CONSOLE_CSRF_REJECTED');
      const created = await call(server, 'POST', '/api/console/admins', { body, headers: { ...write, origin: 'https://console.example' } });
      assert.equal(created.status, 201, created.text);
    }, { config: { trustProxy: '127.0.0.1' } }));
});
