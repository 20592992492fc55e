/**
 * Bad input on every endpoint gets the right code and changes nothing: for each route the server registers,
 * missing and forged auth, another app's keys, tokens, push ids, plans and uploads, malformed JSON, empty,
 * wrong-typed, oversize and wrongly typed-by-content-type bodies. The IM REST API (`/v4`) gets the same: every
 * broken, forged, expired or foreign UserSig and query, non-objects, 12 KB bodies and app B's accounts asked for
 * by app A's admin. Every table is fingerprinted before and after each request (only `replay_guard`, where a valid
 * Sign is legitimately remembered, is left out).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ErrorCatalogue, type ErrorCode } from '@herald/protocol';
import type { ErrorStyle } from '../../src/http/error-handler.ts';
import {
  BODY_LIMIT, UPLOAD_LIMIT, basicAuth, createWorld, deviceHeaders, fingerprint, imQuery, imSig, json, listRoutes, nowSeconds, sdkHeaders, send,
  signHeaders, withQuery, type Outgoing, type Sent, type World,
} from './edge-world.ts';
import { IM_BODY_LIMIT, isUncovered, routeTable, type RouteCase, type RouteSpec } from './route-table.ts';

/** A case as sent: the route's auth headers are already applied. */
interface Prepared {
  name: string;
  out: Outgoing;
  expect: RouteCase['expect'];
  mayChange?: string[];
  /** Sent first, unchecked but for "changes nothing" (the replay case). */
  before?: Outgoing;
}

function checkError(res: Sent, code: ErrorCode, family: ErrorStyle): void {
  const entry: { status: number; retCode: number; imCode?: number } = ErrorCatalogue[code];
  // Tencent IM answers every /v4 call with HTTP 200; the failure is in the body.
  assert.equal(res.status, family === 'im-rest' ? 200 : entry.status, `HTTP status for ${code}: ${res.text}`);
  const body = res.body as Record<string, unknown> | undefined;
  assert.ok(body !== undefined && typeof body === 'object', `a JSON error body: ${res.text}`);
  if (family === 'im-rest') {
    assert.ok(entry.imCode !== undefined, `${code} has no IM ErrorCode, so a /v4 case cannot expect it`);
    assert.equal(body['ActionStatus'], 'FAIL', `ActionStatus: ${res.text}`);
    assert.equal(body['ErrorCode'], entry.imCode, `ErrorCode for ${code}: ${res.text}`);
    assert.ok(typeof body['ErrorInfo'] === 'string' && body['ErrorInfo'] !== '', `ErrorInfo: ${res.text}`);
    assert.ok(!('code' in body) && !('ret_code' in body) && !('retCode' in body) && !('requestId' in body), `Tencent IM body only: ${res.text}`);
  } else if (family === 'tpns-snake') {
    assert.equal(body['ret_code'], entry.retCode, `ret_code for ${code}: ${res.text}`);
    assert.equal(typeof body['err_msg'], 'string', `err_msg: ${res.text}`);
    assert.ok(!('retCode' in body) && !('code' in body), `snake body only: ${res.text}`);
  } else if (family === 'tpns-camel') {
    assert.equal(body['retCode'], entry.retCode, `retCode for ${code}: ${res.text}`);
    assert.equal(typeof body['errMsg'], 'string', `errMsg: ${res.text}`);
    assert.ok(!('ret_code' in body) && !('code' in body), `camel body only: ${res.text}`);
  } else {
    assert.equal(body['code'], code, `code: ${res.text}`);
    assert.equal(body['statusCode'], entry.status, `statusCode: ${res.text}`);
    assert.equal(typeof body['message'], 'string', `message: ${res.text}`);
    assert.equal(typeof body['requestId'], 'string', `requestId: ${res.text}`);
    assert.ok(!('ret_code' in body) && !('retCode' in body), `Herald body only: ${res.text}`);
  }
}

