/** The shape of a route's bad-input entry and the helpers entries share (see route-table.ts). */
import type { ErrorCode } from '@herald/protocol';
import type { ErrorStyle } from '../../src/http/error-handler.ts';
import { imQuery, imRows, imSig, type Sent, type World } from './edge-world.ts';

/**
 * `im-rest`: Tencent IM REST auth, an app admin's UserSig in the query of a `/v4` call. `console`: the console's
 * sign-in (`/console/api`), open or behind the session cookie, whose guard test/console-auth sweeps.
 */
export type AuthKind = 'tpns' | 'sdk-app' | 'sdk-device' | 'admin' | 'im-rest' | 'console';

/** Tencent IM's cap on a REST request body (ErrorCode 93000). */
export const IM_BODY_LIMIT = 12 * 1024;
export type BodyKind = 'json' | 'optional-json' | 'none' | 'multipart' | 'json-or-multipart';

export interface ValidRequest {
  path: string;
  body?: unknown;
  form?: () => FormData;
}

export interface RouteCase {
  name: string;
  path?: string;
  /** JSON-encoded and sent with `content-type: application/json`. */
  body?: unknown;
  raw?: string | FormData;
  /** Replaces the route's auth headers (for tenancy cases that authenticate as another app or device). */
  headers?: Record<string, string>;
  /** On `/v4`: replaces the auth query (app A's admin by default). */
  query?: Record<string, string>;
  /** A catalogue code (status, ret_code and body shape are checked), or a check of its own. */
  expect: ErrorCode | ((res: Sent, w: World) => void | Promise<void>);
  /** Tables the case may legitimately change (it is a valid request that must not touch app B's rows). */
  mayChange?: string[];
}

export interface RouteSpec {
  family: ErrorStyle;
  auth: AuthKind;
  body: BodyKind;
  valid(w: World): ValidRequest;
  cases?(w: World): RouteCase[];
}

export const push = (w: World) => ({ audience_type: 'token', token_list: [w.devA.token], message_type: 'notify', environment: 'dev', message: { title: 't', content: 'c' } });
export const register = { platform: 'ios', channel: 'apns', vendorToken: 'ab'.repeat(32), environment: 'dev', appVersion: '1', sdkVersion: '1', locale: 'en', timeZone: 'UTC' };
export const today = (w: World) => ({ startDate: w.statDay, endDate: w.statDay });
export const file = (name: string, content: string) => () => {
  const form = new FormData();
  form.append('file', new Blob([content]), name);
  return form;
};

export function assert(ok: unknown, message: string): void {
  if (!ok) throw new Error(message);
}

/** 200, a zero ret code, and nothing of app B in the answer. */
export function okWithoutLeak(code: 'ret_code' | 'retCode', ...secrets: Array<(w: World) => string>) {
  return (res: Sent, w: World) => {
    assert(res.status === 200 && res.body?.[code] === 0, `expected 200 and ${code} 0, got ${res.status} ${res.text}`);
    for (const secret of secrets) assert(!res.text.includes(secret(w)), `the answer leaks app B's ${secret(w)}: ${res.text}`);
  };
}

/** A TPNS batch where every item failed as "invalid token" (HTTP 200, ret_code 1008027). */
export function batchAllInvalid(n: number) {
  return (res: Sent) => {
    assert(res.status === 200, `expected 200, got ${res.status} ${res.text}`);
    assert(res.body?.ret_code === 1008027, `expected ret_code 1008027, got ${res.text}`);
    assert(JSON.stringify(res.body?.result) === JSON.stringify(Array(n).fill('1008006')), `expected every item 1008006, got ${res.text}`);
  };
}

/** A `/v4` success: HTTP 200, ActionStatus OK, and none of IM app B's profile or device markers in the answer. */
export function imOkWithoutLeak(check?: (body: any, w: World) => void | Promise<void>) {
  return async (res: Sent, w: World) => {
    assert(res.status === 200 && res.body?.ActionStatus === 'OK' && res.body?.ErrorCode === 0, `expected 200 and ActionStatus OK, got ${res.status} ${res.text}`);
    const text = res.text.toLowerCase();
    for (const secret of [w.im.bNick, w.im.bFace, w.im.bPlatform]) assert(!text.includes(secret.toLowerCase()), `the answer leaks IM app B's ${secret}: ${res.text}`);
    await check?.(res.body, w);
    assert((await imRows(w.server, w.im.b.sdkAppId)) === w.im.bRows, "IM app B's accounts or devices changed");
  };
}

export const same = (actual: unknown, expected: unknown, what: string) =>
  assert(JSON.stringify(actual) === JSON.stringify(expected), `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);

export const ids = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);

/** What only IM management adds to the admin auth cases: IM credentials are no admin credentials. */
export function imAdminAuth(w: World, path: string, body?: unknown): RouteCase[] {
  const query = new URLSearchParams(imQuery(w.server, w.im.a)).toString();
  return [
    { name: "auth: IM app A's admin UserSig as a bearer token", path, headers: { authorization: `Bearer ${imSig(w.server, w.im.a, 'administrator')}` }, ...(body === undefined ? {} : { body }), expect: 'AUTH_ADMIN_REQUIRED' },
    { name: "auth: IM app A's /v4 query", path: `${path}${path.includes('?') ? '&' : '?'}${query}`, headers: {}, ...(body === undefined ? {} : { body }), expect: 'AUTH_ADMIN_REQUIRED' },
  ];
}

