/**
 * CORS for the device SDK API (`/sdk/v1`) only, so web apps can call it from their own origin. The API
 * authenticates with X-Herald-* headers and never with cookies, so any origin may call it and credentials stay
 * off: `Access-Control-Allow-Origin: *` gives a page nothing it could not fetch without a browser.
 * `/v3` and `/api` are server-to-server and admin: they get no CORS headers, so browsers keep refusing them.
 *
 * A hook and one preflight route on the scope rather than @fastify/cors: its catch-all `OPTIONS '*'` becomes
 * `/sdk/v1*` under the prefix (it also matched `/sdk/v1x`), while `/*` here stays inside `/sdk/v1/`.
 */
import type { FastifyInstance } from 'fastify';

export const SDK_CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'] as const;
export const SDK_CORS_HEADERS = ['Content-Type', 'X-Herald-Access-Id', 'X-Herald-Access-Key', 'X-Herald-Token', 'X-Herald-Device-Secret'] as const;
/** Chromium caps preflight caching at two hours (Firefox would keep a day). */
export const SDK_CORS_MAX_AGE_SECONDS = 7200;

const allowMethods = SDK_CORS_METHODS.join(', ');
const allowHeaders = SDK_CORS_HEADERS.join(', ');

/** Call on the `/sdk/v1` scope before its routes are registered. */
export async function registerSdkCors(scope: FastifyInstance): Promise<void> {
  // onRequest, before the SDK's auth hook (a child scope), so refusals (401, 400) are readable by the page too.
  scope.addHook('onRequest', async (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
  });
  // The browser sends no X-Herald-* headers on a preflight, so it must be answered without auth.
  scope.options('/*', { schema: { hide: true } }, async (_request, reply) => {
    return reply
      .status(204)
      .header('access-control-allow-methods', allowMethods)
      .header('access-control-allow-headers', allowHeaders)
      .header('access-control-max-age', String(SDK_CORS_MAX_AGE_SECONDS))
      .send();
  });
}