function rawOf(v: { body?: unknown; form?: () => FormData }): { raw: string | FormData | undefined; type: Record<string, string> } {
  if (v.form !== undefined) return { raw: v.form(), type: {} };
  if (v.body !== undefined) return { raw: JSON.stringify(v.body), type: json };
  return { raw: undefined, type: {} };
}

/** The headers app A (and its device) would send on this route. */
function ownAuth(w: World, spec: RouteSpec): Record<string, string> {
  switch (spec.auth) {
    case 'tpns':
      return basicAuth(w.a);
    case 'sdk-app':
      return sdkHeaders(w.a);
    case 'sdk-device':
      return deviceHeaders(w.a, w.devA);
    case 'admin':
      return w.server.admin;
    case 'im-rest':
      // The /v4 credentials are in the query (see ownPath).
      return {};
    case 'console':
      return {};
  }
}

/** The path as app A (its IM admin on /v4) would call it. */
function ownPath(w: World, spec: RouteSpec, path: string, query?: Record<string, string>): string {
  return spec.auth === 'im-rest' ? withQuery(path, query ?? imQuery(w.server, w.im.a)) : path;
}

/** Every broken, forged, expired or foreign credential a /v4 call can carry; the body is a valid one for app A. */
function imRestAuthCases(w: World, spec: RouteSpec, method: string): Prepared[] {
  const { server, im } = w;
  const valid = spec.valid(w);
  const raw = JSON.stringify(valid.body ?? {});
  const good = imQuery(server, im.a);
  const admin = good['identifier'] ?? '';
  const out = (name: string, path: string, expect: ErrorCode, headers: Record<string, string> = {}): Prepared => ({
    name: `auth: ${name}`, out: { method, path, headers: { ...json, ...headers }, raw }, expect,
  });
  const q = (name: string, change: Record<string, string | undefined>, expect: ErrorCode): Prepared => {
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...good, ...change })) if (v !== undefined) query[k] = v;
    return out(name, withQuery(valid.path, query), expect);
  };
  const sig = (o: Parameters<typeof imSig>[3]) => imSig(server, im.a, admin, o);
  return [
    out('none', valid.path, 'IM_REST_URL_INVALID'),
    ...['sdkappid', 'identifier', 'usersig', 'random', 'contenttype'].map((k) => q(`${k} missing`, { [k]: undefined }, 'IM_REST_URL_INVALID')),
    q('sdkappid not a number', { sdkappid: 'abc' }, 'IM_REST_URL_INVALID'),
    q('sdkappid negative', { sdkappid: '-1' }, 'IM_REST_URL_INVALID'),
    q('sdkappid above uint32', { sdkappid: '4294967296' }, 'IM_REST_URL_INVALID'),
    q('sdkappid with a fraction', { sdkappid: `${im.a.sdkAppId}.0` }, 'IM_REST_URL_INVALID'),
    out('sdkappid given twice', `${withQuery(valid.path, good)}&sdkappid=${im.b.sdkAppId}`, 'IM_REST_URL_INVALID'),
    q('identifier empty', { identifier: '' }, 'IM_REST_URL_INVALID'),
    q('random not a number', { random: 'x' }, 'IM_REST_URL_INVALID'),
    q('random above uint32', { random: '4294967296' }, 'IM_REST_URL_INVALID'),
    q('contenttype not json', { contenttype: 'xml' }, 'IM_REST_URL_INVALID'),
    out('the admin bearer token instead of the query', valid.path, 'IM_REST_URL_INVALID', server.admin),
    out("app A's TPNS keys instead of the query", valid.path, 'IM_REST_URL_INVALID', basicAuth(w.a)),
    q('usersig empty', { usersig: '' }, 'IM_USERSIG_EMPTY'),
    q('usersig garbage', { usersig: 'not a UserSig!' }, 'IM_USERSIG_INVALID'),
    q('usersig base64 but not zlib', { usersig: Buffer.from('hello world').toString('base64').replace(/=/g, '_') }, 'IM_USERSIG_INVALID'),
    q('usersig far too long', { usersig: 'A'.repeat(5000) }, 'IM_USERSIG_INVALID'),
    q('UserSig expired', { usersig: sig({ ageSeconds: 7200, expireSeconds: 3600 }) }, 'IM_USERSIG_EXPIRED'),
    q('UserSig expiring this very second', { usersig: sig({ ageSeconds: 100, expireSeconds: 100 }) }, 'IM_USERSIG_EXPIRED'),
    q('UserSig signed with a wrong key', { usersig: sig({ secretKey: 'f'.repeat(64) }) }, 'IM_USERSIG_KEY_MISMATCH'),
    q("UserSig for app A signed with app B's key", { usersig: sig({ secretKey: im.b.secretKey }) }, 'IM_USERSIG_KEY_MISMATCH'),
    q('identifier other than the UserSig was issued for', { identifier: im.a.admins[1] }, 'IM_USERSIG_USER_MISMATCH'),
    q('non-admin identifier with its own UserSig', { identifier: im.aUser, usersig: imSig(server, im.a, im.aUser) }, 'IM_ADMIN_REQUIRED'),
    q('never-imported identifier with its own UserSig', { identifier: 'nobody', usersig: imSig(server, im.a, 'nobody') }, 'IM_ADMIN_REQUIRED'),
    q("app B's admin, signed with app A's key", { identifier: im.bAdmin, usersig: imSig(server, im.a, im.bAdmin) }, 'IM_ADMIN_REQUIRED'),
    q('unknown sdkappid', { sdkappid: '1399999999', usersig: sig({ sdkAppId: 1_399_999_999 }) }, 'IM_APP_NOT_FOUND'),
    q("app B's admin UserSig with app A's sdkappid", { usersig: imSig(server, im.b, admin) }, 'IM_USERSIG_APP_MISMATCH'),
    q("app B's own admin with app A's sdkappid", { identifier: im.bAdmin, usersig: imSig(server, im.b, im.bAdmin) }, 'IM_USERSIG_APP_MISMATCH'),
    q("app A's admin UserSig with app B's sdkappid", { sdkappid: String(im.b.sdkAppId) }, 'IM_USERSIG_APP_MISMATCH'),
  ];
}

