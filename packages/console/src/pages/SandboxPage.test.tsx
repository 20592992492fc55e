import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { SandboxDevice } from '../api/sandbox-api.ts';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { ADMIN, ANDROID_APP, IOS_APP, product, renderWith, VIEWER } from '../test/render.tsx';
import { SandboxPage } from './SandboxPage.tsx';

const STATUS = 'GET /api/sandbox';
const DEVICES = 'GET /api/sandbox/devices';
const ON = { body: { enabled: true, channels: ['apns', 'fcm', 'huawei', 'honor', 'xiaomi', 'oppo', 'vivo', 'meizu', 'webpush'] } };
const IPHONE: SandboxDevice = {
  id: 'dev-1', name: 'iPhone 1', channel: 'apns', accessId: IOS_APP.accessId, environment: 'dev', vendorToken: 'ab'.repeat(32),
  heraldToken: '0123456789abcdef0123456789abcdef0123', createdAt: '2024-06-10T08:00:00.000Z', received: 1,
};
const { environment: _apnsOnly, ...NOT_APNS } = IPHONE;
const PHONE: SandboxDevice = { ...NOT_APNS, id: 'dev-2', name: 'Phone 1', channel: 'huawei', accessId: ANDROID_APP.accessId, vendorToken: 'hw-vendor-token-0000000001' };
const IPHONE_INBOX = {
  body: { deviceId: 'dev-1', next: 1, notifications: [{ index: 0, receivedAt: '2024-06-10T08:00:05.000Z', title: 'Welcome', body: 'Hello from Herald', badge: 1, raw: { aps: {} } }] },
};

