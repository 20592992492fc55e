/**
 * Serves the web console's build (packages/console/dist) at /console. Page paths the app routes itself
 * (`/console/products/7`) answer index.html so deep links and reloads work; a missing file with an extension
 * (`/console/assets/gone.js`) is a real 404, not index.html in disguise. Files under assets/ carry a content hash in
 * their name and are cached for good; everything else is revalidated on every load, so a new build shows at once.
 * Without a build, /console answers 503 with a page saying how to make one. `/console/api/*` belongs to the console
 * API; an unknown path there answers JSON like every Herald API.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { heraldError } from '@herald/protocol';
import { sendError } from './error-handler.ts';

export const CONSOLE_PREFIX = '/console';
export const defaultConsoleDist = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../console/dist');

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** The console is its own origin's code only: no inline script or style, no framing, no sniffing. */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

export interface ConsoleStaticOptions {
  /** The console build to serve; packages/console/dist by default. */
  distDir?: string;
}

export async function registerConsoleStatic(app: FastifyInstance, o: ConsoleStaticOptions = {}): Promise<void> {
  const distDir = o.distDir ?? defaultConsoleDist;
  const indexFile = join(distDir, 'index.html');
  await app.register(
    async (scope) => {
      // serve: false: the routes below decide between a file, index.html and a 404, and only use sendFile (with the
      // root each time, so a dist made after start is found and a missing one logs nothing).
      await scope.register(fastifyStatic, { serve: false });
      scope.addHook('onRequest', async (_request, reply) => {
        reply.headers(CONSOLE_SECURITY_HEADERS);
      });

      const sendIndex = (reply: FastifyReply) => {
        // Checked per request: a build made while the server runs is served without a restart.
        if (!existsSync(indexFile)) return sendNotBuilt(reply);
        reply.header('cache-control', REVALIDATE);
        return reply.sendFile('index.html', distDir, { cacheControl: false });
      };

      scope.get('/', { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
      scope.get('/*', { schema: { hide: true } }, (request, reply) => {
        const path = (request.params as { '*': string })['*'];
        if (path.startsWith('api/') || path === 'api') return notFound(request, reply);
        if (!looksLikeFile(path)) return sendIndex(reply);
        if (!existsSync(indexFile)) return sendNotBuilt(reply);
        if (!isSafeRelativePath(path)) return notFound(request, reply);
        reply.header('cache-control', path.startsWith('assets/') ? IMMUTABLE : REVALIDATE);
        return reply.sendFile(path, distDir, { cacheControl: false });
      });
      scope.setNotFoundHandler((request, reply) => notFound(request, reply));
    },
    { prefix: CONSOLE_PREFIX },
  );
}

/** The last segment has an extension: a file request (`favicon.svg`, `assets/index-3f2a.js`), not a page path. */
function looksLikeFile(path: string): boolean {
  const last = path.slice(path.lastIndexOf('/') + 1);
  return /\.[A-Za-z0-9]+$/.test(last);
}

function isSafeRelativePath(path: string): boolean {
  return !path.split('/').some((segment) => segment === '..' || segment === '' || segment.startsWith('.')) && !path.includes('\\') && !path.includes('\0');
}

function notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendError(request, reply, heraldError('ROUTE_NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`));
}

function sendNotBuilt(reply: FastifyReply): FastifyReply {
  return reply
    .status(503)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Herald console not built</title></head>
<body><h1>The Herald console is not built</h1>
<p>This server serves the web console from <code>packages/console/dist</code>, which does not exist yet.</p>
<p>Build it from the repository root with <code>npm run build:console</code>, then reload this page (no restart needed).
<code>npm start</code> builds it by itself when it is missing.</p>
<p>The management API (<code>/api</code>) and its documentation (<a href="/docs">/docs</a>) work without it.</p>
</body></html>
`);
}
