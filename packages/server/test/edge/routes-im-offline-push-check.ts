/**
 * Bad-input entry of the offline push self-check route (merged into routeTable in route-table.ts): IM app A's
 * paths never reach IM app B's accounts or devices.
 */
import { assert, imAdminAuth, type RouteSpec } from './route-spec.ts';
import type { World } from './edge-world.ts';

const checkPath = (w: World, userId: string, sdkAppId = w.im.a.sdkAppId) => `/api/im/apps/${sdkAppId}/users/${encodeURIComponent(userId)}/offline-push-check`;

export const imOfflinePushCheckRoutes: Record<string, RouteSpec> = {
  'GET /api/im/apps/:sdkAppId/users/:userId/offline-push-check': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: checkPath(w, w.im.aUser) }),
    cases: (w) => [
      ...imAdminAuth(w, checkPath(w, w.im.aUser)),
      { name: 'id not a number', path: `/api/im/apps/abc/users/${w.im.aUser}/offline-push-check`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'id with 11 digits', path: checkPath(w, w.im.aUser, 14_000_000_000), expect: 'REQUEST_PARAM_INVALID' },
      { name: 'userId over 32 characters', path: checkPath(w, 'u'.repeat(33)), expect: 'REQUEST_PARAM_INVALID' },
      { name: 'userId with a non-ASCII character', path: checkPath(w, 'caf\u00e9'), expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown IM app', path: checkPath(w, w.im.aUser, 1_399_999_999), expect: 'IM_APP_UNKNOWN' },
      { name: "IM app B's account through IM app A", path: checkPath(w, w.im.bUser), expect: 'IM_ACCOUNT_NOT_FOUND' },
      {
        name: "a UserID of both apps shows A's devices only", path: checkPath(w, w.im.shared),
        expect: (res, x) => {
          assert(res.status === 200 && res.body?.sdkAppId === x.im.a.sdkAppId && Array.isArray(res.body?.devices) && res.body.devices.length === 0, `expected A's account without devices, got ${res.text}`);
          assert(res.body?.lastOutcome === null, `expected no outcome, got ${res.text}`);
          const text = res.text.toLowerCase();
          for (const secret of [x.im.bPlatform, x.im.bNick.toLowerCase(), 'victim-device']) assert(!text.includes(secret), `the answer leaks IM app B's ${secret}: ${res.text}`);
        },
      },
    ],
  },
};
