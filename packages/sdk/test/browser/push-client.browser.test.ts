/**
 * The push client in a real browser (Debian's Chromium through playwright-core): the SDK bundled for the browser
 * by esbuild, served from its own loopback origin, talking cross-origin (CORS for real) to a real Herald server
 * wired to the APNs emulator, with the browser's own `fetch` and `localStorage`. Results are asserted both on
 * what the page returns and on the server's tables.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type * as HeraldPush from '../../src/push/index.ts';
import { notify, startPipeline, type Pipeline } from '../../../server/test/push-pipeline/pipeline-fixture.ts';
import { assertInsideSdk, closeAll, launchChromium, pageReady, sdkRoot, testPageHtml, watchPage } from './browser-page.ts';
import { bundle as bundleEntry } from './web-push-fixture.ts';

const entry = join(sdkRoot, 'src/push/index.ts');

/** What the page exposes to `page.evaluate` (set up by its inline module script). */
type PageWindow = Window & { herald: typeof HeraldPush; heraldLog(line: string): void; heraldReady?: boolean };

interface SdkConfig {
  endpoint: string;
  accessId: number;
  accessKey: string;
  vendorToken: string;
}

const PAGE_HTML = testPageHtml({ title: 'Herald push SDK', heading: 'Herald push SDK in a browser', bundle: './herald-push.js' });

async function startStaticServer(files: Record<string, { type: string; body: string }>): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const file = files[(request.url ?? '/').split('?')[0] ?? '/'];
    if (file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    // The sandboxed frame has an opaque origin: its module import is a CORS request even to this server.
    response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store', 'access-control-allow-origin': '*' }).end(file.body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}` };
}

