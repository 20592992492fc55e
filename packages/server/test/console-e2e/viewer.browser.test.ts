/**
 * The read-only admin in the browser: a viewer signs in to a console with data in every section (a product with
 * an iOS and an Android app and an APNs credential, an IM app authorized to the iOS app, a push, a user, a sandbox
 * device) and walks every page: each shows its data, none offers a control that changes anything, the pages that
 * only change things say the account is read-only, and a change sent anyway with the viewer's session is refused
 * with 403. Screenshots: test-artifacts/console/viewer/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { generateP8 } from '@herald/emulators';
import { openConsoleBrowser, PASSWORD, PHONE, setupFirstAdminInUi, signInInUi, type ConsoleBrowser } from './console-browser.ts';

interface AppView {
  accessId: number;
  platform: string;
}

/** Words that begin the name of a control that changes something, anywhere in the console. */
const CHANGING = /^(Create|Upload|Delete|Rotate|Authorize|Remove|Add|Send|Cancel|Stop|Issue|Uninstall|Save|Check again|Generate)\b/;

async function changingControls(page: Page): Promise<string[]> {
  const main = page.getByRole('main');
  const names = [
    ...(await main.getByRole('button').allTextContents()),
    ...(await main.getByRole('link').allTextContents()),
  ].map((n) => n.trim());
  return names.filter((n) => CHANGING.test(n));
}

describe('a read-only admin in the console', { timeout: 180_000 }, () => {
  let c: ConsoleBrowser;
  let ios: AppView;
  let productId: number;
  let sdkAppId: number;

  async function api<T>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<T> {
    const res = await c.server.app.inject({ method, url, headers: c.server.admin, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as T;
  }

  before(async () => {
    c = await openConsoleBrowser('viewer', { server: { sandbox: true } });
    const product = await api<{ productId: number; apps: AppView[] }>('POST', '/api/products', {
      name: 'Shop', accessPoint: 'guangzhou', platforms: [{ platform: 'ios', bundleId: 'com.shop.ios' }, { platform: 'android', bundleId: 'com.shop.android' }],
    });
    productId = product.productId;
    ios = product.apps.find((a) => a.platform === 'ios')!;
    const p8 = generateP8();
    const sandbox = c.server.ctx.sandbox!;
    sandbox.emulators.apns.registerKey({ keyId: p8.keyId, teamId: 'TEAM123456', publicKeyPem: p8.publicKeyPem });
    await api('PUT', `/api/apps/${ios.accessId}/credentials/apns/product`, { kind: 'p8', keyId: p8.keyId, teamId: 'TEAM123456', key: p8.privateKeyPem });
    sdkAppId = (await api<{ sdkAppId: number }>('POST', '/api/im/apps', { name: 'Chat' })).sdkAppId;
    await api('POST', `/api/im/apps/${sdkAppId}/push-authorizations`, { accessId: ios.accessId });
    await api('POST', '/api/sandbox/devices', { accessId: ios.accessId, channel: 'apns', name: 'demo-iphone' });
    await api('POST', `/api/apps/${ios.accessId}/pushes`, { audience_type: 'all', message_type: 'notify', message: { title: 'Sale', content: 'Everything half price' } });
  });
  after(async () => c?.close());

  it('the root admin adds a viewer in the console', async () => {
    await c.open('/');
    await setupFirstAdminInUi(c);
    await signInInUi(c);
    const res = await c.server.app.inject({ method: 'POST', url: '/api/console/admins', headers: c.server.admin, payload: { username: 'watcher', password: PASSWORD, role: 'viewer' } });
    assert.equal(res.statusCode, 201, res.body);
    await c.page.getByRole('button', { name: 'Sign out' }).click();
    await signInInUi(c, 'watcher');
    await c.page.getByText('viewer (read-only)').waitFor();
    await c.shot('viewer-signed-in');
    c.assertNoProblems();
  });

  for (const [path, heading, shows] of [
    ['/products', 'Products & apps', 'Shop'],
    ['/products/{product}', 'Shop', 'AccessID'],
    ['/credentials/{ios}', 'Credentials: iOS app {ios}', 'TEAM123456'],
    ['/authorization/{im}', 'Authorization', 'IM push only'],
    ['/push/{ios}', 'Push · iOS com.shop.ios', 'Everything half price'],
    ['/overview/{ios}', /Overview/, 'Push funnel per day'],
    ['/toolbox', 'Toolbox', 'Look up'],
    ['/im-apps/{im}', 'Chat', 'Offline push certificates'],
    ['/sandbox/{ios}', 'Sandbox', 'demo-iphone'],
  ] as const) {
    it(`${path}: shows its data and offers nothing that changes it`, async () => {
      const fill = (s: string) => s.replace('{product}', String(productId)).replace(/\{ios\}/g, String(ios.accessId)).replace('{im}', String(sdkAppId));
      await c.page.goto(c.url(fill(path)));
      await c.page.getByRole('heading', { level: 1, name: typeof heading === 'string' ? fill(heading) : heading }).waitFor();
      await c.page.getByRole('main').getByText(shows).first().waitFor();
      assert.deepEqual(await changingControls(c.page), [], `${path} offers a viewer controls that change things`);
      await c.shot(fill(path).replace(/\//g, '-').slice(1));
      c.assertNoProblems();
    });
  }

  it('pages that only change things say the account is read-only', async () => {
    for (const path of ['/products/new', '/im-apps/new', `/push/${ios.accessId}/new`]) {
      await c.page.goto(c.url(path));
      await c.page.getByRole('heading', { level: 1, name: 'Read-only account' }).waitFor();
    }
    await c.shot('read-only-page');
    c.assertNoProblems();
  });

  it("a change sent anyway with the viewer's session and CSRF token is refused with 403", async () => {
    c.expectHttpError({ status: 403, path: `/api/apps/${ios.accessId}/rotate` });
    const answer = await c.page.evaluate(async (accessId) => {
      const session = await (await fetch('/console/api/session')).json() as { csrfToken: string };
      const res = await fetch(`/api/apps/${accessId}/rotate`, { method: 'POST', headers: { 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' }, body: JSON.stringify({ key: 'secretKey' }) });
      return { status: res.status, body: await res.json() as { code?: string } };
    }, ios.accessId);
    assert.equal(answer.status, 403, JSON.stringify(answer));
    assert.equal(answer.body.code, 'CONSOLE_READ_ONLY');
    c.assertNoProblems();
  });

  it('works at phone width, read-only too', async () => {
    await c.page.setViewportSize(PHONE);
    await c.page.goto(c.url(`/sandbox/${ios.accessId}`));
    await c.page.getByRole('heading', { level: 1, name: 'Sandbox' }).waitFor();
    assert.deepEqual(await changingControls(c.page), []);
    const overflow = await c.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scroll at phone width (${overflow}px)`);
    await c.shot('phone-sandbox');
    c.assertNoProblems();
  });
});
