/**
 * What the console's browser tests stand on: a real Herald server (test/helpers/test-server.ts) serving the real
 * console build at /console, Debian's Chromium driven through playwright-core (the SDK browser suites' launcher:
 * headless flags, a fresh throwaway profile per launch), a screenshot of each page visited kept under
 * test-artifacts/console/<test>/<n>-<page>.png, and the watch that fails the test on any console error, page error
 * or failed request, but the HTTP errors the console's contract makes expected (declared one by one).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, ConsoleMessage, Locator, Page } from 'playwright-core';
import { launchChromium, watchPage } from '../../../sdk/test/browser/browser-page.ts';
import { SETUP_TOKEN_FILE } from '../../src/console/setup-token.ts';
import { defaultConsoleDist } from '../../src/http/console-static.ts';
import { startTestServer, type TestServer, type TestServerOptions } from '../helpers/test-server.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const artifactsRoot = join(repoRoot, 'test-artifacts', 'console');
export const PASSWORD = 'correct horse battery staple';
export const PHONE = { width: 390, height: 844 };

/** Builds the console when its build is missing or older than its sources (scripts/test.sh has built it already). */
export function ensureConsoleBuilt(): void {
  const script = join(repoRoot, 'packages', 'console', 'scripts', 'ensure-built.mjs');
  const run = spawnSync(process.execPath, [script], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(run.status, 0, `building the console failed:\n${run.stdout}\n${run.stderr}`);
  assert.ok(existsSync(join(defaultConsoleDist, 'index.html')), `no console build in ${relative(repoRoot, defaultConsoleDist)}; run npm run build:console`);
}

/** An HTTP error answer the test expects (Chromium logs every 4xx/5xx resource as a console error). */
export interface ExpectedHttpError {
  status: number;
  /** The path of the request, without the query. */
  path: string;
}

export interface ConsoleBrowser {
  server: TestServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and failed requests seen so far (but the expected HTTP errors). */
  problems: string[];
  /** Where this test's screenshots go. */
  shotDir: string;
  /** The server URL of a console path: `/products` → `http://127.0.0.1:port/console/products`. */
  url(path?: string): string;
  /** Opens a console path and waits for its page heading. */
  open(path?: string): Promise<void>;
  /** Saves a full-page screenshot as `<n>-<name>.png` and returns its path. */
  shot(name: string): Promise<string>;
  /** Declares an HTTP error answer as expected from here on (e.g. 401 for a wrong password). */
  expectHttpError(error: ExpectedHttpError): void;
  assertNoProblems(): void;
  close(): Promise<void>;
}

/**
 * Every console page's first question is "is there a session?": on the sign-in page the answer is 401 by
 * contract, which Chromium logs as a failed resource. Nothing else is expected unless a test declares it.
 */
const ALWAYS_EXPECTED: ExpectedHttpError[] = [{ status: 401, path: '/console/api/session' }];

export async function openConsoleBrowser(testName: string, o: { server?: TestServerOptions; viewport?: { width: number; height: number } } = {}): Promise<ConsoleBrowser> {
  ensureConsoleBuilt();
  const shotDir = join(artifactsRoot, testName.replace(/[^A-Za-z0-9_-]+/g, '-'));
  rmSync(shotDir, { recursive: true, force: true });
  mkdirSync(shotDir, { recursive: true });

  const server = await startTestServer({ worker: false, ...o.server });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: o.viewport ?? { width: 1280, height: 860 } });
    const page = await context.newPage();
    const expected = [...ALWAYS_EXPECTED];
    const problems: string[] = [];
    watchPage(page, problems, (message) => isExpectedHttpError(message, server.url, expected));
    let shots = 0;
    const url = (path = '/') => `${server.url}/console${path === '/' ? '/' : path}`;
    const opened: ConsoleBrowser = {
      server, browser, context, page, problems, shotDir, url,
      async open(path = '/') {
        await page.goto(url(path));
        await page.getByRole('heading', { level: 1 }).first().waitFor();
      },
      async shot(name) {
        shots += 1;
        const file = join(shotDir, `${String(shots).padStart(2, '0')}-${name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        return file;
      },
      expectHttpError(error) {
        expected.push(error);
      },
      assertNoProblems() {
        assert.deepEqual(problems, [], 'the console logged errors in the browser');
      },
      async close() {
        try {
          await browser?.close();
        } finally {
          await server.close();
        }
      },
    };
    return opened;
  } catch (err) {
    await browser?.close();
    await server.close();
    throw err;
  }
}

function isExpectedHttpError(message: ConsoleMessage, origin: string, expected: readonly ExpectedHttpError[]): boolean {
  const status = /^Failed to load resource: the server responded with a status of (\d{3})/.exec(message.text())?.[1];
  if (status === undefined) return false;
  const where = message.location().url;
  if (!where.startsWith(`${origin}/`)) return false;
  const path = new URL(where).pathname;
  return expected.some((e) => e.status === Number(status) && e.path === path);
}

/** Whether the console's sign-in API (the server side of issue 6) is in this build of the server. */
export function hasConsoleApi(server: TestServer): boolean {
  return server.app.hasRoute({ method: 'GET', url: '/console/api/setup' }) && server.app.hasRoute({ method: 'POST', url: '/console/api/session' });
}

/** The one-time setup token a fresh server wrote to its data dir (what `npm start` points the operator to). */
export function readSetupToken(server: TestServer): string {
  return readFileSync(join(server.ctx.config.dataDir, SETUP_TOKEN_FILE), 'utf8').trim();
}

/** A form field by its label, exactly, with or without the required mark (` *`) after it. */
export function field(page: Page, label: string): Locator {
  return page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`));
}

/** Creates the first admin through the Setup page, which a fresh server opens on. Ends on the sign-in page. */
export async function setupFirstAdminInUi(c: ConsoleBrowser, username = 'root', password = PASSWORD): Promise<void> {
  const { page } = c;
  await page.getByRole('heading', { level: 1, name: 'Create the first admin' }).waitFor();
  await field(page, 'Setup token').fill(readSetupToken(c.server));
  await field(page, 'Username').fill(username);
  await field(page, 'Password').fill(password);
  await field(page, 'Repeat the password').fill(password);
  await page.getByRole('button', { name: 'Create admin' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
}

/** Signs in on the sign-in page and waits for the signed-in shell. */
export async function signInInUi(c: ConsoleBrowser, username = 'root', password = PASSWORD): Promise<void> {
  const { page } = c;
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await field(page, 'Username').fill(username);
  await field(page, 'Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}
