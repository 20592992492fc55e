/** Bad-input entries of the webhook settings routes (merged into routeTable in route-table.ts). */
import { assert, imAdminAuth, type RouteSpec } from './route-spec.ts';
import type { Sent, World } from './edge-world.ts';

const url = 'https://hooks.example/im';
const body = { url, commands: ['C2C.CallbackBeforeSendMsg'] };
const path = (w: World, sdkAppId = w.im.a.sdkAppId) => `/api/im/apps/${sdkAppId}/callback`;

/** A settings change on app A: only im_app changes, and app B's settings (part of its IM rows) stay as they were. */
const changedOnlyA = (check: (res: Sent, w: World) => void) => (res: Sent, w: World) => {
  assert(res.status === 200 || res.status === 204, `expected success, got ${res.status} ${res.text}`);
  check(res, w);
};

export const imWebhookRoutes: Record<string, RouteSpec> = {
  'GET /api/im/apps/:sdkAppId/callback': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: path(w) }),
    cases: (w) => [
      ...imAdminAuth(w, path(w)),
      { name: 'id not a number', path: '/api/im/apps/abc/callback', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'id with 11 digits', path: '/api/im/apps/14000000000/callback', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown app', path: '/api/im/apps/1399999999/callback', expect: 'IM_APP_UNKNOWN' },
      {
        name: "app B's settings are app B's only (no token shown)", path: path(w, w.im.b.sdkAppId),
        expect: (res, x) => {
          assert(res.status === 200 && res.body?.sdkAppId === x.im.b.sdkAppId && res.body?.url === null, `expected B's empty settings, got ${res.status} ${res.text}`);
          assert(!('token' in res.body), `a token field is shown: ${res.text}`);
        },
      },
    ],
  },
  'PUT /api/im/apps/:sdkAppId/callback': {
    family: 'herald', auth: 'admin', body: 'json',
    valid: (w) => ({ path: path(w), body }),
    cases: (w) => [
      ...imAdminAuth(w, path(w), body),
      { name: 'url missing', body: { commands: [] }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'commands missing', body: { url }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'url a number', body: { ...body, url: 5 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'url empty', body: { ...body, url: '' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'url not a URL', body: { ...body, url: 'hooks dot example' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'url with ftp:', body: { ...body, url: 'ftp://hooks.example/im' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'url with javascript:', body: { ...body, url: 'javascript:alert(1)' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'url with file:', body: { ...body, url: 'file:///etc/passwd' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'url with a fragment', body: { ...body, url: `${url}#x` }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'url over 1024 characters', body: { ...body, url: `${url}?${'x'.repeat(1024)}` }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'commands a string', body: { ...body, commands: 'C2C.CallbackBeforeSendMsg' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'command unknown', body: { ...body, commands: ['C2C.CallbackNope'] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'command Herald never calls', body: { ...body, commands: ['Group.CallbackAfterCreateGroup'] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'command twice', body: { ...body, commands: ['C2C.CallbackAfterSendMsg', 'C2C.CallbackAfterSendMsg'] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'command a number', body: { ...body, commands: [1] }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'token a number', body: { ...body, token: 123 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'token over 256 characters', body: { ...body, token: 't'.repeat(257) }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'deliverOnTimeout a string', body: { ...body, deliverOnTimeout: 'true' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown field (sdkAppId)', body: { ...body, sdkAppId: w.im.b.sdkAppId }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'id not a number', path: '/api/im/apps/abc/callback', body, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown app', path: '/api/im/apps/1399999999/callback', body, expect: 'IM_APP_UNKNOWN' },
      {
        name: "valid on app A: app B's settings stay untouched", body: { ...body, token: 'secret-token-a' }, mayChange: ['im_app'],
        expect: changedOnlyA((res) => {
          assert(res.body?.tokenSet === true && res.body?.url === url, `expected A's settings, got ${res.text}`);
          assert(!res.text.includes('secret-token-a'), `the token is shown: ${res.text}`);
        }),
      },
    ],
  },
  'DELETE /api/im/apps/:sdkAppId/callback': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: path(w) }),
    cases: (w) => [
      ...imAdminAuth(w, path(w)),
      { name: 'id not a number', path: '/api/im/apps/abc/callback', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'id with trailing text', path: `/api/im/apps/${w.im.b.sdkAppId}x/callback`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown app', path: '/api/im/apps/1399999999/callback', expect: 'IM_APP_UNKNOWN' },
      { name: 'valid on app A leaves app B alone', mayChange: ['im_app'], expect: changedOnlyA(() => undefined) },
    ],
  },
};