describe('the sandbox page', () => {
  it('with sandbox mode off only says what it is and how to start it', async () => {
    const stub = stubFetch({ [STATUS]: { body: { enabled: false } } });
    renderWith(<SandboxPage />, { stub, session: ADMIN });
    expect(screen.getByRole('heading', { level: 1, name: 'Sandbox' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('Checking sandbox mode');
    const off = await screen.findByRole('region', { name: 'Sandbox mode is off on this node' });
    expect(within(off).getByText('npm run sandbox')).toBeTruthy();
    expect(within(off).getByText('HERALD_SANDBOX=true')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByRole('region', { name: 'Virtual devices' })).toBeNull();
    expect(stub.calls.map((c) => `${c.method} ${c.path}`)).toEqual([STATUS]);
  });

  it('says when sandbox mode could not be checked, and tries again', async () => {
    const stub = stubFetch({ [STATUS]: heraldError(500, 'INTERNAL', 'Something broke') });
    renderWith(<SandboxPage />, { stub, session: ADMIN });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Sandbox mode could not be checked.');
    stub.on(STATUS, { body: { enabled: false } });
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('npm run sandbox')).toBeTruthy();
  });

  it("without an app lists the apps to choose and every app's devices", async () => {
    const stub = stubFetch({ [STATUS]: ON, [DEVICES]: { body: { devices: [PHONE, IPHONE] } }, 'GET /api/products': { body: { products: [product(1, 'Shop')] } } });
    renderWith(<SandboxPage />, { stub, session: ADMIN });
    const apps = await screen.findByRole('navigation', { name: 'Sandbox apps' });
    expect(within(apps).getByRole('link', { name: /com\.shop\.ios/ }).getAttribute('href')).toBe(`/console/sandbox/${IOS_APP.accessId}`);
    const list = await screen.findByRole('list', { name: 'Virtual devices' });
    expect(within(list).getAllByRole('listitem').map((li) => li.getAttribute('aria-labelledby'))).toEqual(['sandbox-device-dev-2-name', 'sandbox-device-dev-1-name']);
    const phone = within(list).getByRole('listitem', { name: 'Phone 1' });
    expect(within(phone).getByText('Huawei')).toBeTruthy();
    expect(phone.textContent).toContain(`AccessID ${ANDROID_APP.accessId}`);
    expect(within(phone).getByText('hw-vendo…000001')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Issue APNs key (.p8)' })).toBeNull();
  });

  it("issues an iOS app's APNs key as a .p8 download and points to the app's Credentials page", async () => {
    const p8 = '-----BEGIN PRIVATE KEY-----\nMIGT\n-----END PRIVATE KEY-----\n';
    const stub = stubFetch({
      [STATUS]: ON, [DEVICES]: { body: { devices: [] } }, [`GET /api/apps/${IOS_APP.accessId}`]: { body: IOS_APP },
      'POST /api/sandbox/credentials/apns': { body: { channel: 'apns', fileName: 'AuthKey_ABC123DEFG.p8', p8, keyId: 'ABC123DEFG', teamId: 'TEAM123456' } },
    });
    renderWith(<SandboxPage accessId={IOS_APP.accessId} />, { stub, session: ADMIN });
    const vendors = await screen.findByRole('region', { name: 'Vendor consoles' });
    expect(within(vendors).queryByRole('button', { name: 'Issue FCM service account' })).toBeNull();
    expect(within(vendors).getByRole('link', { name: 'Credentials page' }).getAttribute('href')).toBe(`/console/credentials/${IOS_APP.accessId}`);
    await userEvent.click(within(vendors).getByRole('button', { name: 'Issue APNs key (.p8)' }));
    const download = await within(vendors).findByRole('link', { name: 'Download AuthKey_ABC123DEFG.p8' });
    expect(download.getAttribute('download')).toBe('AuthKey_ABC123DEFG.p8');
    expect(decodeURIComponent((download.getAttribute('href') ?? '').replace(/^data:[^,]*,/, ''))).toBe(p8);
    expect(within(vendors).getByText('TEAM123456')).toBeTruthy();
    expect(stub.callsTo('POST /api/sandbox/credentials/apns')[0]?.body).toEqual({ bundleId: IOS_APP.bundleId });
    expect(screen.getByRole('region', { name: 'Virtual devices' }).textContent).toContain('No virtual devices yet.');
  });

  it("issues an Android vendor's fields to paste, for the app's package name", async () => {
    const stub = stubFetch({
      [STATUS]: ON, [DEVICES]: { body: { devices: [] } }, [`GET /api/apps/${ANDROID_APP.accessId}`]: { body: ANDROID_APP },
      'POST /api/sandbox/credentials/huawei': { body: { channel: 'huawei', fields: { appId: '10000001', clientSecret: 's3cret' } } },
      'POST /api/sandbox/credentials/fcm': heraldError(404, 'SANDBOX_OFF', 'Sandbox mode is off'),
    });
    renderWith(<SandboxPage accessId={ANDROID_APP.accessId} />, { stub, session: ADMIN });
    const vendors = await screen.findByRole('region', { name: 'Vendor consoles' });
    expect(within(vendors).queryByRole('button', { name: 'Issue APNs key (.p8)' })).toBeNull();
    expect(within(vendors).queryByRole('button', { name: /Web Push/ })).toBeNull();
    await userEvent.click(within(vendors).getByRole('button', { name: 'Issue Huawei credential' }));
    const huawei = within(vendors).getByRole('listitem', { name: 'Huawei' });
    expect(await within(huawei).findByText('s3cret')).toBeTruthy();
    expect(within(huawei).getByText('Client Secret')).toBeTruthy();
    expect(within(huawei).getByRole('button', { name: 'Copy Huawei AppID' })).toBeTruthy();
    expect(stub.callsTo('POST /api/sandbox/credentials/huawei')[0]?.body).toEqual({ packageName: ANDROID_APP.bundleId });

    await userEvent.click(within(vendors).getByRole('button', { name: 'Issue FCM service account' }));
    const alert = await within(within(vendors).getByRole('listitem', { name: 'FCM' })).findByRole('alert');
    expect(alert.textContent).toContain('The FCM credential was not issued.');
    expect(alert.textContent).toContain('SANDBOX_OFF');
  });

  it("adds a device to the app, opens its inbox, and uninstalls it after confirming", async () => {
    const stub = stubFetch({
      [STATUS]: ON, [DEVICES]: { body: { devices: [PHONE] } }, [`GET /api/apps/${IOS_APP.accessId}`]: { body: IOS_APP },
      'POST /api/sandbox/devices': { status: 201, body: IPHONE },
      'GET /api/sandbox/devices/dev-1/inbox': IPHONE_INBOX,
      'DELETE /api/sandbox/devices/dev-1': { status: 204 },
    });
    renderWith(<SandboxPage accessId={IOS_APP.accessId} />, { stub, session: ADMIN });
    const list = () => screen.getByRole('region', { name: 'Virtual devices' });
    await within(await screen.findByRole('region', { name: 'Virtual devices' })).findByText('No virtual devices yet.');
    await userEvent.click(screen.getByRole('button', { name: 'Add virtual device' }));
    expect(await screen.findByText('Added iPhone 1; its inbox is open below.')).toBeTruthy();
    const item = within(list()).getByRole('listitem', { name: 'iPhone 1' });
    expect(within(item).getByRole('button', { name: 'Open inbox of iPhone 1' }).getAttribute('aria-pressed')).toBe('true');
    const inbox = screen.getByRole('region', { name: 'Received on iPhone 1' });
    expect(await within(inbox).findByRole('listitem', { name: 'Welcome' })).toBeTruthy();
    expect(screen.getByRole('form', { name: 'Test push to iPhone 1' })).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Uninstall device' }));
    await userEvent.click(screen.getByRole('button', { name: 'Uninstall it' }));
    expect(await screen.findByText('Uninstalled iPhone 1.')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Received on iPhone 1' })).toBeNull();
    expect(within(list()).queryByRole('listitem', { name: 'iPhone 1' })).toBeNull();
    expect(stub.callsTo('DELETE /api/sandbox/devices/dev-1')[0]?.headers.get('X-CSRF-Token')).toBe(ADMIN.csrfToken);
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Virtual devices' }));
  });

  it('shows a viewer the devices and their inboxes, and no change controls', async () => {
    const stub = stubFetch({
      [STATUS]: ON, [DEVICES]: { body: { devices: [IPHONE] } }, [`GET /api/apps/${IOS_APP.accessId}`]: { body: IOS_APP },
      'GET /api/sandbox/devices/dev-1/inbox': IPHONE_INBOX,
    });
    renderWith(<SandboxPage accessId={IOS_APP.accessId} />, { stub, session: VIEWER });
    await userEvent.click(await screen.findByRole('button', { name: 'Open inbox of iPhone 1' }));
    const inbox = screen.getByRole('region', { name: 'Received on iPhone 1' });
    expect(await within(inbox).findByRole('listitem', { name: 'Welcome' })).toBeTruthy();
    expect(screen.getByText(/App:/).textContent).toContain('com.shop.ios');
    for (const name of ['Issue APNs key (.p8)', 'Add virtual device', 'Send test push', 'Uninstall device']) {
      expect(screen.queryByRole('button', { name })).toBeNull();
    }
    expect(screen.queryByRole('region', { name: 'Vendor consoles' })).toBeNull();
    expect(stub.unexpected).toEqual([]);
  });
});