describe('push client in Chromium, cross-origin against a real server', { timeout: 120_000 }, () => {
  const startedAt = Date.now();
  const timings: Record<string, number> = {};
  let p: Pipeline;
  let site: { server: Server; url: string } | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let bundleInputs: string[] = [];
  let cfg: SdkConfig;
  let token = '';
  let storedAfterRegister = '';
  const problems: string[] = [];
  const expectedResourceErrors: string[] = [];
  const tolerated: string[] = [];
  const seenOnServer: Array<{ method: string; origin: string | undefined; url: string }> = [];
  const shotDir = mkdtempSync(join(tmpdir(), 'herald-sdk-browser-'));

  const device = () => p.server.ctx.store.db.selectFrom('device').selectAll().where('token', '=', token).executeTakeFirstOrThrow();
  const storageKey = () => `herald.push.${cfg.accessId}`;
  const ready = () => pageReady(page);

  before(async () => {
    let t = Date.now();
    p = await startPipeline();
    // The raw request stream shows what the browser really sent: preflights and Origin headers.
    p.server.app.server.on('request', (request: IncomingMessage) => {
      const origin = request.headers.origin;
      seenOnServer.push({ method: request.method ?? '', origin: typeof origin === 'string' ? origin : undefined, url: request.url ?? '' });
    });
    timings['herald server + APNs emulator'] = Date.now() - t;

    t = Date.now();
    const bundle = await bundleEntry(entry, 'esm');
    bundleInputs = bundle.inputs;
    timings['esbuild bundle'] = Date.now() - t;
    site = await startStaticServer({
      '/': { type: 'text/html; charset=utf-8', body: PAGE_HTML },
      '/herald-push.js': { type: 'text/javascript; charset=utf-8', body: bundle.code },
    });

    t = Date.now();
    browser = await launchChromium();
    timings['chromium launch'] = Date.now() - t;
    page = await browser.newPage();
    watchPage(page, problems, (message) => {
      // Chromium logs every non-2xx fetch; only the one refusal this test provokes is expected.
      if (!expectedResourceErrors.includes(message.location().url) || !/status of 401/.test(message.text())) return false;
      tolerated.push(message.text());
      return true;
    });
    await page.goto(`${site.url}/`);
    await ready();

    cfg = { endpoint: p.server.url, accessId: p.app.accessId, accessKey: `AK${p.app.accessId}`, vendorToken: randomBytes(32).toString('hex') };
  });

  after(() => closeAll(browser, site, () => p?.close()));

  it('bundles the SDK for the browser from its own sources only', () => {
    assert.ok(bundleInputs.length > 0);
    assertInsideSdk(bundleInputs);
    assert.notEqual(new URL(site!.url).origin, new URL(p.server.url).origin, 'the page and Herald must be different origins');
  });

  it('registers with the browser fetch and keeps the credentials in localStorage', async (t) => {
    const started = Date.now();
    const result = await page.evaluate(async (c) => {
      const w = window as unknown as PageWindow;
      const push = w.herald.createPushClient({ accessId: c.accessId, accessKey: c.accessKey, endpoint: c.endpoint });
      const before = (await push.start()) ?? null;
      const token = await push.register({ vendorToken: c.vendorToken, environment: 'product', platform: 'ios', appVersion: '1.0.0' });
      w.heraldLog(`registered: token ${token}`);
      return {
        before,
        token,
        stored: localStorage.getItem(`herald.push.${c.accessId}`),
        locale: navigator.language,
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      };
    }, cfg);
    t.diagnostic(`register in page: ${Date.now() - started} ms`);
    assert.equal(result.before, null);
    assert.match(result.token, /^[0-9a-f]{36}$/);
    token = result.token;
    assert.ok(result.stored !== null, 'the default storage in a browser is localStorage');
    const stored = JSON.parse(result.stored) as { token: string; deviceSecret: string };
    assert.equal(stored.token, token);
    assert.ok(stored.deviceSecret.length > 0);
    storedAfterRegister = result.stored;

    const row = await device();
    assert.equal(row.access_id, p.app.accessId);
    assert.equal(row.platform, 'ios');
    assert.equal(row.channel, 'apns');
    assert.equal(row.vendor_token, cfg.vendorToken);
    assert.equal(row.environment, 'product');
    assert.equal(row.status, 'active');
    assert.equal(row.app_version, '1.0.0');
    assert.equal(row.sdk_version, '0.1.0');
    assert.equal(row.locale, result.locale, 'locale from navigator.language');
    assert.equal(row.time_zone, result.timeZone);

    const fromPage = seenOnServer.filter((r) => r.origin === site!.url);
    assert.ok(fromPage.some((r) => r.method === 'OPTIONS' && r.url === '/sdk/v1/devices'), 'the browser sent a CORS preflight');
    assert.ok(fromPage.some((r) => r.method === 'POST' && r.url === '/sdk/v1/devices'), 'then the cross-origin POST');
  });

  it('after a reload starts from the stored credentials, keeps the token and binds accounts, tags and badge', async () => {
    await page.reload();
    await ready();
    const result = await page.evaluate(async (c) => {
      const w = window as unknown as PageWindow;
      const push = w.herald.createPushClient({ accessId: c.accessId, accessKey: c.accessKey, endpoint: c.endpoint });
      const restored = (await push.start()) ?? null;
      const refreshed = await push.register({ vendorToken: c.vendorToken, environment: 'product', platform: 'ios', appVersion: '1.0.1' });
      w.heraldLog(`after reload: restored ${String(restored)}, refreshed ${refreshed}`);
      const accounts = await push.upsertAccounts({ 0: 'alice', 1005: 'alice@example.com' });
      const appended = await push.appendTags(['vip', 'lang:en']);
      const queried = await push.queryTags({ offset: 0, limit: 10 });
      await push.setBadge(3);
      w.heraldLog(`accounts ${accounts.map((a) => a.account).join(', ')}; tags ${queried.tags.join(', ')}; badge 3`);
      return { restored, refreshed, accounts, appended, queried, stored: localStorage.getItem(`herald.push.${c.accessId}`) };
    }, cfg);
    assert.equal(result.restored, token);
    assert.equal(result.refreshed, token);
    assert.equal(result.stored, storedAfterRegister, 'a refresh keeps the device secret');
    assert.deepEqual(result.accounts, [
      { account: 'alice', accountType: 0 },
      { account: 'alice@example.com', accountType: 1005 },
    ]);
    assert.equal(result.appended.total, 2);
    assert.deepEqual({ tags: [...result.queried.tags].sort(), total: result.queried.total }, { tags: ['lang:en', 'vip'], total: 2 });

    const db = p.server.ctx.store.db;
    const row = await device();
    assert.equal(row.badge, 3);
    assert.equal(row.app_version, '1.0.1');
    const bound = await db.selectFrom('account_binding').select(['account', 'account_type']).where('token', '=', token).orderBy('account_type').execute();
    assert.deepEqual(bound.map((b) => [b.account, Number(b.account_type)]), [['alice', 0], ['alice@example.com', 1005]]);
    const tags = await db.selectFrom('tag').select('tag').where('token', '=', token).orderBy('tag').execute();
    assert.deepEqual(tags.map((r) => r.tag), ['lang:en', 'vip']);
  });

  it('reads a delivered APNs payload with parseHeraldPayload and reports arrival and click', async () => {
    p.emulator.registerDevice({ token: cfg.vendorToken, topic: p.app.bundleId, environment: 'product' });
    const sent = await p.push(notify({ audience_type: 'token', token_list: [token] }));
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body['ret_code'], 0);
    const pushId = String(sent.body['push_id']);
    await p.waitStatus(pushId, ['PUSH_FINISHED']);
    const inbox = p.emulator.inbox(cfg.vendorToken);
    assert.equal(inbox.length, 1);
    const payload = inbox[0]!.payload;

    const result = await page.evaluate(async ({ c, payload }) => {
      const w = window as unknown as PageWindow;
      const push = w.herald.createPushClient({ accessId: c.accessId, accessKey: c.accessKey, endpoint: c.endpoint });
      await push.start();
      const info = w.herald.parseHeraldPayload(payload);
      // A bridge that hands custom keys over as JSON strings.
      const fromString = w.herald.parseHeraldPayload({ ...(payload as object), herald: JSON.stringify((payload as { herald?: unknown }).herald) });
      if (info === undefined) return { info: null, fromString: fromString ?? null };
      await push.reportArrived(info.pushId);
      await push.reportClicked(info.pushId);
      w.heraldLog(`push ${info.pushId}: reported arrived and clicked`);
      return { info, fromString: fromString ?? null };
    }, { c: cfg, payload });
    assert.deepEqual(result.info, { pushId });
    assert.deepEqual(result.fromString, { pushId });

    const db = p.server.ctx.store.db;
    const delivery = await db.selectFrom('push_delivery').select(['outcome', 'channel']).where('push_id', '=', pushId).where('token', '=', token).executeTakeFirstOrThrow();
    assert.deepEqual(delivery, { outcome: 'delivered', channel: 'apns' });
    const receipts = await db.selectFrom('push_receipt').select('kind').where('push_id', '=', pushId).where('token', '=', token).orderBy('kind').execute();
    assert.deepEqual(receipts.map((r) => r.kind), ['arrived', 'clicked']);
  });

  it("reads the server's error code across origins", async () => {
    expectedResourceErrors.push(`${cfg.endpoint}/sdk/v1/devices`);
    const result = await page.evaluate(async (c) => {
      const w = window as unknown as PageWindow;
      const wrong = w.herald.createPushClient({ accessId: c.accessId, accessKey: 'AKWRONG', endpoint: c.endpoint, storage: w.herald.createMemoryStorage() });
      try {
        await wrong.register({ vendorToken: c.vendorToken, environment: 'product' });
        return null;
      } catch (err) {
        const e = err as { name: string; code: string; status: number; requestId?: string };
        w.heraldLog(`wrong AccessKey refused: ${e.code} ${e.status}`);
        return { isHeraldError: w.herald.isHeraldClientError(err), name: e.name, code: e.code, status: e.status, hasRequestId: typeof e.requestId === 'string' };
      }
    }, cfg);
    assert.deepEqual(result, { isHeraldError: true, name: 'HeraldError', code: 'AUTH_FAILED', status: 401, hasRequestId: true });
  });

  it('falls back to memory storage where localStorage throws (sandboxed frame, opaque origin)', async () => {
    const vendorToken = randomBytes(32).toString('hex');
    const result = await page.evaluate(async ({ c, bundleUrl, vendorToken }) => {
      const w = window as unknown as PageWindow;
      const frameScript = [
        `import * as herald from '${bundleUrl}';`,
        'let localStorageThrows = false;',
        'try { void window.localStorage; } catch { localStorageThrows = true; }',
        'const storage = herald.createDefaultStorage();',
        "storage.set('probe', 'kept');",
        `const push = herald.createPushClient({ accessId: ${c.accessId}, accessKey: '${c.accessKey}', endpoint: '${c.endpoint}' });`,
        "push.register({ vendorToken: '" + vendorToken + "', environment: 'product' })",
        "  .then((token) => parent.postMessage({ localStorageThrows, probe: storage.get('probe'), token, origin: String(self.origin) }, '*'))",
        "  .catch((err) => parent.postMessage({ error: String(err) }, '*'));",
      ].join('\n');
      const frame = document.createElement('iframe');
      frame.sandbox.add('allow-scripts');
      frame.srcdoc = `<!doctype html><script type="module">${frameScript}<\/script>`;
      // Bounded: page.evaluate itself has no timeout.
      const answer = new Promise<Record<string, unknown>>((done) => {
        window.addEventListener('message', (event) => {
          if (event.source === frame.contentWindow) done(event.data as Record<string, unknown>);
        });
        setTimeout(() => done({ error: 'no answer from the sandboxed frame in 15 s' }), 15_000);
      });
      document.body.append(frame);
      const data = await answer;
      frame.remove();
      w.heraldLog(`sandboxed frame: localStorage throws ${String(data['localStorageThrows'])}, registered ${String(data['token'])}`);
      return data;
    }, { c: cfg, bundleUrl: `${site!.url}/herald-push.js`, vendorToken });
    assert.equal(result['error'], undefined);
    assert.equal(result['localStorageThrows'], true);
    assert.equal(result['probe'], 'kept', 'memory storage in place of localStorage');
    assert.equal(result['origin'], 'null');
    assert.match(String(result['token']), /^[0-9a-f]{36}$/);
    const row = await p.server.ctx.store.db.selectFrom('device').select(['vendor_token', 'status']).where('token', '=', String(result['token'])).executeTakeFirstOrThrow();
    assert.deepEqual(row, { vendor_token: vendorToken, status: 'active' });
    assert.ok(seenOnServer.some((r) => r.origin === 'null' && r.method === 'POST' && r.url === '/sdk/v1/devices'), 'sent with Origin: null');
  });

  it('unregisters and forgets the stored credentials', async () => {
    const result = await page.evaluate(async (c) => {
      const w = window as unknown as PageWindow;
      const push = w.herald.createPushClient({ accessId: c.accessId, accessKey: c.accessKey, endpoint: c.endpoint });
      await push.start();
      await push.unregister();
      w.heraldLog('unregistered');
      return { token: push.token ?? null, stored: localStorage.getItem(`herald.push.${c.accessId}`) };
    }, cfg);
    assert.deepEqual(result, { token: null, stored: null });
    assert.equal((await device()).status, 'unregistered');
    const db = p.server.ctx.store.db;
    assert.equal((await db.selectFrom('account_binding').select('account').where('token', '=', token).execute()).length, 0);
    assert.equal((await db.selectFrom('tag').select('tag').where('token', '=', token).execute()).length, 0);
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), storageKey()), null);
  });

  it('saw no console errors, page errors or failed requests; saves a screenshot', async (t) => {
    const shot = join(shotDir, 'push-client.png');
    await page.screenshot({ path: shot, fullPage: true });
    timings['whole run'] = Date.now() - startedAt;
    t.diagnostic(`screenshot: ${shot}`);
    t.diagnostic(`timings (ms): ${JSON.stringify(timings)}`);
    const fromPage = seenOnServer.filter((r) => r.origin === site!.url);
    t.diagnostic(`requests from the page's origin: ${fromPage.length} (${fromPage.filter((r) => r.method === 'OPTIONS').length} preflights)`);
    t.diagnostic(`tolerated console errors (the provoked 401): ${JSON.stringify(tolerated)}`);
    assert.deepEqual(problems, []);
  });
});
