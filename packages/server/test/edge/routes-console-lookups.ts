/**
 * Bad-input entries of the console's lookups and IM lists (merged into routeTable in route-table.ts): app A's
 * paths never reach app B's devices and accounts, IM app A's lists never show IM app B's accounts and groups.
 */
import { assert, imAdminAuth, type RouteSpec } from './route-spec.ts';
import type { World } from './edge-world.ts';

const usersPath = (w: World, sdkAppId = w.im.a.sdkAppId) => `/api/im/apps/${sdkAppId}/users`;
const groupsPath = (w: World, sdkAppId = w.im.a.sdkAppId) => `/api/im/apps/${sdkAppId}/groups`;

function listCases(path: (w: World, sdkAppId?: number) => string, secrets: (w: World) => string[]) {
  return (w: World) => [
    ...imAdminAuth(w, path(w)),
    { name: 'id not a number', path: path(w).replace(String(w.im.a.sdkAppId), 'abc'), expect: 'REQUEST_PARAM_INVALID' as const },
    { name: 'unknown IM app', path: path(w, 1_399_999_999), expect: 'IM_APP_UNKNOWN' as const },
    { name: 'limit over 100', path: `${path(w)}?limit=101`, expect: 'REQUEST_PARAM_INVALID' as const },
    { name: 'limit 0', path: `${path(w)}?limit=0`, expect: 'REQUEST_PARAM_INVALID' as const },
    { name: 'offset negative', path: `${path(w)}?offset=-1`, expect: 'REQUEST_PARAM_INVALID' as const },
    { name: 'prefix over 32 characters', path: `${path(w)}?prefix=${'u'.repeat(33)}`, expect: 'REQUEST_PARAM_INVALID' as const },
    {
      name: "IM app B's rows stay out", path: `${path(w)}?limit=100`,
      expect: (res: { status: number; text: string }, x: World) => {
        assert(res.status === 200, `expected 200, got ${res.text}`);
        for (const secret of secrets(x)) assert(!res.text.includes(secret), `the answer leaks IM app B's ${secret}: ${res.text}`);
      },
    },
  ];
}

export const consoleLookupRoutes: Record<string, RouteSpec> = {
  'GET /api/apps/:accessId/devices/:token': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: `/api/apps/${w.a.accessId}/devices/${w.devA.token}` }),
    cases: (w) => [
      { name: 'id not a number', path: `/api/apps/abc/devices/${w.devA.token}`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'token not hex', path: `/api/apps/${w.a.accessId}/devices/${'z'.repeat(36)}`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown app', path: `/api/apps/999999/devices/${w.devA.token}`, expect: 'APP_NOT_FOUND' },
      { name: 'unknown token', path: `/api/apps/${w.a.accessId}/devices/${'0'.repeat(36)}`, expect: 'DEVICE_NOT_FOUND' },
      { name: "app B's token through app A", path: `/api/apps/${w.a.accessId}/devices/${w.devB.token}`, expect: 'DEVICE_NOT_FOUND' },
    ],
  },
  'GET /api/apps/:accessId/accounts/:account': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: `/api/apps/${w.b.accessId}/accounts/${encodeURIComponent(w.bAccount)}` }),
    cases: (w) => [
      { name: 'id not a number', path: `/api/apps/abc/accounts/alice`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown app', path: `/api/apps/999999/accounts/alice`, expect: 'APP_NOT_FOUND' },
      { name: "app B's account through app A", path: `/api/apps/${w.a.accessId}/accounts/${encodeURIComponent(w.bAccount)}`, expect: 'DEVICE_NOT_FOUND' },
      { name: 'an account of 101 characters', path: `/api/apps/${w.a.accessId}/accounts/${'a'.repeat(101)}`, expect: 'REQUEST_PARAM_INVALID' },
    ],
  },
  'GET /api/im/apps/:sdkAppId/users': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: `${usersPath(w)}?prefix=a&offset=0&limit=20` }),
    cases: listCases(usersPath, (x) => [x.im.bUser, x.im.bNick, x.im.bPlatform]),
  },
  'GET /api/im/apps/:sdkAppId/groups': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: `${groupsPath(w)}?limit=20` }),
    cases: listCases(groupsPath, (x) => [x.im.bGroup, x.im.bGroupName]),
  },
};
