/**
 * Nothing on `/api` bypasses the console guard. Driven by the bad-input route table (test/edge/route-table.ts),
 * so a new `/api` route is covered the day it is added: for each one, with the request that would succeed,
 * - no credentials, a forged cookie or a signed-out session's cookie: 401 AUTH_ADMIN_REQUIRED;
 * - a change (POST, PUT, PATCH, DELETE) with an admin's session but no, a forged or another session's CSRF token,
 *   a foreign Origin, a cross-site or same-site Sec-Fetch-Site, or neither header: 403 CONSOLE_CSRF_REJECTED;
 * - a viewer's change, however well-formed: 403 CONSOLE_READ_ONLY;
 * and none of these changes anything. A viewer's read answers what the admin token's does (never 401/403).
 * Last, an admin's session with its CSRF token and the admin bearer token both get through on every change.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createWorld, fingerprint, json, listRoutes, send, type Outgoing, type Sent, type World } from '../edge/edge-world.ts';
import { routeTable } from '../edge/route-table.ts';
import type { RouteSpec } from '../edge/route-spec.ts';
import { addAccount, setupFirstAdmin, signIn, type Session } from './console-fixtures.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const GUARD_CODES = new Set(['AUTH_ADMIN_REQUIRED', 'CONSOLE_CSRF_REJECTED', 'CONSOLE_READ_ONLY']);

const methodOf = (route: string) => route.slice(0, route.indexOf(' '));
const pathOf = (route: string) => route.slice(route.indexOf(' ') + 1);
const apiRoutes = Object.entries(routeTable).filter(([route]) => pathOf(route).startsWith('/api/'));

/** The route's valid request with `headers` as its only credentials. */
function request(w: World, route: string, spec: RouteSpec, headers: Record<string, string>): Outgoing {
  const valid = spec.valid(w);
  const method = methodOf(route);
  if (valid.form !== undefined) return { method, path: valid.path, headers, raw: valid.form() };
  if (valid.body !== undefined) return { method, path: valid.path, headers: { ...json, ...headers }, raw: JSON.stringify(valid.body) };
  return { method, path: valid.path, headers };
}

function expectRefused(res: Sent, status: number, code: string, what: string): void {
  assert.equal(res.status, status, `${what}: ${res.text}`);
  assert.equal(res.body?.code, code, `${what}: ${res.text}`);
}

function expectThrough(res: Sent, what: string): void {
  assert.ok(res.status < 500, `${what}: ${res.status} ${res.text}`);
  assert.ok(!GUARD_CODES.has(String(res.body?.code ?? '')), `${what}: refused by the guard: ${res.text}`);
}

