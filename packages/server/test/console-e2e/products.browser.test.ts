/**
 * The first seed-guide steps through the console, in Debian's Chromium against the real server: create the first
 * admin with the setup token, sign in (a wrong password first), create a product with an iOS and an Android app,
 * see both listed, reveal an app's keys and rotate its SecretKey, with the server's own view checked at each step.
 * A screenshot of every page visited is kept in test-artifacts/console/products/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { field, openConsoleBrowser, PASSWORD, PHONE, setupFirstAdminInUi, signInInUi, type ConsoleBrowser } from './console-browser.ts';

interface AppView {
  accessId: number;
  platform: string;
  bundleId: string;
  accessKey?: string;
  secretKey?: string;
}
interface ProductView {
  productId: number;
  name: string;
  accessPoint: string;
  category: string;
  apps: AppView[];
}

describe('products and apps in the console', { timeout: 180_000 }, () => {
  let c: ConsoleBrowser;
  let shop: ProductView;

  async function serverView<T>(path: string): Promise<T> {
    const res = await c.server.app.inject({ method: 'GET', url: path, headers: c.server.admin });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as T;
  }

  before(async () => {
    c = await openConsoleBrowser('products');
  });
  after(() => c?.close());

  it('creates the first admin with the setup token', async () => {
    await c.open('/');
    await c.shot('setup');
    await setupFirstAdminInUi(c);
    assert.match(await c.page.getByRole('status').first().textContent() ?? '', /Admin root created/);
    await c.shot('sign-in');
    c.assertNoProblems();
  });

  it('refuses a wrong password, then signs in and lands on the products', async () => {
    c.expectHttpError({ status: 401, path: '/console/api/session' });
    await field(c.page, 'Password').fill('not the password at all');
    await c.page.getByRole('button', { name: 'Sign in' }).click();
    await c.page.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor();
    await c.shot('sign-in-wrong-password');

    await signInInUi(c, 'root', PASSWORD);
    await c.page.getByRole('heading', { level: 1, name: 'Products & apps' }).waitFor();
    assert.equal(new URL(c.page.url()).pathname, '/console/products');
    await c.page.getByText('No products yet.').waitFor();
    await c.shot('products-empty');
    c.assertNoProblems();
  });

  it('creates a product with an iOS and an Android app, checking the fields first', async () => {
    await c.page.getByRole('link', { name: 'Create product' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'Create a product' }).waitFor();
    await field(c.page, 'Name').fill('Shop');
    await field(c.page, 'iOS bundle ID').fill('shop ios');
    await c.page.getByRole('button', { name: 'Create product' }).click();
    assert.match(await c.page.locator('#product-ios-bundle-error').textContent() ?? '', /reverse-DNS bundle ID/);
    assert.equal(await c.page.locator('#product-android-package-error').textContent(), 'The Android package name is required.');
    await c.shot('create-product-invalid');

    await field(c.page, 'Category').fill('commerce');
    await field(c.page, 'Access point').fill('singapore');
    await field(c.page, 'iOS bundle ID').fill('com.shop.ios');
    await field(c.page, 'Android package name').fill('com.shop.android');
    await c.shot('create-product');
    await c.page.getByRole('button', { name: 'Create product' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'Shop' }).waitFor();
    await c.page.getByText('Product Shop created.').waitFor();

    const { products } = await serverView<{ products: ProductView[] }>('/api/products');
    assert.equal(products.length, 1);
    shop = products[0] as ProductView;
    assert.equal(shop.name, 'Shop');
    assert.equal(shop.accessPoint, 'singapore');
    assert.equal(shop.category, 'commerce');
    assert.deepEqual(shop.apps.map((a) => [a.platform, a.bundleId]), [['ios', 'com.shop.ios'], ['android', 'com.shop.android']]);
    assert.equal(new URL(c.page.url()).pathname, `/console/products/${shop.productId}`);
    for (const app of shop.apps) await c.page.getByRole('region', { name: new RegExp(`AccessID ${app.accessId}`) }).waitFor();
    await c.shot('product');
    c.assertNoProblems();
  });

  it('lists the product with both apps', async () => {
    await c.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Products & apps' }).click();
    const row = c.page.getByRole('row').filter({ hasText: 'Shop' });
    await row.waitFor();
    for (const app of shop.apps) {
      assert.ok((await row.textContent())?.includes(`AccessID ${app.accessId}`), `AccessID ${app.accessId} listed`);
      assert.ok((await row.textContent())?.includes(app.bundleId), `${app.bundleId} listed`);
    }
    await c.shot('products');
    c.assertNoProblems();
  });

  it("reveals an app's keys on request, as the server has them, and rotates its SecretKey", async () => {
    const ios = shop.apps.find((a) => a.platform === 'ios') as AppView;
    await c.page.getByRole('link', { name: 'Shop' }).click();
    const card = c.page.getByRole('region', { name: new RegExp(`AccessID ${ios.accessId}`) });
    await card.waitFor();
    assert.equal(await c.page.getByTestId(`secret-key-${ios.accessId}`).count(), 0, 'keys hidden until asked for');
    await card.getByRole('button', { name: 'Show keys' }).click();

    const before = await serverView<AppView>(`/api/apps/${ios.accessId}?reveal=1`);
    const secret = c.page.getByTestId(`secret-key-${ios.accessId}`);
    await secret.waitFor();
    assert.equal(await secret.textContent(), before.secretKey);
    assert.equal(await c.page.getByTestId(`access-key-${ios.accessId}`).textContent(), before.accessKey);
    await c.shot('keys');

    await card.getByRole('button', { name: 'Rotate SecretKey' }).click();
    await card.getByRole('button', { name: 'Rotate SecretKey now' }).click();
    await c.page.waitForFunction(([id, old]) => document.querySelector(`[data-testid="secret-key-${id}"]`)?.textContent !== old, [ios.accessId, before.secretKey] as const);
    const after = await serverView<AppView>(`/api/apps/${ios.accessId}?reveal=1`);
    assert.notEqual(after.secretKey, before.secretKey);
    assert.equal(await secret.textContent(), after.secretKey);
    assert.equal(after.accessKey, before.accessKey);
    await c.shot('keys-rotated');
    c.assertNoProblems();
  });

  it('works at phone width with the menu', async () => {
    await c.page.setViewportSize(PHONE);
    const menu = c.page.getByRole('button', { name: 'Menu' });
    await menu.waitFor();
    assert.equal(await c.page.getByRole('navigation', { name: 'Sections' }).isVisible(), false);
    await menu.click();
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    await c.shot('phone-menu');
    await c.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: /Credentials/ }).click();
    await c.page.getByRole('heading', { level: 1, name: 'Credentials' }).waitFor();
    await c.page.getByRole('link', { name: `iOS app ${shop.apps[0]!.accessId}` }).waitFor();
    const overflow = await c.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await c.shot('phone-credentials');
    c.assertNoProblems();
  });
});
