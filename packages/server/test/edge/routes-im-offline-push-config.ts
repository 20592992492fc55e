/**
 * Bad-input entries of the offline push certificate and per-user push config routes (merged into routeTable in
 * route-table.ts). The POST entry gives IM app B a certificate (ID 1, on push app A's APNs dev credential), so
 * the entries after it can check that IM app A's paths never reach it.
 */
import { assert, imAdminAuth, type RouteSpec } from './route-spec.ts';
import type { Sent, World } from './edge-world.ts';

const certs = (w: World, sdkAppId = w.im.a.sdkAppId) => `/api/im/apps/${sdkAppId}/push-certificates`;
const body = (w: World) => ({ accessId: w.a.accessId, channel: 'apns', environment: 'dev' });
const userPath = (w: World, userId: string, sdkAppId = w.im.a.sdkAppId) => `/api/im/apps/${sdkAppId}/users/${encodeURIComponent(userId)}/push-config`;

/** IM app B's certificate 1 is still there, untouched (the fingerprint also checks nothing changed). */
const bCertificateKept = async (res: Sent, w: World, status: number) => {
  assert(res.status === status, `expected ${status}, got ${res.status} ${res.text}`);
  const row = await w.server.ctx.store.db.selectFrom('im_push_certificate').select('deleted_at')
    .where('sdk_app_id', '=', w.im.b.sdkAppId).where('business_id', '=', 1).executeTakeFirst();
  assert(row !== undefined && row.deleted_at === null, "IM app B's certificate 1 is gone");
};

export const imOfflinePushConfigRoutes: Record<string, RouteSpec> = {
  'POST /api/im/apps/:sdkAppId/push-certificates': {
    family: 'herald', auth: 'admin', body: 'json',
    valid: (w) => ({ path: certs(w), body: body(w) }),
    cases: (w) => [
      ...imAdminAuth(w, certs(w), body(w)),
      { name: 'accessId missing', body: { channel: 'apns', environment: 'dev' }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'channel missing', body: { accessId: w.a.accessId, environment: 'dev' }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'accessId as string', body: { ...body(w), accessId: String(w.a.accessId) }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'accessId 0', body: { ...body(w), accessId: 0 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'accessId a fraction', body: { ...body(w), accessId: 1.5 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'channel unknown', body: { ...body(w), channel: 'pigeon' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'channel a number', body: { ...body(w), channel: 1 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'environment unknown', body: { ...body(w), environment: 'prod' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'environment missing for APNs', body: { accessId: w.a.accessId, channel: 'apns' }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'voip as string', body: { ...body(w), voip: 'true' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'name over 100 characters', body: { ...body(w), name: 'n'.repeat(101) }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown field (businessID)', body: { ...body(w), businessID: 7 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'a channel the iOS app does not use', body: { accessId: w.a.accessId, channel: 'fcm' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'no product credential on the push app', body: { ...body(w), environment: 'product' }, expect: 'CREDENTIAL_NOT_FOUND' },
      { name: "push app B, which has no credential", body: { ...body(w), accessId: w.b.accessId }, expect: 'CREDENTIAL_NOT_FOUND' },
      { name: 'unknown push app', body: { ...body(w), accessId: 1_999_999_999 }, expect: 'APP_NOT_FOUND' },
      { name: 'id not a number', path: '/api/im/apps/abc/push-certificates', body: body(w), expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown IM app', path: '/api/im/apps/1399999999/push-certificates', body: body(w), expect: 'IM_APP_UNKNOWN' },
      {
        name: "valid for IM app B: certificate 1 of B", path: certs(w, w.im.b.sdkAppId), body: body(w), mayChange: ['im_push_certificate'],
        expect: (res, x) => assert(res.status === 201 && res.body?.businessID === 1 && res.body?.sdkAppId === x.im.b.sdkAppId, `expected B's certificate 1, got ${res.status} ${res.text}`),
      },
      { name: 'the same certificate again', path: certs(w, w.im.b.sdkAppId), body: body(w), expect: 'IM_PUSH_CERT_EXISTS' },
    ],
  },
  'GET /api/im/apps/:sdkAppId/push-certificates': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: certs(w) }),
    cases: (w) => [
      ...imAdminAuth(w, certs(w)),
      { name: 'id not a number', path: '/api/im/apps/abc/push-certificates', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown IM app', path: '/api/im/apps/1399999999/push-certificates', expect: 'IM_APP_UNKNOWN' },
      {
        name: "IM app A's list leaves out B's certificates",
        expect: (res, x) => assert(res.status === 200 && res.body?.sdkAppId === x.im.a.sdkAppId && Array.isArray(res.body?.certificates) && res.body.certificates.length === 0, `expected A's empty list, got ${res.text}`),
      },
    ],
  },
  'GET /api/im/apps/:sdkAppId/push-certificates/:businessID': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: `${certs(w)}/1` }),
    cases: (w) => [
      ...imAdminAuth(w, `${certs(w)}/1`),
      { name: 'businessID not a number', path: `${certs(w)}/abc`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'businessID negative', path: `${certs(w)}/-1`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'businessID with 16 digits', path: `${certs(w)}/1234567890123456`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown IM app', path: '/api/im/apps/1399999999/push-certificates/1', expect: 'IM_APP_UNKNOWN' },
      { name: "B's certificate 1 through IM app A", expect: 'IM_PUSH_CERT_NOT_FOUND' },
    ],
  },
  'DELETE /api/im/apps/:sdkAppId/push-certificates/:businessID': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: `${certs(w)}/1` }),
    cases: (w) => [
      ...imAdminAuth(w, `${certs(w)}/1`),
      { name: 'businessID not a number', path: `${certs(w)}/abc`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'id with trailing text', path: `/api/im/apps/${w.im.a.sdkAppId}x/push-certificates/1`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown IM app', path: '/api/im/apps/1399999999/push-certificates/1', expect: 'IM_APP_UNKNOWN' },
      { name: "B's certificate 1 through IM app A", expect: (res, x) => bCertificateKept(res, x, 404) },
    ],
  },
  'GET /api/im/apps/:sdkAppId/users/:userId/push-config': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: userPath(w, w.im.aUser) }),
    cases: (w) => [
      ...imAdminAuth(w, userPath(w, w.im.aUser)),
      { name: 'id not a number', path: `/api/im/apps/abc/users/${w.im.aUser}/push-config`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'userId over 32 characters', path: userPath(w, 'u'.repeat(33)), expect: 'REQUEST_PARAM_INVALID' },
      { name: 'userId with a non-ASCII character', path: userPath(w, 'caf\u00e9'), expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown IM app', path: userPath(w, w.im.aUser, 1_399_999_999), expect: 'IM_APP_UNKNOWN' },
      { name: "IM app B's account through IM app A", path: userPath(w, w.im.bUser), expect: 'IM_ACCOUNT_NOT_FOUND' },
      {
        name: "a UserID of both apps shows A's devices only", path: userPath(w, w.im.shared),
        expect: (res, x) => {
          assert(res.status === 200 && Array.isArray(res.body?.devices) && res.body.devices.length === 0, `expected no devices, got ${res.text}`);
          assert(!res.text.toLowerCase().includes(x.im.bPlatform), `the answer leaks IM app B's device: ${res.text}`);
        },
      },
    ],
  },
};
