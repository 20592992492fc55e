/**
 * The IM seed-guide steps through the console, in Debian's Chromium against the real server: create an IM app,
 * reveal its secret key, generate a UserSig, add an offline push certificate for a push app's `.p8`, then log a
 * user in with the chat SDK over the WebSocket using the UserSig the console made, report the certificate ID with
 * a token and go to the background; the console then shows the user's device as Background with its report, and
 * the toolbox's offline push self-check explains the last message. Screenshots in test-artifacts/console/im/.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { generateP8 } from '@herald/emulators';
import { createChatClient, textElem, type ChatClient } from '@herald/sdk/chat';
import { field, openConsoleBrowser, PHONE, setupFirstAdminInUi, signInInUi, type ConsoleBrowser } from './console-browser.ts';

interface ImAppView {
  sdkAppId: number;
  name: string;
  autoCreateUsers: boolean;
  secretKey?: string;
}

describe('IM apps and the toolbox in the console', { timeout: 180_000 }, () => {
  let c: ConsoleBrowser;
  let im: ImAppView;
  let iosAccessId: number;
  let userSig: string;
  const clients: ChatClient[] = [];
  const apnsToken = randomBytes(32).toString('hex');

  async function api<T>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<T> {
    const res = await c.server.app.inject({ method, url, headers: c.server.admin, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as T;
  }

  function chat(): ChatClient {
    const client = createChatClient({ url: `${c.server.url.replace(/^http/, 'ws')}/ws`, sdkAppId: im.sdkAppId, WebSocket: WebSocket as never });
    clients.push(client);
    return client;
  }

  before(async () => {
    c = await openConsoleBrowser('im');
    // A push app with an APNs .p8, made through the management API (the credentials pages have their own test).
    const product = await api<{ apps: Array<{ accessId: number }> }>('POST', '/api/products', { name: 'Chat', accessPoint: 'guangzhou', platforms: [{ platform: 'ios', bundleId: 'com.herald.chat' }] });
    iosAccessId = product.apps[0]!.accessId;
    const p8 = generateP8();
    await api('PUT', `/api/apps/${iosAccessId}/credentials/apns/product`, { kind: 'p8', keyId: p8.keyId, teamId: 'TEAM123456', key: p8.privateKeyPem });
  });
  after(async () => {
    for (const client of clients) client.close();
    await c?.close();
  });

  it('signs in and finds no IM app yet', async () => {
    await c.open('/');
    await setupFirstAdminInUi(c);
    await signInInUi(c);
    await c.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'IM apps' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'IM apps' }).waitFor();
    await c.page.getByText('No IM apps yet.').waitFor();
    await c.shot('im-apps-empty');
    c.assertNoProblems();
  });

  it('creates an IM app whose accounts are made at first login, checking the fields first', async () => {
    await c.page.getByRole('link', { name: 'Create IM app' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'Create an IM app' }).waitFor();
    await field(c.page, 'SDKAppID').fill('14000x');
    await c.page.getByRole('button', { name: 'Create IM app' }).click();
    assert.equal(await c.page.locator('#im-app-name-error').textContent(), 'Name is required.');
    assert.equal(await c.page.locator('#im-app-sdkappid-error').textContent(), 'An SDKAppID is a whole number.');
    await c.shot('create-im-app-invalid');

    await field(c.page, 'Name').fill('Chat');
    await field(c.page, 'SDKAppID').fill('');
    await c.page.getByLabel('Create accounts at first login').check();
    await c.page.getByRole('button', { name: 'Create IM app' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'Chat' }).waitFor();
    const { apps } = await api<{ apps: ImAppView[] }>('GET', '/api/im/apps');
    assert.equal(apps.length, 1);
    im = apps[0]!;
    assert.equal(im.autoCreateUsers, true);
    await c.page.getByText(`IM app Chat created with SDKAppID ${im.sdkAppId}.`).waitFor();
    assert.equal(new URL(c.page.url()).pathname, `/console/im-apps/${im.sdkAppId}`);
    await c.page.getByText('No users yet', { exact: false }).waitFor();
    await c.page.getByText('No groups yet.').waitFor();
    await c.shot('im-app');
    c.assertNoProblems();
  });

  it('shows the secret key only when asked, as the server has it', async () => {
    assert.equal(await c.page.getByTestId(`im-secret-key-${im.sdkAppId}`).count(), 0);
    await c.page.getByRole('button', { name: 'Show secret key' }).click();
    const shown = c.page.getByTestId(`im-secret-key-${im.sdkAppId}`);
    await shown.waitFor();
    const revealed = await api<ImAppView>('GET', `/api/im/apps/${im.sdkAppId}?reveal=1`);
    assert.equal(await shown.textContent(), revealed.secretKey);
    await c.page.getByRole('button', { name: 'Hide secret key' }).click();
    c.assertNoProblems();
  });

  it('generates a UserSig on the server', async () => {
    await field(c.page, 'UserID').first().fill('bob');
    await field(c.page, 'Valid for (days)').fill('1');
    await c.page.getByRole('button', { name: 'Generate UserSig' }).click();
    const value = c.page.getByTestId('usersig-value');
    await value.waitFor();
    userSig = (await value.textContent()) ?? '';
    assert.ok(userSig.length > 40, `a UserSig, got ${userSig}`);
    await c.page.getByText('UserSig for bob, valid 1 day', { exact: false }).waitFor();
    await c.shot('usersig');
    c.assertNoProblems();
  });

  it('adds an offline push certificate for the push app’s .p8 and shows its ID', async () => {
    await c.page.getByLabel('Push app').selectOption(String(iosAccessId));
    assert.equal(await c.page.getByLabel('Channel').inputValue(), 'apns');
    await c.page.getByLabel('Environment').selectOption('product');
    await field(c.page, 'Name').fill('iOS production');
    await c.page.getByRole('button', { name: 'Add certificate' }).click();
    await c.page.getByText('Certificate 1 added', { exact: false }).waitFor();
    const row = c.page.getByRole('region', { name: 'Offline push certificates' }).getByRole('row').filter({ hasText: 'iOS production' });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /^1iOS production/);
    const { certificates } = await api<{ certificates: Array<{ businessID: number; accessId: number; environment: string }> }>('GET', `/api/im/apps/${im.sdkAppId}/push-certificates`);
    assert.deepEqual(certificates.map((x) => [x.businessID, x.accessId, x.environment]), [[1, iosAccessId, 'product']]);
    await c.shot('certificates');
    c.assertNoProblems();
  });

  it("logs bob in with the chat SDK and the console's UserSig, and shows his device in the background with its report", async () => {
    const bob = chat();
    await bob.login({ userId: 'bob', userSig, deviceId: 'bob-iphone', platform: 'iOS' });
    await bob.setOfflinePushConfig({ businessID: 1, token: apnsToken });
    await bob.setAppState('background');
    const alice = chat();
    const aliceSig = await api<{ userSig: string }>('POST', `/api/im/apps/${im.sdkAppId}/usersig`, { userId: 'alice' });
    await alice.login({ userId: 'alice', userSig: aliceSig.userSig, deviceId: 'alice-phone', platform: 'Android' });
    await alice.sendMessage({ to: 'bob', elements: [textElem('hi bob')] });

    await c.page.reload();
    await c.page.getByRole('heading', { level: 1, name: 'Chat' }).waitFor();
    await field(c.page, 'UserID starts with').fill('bo');
    await c.page.getByRole('button', { name: 'Search' }).click();
    const row = c.page.getByRole('region', { name: 'Users' }).getByRole('row').filter({ hasText: 'bob-iphone' });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /Background/);
    await c.shot('users');

    await row.getByRole('link', { name: 'bob' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'User bob' }).waitFor();
    const device = c.page.getByRole('region', { name: 'Device bob-iphone' });
    await device.waitFor();
    const text = (await device.textContent()) ?? '';
    assert.match(text, /Background/);
    assert.match(text, /Certificate 1/);
    assert.match(text, new RegExp(`${apnsToken.slice(0, 8)}…${apnsToken.slice(-4)}`));
    await c.shot('user');
    c.assertNoProblems();
  });

  it("runs bob's offline push self-check: his device, the certificate, and why the last message went out", async () => {
    await c.page.getByRole('link', { name: 'Offline push self-check' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'Toolbox' }).waitFor();
    assert.equal(new URL(c.page.url()).pathname, `/console/toolbox/self-check/${im.sdkAppId}/bob`);
    const devices = c.page.getByRole('region', { name: 'Devices' });
    await devices.waitFor();
    const device = devices.getByRole('region', { name: 'Device bob-iphone' });
    assert.match((await device.textContent()) ?? '', /Background/);
    assert.match((await device.textContent()) ?? '', /Certificate 1/);
    const last = c.page.getByRole('region', { name: 'Last message' });
    assert.match((await last.textContent()) ?? '', /One-to-one message from alice/);
    assert.match((await last.textContent()) ?? '', /Pushed: a push task was queued for the device\./);
    const check = await api<{ problems: Array<{ code: string; blocking: boolean }> }>('GET', `/api/im/apps/${im.sdkAppId}/users/bob/offline-push-check`);
    const findings = c.page.getByRole('region', { name: 'Findings' });
    for (const p of check.problems) assert.match((await findings.textContent()) ?? '', new RegExp(p.code));
    await c.shot('self-check');

    await c.page.setViewportSize(PHONE);
    await c.page.getByRole('region', { name: 'Findings' }).waitFor();
    await c.shot('self-check-phone');
    await c.page.setViewportSize({ width: 1280, height: 860 });
    c.assertNoProblems();
  });

  it('says an unknown UserID is not an account, with the server’s code', async () => {
    c.expectHttpError({ status: 404, path: `/api/im/apps/${im.sdkAppId}/users/nobody/offline-push-check` });
    const form = c.page.getByRole('form', { name: 'IM offline push self-check' });
    await form.getByLabel(/^UserID/).fill('nobody');
    await form.getByRole('button', { name: 'Run self-check' }).click();
    const alert = c.page.getByRole('alert').filter({ hasText: 'IM_ACCOUNT_NOT_FOUND' });
    await alert.waitFor();
    await c.shot('self-check-unknown');
    c.assertNoProblems();
  });
});
