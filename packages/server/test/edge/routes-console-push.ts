/** Bad-input entries of pushing as the console: tasks, cancel/stop, plans and the overview (merged into routeTable in route-table.ts). */
import { assert, push, type RouteCase, type RouteSpec } from './route-spec.ts';
import type { Sent, World } from './edge-world.ts';

const app = (w: World, accessId: number | string = w.a.accessId) => `/api/apps/${accessId}`;
const task = (w: World, pushId: string, action: 'cancel' | 'stop') => `${app(w)}/pushes/${pushId}/${action}`;

/** 200 with nothing of app B in the answer. */
function okWithoutB(...secrets: Array<(w: World) => string>) {
  return (res: Sent, w: World) => {
    assert(res.status === 200, `expected 200, got ${res.status} ${res.text}`);
    for (const secret of secrets) assert(!res.text.includes(secret(w)), `the answer leaks app B's ${secret(w)}: ${res.text}`);
  };
}

function appIdCases(path: (accessId: string | number) => string): RouteCase[] {
  return [
    { name: 'AccessID not a number', path: path('abc'), expect: 'REQUEST_PARAM_INVALID' },
    { name: 'AccessID with 16 digits', path: path('1000000000000000'), expect: 'REQUEST_PARAM_INVALID' },
    { name: 'unknown app', path: path(1_999_999_999), expect: 'APP_NOT_FOUND' },
  ];
}

function controlCases(w: World, action: 'cancel' | 'stop'): RouteCase[] {
  return [
    ...appIdCases((id) => `${app(w, id)}/pushes/1/${action}`),
    { name: 'pushId not a number', path: task(w, 'abc', action), expect: 'REQUEST_PARAM_INVALID' },
    { name: 'pushId with 21 digits', path: task(w, '1'.repeat(21), action), expect: 'REQUEST_PARAM_INVALID' },
    { name: 'unknown pushId', path: task(w, '999999', action), expect: 'PUSH_TASK_NOT_FOUND' },
    { name: "app B's pushId", path: task(w, w.bPushId, action), expect: 'PUSH_TASK_NOT_FOUND' },
  ];
}

export const consolePushRoutes: Record<string, RouteSpec> = {
  'POST /api/apps/:accessId/pushes': {
    family: 'herald', auth: 'admin', body: 'json',
    valid: (w) => ({ path: `${app(w)}/pushes`, body: push(w) }),
    cases: (w) => [
      ...appIdCases((id) => `${app(w, id)}/pushes`).map((c) => ({ ...c, body: push(w) })),
      { name: 'audience_type missing', body: { message_type: 'notify', message: { title: 't', content: 'c' } }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'message_type a number', body: { ...push(w), message_type: 1 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'expire_time as string', body: { ...push(w), expire_time: '3600' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'custom_content not JSON', body: { ...push(w), message: { title: 't', content: 'c', ios: { custom_content: '{' } } }, expect: 'REQUEST_PARAM_INVALID' },
      { name: "app B's token", body: { ...push(w), token_list: [w.devB.token] }, expect: 'PUSH_TARGET_NOT_FOUND' },
      { name: "app B's account", body: { ...push(w), audience_type: 'account', account_list: [w.bAccount], token_list: undefined }, expect: 'PUSH_TARGET_NOT_FOUND' },
      { name: "app B's plan", body: { ...push(w), plan_id: w.bPlanId }, expect: 'PUSH_PLAN_NOT_FOUND' },
      { name: "app B's upload", body: { ...push(w), audience_type: 'package_token_push', upload_id: w.bUploadId, token_list: undefined }, expect: 'UPLOAD_NOT_FOUND' },
    ],
  },
  'GET /api/apps/:accessId/pushes': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: `${app(w)}/pushes?offset=0&limit=20` }),
    cases: (w) => [
      ...appIdCases((id) => `${app(w, id)}/pushes`),
      { name: 'limit 0', path: `${app(w)}/pushes?limit=0`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'limit 101', path: `${app(w)}/pushes?limit=101`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'offset negative', path: `${app(w)}/pushes?offset=-1`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown query field', path: `${app(w)}/pushes?accessId=${w.b.accessId}`, expect: 'REQUEST_PARAM_INVALID' },
      { name: "app B's tasks stay out", expect: okWithoutB((x) => x.bPushId) },
    ],
  },
  'POST /api/apps/:accessId/pushes/:pushId/cancel': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: task(w, '1', 'cancel') }),
    cases: (w) => controlCases(w, 'cancel'),
  },
  'POST /api/apps/:accessId/pushes/:pushId/stop': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: task(w, '1', 'stop') }),
    cases: (w) => controlCases(w, 'stop'),
  },
  'GET /api/apps/:accessId/plans': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: `${app(w)}/plans` }),
    cases: (w) => [...appIdCases((id) => `${app(w, id)}/plans`), { name: "app B's plans stay out", expect: okWithoutB((x) => x.bPlanId) }],
  },
  'GET /api/apps/:accessId/overview': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: (w) => ({ path: `${app(w)}/overview?days=7` }),
    cases: (w) => [
      ...appIdCases((id) => `${app(w, id)}/overview`),
      { name: 'days 0', path: `${app(w)}/overview?days=0`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'days 91', path: `${app(w)}/overview?days=91`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'days not a number', path: `${app(w)}/overview?days=week`, expect: 'REQUEST_PARAM_INVALID' },
      { name: "app B's numbers stay out", expect: okWithoutB((x) => String(x.bStatMarker)) },
    ],
  },
};
