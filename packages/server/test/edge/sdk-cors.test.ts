import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { basicAuth, createTestApp, sdkHeaders, type TestApp } from '../push-management/fixtures.ts';

const origin = 'http://web-app.example:8080';
const corsHeaderNames = ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers', 'access-control-max-age', 'access-control-allow-credentials'];

function corsHeadersOf(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of corsHeaderNames) {
    const value = response.headers.get(name);
    if (value !== null) out[name] = value;
  }
  return out;
}

function preflight(server: TestServer, path: string, method: string, headers: string): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });
}

describe('CORS: /sdk/v1 is open to web pages, /v3 and /api are not', () => {
  let server: TestServer;
  let app: TestApp;
  before(async () => {
    server = await startTestServer({ worker: false });
    app = await createTestApp(server);
  });
  after(async () => server?.close());

  it('answers an /sdk/v1 preflight with any origin, the methods, the Herald headers and a max-age, without auth', async () => {
    const res = await preflight(server, '/sdk/v1/devices/0123456789abcdef0123456789abcdef0123/tags', 'DELETE', 'content-type,x-herald-access-id,x-herald-access-key,x-herald-token,x-herald-device-secret');
    assert.equal(res.status, 204);
    assert.equal(await res.text(), '');
    const h = corsHeadersOf(res);
    assert.equal(h['access-control-allow-origin'], '*');
    assert.equal(h['access-control-allow-credentials'], undefined);
    assert.deepEqual(h['access-control-allow-methods']?.split(/\s*,\s*/).sort(), ['DELETE', 'GET', 'HEAD', 'POST', 'PUT']);
    assert.deepEqual(h['access-control-allow-headers']?.toLowerCase().split(/\s*,\s*/).sort(), ['content-type', 'x-herald-access-id', 'x-herald-access-key', 'x-herald-device-secret', 'x-herald-token']);
    assert.ok(Number(h['access-control-max-age']) > 0);
  });

  it('puts the allow-origin header on /sdk/v1 answers, successes and refusals alike, and never allows credentials', async () => {
    const ok = await fetch(`${server.url}/sdk/v1/devices`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json', ...sdkHeaders(app) },
      body: JSON.stringify({ platform: 'ios', channel: 'apns', vendorToken: 'ab'.repeat(32), environment: 'dev', appVersion: '1', sdkVersion: '1', locale: 'en', timeZone: 'UTC' }),
    });
    assert.equal(ok.status, 200, await ok.clone().text());
    assert.equal(ok.headers.get('access-control-allow-origin'), '*');
    assert.equal(ok.headers.get('access-control-allow-credentials'), null);

    const refused = await fetch(`${server.url}/sdk/v1/devices`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(refused.status, 401);
    assert.equal(((await refused.json()) as { code: string }).code, 'AUTH_FAILED');
    assert.equal(refused.headers.get('access-control-allow-origin'), '*');
  });

  it('gives /v3, /api and paths beside /sdk/v1/ no CORS headers, neither on preflight nor on answers', async () => {
    for (const [path, method] of [['/v3/push/app', 'POST'], ['/api/products', 'GET'], ['/sdk/v1x', 'POST']] as const) {
      const pre = await preflight(server, path, method, 'authorization,content-type');
      assert.notEqual(pre.status, 204, `${path} preflight`);
      assert.deepEqual(corsHeadersOf(pre), {}, `${path} preflight`);
    }
    const v3 = await fetch(`${server.url}/v3/push/app`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json', ...basicAuth(app) },
      body: JSON.stringify({ audience_type: 'all', message_type: 'notify', environment: 'dev', message: { title: 't', content: 'c' } }),
    });
    assert.equal(v3.status, 200, await v3.clone().text());
    assert.deepEqual(corsHeadersOf(v3), {});
    const api = await fetch(`${server.url}/api/products`, { headers: { origin, ...server.admin } });
    assert.equal(api.status, 200);
    assert.deepEqual(corsHeadersOf(api), {});
    const health = await fetch(`${server.url}/healthz`, { headers: { origin } });
    assert.deepEqual(corsHeadersOf(health), {});
  });
});

it('a mistyped SDK path is a readable 404, not a network error', async (t) => {
  const server = await startTestServer({ worker: false });
  t.after(() => server.close());
  const res = await fetch(`${server.url}/sdk/v1/no-such-thing`, { headers: { origin: 'https://app.example' } });
  assert.equal(res.status, 404);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.equal(((await res.json()) as { code: string }).code, 'ROUTE_NOT_FOUND');
  const other = await fetch(`${server.url}/v3/no-such-thing`, { headers: { origin: 'https://app.example' } });
  assert.equal(other.headers.get('access-control-allow-origin'), null);
});