function authCases(w: World, spec: RouteSpec, method: string): Prepared[] {
  if (spec.auth === 'im-rest') return imRestAuthCases(w, spec, method);
  // The console's sign-in takes no credentials; its session guard has its own sweep (test/console-auth).
  if (spec.auth === 'console') return [];
  const valid = spec.valid(w);
  const { raw, type } = rawOf(valid);
  const signed = typeof raw === 'string' ? raw : '';
  const out = (name: string, headers: Record<string, string>, expect: ErrorCode, extra: Partial<Prepared> = {}): Prepared => ({
    name: `auth: ${name}`, out: { method, path: valid.path, headers: { ...type, ...headers }, ...(raw === undefined ? {} : { raw }) }, expect, ...extra,
  });
  const basic = (id: string | number, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });
  const now = nowSeconds(w.server);
  const window = w.server.ctx.config.signReplayWindowSeconds;
  switch (spec.auth) {
    case 'tpns': {
      const replayBody = '{}';
      const replayHeaders = { ...json, ...signHeaders(w.a, replayBody, now) };
      const replay: Outgoing = { method, path: valid.path, headers: replayHeaders, raw: replayBody };
      return [
        out('none', {}, 'AUTH_FAILED'),
        out('Basic with a wrong SecretKey', basic(w.a.accessId, 'x'.repeat(w.a.secretKey.length)), 'AUTH_FAILED'),
        out("Basic with app B's SecretKey", basic(w.a.accessId, w.b.secretKey), 'AUTH_FAILED'),
        out('Basic with an unknown AccessID', basic(1_999_999_999, w.a.secretKey), 'AUTH_ACCESS_ID_UNKNOWN'),
        out('Basic with a non-numeric AccessID', basic('abc', w.a.secretKey), 'AUTH_ACCESS_ID_UNKNOWN'),
        out('Basic without a colon', { authorization: `Basic ${Buffer.from(String(w.a.accessId)).toString('base64')}` }, 'AUTH_FAILED'),
        out('Bearer instead of Basic', { authorization: `Bearer ${w.a.secretKey}` }, 'AUTH_FAILED'),
        out('Sign with a wrong SecretKey', signHeaders({ accessId: w.a.accessId, secretKey: w.b.secretKey }, signed, now), 'AUTH_FAILED'),
        out('Sign over another body', signHeaders(w.a, `${signed} `, now), 'AUTH_FAILED'),
        out('Sign for an unknown AccessId', signHeaders({ accessId: 1_999_999_999, secretKey: w.a.secretKey }, signed, now), 'AUTH_ACCESS_ID_UNKNOWN'),
        out('Sign with an expired TimeStamp', signHeaders(w.a, signed, now - window - 60), 'AUTH_SIGNATURE_EXPIRED'),
        out('Sign with a future TimeStamp', signHeaders(w.a, signed, now + window + 60), 'AUTH_SIGNATURE_EXPIRED'),
        out('Sign with a TimeStamp in milliseconds', signHeaders(w.a, signed, now * 1000), 'AUTH_FAILED'),
        out('Sign without the TimeStamp', { accessid: String(w.a.accessId), sign: signHeaders(w.a, signed, now)['sign'] ?? '' }, 'AUTH_FAILED'),
        { name: 'auth: replayed Sign', before: replay, out: replay, expect: 'AUTH_REPLAYED' },
      ];
    }
    case 'sdk-app':
    case 'sdk-device': {
      const device: Record<string, string> = spec.auth === 'sdk-device' ? { 'x-herald-token': w.devA.token, 'x-herald-device-secret': w.devA.deviceSecret } : {};
      const app = (accessId: string, accessKey: string) => ({ 'x-herald-access-id': accessId, 'x-herald-access-key': accessKey, ...device });
      const cases = [
        out('none', {}, 'AUTH_FAILED'),
        out('AccessId only', { 'x-herald-access-id': String(w.a.accessId), ...device }, 'AUTH_FAILED'),
        out('wrong AccessKey', app(String(w.a.accessId), 'x'.repeat(w.a.accessKey.length)), 'AUTH_FAILED'),
        out("app B's AccessKey", app(String(w.a.accessId), w.b.accessKey), 'AUTH_FAILED'),
        out('unknown AccessId', app('1999999999', w.a.accessKey), 'AUTH_ACCESS_ID_UNKNOWN'),
        out('non-numeric AccessId', app('1e3', w.a.accessKey), 'AUTH_ACCESS_ID_UNKNOWN'),
      ];
      if (spec.auth === 'sdk-app') return cases;
      const a = sdkHeaders(w.a);
      return [
        ...cases,
        out('no device secret', { ...a, 'x-herald-token': w.devA.token }, 'DEVICE_AUTH_FAILED'),
        out('wrong device secret', { ...a, 'x-herald-device-secret': 'x'.repeat(w.devA.deviceSecret.length) }, 'DEVICE_AUTH_FAILED'),
        out("app B's device secret", { ...a, 'x-herald-device-secret': w.devB.deviceSecret }, 'DEVICE_AUTH_FAILED'),
        out('X-Herald-Token names another device', { ...a, 'x-herald-token': w.devB.token, 'x-herald-device-secret': w.devA.deviceSecret }, 'DEVICE_AUTH_FAILED'),
        out("app B's keys on app A's device", { ...sdkHeaders(w.b), 'x-herald-device-secret': w.devA.deviceSecret }, 'DEVICE_AUTH_FAILED'),
      ];
    }
    case 'admin':
      return [
        out('none', {}, 'AUTH_ADMIN_REQUIRED'),
        out('wrong token', { authorization: `Bearer ${'x'.repeat(w.server.adminToken.length)}` }, 'AUTH_ADMIN_REQUIRED'),
        out('token with a suffix', { authorization: `Bearer ${w.server.adminToken}x` }, 'AUTH_ADMIN_REQUIRED'),
        out('token as Basic', { authorization: `Basic ${w.server.adminToken}` }, 'AUTH_ADMIN_REQUIRED'),
        out("app A's TPNS keys", basicAuth(w.a), 'AUTH_ADMIN_REQUIRED'),
      ];
  }
}

