/**
 * Web Push end to end in a real browser (Debian's Chromium through playwright-core), in the two halves headless
 * Chromium allows (it cannot reach a real push service, so `pushManager.subscribe` cannot complete):
 *
 * 1. Subscribe: the page runs `enableWebPush` against a real Herald server. Only the PushManager is replaced,
 *    by one that hands out subscriptions of the Web Push emulator restricted to the key the SDK passed; the
 *    device row must then hold that subscription.
 * 2. Deliver: a push sent through Herald's API reaches the emulator, which decrypts it as the browser would;
 *    that plaintext is handed to the real service worker by CDP `ServiceWorker.deliverPushMessage` (a trusted
 *    `push` event), which must show the notification and report arrival; a click, dispatched inside the worker,
 *    must report the click. The rotation of a subscription (`pushsubscriptionchange`) closes the loop: the
 *    next push must reach the new subscription.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, CDPSession, Page, Worker } from 'playwright-core';
import type { EmulatorSubscription, WebPushEmulator } from '@herald/emulators/webpush';
import type * as HeraldSdk from '../../src/index.ts';
import type { Pipeline } from '../../../server/test/push-pipeline/pipeline-fixture.ts';
import {
  bundle,
  canonicalSubscription,
  createVapidKey,
  createWebApp,
  FAKE_PUSH_MANAGER,
  startStaticSite,
  startWebPushHerald,
  type Bundle,
  type StaticSite,
  type WebApp,
} from './web-push-fixture.ts';
import { assertInsideSdk, closeAll, launchChromium, pageReady, sdkRoot, testPageHtml, watchPage } from './browser-page.ts';

const ICON_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP438AAAAQBAYDFKhhdAAAAAElFTkSuQmCC', 'base64');

type WorkerMessage = { type: string; pushId: string; [key: string]: unknown };
type PageWindow = Window & {
  herald: typeof HeraldSdk;
  heraldLog(line: string): void;
  heraldReady?: boolean;
  heraldPushCalls: Array<{ call: string; userVisibleOnly?: boolean; key?: string; endpoint?: string }>;
  heraldWorkerMessages: WorkerMessage[];
};
interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  icon: string;
  silent: boolean | null;
  data: unknown;
}
interface SdkConfig {
  endpoint: string;
  accessId: number;
  accessKey: string;
}

const PAGE_HTML = testPageHtml({
  title: 'Herald web push',
  heading: 'Herald Web Push in a browser',
  bundle: './herald.js',
  script: `window.heraldWorkerMessages = [];
navigator.serviceWorker.addEventListener('message', (event) => {
  window.heraldWorkerMessages.push(event.data);
  window.heraldLog('worker posted ' + event.data.type + ' for push ' + event.data.pushId);
});
navigator.serviceWorker.startMessages();`,
});

describe('Web Push through the SDK in Chromium, against a real server and the Web Push emulator', { timeout: 180_000 }, () => {
  const startedAt = Date.now();
  let herald: Awaited<ReturnType<typeof startWebPushHerald>>;
  let p: Pipeline;
  let emulator: WebPushEmulator;
  let site: StaticSite | undefined;
  let sdkBundle: Bundle;
  let workerBundle: Bundle;
  let app: WebApp;
  let publicKey = '';
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let cfg: SdkConfig;
  let token = '';
  /** Subscriptions the emulator issued to the page, in order. */
  const issued: EmulatorSubscription[] = [];
  /** The subscription Herald should be sending to now. */
  let current: EmulatorSubscription;
  const registrations = new Map<string, { scopeURL: string; isDeleted: boolean }>();
  const problems: string[] = [];
  const workerWarnings: string[] = [];
  const shotDir = mkdtempSync(join(tmpdir(), 'herald-sdk-webpush-'));
  const db = () => p.server.ctx.store.db;

  const device = () => db().selectFrom('device').selectAll().where('token', '=', token).executeTakeFirstOrThrow();
  const receipts = (pushId: string) => db().selectFrom('push_receipt').select('kind').where('push_id', '=', pushId).where('token', '=', token).orderBy('kind').execute();
  const notifications = () =>
    page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration('/');
      const shown = (await registration?.getNotifications()) ?? [];
      return shown.map((n): ShownNotification => ({ title: n.title, body: n.body, tag: n.tag, icon: n.icon, silent: n.silent, data: n.data as unknown }));
    });
  const workerMessages = () => page.evaluate(() => (window as unknown as PageWindow).heraldWorkerMessages);

  const ready = () => pageReady(page);

  function serviceWorker(): Worker {
    const worker = context.serviceWorkers().find((w) => w.url() === `${site!.url}/herald-sw.js`);
    assert.ok(worker !== undefined, 'the Herald service worker is running');
    return worker;
  }

  function registrationId(): string {
    const found = [...registrations].find(([, r]) => r.scopeURL === `${site!.url}/` && !r.isDeleted);
    assert.ok(found !== undefined, 'CDP reported the worker registration');
    return found[0];
  }

  async function enable(): Promise<{ token: string; calls: PageWindow['heraldPushCalls']; stored: string | null; config: HeraldSdk.WebPushWorkerConfig | null }> {
    return page.evaluate(async (c) => {
      const w = window as unknown as PageWindow;
      const before = w.heraldPushCalls.length;
      const token = await w.herald.enableWebPush({ accessId: c.accessId, accessKey: c.accessKey, endpoint: c.endpoint }, { serviceWorker: '/herald-sw.js', appVersion: '2.0.0' });
      w.heraldLog(`enableWebPush: token ${token}`);
      return {
        token,
        calls: w.heraldPushCalls.slice(before),
        stored: localStorage.getItem(`herald.push.${c.accessId}`),
        config: (await w.herald.readWebPushWorkerConfig()) ?? null,
      };
    }, cfg);
  }

  /** Sends through Herald's API and returns the push ID and the one message the emulator's browser got for it. */
  async function pushThroughHerald(body: Record<string, unknown>, to: EmulatorSubscription): Promise<{ pushId: string; text: string; json: Record<string, unknown> }> {
    const before = emulator.inbox(to.endpoint).length;
    const sent = await p.push({ audience_type: 'token', token_list: [token], environment: 'product', ...body }, app);
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body['ret_code'], 0, JSON.stringify(sent.body));
    const pushId = String(sent.body['push_id']);
    await p.waitStatus(pushId, ['PUSH_FINISHED']);
    const delivery = await db().selectFrom('push_delivery').select(['outcome', 'channel']).where('push_id', '=', pushId).where('token', '=', token).executeTakeFirstOrThrow();
    assert.deepEqual(delivery, { outcome: 'delivered', channel: 'web' }, "delivered through Web Push (TPNS's channel name 'web')");
    const inbox = emulator.inbox(to.endpoint);
    assert.equal(inbox.length, before + 1, 'one message reached the subscription');
    const message = inbox[inbox.length - 1]!;
    assert.equal(message.decryptError, undefined);
    assert.equal(message.vapid?.k, publicKey, "signed with the app's VAPID key");
    assert.ok(message.text !== undefined);
    return { pushId, text: message.text, json: message.json as Record<string, unknown> };
  }

  /** What the browser does when its push service delivers: a trusted `push` event in the worker. */
  async function deliverToWorker(text: string): Promise<void> {
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: site!.url, registrationId: registrationId(), data: text });
  }

  before(async () => {
    herald = await startWebPushHerald();
    p = herald.p;
    emulator = herald.emulator;
    sdkBundle = await bundle(join(sdkRoot, 'src/index.ts'), 'esm');
    workerBundle = await bundle(join(sdkRoot, 'src/web-push/service-worker.ts'), 'iife');
    site = await startStaticSite({
      '/': { type: 'text/html; charset=utf-8', body: PAGE_HTML },
      '/herald.js': { type: 'text/javascript; charset=utf-8', body: sdkBundle.code },
      '/herald-sw.js': { type: 'text/javascript; charset=utf-8', body: workerBundle.code },
      '/icon.png': { type: 'image/png', body: ICON_PNG },
    });
    app = await createWebApp(p, site.url);
    publicKey = await createVapidKey(p, app);
    cfg = { endpoint: p.server.url, accessId: app.accessId, accessKey: app.accessKey };

    browser = await launchChromium();
    context = await browser.newContext({ permissions: ['notifications'] });
    context.on('serviceworker', (worker) => {
      worker.on('console', (message) => {
        // The worker reports what it could not do as warnings (focus/openWindow need a real user click).
        if (message.type() === 'warning') workerWarnings.push(message.text());
        if (message.type() === 'error') problems.push(`worker console error: ${message.text()}`);
      });
    });
    page = await context.newPage();
    watchPage(page, problems);
    await page.exposeFunction('heraldEmulatorSubscribe', (key: string) => {
      const subscription = emulator.subscribe({ applicationServerKey: key });
      issued.push(subscription);
      return subscription;
    });
    await page.addInitScript(FAKE_PUSH_MANAGER);
    cdp = await context.newCDPSession(page);
    cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => {
      for (const r of event.registrations) registrations.set(r.registrationId, { scopeURL: r.scopeURL, isDeleted: r.isDeleted });
    });
    await cdp.send('ServiceWorker.enable');
    await page.goto(`${site.url}/`);
    await ready();
  });

  after(() => closeAll(browser, site, () => herald?.close()));

  it('bundles the SDK and its service worker for the browser from their own sources only', () => {
    assertInsideSdk([...sdkBundle.inputs, ...workerBundle.inputs]);
    assert.ok(workerBundle.inputs.some((i) => i.endsWith('web-push/service-worker.ts')));
    assert.notEqual(new URL(site!.url).origin, new URL(p.server.url).origin, 'the page and Herald must be different origins');
  });

  it("answers the app's VAPID public key on /sdk/v1/webpush/vapid-public-key, and who may not have it", async () => {
    const ask = (accessId: number, accessKey: string) =>
      fetch(`${p.server.url}/sdk/v1/webpush/vapid-public-key`, { headers: { 'x-herald-access-id': String(accessId), 'x-herald-access-key': accessKey } });
    const ok = await ask(app.accessId, app.accessKey);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), '*', 'readable by a page on another origin');
    const body = (await ok.json()) as { publicKey: string };
    assert.deepEqual(Object.keys(body), ['publicKey'], 'only the public half');
    assert.equal(body.publicKey, publicKey);
    const raw = Buffer.from(body.publicKey, 'base64url');
    assert.equal(raw.length, 65);
    assert.equal(raw[0], 0x04);

    const keyless = await createWebApp(p, site!.url);
    const missing = await ask(keyless.accessId, keyless.accessKey);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { code: string }).code, 'CREDENTIAL_NOT_FOUND');

    const wrong = await ask(app.accessId, 'AKWRONG');
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as { code: string }).code, 'AUTH_FAILED');
  });

  it("enableWebPush registers the worker, subscribes with the app's key and registers that subscription", async () => {
    const result = await enable();
    assert.match(result.token, /^[0-9a-f]{36}$/);
    token = result.token;
    assert.deepEqual(result.calls, [{ call: 'subscribe', userVisibleOnly: true, key: publicKey }]);
    assert.equal(issued.length, 1);
    current = issued[0]!;

    const row = await device();
    assert.equal(row.access_id, app.accessId);
    assert.equal(row.platform, 'web');
    assert.equal(row.channel, 'webpush');
    assert.equal(row.vendor_token, canonicalSubscription(current), 'the vendor token is the subscription the browser got');
    assert.equal(row.environment, 'product');
    assert.equal(row.status, 'active');
    assert.equal(row.app_version, '2.0.0');

    // The worker's copy of the credentials is the page's.
    assert.ok(result.stored !== null);
    const stored = JSON.parse(result.stored) as { token: string; deviceSecret: string };
    assert.deepEqual(result.config, {
      endpoint: p.server.url,
      accessId: String(app.accessId),
      accessKey: app.accessKey,
      token,
      deviceSecret: stored.deviceSecret,
      environment: 'product',
      applicationServerKey: publicKey,
      appVersion: '2.0.0',
    });
    assert.equal(serviceWorker().url(), `${site!.url}/herald-sw.js`);
  });

  it('keeps the subscription on the next page load, and subscribes again under the same token when the key is replaced', async () => {
    await page.reload();
    await ready();
    const again = await enable();
    assert.equal(again.token, token);
    assert.deepEqual(again.calls, [], 'the existing subscription is reused');
    assert.equal((await device()).vendor_token, canonicalSubscription(current));

    const replaced = await createVapidKey(p, app);
    assert.notEqual(replaced, publicKey);
    const rotated = await enable();
    assert.equal(rotated.token, token, 'the same Herald token');
    assert.deepEqual(rotated.calls, [
      { call: 'unsubscribe', endpoint: current.endpoint },
      { call: 'subscribe', userVisibleOnly: true, key: replaced },
    ]);
    assert.equal(issued.length, 2);
    current = issued[1]!;
    publicKey = replaced;
    assert.equal((await device()).vendor_token, canonicalSubscription(current));
    assert.equal(rotated.config?.applicationServerKey, replaced);
  });

  let shownPushId = '';

  it('a push sent through Herald is shown by the service worker, which reports its arrival', async () => {
    const { pushId, text, json } = await pushThroughHerald(
      {
        message_type: 'notify',
        message: {
          title: 'Order shipped',
          content: 'Your parcel is on its way',
          thread_id: 'orders',
          android: {
            icon_type: 1,
            icon_res: `${site!.url}/icon.png`,
            custom_content: JSON.stringify({ orderId: 42 }),
            action: { action_type: 2, browser: { url: `${site!.url}/` } },
          },
        },
      },
      current,
    );
    assert.deepEqual(json['herald'], { pid: pushId, type: 'notify' });
    assert.deepEqual(await notifications(), []);

    await deliverToWorker(text);
    await p.waitFor(async () => (await notifications()).length === 1, 10_000, 'the notification to be shown');
    const [shown] = await notifications();
    const sentNotification = json['notification'] as Record<string, unknown>;
    assert.deepEqual(shown, {
      title: 'Order shipped',
      body: 'Your parcel is on its way',
      tag: 'orders',
      icon: `${site!.url}/icon.png`,
      silent: false,
      data: { herald: { pid: pushId, type: 'notify' }, navigate: `${site!.url}/`, data: { orderId: 42 } },
    });
    // Everything shown came from the payload as sent.
    assert.deepEqual(
      { title: sentNotification['title'], body: sentNotification['body'], tag: sentNotification['tag'], icon: sentNotification['icon'], navigate: sentNotification['navigate'], data: sentNotification['data'] },
      { title: shown!.title, body: shown!.body, tag: shown!.tag, icon: shown!.icon, navigate: `${site!.url}/`, data: { orderId: 42 } },
    );

    await p.waitFor(async () => (await receipts(pushId)).length === 1, 10_000, 'the arrival receipt');
    assert.deepEqual((await receipts(pushId)).map((r) => r.kind), ['arrived']);
    shownPushId = pushId;
    await page.evaluate((id) => (window as unknown as PageWindow).heraldLog(`worker showed push ${id} and reported it arrived`), pushId);
  });

  it('a click on the notification closes it, reports the click and tells the window at its URL', async () => {
    await serviceWorker().evaluate(async () => {
      const scope = self as unknown as { registration: ServiceWorkerRegistration };
      const [notification] = await scope.registration.getNotifications();
      if (notification === undefined) throw new Error('no notification to click');
      // NotificationEvent exists only in worker scopes, so it is reached through the global object.
      const NotificationEventCtor = (self as unknown as { NotificationEvent: new (type: string, init: { notification: Notification }) => Event }).NotificationEvent;
      self.dispatchEvent(new NotificationEventCtor('notificationclick', { notification }));
    });
    await p.waitFor(async () => (await receipts(shownPushId)).length === 2, 10_000, 'the click receipt');
    assert.deepEqual((await receipts(shownPushId)).map((r) => r.kind), ['arrived', 'clicked']);
    await p.waitFor(async () => (await workerMessages()).some((m) => m.type === 'herald.click'), 10_000, 'the click message');
    assert.deepEqual((await workerMessages()).find((m) => m.type === 'herald.click'), { type: 'herald.click', pushId: shownPushId, navigate: `${site!.url}/`, data: { orderId: 42 } });
    assert.deepEqual(await notifications(), [], 'the clicked notification is closed');
  });

  it('a pass-through message is posted to the windows, not shown, and reported as arrived', async () => {
    const { pushId, text } = await pushThroughHerald(
      { message_type: 'message', message: { title: 'sync', content: 'inbox changed', android: { custom_content: JSON.stringify({ folder: 'inbox' }) } } },
      current,
    );
    await deliverToWorker(text);
    await p.waitFor(async () => (await workerMessages()).some((m) => m.pushId === pushId), 10_000, 'the message to reach the page');
    assert.deepEqual((await workerMessages()).find((m) => m.pushId === pushId), { type: 'herald.message', pushId, title: 'sync', body: 'inbox changed', data: { folder: 'inbox' } });
    await p.waitFor(async () => (await receipts(pushId)).length === 1, 10_000, 'the arrival receipt');
    assert.deepEqual(await notifications(), []);
  });

  it('show_type 1: while a window of the app has focus the notification is handed to it instead of shown', async () => {
    await page.bringToFront();
    assert.equal(await page.evaluate(() => document.hasFocus() && document.visibilityState === 'visible'), true);
    const { pushId, text, json } = await pushThroughHerald({ message_type: 'notify', message: { title: 'In app', content: 'Shown by the page', show_type: 1 } }, current);
    assert.deepEqual(json['herald'], { pid: pushId, type: 'notify', foreground: false });
    await deliverToWorker(text);
    await p.waitFor(async () => (await workerMessages()).some((m) => m.pushId === pushId), 10_000, 'the notification to reach the page');
    assert.deepEqual((await workerMessages()).find((m) => m.pushId === pushId), { type: 'herald.notification', pushId, title: 'In app', body: 'Shown by the page', data: undefined });
    await p.waitFor(async () => (await receipts(pushId)).length === 1, 10_000, 'the arrival receipt');
    assert.deepEqual(await notifications(), []);
  });

  it('pushsubscriptionchange: the worker subscribes again and re-registers; the next push reaches the new subscription', async () => {
    const next = emulator.subscribe({ applicationServerKey: publicKey });
    // The same boundary as on the page: the browser's push service is the emulator. Sent as source text, since
    // tsx would wrap the functions of a serialised callback in a `__name` helper the worker does not have.
    await serviceWorker().evaluate(`(() => {
      const json = ${JSON.stringify(next)};
      self.heraldSubscribeKeys = [];
      PushManager.prototype.subscribe = async function (options) {
        const key = new Uint8Array(options.applicationServerKey);
        self.heraldSubscribeKeys.push(btoa(String.fromCharCode(...key)).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, ''));
        return { endpoint: json.endpoint, toJSON: () => JSON.parse(JSON.stringify(json)) };
      };
      self.dispatchEvent(new ExtendableEvent('pushsubscriptionchange'));
    })()`);
    await p.waitFor(async () => (await device()).vendor_token === canonicalSubscription(next), 10_000, 'the device to hold the new subscription');
    const row = await device();
    assert.equal(row.status, 'active');
    assert.equal(row.token, token, 'the same Herald token');
    assert.deepEqual(await serviceWorker().evaluate(() => (self as unknown as { heraldSubscribeKeys: string[] }).heraldSubscribeKeys), [publicKey], "subscribed with the app's current key");

    const previous = current;
    current = next;
    const { json } = await pushThroughHerald({ message_type: 'notify', message: { title: 'After rotation', content: 'Still here' } }, current);
    assert.equal((json['notification'] as Record<string, unknown>)['title'], 'After rotation');
    assert.equal(emulator.inbox(previous.endpoint).some((m) => (m.json as { notification?: { title?: string } }).notification?.title === 'After rotation'), false);
  });

  it('disableWebPush unsubscribes the browser, unregisters the device and clears the worker credentials', async () => {
    const result = await page.evaluate(async (c) => {
      const w = window as unknown as PageWindow;
      const before = w.heraldPushCalls.length;
      await w.herald.disableWebPush({ accessId: c.accessId, accessKey: c.accessKey, endpoint: c.endpoint }, { serviceWorker: '/herald-sw.js' });
      w.heraldLog('disableWebPush: unsubscribed and unregistered');
      return { calls: w.heraldPushCalls.slice(before), stored: localStorage.getItem(`herald.push.${c.accessId}`), config: (await w.herald.readWebPushWorkerConfig()) ?? null };
    }, cfg);
    assert.deepEqual(result.calls.map((c) => c.call), ['unsubscribe']);
    assert.equal(result.stored, null);
    assert.equal(result.config, null);
    assert.equal((await device()).status, 'unregistered');
  });

  it('saw no console errors, page errors or failed requests; saves a screenshot', async (t) => {
    const shot = join(shotDir, 'web-push.png');
    await page.screenshot({ path: shot, fullPage: true });
    t.diagnostic(`screenshot: ${shot}`);
    t.diagnostic(`whole run: ${Date.now() - startedAt} ms`);
    t.diagnostic(`worker warnings (focus/openWindow outside a real click): ${JSON.stringify(workerWarnings)}`);
    assert.deepEqual(problems, []);
    // A synthetic click carries no user activation, so focusing the window is refused; nothing else may fail.
    assert.deepEqual(workerWarnings.filter((w) => !/^Herald web push \(notificationclick\): InvalidAccessError: Not allowed to focus a window/.test(w)), []);
  });
});
