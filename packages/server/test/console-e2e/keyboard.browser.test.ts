/**
 * The console by keyboard alone, in Chromium: sign in, reach a section through the navigation, create a product
 * with its form and open it, all with Tab, typing, Enter and Space; focus is always visible on a control that has
 * an accessible name. Screenshots: test-artifacts/console/keyboard/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openConsoleBrowser, PASSWORD, setupFirstAdminInUi, type ConsoleBrowser } from './console-browser.ts';

interface Focused {
  tag: string;
  name: string;
  outline: string;
  boxShadow: string;
}

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (el === null) return { tag: '', name: '', outline: 'none', boxShadow: 'none' };
    const label = el.id === '' ? null : document.querySelector(`label[for="${el.id}"]`);
    const name = el.getAttribute('aria-label') ?? label?.textContent ?? el.textContent ?? '';
    const style = getComputedStyle(el);
    return { tag: el.tagName.toLowerCase(), name: name.trim(), outline: `${style.outlineStyle} ${style.outlineWidth}`, boxShadow: style.boxShadow };
  });
}

/** Presses Tab until the focused control's name matches, at most `max` times; fails with what was reached. */
async function tabTo(page: Page, name: RegExp, max = 40): Promise<Focused> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    seen.push(`${f.tag}:${f.name}`);
    if (name.test(f.name)) {
      assert.ok(f.outline !== 'none 0px' || f.boxShadow !== 'none', `focus on ${f.name} is visible (outline ${f.outline}, shadow ${f.boxShadow})`);
      return f;
    }
  }
  assert.fail(`Tab never reached ${name}; it went through ${seen.join(' → ')}`);
}

describe('the console by keyboard alone', { timeout: 120_000 }, () => {
  let c: ConsoleBrowser;
  before(async () => {
    c = await openConsoleBrowser('keyboard');
    await c.open('/');
    await setupFirstAdminInUi(c);
  });
  after(async () => c?.close());

  it('signs in with Tab, typing and Enter', async () => {
    await c.page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await c.page.locator('body').focus();
    await tabTo(c.page, /^Username/);
    await c.page.keyboard.type('root');
    await tabTo(c.page, /^Password/, 3);
    await c.page.keyboard.type(PASSWORD);
    await c.page.keyboard.press('Enter');
    await c.page.getByRole('button', { name: 'Sign out' }).waitFor();
    await c.shot('signed-in');
    c.assertNoProblems();
  });

  it('reaches the IM apps section through the navigation and opens it with Enter', async () => {
    await tabTo(c.page, /^IM apps$/);
    await c.page.keyboard.press('Enter');
    await c.page.getByRole('heading', { level: 1, name: 'IM apps' }).waitFor();
    c.assertNoProblems();
  });

  it('creates a product with its form by keyboard, and lands on it', async () => {
    await tabTo(c.page, /^Products & apps$/);
    await c.page.keyboard.press('Enter');
    await c.page.getByRole('heading', { level: 1, name: 'Products & apps' }).waitFor();
    await tabTo(c.page, /^Create product$/);
    await c.page.keyboard.press('Enter');
    await c.page.getByRole('heading', { level: 1, name: 'Create a product' }).waitFor();
    await tabTo(c.page, /^Name/);
    await c.page.keyboard.type('Keys');
    await tabTo(c.page, /^iOS bundle ID/);
    await c.page.keyboard.type('com.keys.ios');
    await tabTo(c.page, /^Android package name/);
    await c.page.keyboard.type('com.keys.android');
    await c.shot('product-form');
    await tabTo(c.page, /^Create product$/);
    await c.page.keyboard.press('Space');
    await c.page.getByText('Product Keys created.').waitFor();
    await c.page.getByRole('heading', { level: 1, name: 'Keys' }).waitFor();
    await c.shot('product-created');
    c.assertNoProblems();
  });
});
