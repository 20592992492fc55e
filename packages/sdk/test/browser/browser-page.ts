/**
 * What both browser suites stand on: Debian's Chromium launched headless through playwright-core, a test page
 * that loads an SDK bundle as `window.herald` and keeps a log that survives reloads (in sessionStorage, so the
 * screenshot shows the whole run), and the watch for console errors, page errors and failed requests.
 */
import assert from 'node:assert/strict';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import type { StaticSite } from './web-push-fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** packages/sdk: every bundled input must lie inside it. */
export const sdkRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/** The page: `bundle` (a path on the site) imported as `window.herald`, `script` run after the log is set up. */
export function testPageHtml(o: { title: string; heading: string; bundle: string; script?: string }): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${o.title}</title>
<style>body{font:14px system-ui,sans-serif;margin:24px}pre{background:#f4f4f4;padding:12px}</style></head>
<body><h1>${o.heading}</h1><pre id="log"></pre>
<script type="module">
import * as herald from '${o.bundle}';
const log = document.getElementById('log');
log.textContent = sessionStorage.getItem('herald-log') ?? '';
window.herald = herald;
window.heraldLog = (line) => {
  log.textContent += line + '\\n';
  sessionStorage.setItem('herald-log', log.textContent);
};
${o.script ?? ''}
window.heraldLog('page loaded from ' + location.origin);
window.heraldReady = true;
</script></body></html>`;
}

/** Waits for the page's module script to have run (after a load or a reload). */
export async function pageReady(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { heraldReady?: boolean }).heraldReady === true);
}

/** Records in `problems` every console error (but those `tolerated` answers true for), page error and failed request. */
export function watchPage(page: Page, problems: string[], tolerated: (message: ConsoleMessage) => boolean = () => false): void {
  page.setDefaultTimeout(20_000);
  page.on('console', (message) => {
    if (message.type() !== 'error' || tolerated(message)) return;
    problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`));
}

export function assertInsideSdk(inputs: readonly string[]): void {
  for (const input of inputs) assert.ok(!relative(sdkRoot, resolve(input)).startsWith('..'), `${input} is outside packages/sdk`);
}

/** Closes the browser, then the site and Herald even when the browser fails to close. */
export async function closeAll(browser: Browser | undefined, site: StaticSite | undefined, closeHerald: () => Promise<void> | undefined): Promise<void> {
  try {
    await browser?.close();
  } finally {
    if (site !== undefined) await new Promise<void>((done) => site.server.close(() => done()));
    await closeHerald();
  }
}