describe('every /api route behind the console guard', () => {
  let w: World;
  let admin: Session;
  let viewer: Session;
  let signedOut: Session;

  before(async () => {
    w = await createWorld();
    await setupFirstAdmin(w.server, 'root');
    await addAccount(w.server, 'watcher', 'viewer');
    // The admin the account routes' valid requests name.
    await addAccount(w.server, 'edge-target', 'admin');
    admin = await signIn(w.server, 'root');
    viewer = await signIn(w.server, 'watcher');
    signedOut = await signIn(w.server, 'root');
    const out = await send(w.server, { method: 'DELETE', path: '/console/api/session', headers: signedOut.write });
    assert.equal(out.status, 204, out.text);
  });
  after(async () => w?.server.close());

  it('the route table lists every /api route the server has', () => {
    const served = listRoutes(w.server).filter((r) => pathOf(r).startsWith('/api/'));
    assert.deepEqual(apiRoutes.map(([route]) => route).sort(), served);
    assert.ok(apiRoutes.some(([route]) => UNSAFE.has(methodOf(route))) && apiRoutes.some(([route]) => methodOf(route) === 'GET'));
  });

  for (const [route, spec] of apiRoutes) {
    const unsafe = UNSAFE.has(methodOf(route));
    it(`${route}: ${unsafe ? 'no change without a session, its CSRF token and the same origin, none by a viewer' : 'no read without a session; a viewer reads'}`, async () => {
      const refusals: Array<[string, Record<string, string>, number, string]> = [
        ['no credentials', {}, 401, 'AUTH_ADMIN_REQUIRED'],
        ['a forged session cookie', { ...admin.write, cookie: `herald_console=${'A'.repeat(43)}` }, 401, 'AUTH_ADMIN_REQUIRED'],
        ["a signed-out session's cookie", signedOut.write, 401, 'AUTH_ADMIN_REQUIRED'],
        ['a wrong bearer token beside a valid session', { ...admin.write, authorization: 'Bearer wrong' }, 401, 'AUTH_ADMIN_REQUIRED'],
      ];
      if (unsafe) {
        const { 'x-csrf-token': _csrf, origin: _origin, ...cookieOnly } = admin.write;
        refusals.push(
          ['no CSRF header', { ...cookieOnly, origin: w.server.url }, 403, 'CONSOLE_CSRF_REJECTED'],
          ['a forged CSRF header', { ...admin.write, 'x-csrf-token': 'A'.repeat(43) }, 403, 'CONSOLE_CSRF_REJECTED'],
          ["another session's CSRF token", { ...admin.write, 'x-csrf-token': viewer.csrfToken }, 403, 'CONSOLE_CSRF_REJECTED'],
          ['a cross-site Origin', { ...admin.write, origin: 'https://evil.example' }, 403, 'CONSOLE_CSRF_REJECTED'],
          ['Origin null', { ...admin.write, origin: 'null' }, 403, 'CONSOLE_CSRF_REJECTED'],
          ['Sec-Fetch-Site cross-site', { ...cookieOnly, 'x-csrf-token': admin.csrfToken, 'sec-fetch-site': 'cross-site' }, 403, 'CONSOLE_CSRF_REJECTED'],
          ['Sec-Fetch-Site same-site', { ...cookieOnly, 'x-csrf-token': admin.csrfToken, 'sec-fetch-site': 'same-site' }, 403, 'CONSOLE_CSRF_REJECTED'],
          ['neither Origin nor Sec-Fetch-Site', { ...cookieOnly, 'x-csrf-token': admin.csrfToken }, 403, 'CONSOLE_CSRF_REJECTED'],
          ["a viewer's well-formed change", viewer.write, 403, 'CONSOLE_READ_ONLY'],
        );
      }
      for (const [what, headers, status, code] of refusals) {
        const before = await fingerprint(w.server, ['replay_guard', 'console_session']);
        expectRefused(await send(w.server, request(w, route, spec, headers)), status, code, what);
        assert.deepEqual(await fingerprint(w.server, ['replay_guard', 'console_session']), before, `${what} changed nothing`);
      }
      if (!unsafe) {
        const asViewer = await send(w.server, request(w, route, spec, viewer.read));
        expectThrough(asViewer, 'a viewer reads');
        assert.ok(asViewer.status !== 401 && asViewer.status !== 403, `a viewer reads: ${asViewer.text}`);
        const asOperator = await send(w.server, request(w, route, spec, w.server.admin));
        assert.equal(asViewer.status, asOperator.status, `the same answer as the admin token's: ${asOperator.text}`);
        expectThrough(await send(w.server, request(w, route, spec, { ...admin.read, origin: 'https://evil.example' })), 'a read needs only the session');
      }
    });
  }

  it("an admin's session with its CSRF token, and the admin bearer token, get through on every change", async () => {
    const changes = apiRoutes.filter(([route]) => UNSAFE.has(methodOf(route)));
    for (const [route, spec] of changes) expectThrough(await send(w.server, request(w, route, spec, admin.write)), `${route} as an admin's session`);
    for (const [route, spec] of changes) expectThrough(await send(w.server, request(w, route, spec, w.server.admin)), `${route} with the admin token`);
  });
});