/** No credentials at all is refused before the body is read: a broken or huge body changes nothing about that. */
function unauthenticatedBodyCases(w: World, spec: RouteSpec, method: string): Prepared[] {
  if (spec.body === 'none' || spec.auth === 'console') return [];
  const path = spec.valid(w).path;
  if (spec.auth === 'im-rest') {
    // The query is checked in onRequest: nothing about the body is read, parsed or judged before it passes.
    const big = JSON.stringify({ pad: 'x'.repeat(IM_BODY_LIMIT) });
    const bad = withQuery(path, { ...imQuery(w.server, w.im.a), usersig: 'garbage' });
    const user = withQuery(path, { ...imQuery(w.server, w.im.a), identifier: w.im.aUser, usersig: imSig(w.server, w.im.a, w.im.aUser) });
    return [
      { name: 'auth: none, with a malformed body', out: { method, path, headers: json, raw: '{"a": ' }, expect: 'IM_REST_URL_INVALID' },
      { name: 'auth: none, with a body over 12 KB', out: { method, path, headers: json, raw: big }, expect: 'IM_REST_URL_INVALID' },
      { name: 'auth: bad UserSig, with a body over 12 KB', out: { method, path: bad, headers: json, raw: big }, expect: 'IM_USERSIG_INVALID' },
      { name: 'auth: non-admin, with a malformed body', out: { method, path: user, headers: json, raw: '{"a": ' }, expect: 'IM_ADMIN_REQUIRED' },
    ];
  }
  const code: ErrorCode = spec.auth === 'admin' ? 'AUTH_ADMIN_REQUIRED' : 'AUTH_FAILED';
  return [
    { name: 'auth: none, with a malformed body', out: { method, path, headers: json, raw: '{"a": ' }, expect: code },
    { name: 'auth: none, with a body over the limit', out: { method, path, headers: json, raw: JSON.stringify({ pad: 'x'.repeat(BODY_LIMIT) }) }, expect: code },
  ];
}

