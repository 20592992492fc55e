import { describe, expect, it, vi } from 'vitest';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { ApiError, parseRetryAfter } from './api-error.ts';
import { consoleApi } from './console-api.ts';
import { createApiClient, CSRF_HEADER } from './http-client.ts';

describe('the API client', () => {
  it('sends the CSRF token on POST, PUT, PATCH and DELETE but not on GET, always same-origin with credentials', async () => {
    const stub = stubFetch({
      'GET /api/products': { body: { products: [] } },
      'POST /api/products': { status: 201, body: { productId: 1 } },
      'PUT /api/apps/1/credentials/fcm': { body: {} },
      'PATCH /api/apps/1': { body: {} },
      'DELETE /api/products/1': { status: 204 },
    });
    const client = createApiClient({ fetch: stub.fetch });
    client.setCsrfToken('tok-123');
    await client.request('GET', '/api/products');
    await client.request('POST', '/api/products', { body: { name: 'x' } });
    await client.request('PUT', '/api/apps/1/credentials/fcm', { body: {} });
    await client.request('PATCH', '/api/apps/1', { body: {} });
    await client.request('DELETE', '/api/products/1');

    const byMethod = Object.fromEntries(stub.calls.map((c) => [c.method, c]));
    expect(byMethod['GET']?.headers.get(CSRF_HEADER)).toBeNull();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(byMethod[method]?.headers.get(CSRF_HEADER)).toBe('tok-123');
    expect(stub.calls.every((c) => c.credentials === 'same-origin')).toBe(true);
    expect(byMethod['POST']?.headers.get('content-type')).toBe('application/json');
    expect(byMethod['POST']?.body).toEqual({ name: 'x' });
  });

  it('sends no CSRF header once the token is cleared (signed out)', async () => {
    const stub = stubFetch({ 'DELETE /api/products/1': { status: 204 } });
    const client = createApiClient({ fetch: stub.fetch });
    client.setCsrfToken('tok');
    client.setCsrfToken(undefined);
    await client.request('DELETE', '/api/products/1');
    expect(stub.calls[0]?.headers.has(CSRF_HEADER)).toBe(false);
  });

  it("turns the server's error body into an ApiError with its code, message, details and request id", async () => {
    const stub = stubFetch({ 'DELETE /api/products/1': heraldError(409, 'PRODUCT_AUTHORIZED', 'remove the authorization first', { accessId: 1500000000, imSdkAppId: 1400000001 }) });
    const client = createApiClient({ fetch: stub.fetch });
    const error = await client.request('DELETE', '/api/products/1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'PRODUCT_AUTHORIZED', message: 'remove the authorization first', requestId: 'req-test', details: { accessId: 1500000000, imSdkAppId: 1400000001 } });
  });

  it('reports a 401 on an ordinary call as a lost session, once, and still rejects the call', async () => {
    const stub = stubFetch({ 'GET /api/products': heraldError(401, 'AUTH_ADMIN_REQUIRED', 'Admin authentication required') });
    const onUnauthorized = vi.fn();
    const client = createApiClient({ fetch: stub.fetch, onUnauthorized });
    await expect(client.request('GET', '/api/products')).rejects.toMatchObject({ status: 401, code: 'AUTH_ADMIN_REQUIRED' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('does not treat a wrong password or "no session yet" as a lost session', async () => {
    const stub = stubFetch({
      'POST /console/api/session': heraldError(401, 'CONSOLE_SIGN_IN_FAILED', 'Wrong username or password'),
      'GET /console/api/session': heraldError(401, 'CONSOLE_SESSION_REQUIRED', 'Sign in first'),
    });
    const onUnauthorized = vi.fn();
    const api = consoleApi(createApiClient({ fetch: stub.fetch, onUnauthorized }));
    await expect(api.signIn('root', 'nope')).rejects.toMatchObject({ status: 401 });
    await expect(api.currentSession()).resolves.toBeUndefined();
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it("reads a 429's Retry-After as seconds", async () => {
    const stub = stubFetch({ 'POST /console/api/session': { ...heraldError(429, 'RATE_LIMITED', 'Too many attempts'), headers: { 'retry-after': '42' } } });
    const error = await consoleApi(createApiClient({ fetch: stub.fetch })).signIn('root', 'x').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfterSeconds: 42 });
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(30);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('names failures that never reached the server, and answers that are not Herald errors', async () => {
    const down = createApiClient({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(down.request('GET', '/api/products')).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
    const proxy = createApiClient({ fetch: async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }) });
    await expect(proxy.request('GET', '/api/products')).rejects.toMatchObject({ status: 502, code: 'HTTP_502' });
  });

  it('puts the query in the URL and reads a 204 as no body', async () => {
    const stub = stubFetch({ 'GET /api/apps/7': { body: { accessId: 7 } }, 'DELETE /api/apps/7': { status: 204 } });
    const client = createApiClient({ fetch: stub.fetch });
    await client.request('GET', '/api/apps/7', { query: { reveal: 1, skip: undefined } });
    expect(stub.calls[0]?.query.toString()).toBe('reveal=1');
    await expect(client.request('DELETE', '/api/apps/7')).resolves.toBeUndefined();
  });
});
