import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { ADMIN, renderWith, VIEWER } from '../test/render.tsx';
import { ToolboxPage } from './ToolboxPage.tsx';

const TOKEN = '0123456789abcdef0123456789abcdef0123';
const DEVICE = {
  token: TOKEN, platform: 'ios', channel: 'apns', vendorToken: 'a1b2c3d4…eeff', environment: 'product', status: 'active',
  appVersion: '2.3.0', sdkVersion: '0.1.0', systemVersion: '17.4', deviceBrand: 'Apple', deviceModel: 'iPhone15,2', locale: 'en_US', timeZone: 'UTC',
  badge: 0, createdAt: 1718000000000, lastActiveAt: 1718000000000,
  tags: [{ tag: 'vip', tagType: 'user' }], accounts: [{ account: 'alice', accountType: 0, boundAt: 1 }],
  recentPushes: [{ pushId: '42', planId: 'p', audienceType: 'token', messageType: 'notify', title: 'Sale', taskStatus: 'PUSH_FINISHED', createdAt: 1, outcome: 'rejected', reason: 'Unregistered', channel: 'apns', answeredAt: 1718000000000, arrived: false, clicked: false }],
};
const CHECK = {
  sdkAppId: 1400000001, userId: 'bob', user: { userId: 'bob', nickname: 'Bob', createdAt: 1 }, imApp: { sdkAppId: 1400000001, name: 'Chat' },
  pushApps: [], certificates: [], checkedAt: 1718000000000,
  devices: [{ deviceId: 'bob-iphone', platform: 'iOS', state: 'Background', loggedInAt: 1, stateChangedAt: 1, lastSeenAt: 1, pushConfig: null }],
  lastOutcome: { kind: 'c2c', fromUser: 'alice', conversation: 'alice', messageRef: '3', decidedAt: 1, summary: 'None of the 1 device(s) with a push config was pushed.',
    devices: [{ deviceId: 'bob-iphone', pushed: false, reason: 'no-push-config', explanation: 'Not pushed: the device had not reported a push config.' }] },
  problems: [
    { code: 'account-not-bound', blocking: false, deviceId: 'bob-ipad', message: 'A note comes after what blocks.' },
    { code: 'no-push-config', blocking: true, message: 'No logged-in device of the user has reported a push config.' },
  ],
};

describe('the toolbox', () => {
  it('checks each lookup before going to its address', async () => {
    const stub = stubFetch();
    renderWith(<ToolboxPage />, { stub, session: VIEWER });
    const form = screen.getByRole('form', { name: 'Look up a token' });
    await userEvent.type(within(form).getByLabelText(/^AccessID/), 'abc');
    await userEvent.type(within(form).getByLabelText(/^Token/), 'not-a-token');
    await userEvent.click(within(form).getByRole('button', { name: 'Look up token' }));
    expect(document.getElementById('lookup-token-app-error')?.textContent).toBe('An AccessID is a whole number.');
    expect(document.getElementById('lookup-token-key-error')?.textContent).toMatch(/^A Herald token is 36/);
    const check = screen.getByRole('form', { name: 'IM offline push self-check' });
    await userEvent.click(within(check).getByRole('button', { name: 'Run self-check' }));
    expect(document.getElementById('self-check-app-error')?.textContent).toBe('SDKAppID is required.');
    expect(document.activeElement).toBe(within(check).getByLabelText(/^SDKAppID/));
    expect(stub.calls).toHaveLength(0);

    await userEvent.type(within(check).getByLabelText(/^SDKAppID/), '1400000001');
    await userEvent.type(within(check).getByLabelText(/^UserID/), 'bob/ios');
    await userEvent.click(within(check).getByRole('button', { name: 'Run self-check' }));
    expect(window.location.pathname).toBe('/console/toolbox/self-check/1400000001/bob%2Fios');
  });

  it('shows a token: vendor token shortened, tags, accounts, and each recent push with its outcome', async () => {
    const stub = stubFetch({ [`GET /api/apps/1500000000/devices/${TOKEN}`]: { body: { accessId: 1500000000, pushWindow: 200, devices: [DEVICE] } } });
    renderWith(<ToolboxPage lookup={{ kind: 'token', accessId: 1500000000, token: TOKEN }} />, { stub, session: VIEWER });
    expect(screen.getByText('Looking up…')).toBeTruthy();
    const card = await screen.findByRole('region', { name: `Token ${TOKEN}` });
    expect(within(card).getByText('a1b2c3d4…eeff')).toBeTruthy();
    expect(within(card).getByText('vip')).toBeTruthy();
    expect(within(card).getByText('alice')).toBeTruthy();
    const push = within(card).getByRole('row', { name: /42/ });
    expect(push.textContent).toContain('rejected');
    expect(push.textContent).toContain('Unregistered');
    expect((screen.getByLabelText(/^Token/, { selector: '#lookup-token-key' }) as HTMLInputElement).value).toBe(TOKEN);
  });

  it("says when another app's token is not found, without a retry", async () => {
    const stub = stubFetch({ 'GET /api/apps/1500000000/accounts/mallory': heraldError(404, 'DEVICE_NOT_FOUND', 'Token or account does not exist') });
    renderWith(<ToolboxPage lookup={{ kind: 'account', accessId: 1500000000, account: 'mallory' }} />, { stub, session: ADMIN });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Not found in push app 1500000000.');
    expect(alert.textContent).toContain('DEVICE_NOT_FOUND');
    expect(within(alert).queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('shows the self-check: blocking findings first, devices with their states, the last outcome explained', async () => {
    const stub = stubFetch({ 'GET /api/im/apps/1400000001/users/bob/offline-push-check': { body: CHECK } });
    renderWith(<ToolboxPage lookup={{ kind: 'self-check', sdkAppId: 1400000001, userId: 'bob' }} />, { stub, session: ADMIN });
    const findings = await screen.findByRole('region', { name: 'Findings' });
    const items = within(findings).getAllByRole('listitem');
    expect(items.map((i) => i.className)).toEqual(['finding finding-blocking', 'finding finding-note']);
    expect(items[0]?.textContent).toContain('no-push-config');
    const device = screen.getByRole('region', { name: 'Device bob-iphone' });
    expect(device.textContent).toContain('Background');
    expect(device.textContent).toContain('setOfflinePushConfig not called');
    expect(screen.getByRole('region', { name: 'Last message' }).textContent).toContain('Not pushed: the device had not reported a push config.');
  });

  it('shows an unknown account as the server says, with its code', async () => {
    const stub = stubFetch({ 'GET /api/im/apps/1400000001/users/ghost/offline-push-check': heraldError(404, 'IM_ACCOUNT_NOT_FOUND', 'IM app 1400000001 has no account ghost') });
    renderWith(<ToolboxPage lookup={{ kind: 'self-check', sdkAppId: 1400000001, userId: 'ghost' }} />, { stub, session: ADMIN });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The self-check could not run.');
    expect(alert.textContent).toContain('IM_ACCOUNT_NOT_FOUND');
  });
});