/** A JSON object of exactly `bytes` UTF-8 bytes, padded with `char` (1 or 3 bytes in UTF-8). */
function sized(bytes: number, char = 'x'): string {
  const room = bytes - Buffer.byteLength('{"pad":""}');
  const width = Buffer.byteLength(char);
  return JSON.stringify({ pad: char.repeat(Math.floor(room / width)) + 'x'.repeat(room % width) });
}

/**
 * Tencent's body rules on /v4: any content type is read as JSON, the body must be a JSON object (`{}` when
 * empty), at most 12 KB in bytes (93000), whatever the server-wide limit is.
 */
function imRestBodyCases(w: World, spec: RouteSpec, method: string): Prepared[] {
  const valid = spec.valid(w);
  const path = ownPath(w, spec, valid.path);
  const out = (name: string, raw: string | undefined, contentType: Record<string, string>, expect: ErrorCode): Prepared => ({
    name: `body: ${name}`, out: { method, path, headers: contentType, ...(raw === undefined ? {} : { raw }) }, expect,
  });
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  return [
    out('malformed JSON', '{"a": ', json, 'REQUEST_JSON_MALFORMED'),
    out('malformed JSON as text/plain', '{"a": ', { 'content-type': 'text/plain' }, 'REQUEST_JSON_MALFORMED'),
    out('a form instead of JSON', 'a=1', form, 'REQUEST_JSON_MALFORMED'),
    out('XML instead of JSON', '<a/>', { 'content-type': 'application/xml' }, 'REQUEST_JSON_MALFORMED'),
    out('empty', '', json, 'REQUEST_JSON_MALFORMED'),
    out('no body at all', undefined, {}, 'REQUEST_JSON_MALFORMED'),
    out('JSON array', JSON.stringify([valid.body]), json, 'REQUEST_JSON_MALFORMED'),
    out('JSON string', '"hello"', json, 'REQUEST_JSON_MALFORMED'),
    out('JSON number', '42', json, 'REQUEST_JSON_MALFORMED'),
    out('JSON null', 'null', json, 'REQUEST_JSON_MALFORMED'),
    out('JSON true', 'true', json, 'REQUEST_JSON_MALFORMED'),
    out('object with no known field', '{}', json, 'IM_ACCOUNT_PARAM_INVALID'),
    // The world's server-wide limit is 8 KB; /v4 keeps Tencent's 12 KB, so this one is read (and lacks its fields).
    out(`exactly 12 KB (above the ${BODY_LIMIT}-byte server limit)`, sized(IM_BODY_LIMIT), json, 'IM_ACCOUNT_PARAM_INVALID'),
    out('one byte over 12 KB', sized(IM_BODY_LIMIT + 1), json, 'IM_PACKET_TOO_LARGE'),
    out('over 12 KB in multi-byte characters', sized(IM_BODY_LIMIT + 3, '\u20ac'), json, 'IM_PACKET_TOO_LARGE'),
    out('over 12 KB as text/plain', sized(IM_BODY_LIMIT + 1), { 'content-type': 'text/plain' }, 'IM_PACKET_TOO_LARGE'),
    out('a valid request padded far over 12 KB', JSON.stringify({ ...(valid.body as object), pad: 'x'.repeat(4 * IM_BODY_LIMIT) }), json, 'IM_PACKET_TOO_LARGE'),
  ];
}

