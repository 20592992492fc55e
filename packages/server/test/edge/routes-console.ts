/**
 * Bad-input entries of the console's sign-in (`/console/api`, no credentials or the session cookie) and its
 * account management on `/api/console/admins` (merged into routeTable in route-table.ts). The session guard
 * itself (cookie, CSRF, Origin, roles) is swept over every `/api` route by test/console-auth/api-guard-sweep.test.ts.
 */
import { assert, type RouteSpec } from './route-spec.ts';

const password = 'correct horse battery staple';
const forgedCookie = { cookie: `herald_console=${'A'.repeat(43)}` };

export const consoleRoutes: Record<string, RouteSpec> = {
  'GET /console/api/setup': {
    family: 'herald', auth: 'console', body: 'none',
    valid: () => ({ path: '/console/api/setup' }),
    cases: () => [
      { name: 'a fresh server needs setup', expect: (res) => assert(res.status === 200 && res.body?.needed === true, `expected {needed: true}, got ${res.status} ${res.text}`) },
    ],
  },
  'POST /console/api/setup': {
    family: 'herald', auth: 'console', body: 'json',
    valid: () => ({ path: '/console/api/setup', body: { setupToken: 'hcs_x', username: 'root', password } }),
    cases: () => [
      { name: 'setupToken missing', body: { username: 'root', password }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'setupToken a number', body: { setupToken: 1, username: 'root', password }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'username with a space', body: { setupToken: 'hcs_x', username: 'ro ot', password }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'username of 65 characters', body: { setupToken: 'hcs_x', username: 'x'.repeat(65), password }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'password of 11 characters', body: { setupToken: 'hcs_x', username: 'root', password: 'x'.repeat(11) }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'password of 257 characters', body: { setupToken: 'hcs_x', username: 'root', password: 'x'.repeat(257) }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown field (role)', body: { setupToken: 'hcs_x', username: 'root', password, role: 'viewer' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'wrong setup token', body: { setupToken: 'hcs_x', username: 'root', password }, expect: 'CONSOLE_SETUP_TOKEN_INVALID' },
      { name: 'from another site', headers: { origin: 'https://evil.example' }, body: { setupToken: 'hcs_x', username: 'root', password }, expect: 'CONSOLE_CSRF_REJECTED' },
    ],
  },
  'POST /console/api/session': {
    family: 'herald', auth: 'console', body: 'json',
    valid: () => ({ path: '/console/api/session', body: { username: 'root', password } }),
    cases: () => [
      { name: 'username missing', body: { password }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'password a number', body: { username: 'root', password: 123456789012 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'username empty', body: { username: '', password }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown field', body: { username: 'root', password, remember: true }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'from another site', headers: { origin: 'https://evil.example' }, body: { username: 'root', password }, expect: 'CONSOLE_CSRF_REJECTED' },
      { name: 'unknown username', body: { username: 'nobody', password }, expect: 'CONSOLE_SIGNIN_FAILED', mayChange: ['console_signin_throttle'] },
    ],
  },
  'GET /console/api/session': {
    family: 'herald', auth: 'console', body: 'none',
    valid: () => ({ path: '/console/api/session' }),
    cases: (w) => [
      { name: 'no cookie', expect: 'AUTH_ADMIN_REQUIRED' },
      { name: 'the admin bearer token is no session', headers: w.server.admin, expect: 'AUTH_ADMIN_REQUIRED' },
      { name: 'forged cookie', headers: forgedCookie, expect: 'AUTH_ADMIN_REQUIRED' },
      { name: 'malformed cookie', headers: { cookie: 'herald_console=../../etc' }, expect: 'AUTH_ADMIN_REQUIRED' },
    ],
  },
  'DELETE /console/api/session': {
    family: 'herald', auth: 'console', body: 'none',
    valid: () => ({ path: '/console/api/session' }),
    cases: (w) => [
      { name: 'no cookie', expect: 'AUTH_ADMIN_REQUIRED' },
      { name: 'the admin bearer token is no session', headers: w.server.admin, expect: 'AUTH_ADMIN_REQUIRED' },
      { name: 'forged cookie with a CSRF header', headers: { ...forgedCookie, 'x-csrf-token': 'x', origin: w.server.url }, expect: 'AUTH_ADMIN_REQUIRED' },
    ],
  },

  'GET /api/console/admins': { family: 'herald', auth: 'admin', body: 'none', valid: () => ({ path: '/api/console/admins' }) },
  'POST /api/console/admins': {
    family: 'herald', auth: 'admin', body: 'json',
    valid: () => ({ path: '/api/console/admins', body: { username: 'edge-new', password, role: 'viewer' } }),
    cases: () => [
      { name: 'role missing', body: { username: 'edge-new', password }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'role unknown', body: { username: 'edge-new', password, role: 'owner' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'username with a slash', body: { username: 'a/b', password, role: 'viewer' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'username empty', body: { username: '', password, role: 'viewer' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'password of 11 characters', body: { username: 'edge-new', password: 'x'.repeat(11), role: 'viewer' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'password a number', body: { username: 'edge-new', password: 1234567890123, role: 'viewer' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown field (passwordHash)', body: { username: 'edge-new', password, role: 'viewer', passwordHash: '$scrypt$' }, expect: 'REQUEST_PARAM_INVALID' },
    ],
  },
  'DELETE /api/console/admins/:username': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: () => ({ path: '/api/console/admins/edge-target' }),
    cases: () => [
      { name: 'unknown username', path: '/api/console/admins/nobody', expect: 'CONSOLE_ADMIN_NOT_FOUND' },
      { name: 'username of 65 characters', path: `/api/console/admins/${'x'.repeat(65)}`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'username with a space', path: '/api/console/admins/a%20b', expect: 'REQUEST_PARAM_INVALID' },
    ],
  },
  'PUT /api/console/admins/:username/password': {
    family: 'herald', auth: 'admin', body: 'json',
    valid: () => ({ path: '/api/console/admins/edge-target/password', body: { password: 'a brand new passphrase' } }),
    cases: () => [
      { name: 'password missing', body: {}, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'password of 11 characters', body: { password: 'x'.repeat(11) }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown field', body: { password, role: 'admin' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown username', path: '/api/console/admins/nobody/password', body: { password }, expect: 'CONSOLE_ADMIN_NOT_FOUND' },
    ],
  },
  'PUT /api/console/admins/:username/role': {
    family: 'herald', auth: 'admin', body: 'json',
    valid: () => ({ path: '/api/console/admins/edge-target/role', body: { role: 'viewer' } }),
    cases: () => [
      { name: 'role missing', body: {}, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'role unknown', body: { role: 'root' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'role as array', body: { role: ['admin'] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown username', path: '/api/console/admins/nobody/role', body: { role: 'admin' }, expect: 'CONSOLE_ADMIN_NOT_FOUND' },
    ],
  },
};
