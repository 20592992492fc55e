/**
 * The console loads from the real server in Debian's Chromium: a deep link answers the app (SPA fallback), the
 * built scripts and styles run under the console's CSP without a single violation or error, and a fresh server
 * opens on the first-admin setup page, at desktop and at phone width, reachable by keyboard.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { field, openConsoleBrowser, PHONE, type ConsoleBrowser } from './console-browser.ts';

describe('the console in Chromium: smoke', { timeout: 120_000 }, () => {
  let c: ConsoleBrowser;
  before(async () => {
    c = await openConsoleBrowser('smoke');
  });
  after(() => c?.close());

  it('answers a deep link with the app, under the console CSP', async () => {
    const response = await c.page.goto(c.url('/products/42'));
    assert.equal(response?.status(), 200);
    const headers = response?.headers() ?? {};
    assert.match(headers['content-security-policy'] ?? '', /frame-ancestors 'none'/);
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['cache-control'], 'no-cache');
    await c.page.getByRole('heading', { level: 1 }).first().waitFor();
  });

  it('opens a fresh server on the first-admin setup page, with no console errors', async () => {
    await c.page.getByRole('heading', { level: 1, name: 'Create the first admin' }).waitFor();
    assert.equal(await c.page.title(), 'Create the first admin · Herald console');
    // The field has focus, and the submit button is reachable by keyboard.
    assert.equal(await c.page.evaluate(() => document.activeElement?.id), 'setup-token');
    for (let i = 0; i < 4; i++) await c.page.keyboard.press('Tab');
    assert.equal(await c.page.evaluate(() => document.activeElement?.textContent), 'Create admin');
    await c.shot('setup');
    c.assertNoProblems();
  });

  it('refuses an empty setup form in the page itself, with messages tied to the fields', async () => {
    await c.page.keyboard.press('Enter');
    const token = field(c.page, 'Setup token');
    assert.equal(await token.getAttribute('aria-invalid'), 'true');
    assert.equal(await c.page.locator('#setup-token-error').textContent(), 'The setup token is required.');
    assert.equal(await c.page.evaluate(() => document.activeElement?.id), 'setup-token');
    await c.shot('setup-required-fields');
    c.assertNoProblems();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    await c.page.setViewportSize(PHONE);
    await c.page.reload();
    await c.page.getByRole('heading', { level: 1, name: 'Create the first admin' }).waitFor();
    const overflow = await c.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await c.shot('setup-phone');
    c.assertNoProblems();
  });
});