function bodyCases(w: World, spec: RouteSpec, method: string): Prepared[] {
  if (spec.body === 'none') return [];
  if (spec.auth === 'im-rest') return imRestBodyCases(w, spec, method);
  const valid = spec.valid(w);
  const auth = ownAuth(w, spec);
  const out = (name: string, raw: string | FormData | undefined, contentType: Record<string, string>, expect: ErrorCode): Prepared => ({
    name: `body: ${name}`, out: { method, path: valid.path, headers: { ...auth, ...contentType }, ...(raw === undefined ? {} : { raw }) }, expect,
  });
  const validJson = JSON.stringify(valid.body ?? {});
  const cases = [
    out('wrong content type (XML)', '<push/>', { 'content-type': 'application/xml' }, 'REQUEST_UNSUPPORTED_MEDIA_TYPE'),
    out('wrong content type (form)', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' }, 'REQUEST_UNSUPPORTED_MEDIA_TYPE'),
  ];
  if (spec.body === 'multipart') {
    const big = new FormData();
    big.append('file', new Blob(['0'.repeat(UPLOAD_LIMIT + 1)]), 'big.txt');
    return [...cases, out('file over the upload limit', big, {}, 'REQUEST_BODY_TOO_LARGE')];
  }
  cases.push(
    out('malformed JSON', '{"a": ', json, 'REQUEST_JSON_MALFORMED'),
    out('malformed JSON as text/plain', '{"a": ', { 'content-type': 'text/plain' }, 'REQUEST_JSON_MALFORMED'),
    out('JSON array', JSON.stringify([valid.body]), json, 'REQUEST_PARAM_INVALID'),
    out('JSON string', '"hello"', json, 'REQUEST_PARAM_INVALID'),
    out('over the body limit', JSON.stringify({ ...(valid.body as object), pad: 'x'.repeat(BODY_LIMIT) }), json, 'REQUEST_BODY_TOO_LARGE'),
    out('JSON with the wrong content type', validJson, { 'content-type': 'application/xml' }, 'REQUEST_UNSUPPORTED_MEDIA_TYPE'),
  );
  if (spec.body !== 'optional-json') cases.push(out('empty', '', json, 'REQUEST_PARAM_MISSING'));
  return cases;
}

function ownCases(w: World, spec: RouteSpec, method: string): Prepared[] {
  const valid = spec.valid(w);
  return (spec.cases?.(w) ?? []).map((c) => {
    const raw = c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
    const type = typeof raw === 'string' ? json : {};
    return {
      name: c.name,
      out: { method, path: ownPath(w, spec, c.path ?? valid.path, c.query), headers: { ...(c.headers ?? ownAuth(w, spec)), ...type }, ...(raw === undefined ? {} : { raw }) },
      expect: c.expect,
      ...(c.mayChange ? { mayChange: c.mayChange } : {}),
    };
  });
}

function changed(before: Record<string, string>, after: Record<string, string>, allowed: readonly string[]): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => !allowed.includes(n) && before[n] !== after[n]).map((n) => `${n} ${before[n]} → ${after[n]}`);
}

