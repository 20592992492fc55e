/**
 * Bad-input entries of the sandbox API, merged into routeTable in route-table.ts. The edge
 * world runs with sandbox mode off, so a request that passes validation answers 404 SANDBOX_OFF; what sandbox
 * mode does with it is in sandbox-vendors.test.ts and sandbox-api.test.ts.
 */
import { assert, type RouteSpec } from './route-spec.ts';

const DEVICE = '/api/sandbox/devices/0123456789abcdef';

export const sandboxRouteSpecs: Record<string, RouteSpec> = {
  'GET /api/sandbox': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: () => ({ path: '/api/sandbox' }),
    cases: () => [
      { name: 'says sandbox mode is off', expect: (res) => assert(res.status === 200 && res.body?.enabled === false && Object.keys(res.body).length === 1, `expected {enabled: false}, got ${res.status} ${res.text}`) },
    ],
  },
  'POST /api/sandbox/credentials/:channel': {
    family: 'herald', auth: 'admin', body: 'optional-json',
    valid: () => ({ path: '/api/sandbox/credentials/apns', body: { bundleId: 'com.example.app' } }),
    cases: () => [
      { name: 'unknown channel', path: '/api/sandbox/credentials/pager', body: {}, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown field', body: { teamId: 'TEAM123456' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'bundleId a number', body: { bundleId: 1 }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'packageName empty', path: '/api/sandbox/credentials/xiaomi', body: { packageName: '' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'valid, with sandbox mode off', body: { bundleId: 'com.example.app' }, expect: 'SANDBOX_OFF' },
    ],
  },
  'POST /api/sandbox/devices': {
    family: 'herald', auth: 'admin', body: 'json',
    valid: (w) => ({ path: '/api/sandbox/devices', body: { accessId: w.a.accessId, channel: 'apns' } }),
    cases: (w) => [
      { name: 'accessId missing', body: { channel: 'apns' }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'accessId as string', body: { accessId: String(w.a.accessId), channel: 'apns' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'channel unknown', body: { accessId: w.a.accessId, channel: 'pager' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'name over 64 characters', body: { accessId: w.a.accessId, channel: 'apns', name: 'x'.repeat(65) }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'environment unknown', body: { accessId: w.a.accessId, channel: 'apns', environment: 'staging' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: "app B's app, with sandbox mode off", body: { accessId: w.b.accessId, channel: 'apns' }, expect: 'SANDBOX_OFF' },
    ],
  },
  'GET /api/sandbox/devices': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: () => ({ path: '/api/sandbox/devices' }),
    cases: (w) => [
      { name: 'accessId not a number', path: '/api/sandbox/devices?accessId=abc', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'unknown query field', path: '/api/sandbox/devices?channel=apns', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'valid, with sandbox mode off', path: `/api/sandbox/devices?accessId=${w.a.accessId}`, expect: 'SANDBOX_OFF' },
    ],
  },
  'GET /api/sandbox/devices/:id/inbox': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: () => ({ path: `${DEVICE}/inbox?after=0` }),
    cases: () => [
      { name: 'id not hex', path: '/api/sandbox/devices/zzzzzzzzzzzzzzzz/inbox', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'after negative', path: `${DEVICE}/inbox?after=-1`, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'valid, with sandbox mode off', expect: 'SANDBOX_OFF' },
    ],
  },
  'POST /api/sandbox/devices/:id/test-push': {
    family: 'herald', auth: 'admin', body: 'json',
    valid: () => ({ path: `${DEVICE}/test-push`, body: { title: 't', content: 'c' } }),
    cases: () => [
      { name: 'content missing', body: { title: 't' }, expect: 'REQUEST_PARAM_MISSING' },
      { name: 'content empty', body: { content: '' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'title a number', body: { title: 1, content: 'c' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'id not hex', path: '/api/sandbox/devices/zzzzzzzzzzzzzzzz/test-push', body: { content: 'c' }, expect: 'REQUEST_PARAM_INVALID' },
      { name: 'valid, with sandbox mode off', body: { content: 'c' }, expect: 'SANDBOX_OFF' },
    ],
  },
  'DELETE /api/sandbox/devices/:id': {
    family: 'herald', auth: 'admin', body: 'none',
    valid: () => ({ path: DEVICE }),
    cases: () => [
      { name: 'id not hex', path: '/api/sandbox/devices/zzzzzzzzzzzzzzzz', expect: 'REQUEST_PARAM_INVALID' },
      { name: 'valid, with sandbox mode off', expect: 'SANDBOX_OFF' },
    ],
  },
};
