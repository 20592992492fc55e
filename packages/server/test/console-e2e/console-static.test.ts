/**
 * How the server serves the console's build at /console: index.html for page paths (deep links), hashed assets
 * cached for good and everything else revalidated, the security headers on every answer, real 404s for missing
 * files and unknown console API paths, nothing outside the build, and a 503 page that says how to build when the
 * build is missing. On a build laid out in a temp dir like Vite's (the browser tests use the real one).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerConsoleStatic } from '../../src/http/console-static.ts';
import { registerErrorHandler } from '../../src/http/error-handler.ts';

const INDEX = '<!doctype html><html><head><script type="module" src="/console/assets/index-Abc123_x.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("console app");';

async function serverFor(distDir: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  registerErrorHandler(app);
  await registerConsoleStatic(app, { distDir });
  await app.ready();
  return app;
}

function buildInto(distDir: string): void {
  mkdirSync(join(distDir, 'assets'), { recursive: true });
  writeFileSync(join(distDir, 'index.html'), INDEX);
  writeFileSync(join(distDir, 'assets', 'index-Abc123_x.js'), SCRIPT);
  writeFileSync(join(distDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(distDir, '.env'), 'SECRET=1');
}

function assertSecurityHeaders(headers: Record<string, unknown>, what: string): void {
  const csp = String(headers['content-security-policy']);
  assert.match(csp, /default-src 'self'/, `${what}: CSP`);
  assert.match(csp, /script-src 'self'(;|$)/, `${what}: scripts from self only`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: no framing`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/, `${what}: nothing beyond self`);
  assert.equal(headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  assert.equal(headers['x-frame-options'], 'DENY', `${what}: x-frame-options`);
}

describe('the console build at /console', () => {
  let root: string;
  let app: FastifyInstance;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'herald-console-static-'));
    buildInto(join(root, 'dist'));
    writeFileSync(join(root, 'outside.txt'), 'not part of the build');
    app = await serverFor(join(root, 'dist'));
  });
  after(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers index.html, revalidated, at /console, /console/ and every page path', async () => {
    for (const url of ['/console', '/console/', '/console/products', '/console/products/7', '/console/products/new?from=nav']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.body, INDEX, url);
      assert.match(String(res.headers['content-type']), /^text\/html/, url);
      assert.equal(res.headers['cache-control'], 'no-cache', url);
      assertSecurityHeaders(res.headers, url);
    }
    const head = await app.inject({ method: 'HEAD', url: '/console/products' });
    assert.equal(head.statusCode, 200);
  });

  it('serves hashed assets as immutable and other files as revalidated', async () => {
    const js = await app.inject({ method: 'GET', url: '/console/assets/index-Abc123_x.js' });
    assert.equal(js.statusCode, 200);
    assert.equal(js.body, SCRIPT);
    assert.match(String(js.headers['content-type']), /javascript/);
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    assertSecurityHeaders(js.headers, 'asset');
    const icon = await app.inject({ method: 'GET', url: '/console/favicon.svg' });
    assert.equal(icon.statusCode, 200);
    assert.equal(icon.headers['cache-control'], 'no-cache');
  });

  it('answers a missing file 404 in Herald JSON, not index.html', async () => {
    for (const url of ['/console/assets/index-Gone99.js', '/console/robots.txt']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().code, 'ROUTE_NOT_FOUND', url);
      assertSecurityHeaders(res.headers, url);
    }
  });

  it('leaves /console/api to the console API: an unknown path there is a JSON 404', async () => {
    for (const [method, url] of [['GET', '/console/api/nothing'], ['GET', '/console/api'], ['POST', '/console/api/nothing'], ['DELETE', '/console/api/session/x']] as const) {
      const res = await app.inject({ method, url });
      assert.equal(res.statusCode, 404, `${method} ${url}`);
      assert.equal(res.json().code, 'ROUTE_NOT_FOUND', `${method} ${url}`);
    }
  });

  it('serves nothing outside the build, no dotfiles, and only GET/HEAD', async () => {
    for (const url of ['/console/../outside.txt', '/console/%2e%2e/outside.txt', '/console/assets/..%2f..%2foutside.txt', '/console/.env', '/console/assets//index-Abc123_x.js']) {
      const res = await app.inject({ method: 'GET', url });
      assert.ok(res.statusCode === 404 || res.statusCode === 200, `${url}: ${res.statusCode}`);
      assert.ok(!res.body.includes('not part of the build') && !res.body.includes('SECRET'), `${url} leaked a file: ${res.body}`);
      if (res.statusCode === 200) assert.equal(res.body, INDEX, `${url} may only fall back to the app`);
    }
    const post = await app.inject({ method: 'POST', url: '/console/products', payload: {} });
    assert.equal(post.statusCode, 404);
    assert.equal(post.json().code, 'ROUTE_NOT_FOUND');
  });
});

describe('/console without a build', () => {
  let root: string;
  let app: FastifyInstance;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'herald-console-static-'));
    app = await serverFor(join(root, 'dist'));
  });
  after(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers 503 with a page that says how to build, uncached, for pages and files alike', async () => {
    for (const url of ['/console', '/console/', '/console/products/1', '/console/assets/index-Abc123_x.js']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 503, url);
      assert.match(String(res.headers['content-type']), /^text\/html/, url);
      assert.match(res.body, /npm run build:console/, url);
      assert.equal(res.headers['cache-control'], 'no-store', url);
      assertSecurityHeaders(res.headers, url);
    }
  });

  it('serves a build made while it runs, without a restart', async () => {
    buildInto(join(root, 'dist'));
    const res = await app.inject({ method: 'GET', url: '/console/products' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, INDEX);
    assert.equal((await app.inject({ method: 'GET', url: '/console/assets/index-Abc123_x.js' })).statusCode, 200);
  });
});