describe('bad input on every endpoint', () => {
  let w: World;
  before(async () => {
    w = await createWorld();
  });
  after(async () => w?.server.close());

  it('the table covers every route but health, metrics and docs', async () => {
    const routes = listRoutes(w.server).filter((r) => !isUncovered(r));
    assert.deepEqual(routes, Object.keys(routeTable).sort(), 'add the new route to test/edge/route-table.ts');
    const openapi = (await send(w.server, { method: 'GET', path: '/docs/json' })).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(openapi.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`));
    for (const route of documented) assert.ok(route in routeTable, `${route} is documented but not in the table`);
  });

  it('unknown routes and methods answer in the family of their prefix', async () => {
    const tpns = await send(w.server, { method: 'POST', path: '/v3/push/nothing', headers: basicAuth(w.a) });
    checkError(tpns, 'ROUTE_NOT_FOUND', 'tpns-snake');
    const stats = await send(w.server, { method: 'POST', path: '/v3/statistics/nothing', headers: basicAuth(w.a) });
    checkError(stats, 'ROUTE_NOT_FOUND', 'tpns-camel');
    const sdk = await send(w.server, { method: 'GET', path: '/sdk/v1/nothing' });
    checkError(sdk, 'ROUTE_NOT_FOUND', 'herald');
    const im = await send(w.server, { method: 'POST', path: withQuery('/v4/nothing/here', imQuery(w.server, w.im.a)), headers: json, raw: '{}' });
    const imGet = await send(w.server, { method: 'GET', path: withQuery('/v4/openim/query_online_status', imQuery(w.server, w.im.a)) });
    for (const res of [im, imGet]) {
      // Tencent's convention holds on /v4 even where the catalogue has no IM code: HTTP 200 and a FAIL envelope.
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body?.ActionStatus, 'FAIL', res.text);
      assert.ok(typeof res.body?.ErrorCode === 'number' && res.body.ErrorCode !== 0, res.text);
      assert.equal(typeof res.body?.ErrorInfo, 'string', res.text);
    }
  });

  for (const [route, spec] of Object.entries(routeTable)) {
    it(route, async () => {
      const method = route.slice(0, route.indexOf(' '));
      const cases = [...authCases(w, spec, method), ...unauthenticatedBodyCases(w, spec, method), ...bodyCases(w, spec, method), ...ownCases(w, spec, method)];
      const failures: string[] = [];
      // Each case's "after" is the next one's "before": a case that changed something is reported, not carried on.
      let before = await fingerprint(w.server);
      for (const c of cases) {
        try {
          if (c.before !== undefined) await send(w.server, c.before);
          const res = await send(w.server, c.out);
          if (typeof c.expect === 'function') await c.expect(res, w);
          else checkError(res, c.expect, spec.family);
        } catch (err) {
          failures.push(`${c.name}: ${(err as Error).message.split('\n')[0]}`);
        }
        const after = await fingerprint(w.server);
        const diff = changed(before, after, c.mayChange ?? []);
        if (diff.length > 0) failures.push(`${c.name}: changed ${diff.join(', ')}`);
        before = after;
      }
      assert.deepEqual(failures, [], `${route}: ${failures.length} of ${cases.length} cases failed`);
    });
  }
});
