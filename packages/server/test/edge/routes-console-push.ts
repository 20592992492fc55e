/**
 * Bad-input entries of pushing as the console: tasks, cancel/stop, packages, plans and the overview (merged into
 * routeTable in route-table.ts).
 */
import { assert, file, push, type RouteCase, type RouteSpec } from './route-spec.ts';
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

/** 201 with what the route made, and nothing of app B in the answer. */
function createdWithoutB(check: (body: any) => boolean, what: string) {
  return (res: Sent, w: World) => {
    assert(res.status === 201, `expected 201, got ${res.status} ${res.text}`);
    assert(check(res.body), `expected ${what}, got ${res.text}`);
    assert(!res.text.includes(w.bPlanId), `the answer leaks app B's plan: ${res.text}`);
  };
}

const plan = { planName: 'Spring sale', planDescribe: 'Pushes of the spring sale' };

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
  'POST /api/apps/:accessId/packages': {
    family: 'herald', auth: 'admin', body: 'multipart',
    valid: (w) => ({ path: `${app(w)}/packages`, form: file('tokens.txt', `${w.devA.token}\n`) }),
    cases: (w) => [
      ...appIdCases((id) => `${app(w, id)}/packages`).map((c) => ({ ...c, raw: file('tokens.txt', `${w.devA.token}\n`)() })),
      { name: 'JSON instead of a file', body: { file: 'tokens.txt' }, expect: 'UPLOAD_FAILED' },
      { name: 'file in another field', raw: (() => { const f = new FormData(); f.append('other', new Blob(['x']), 'ok.txt'); return f; })(), expect: 'UPLOAD_FAILED' },
      { name: 'empty file', raw: file('empty.txt', '\n\n')(), expect: 'UPLOAD_EMPTY' },
      { name: 'not a text, csv or zip file', raw: file('evil.exe', 'MZ')(), expect: 'UPLOAD_FAILED' },
      { name: 'broken zip', raw: file('list.zip', 'not a zip')(), expect: 'UPLOAD_FAILED' },
      { name: 'a line over 100 characters', raw: file('long.txt', `${'x'.repeat(101)}\n`)(), expect: 'UPLOAD_FAILED' },
      { name: 'file name over 100 characters', raw: file(`${'n'.repeat(97)}.txt`, 'alice\n')(), expect: 'UPLOAD_FAILED' },
      {
        name: 'a package of app A', raw: file('accounts.csv', 'alice,1\nbob\nalice\n')(), mayChange: ['upload', 'upload_item'],
        expect: createdWithoutB((b) => b.count === 2 && b.fileName === 'accounts.csv' && Number.isInteger(b.uploadId) && b.uploadId !== w.bUploadId, '2 distinct ids'),
      },
    ],
  },
  'POST /api/apps/:accessId/plans': {
    family: 'herald', auth: 'admin', body: 'json',
    valid: (w) => ({ path: `${app(w)}/plans`, body: plan }),
    cases: (w) => [
      ...appIdCases((id) => `${app(w, id)}/plans`).map((c) => ({ ...c, body: plan })),
      { name: 'planName missing', body: { planDescribe: 'd' }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'planName a number', body: { planName: 1, planDescribe: 'd' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'planName empty', body: { planName: '', planDescribe: 'd' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'planName over 60 characters', body: { planName: 'p'.repeat(61), planDescribe: 'd' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'planDescribe missing', body: { planName: 'p' }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'planDescribe an object', body: { planName: 'p', planDescribe: {} }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'planDescribe over 300 characters', body: { planName: 'p', planDescribe: 'd'.repeat(301) }, expect: 'REQUEST_PARAM_INVALID' },
      {
        name: 'a plan of app A', body: plan, mayChange: ['plan'],
        expect: createdWithoutB((b) => b.planName === plan.planName && b.planPushSource === 'console' && b.taskCount === 0 && /^\d+$/.test(b.planId), 'the console plan'),
      },
    ],
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
