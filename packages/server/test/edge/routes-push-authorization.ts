/** Bad-input entries of the third-party authorization routes and app deletion (merged into routeTable in route-table.ts). */
import { imAdminAuth, type RouteSpec } from './route-spec.ts';
import type { World } from './edge-world.ts';

const list = (w: World, sdkAppId: number | string = w.im.a.sdkAppId) => `/api/im/apps/${sdkAppId}/push-authorizations`;
const one = (w: World, accessId: number | string = w.a.accessId, sdkAppId: number | string = w.im.a.sdkAppId) => `${list(w, sdkAppId)}/${accessId}`;

export const pushAuthorizationRoutes: Record<string, RouteSpec> = {
  'GET /api/im/apps/:sdkAppId/push-authorizations': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: list(w) }),
    cases: (w) => [
      ...imAdminAuth(w, list(w)),
      { name: 'id not a number', path: list(w, 'abc'), expect: 'REQUEST_PARAM_INVALID' },
      { name: 'id with 11 digits', path: list(w, '14000000000'), expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown IM app', path: list(w, 1_399_999_999), expect: 'IM_APP_UNKNOWN' },
    ],
  },
  'POST /api/im/apps/:sdkAppId/push-authorizations': {
    family: 'herald', auth: 'admin', body: 'json',
    valid: (w) => ({ path: list(w), body: { accessId: w.a.accessId } }),
    cases: (w) => [
      ...imAdminAuth(w, list(w), { accessId: w.b.accessId }),
      { name: 'accessId missing', body: {}, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'accessId as string', body: { accessId: String(w.a.accessId) }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'accessId zero', body: { accessId: 0 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'accessId fractional', body: { accessId: 1_500_000_000.5 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'accessId with 16 digits', body: { accessId: 1_000_000_000_000_000 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown field (serviceMode)', body: { accessId: w.a.accessId, serviceMode: 'standard' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'id not a number', path: list(w, 'abc'), body: { accessId: w.a.accessId }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown IM app', path: list(w, 1_399_999_999), body: { accessId: w.a.accessId }, expect: 'IM_APP_UNKNOWN' },
      { name: 'unknown push app', body: { accessId: 1_999_999_999 }, expect: 'APP_NOT_FOUND' },
    ],
  },
  'DELETE /api/im/apps/:sdkAppId/push-authorizations/:accessId': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: one(w) }),
    cases: (w) => [
      ...imAdminAuth(w, one(w)),
      { name: 'IM app id not a number', path: one(w, w.a.accessId, 'abc'), expect: 'REQUEST_PARAM_INVALID' },
      { name: 'AccessID not a number', path: one(w, 'abc'), expect: 'REQUEST_PARAM_INVALID' },
      { name: 'AccessID with trailing text', path: one(w, `${w.a.accessId}x`), expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown IM app', path: one(w, w.a.accessId, 1_399_999_999), expect: 'IM_APP_UNKNOWN' },
      { name: 'unknown push app', path: one(w, 1_999_999_999), expect: 'APP_NOT_FOUND' },
      { name: 'app A not authorized to IM app A', expect: 'APP_NOT_AUTHORIZED' },
      { name: 'app B not authorized to IM app B', path: one(w, w.b.accessId, w.im.b.sdkAppId), expect: 'APP_NOT_AUTHORIZED' },
    ],
  },
  'DELETE /api/apps/:accessId': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: `/api/apps/${w.a.accessId}` }),
    cases: (w) => [
      { name: 'id not a number', path: '/api/apps/1;drop', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'id with 16 digits', path: '/api/apps/1000000000000000', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown id', path: '/api/apps/999999', expect: 'APP_NOT_FOUND' },
      { name: "IM app A's SDKAppID is no AccessID", path: `/api/apps/${w.im.a.sdkAppId}`, expect: 'APP_NOT_FOUND' },
    ],
  },
};
