import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { ADMIN, ANDROID_APP, IOS_APP, product, renderWith, VIEWER } from '../test/render.tsx';
import { CredentialsAppPage } from './CredentialsAppPage.tsx';

const DAY = 86_400_000;
const WEB_APP = { ...IOS_APP, accessId: 1500000002, platform: 'web', bundleId: 'https://shop.example' } as const;
const P8_KEY = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';

function p8View(environment: string) {
  return { channel: 'apns', environment, kind: 'p8', meta: { keyId: 'ABC123DEFG', teamId: 'TEAM123456', topics: ['com.shop.ios'], fingerprint: '9A:4F:C2' }, createdAt: 1718000000000, updatedAt: 1718000000000 };
}

function p12View(environment: string, notAfter: Date, voip?: Date) {
  return {
    channel: 'apns', environment, kind: 'p12', createdAt: 1718000000000, updatedAt: 1718000000000,
    meta: {
      topics: ['com.shop.ios'], subject: 'CN=Apple Push Services: com.shop.ios', notBefore: '2024-05-01T10:00:00.000Z', notAfter: notAfter.toISOString(), environments: ['dev'], fingerprint: '1C:0B:7E',
      ...(voip === undefined ? {} : { voip: { topics: ['com.shop.ios.voip'], subject: 'CN=VoIP Services: com.shop.ios', notBefore: '2024-05-01T10:00:00.000Z', notAfter: voip.toISOString(), environments: ['dev', 'product'], fingerprint: 'AA:BB' } }),
    },
  };
}

function vendorView(channel: string, meta: Record<string, unknown>) {
  return { channel, environment: 'product', kind: 'client_secret', meta, createdAt: 1718000000000, updatedAt: 1718000000000 };
}

function routes(app: { accessId: number }, credentials: unknown[]) {
  return {
    [`GET /api/apps/${app.accessId}`]: { body: app },
    [`GET /api/apps/${app.accessId}/credentials`]: { body: { credentials } },
    'GET /api/products/1': { body: product(1, 'Shop') },
  };
}

const slot = (name: RegExp) => screen.getByRole('region', { name });

describe('the credentials of an iOS app', () => {
  it('shows each slot as the server has it, and warns of a certificate that expires within 30 days', async () => {
    const stub = stubFetch(routes(IOS_APP, [p8View('product'), p12View('dev', new Date(Date.now() + 12 * DAY))]));
    renderWith(<CredentialsAppPage accessId={IOS_APP.accessId} />, { stub, session: ADMIN });
    expect(screen.getByRole('status').textContent).toContain('Loading the credentials');
    await screen.findByRole('heading', { level: 1, name: 'Credentials: iOS app 1500000000' });
    const prod = slot(/Production/);
    expect(within(prod).getByText('ABC123DEFG')).toBeTruthy();
    expect(within(prod).getByText('TEAM123456')).toBeTruthy();
    expect(within(prod).getByText('com.shop.ios')).toBeTruthy();
    expect(within(prod).queryByRole('alert')).toBeNull();
    const dev = slot(/Development/);
    expect(within(dev).getByText('.p12 certificate')).toBeTruthy();
    expect(within(dev).getByRole('alert').textContent).toMatch(/expires in 12 days/);
    expect(within(dev).getByText(/VoIP Services certificate/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Shop' }).getAttribute('href')).toBe('/console/products/1');
  });

  it('says when a certificate or its VoIP certificate has expired', async () => {
    const stub = stubFetch(routes(IOS_APP, [p12View('dev', new Date(Date.now() - DAY), new Date(Date.now() + 3 * DAY))]));
    renderWith(<CredentialsAppPage accessId={IOS_APP.accessId} />, { stub, session: ADMIN });
    const dev = await screen.findByRole('region', { name: /Development/ });
    const alerts = within(dev).getAllByRole('alert').map((a) => a.textContent);
    expect(alerts[0]).toMatch(/This certificate expired on/);
    expect(alerts[1]).toMatch(/This VoIP certificate expires in 3 days/);
  });

  it('checks a .p8 upload before sending, then sends the key read from the picked file', async () => {
    const saved = p8View('dev');
    const stub = stubFetch({ ...routes(IOS_APP, []), 'PUT /api/apps/1500000000/credentials/apns/dev': { body: saved } });
    renderWith(<CredentialsAppPage accessId={IOS_APP.accessId} />, { stub, session: ADMIN });
    const dev = await screen.findByRole('region', { name: /Development/ });
    expect(within(dev).getByText(/Empty/)).toBeTruthy();
    await userEvent.click(within(dev).getByRole('button', { name: 'Upload to development' }));
    await userEvent.type(within(dev).getByLabelText(/Team ID/), 'TEAM');
    await userEvent.click(within(dev).getByRole('button', { name: 'Upload' }));
    expect(within(dev).getByText('The Key ID is required.')).toBeTruthy();
    expect(within(dev).getByText(/The Team ID is the 10 letters or digits/)).toBeTruthy();
    expect(within(dev).getByText(/The \.p8 key \(pick the file or paste it\) is required/)).toBeTruthy();
    expect(document.activeElement).toBe(within(dev).getByLabelText(/Key ID/));
    expect(stub.callsTo('PUT /api/apps/1500000000/credentials/apns/dev')).toHaveLength(0);

    await userEvent.upload(within(dev).getByLabelText('.p8 key file'), new File([P8_KEY], 'AuthKey_ABC123DEFG.p8'));
    await expect.poll(() => (within(dev).getByLabelText(/Key ID/) as HTMLInputElement).value).toBe('ABC123DEFG');
    await userEvent.clear(within(dev).getByLabelText(/Team ID/));
    await userEvent.type(within(dev).getByLabelText(/Team ID/), 'TEAM123456');
    await userEvent.click(within(dev).getByRole('button', { name: 'Upload' }));
    expect(await within(dev).findByText('TEAM123456')).toBeTruthy();
    const [call] = stub.callsTo('PUT /api/apps/1500000000/credentials/apns/dev');
    expect(call?.body).toEqual({ kind: 'p8', keyId: 'ABC123DEFG', teamId: 'TEAM123456', key: P8_KEY.trim() });
    expect(call?.headers.get('X-CSRF-Token')).toBe(ADMIN.csrfToken);
    expect(screen.getByText('The development (sandbox) credential was saved.')).toBeTruthy();
  });

  it('sends a .p12 as base64 with its password and shows the refusal with the certificate topics', async () => {
    const stub = stubFetch({
      ...routes(IOS_APP, []),
      'PUT /api/apps/1500000000/credentials/apns/product': heraldError(400, 'CREDENTIAL_BUNDLE_MISMATCH', "The certificate's topics do not include com.shop.ios", { topics: ['com.other.app'] }),
    });
    renderWith(<CredentialsAppPage accessId={IOS_APP.accessId} />, { stub, session: ADMIN });
    const prod = await screen.findByRole('region', { name: /Production/ });
    await userEvent.click(within(prod).getByRole('button', { name: 'Upload to production' }));
    await userEvent.click(within(prod).getByLabelText('.p12 certificate'));
    await userEvent.click(within(prod).getByRole('button', { name: 'Upload' }));
    expect(within(prod).getByText(/Pick the \.p12 file/)).toBeTruthy();

    await userEvent.upload(within(prod).getByLabelText('.p12 file'), new File([new Uint8Array([0x30, 0x82, 0x01, 0xff])], 'push.p12'));
    await within(prod).findByText('Read push.p12.');
    await userEvent.type(within(prod).getByLabelText('Password'), 'export-pass');
    await userEvent.click(within(prod).getByRole('button', { name: 'Upload' }));
    const alert = await within(prod).findByRole('alert');
    expect(alert.textContent).toContain('The certificate was not saved.');
    expect(alert.textContent).toContain('CREDENTIAL_BUNDLE_MISMATCH');
    expect(within(prod).getByText(/The certificate’s topics: com.other.app/)).toBeTruthy();
    expect(stub.callsTo('PUT /api/apps/1500000000/credentials/apns/product')[0]?.body).toEqual({ kind: 'p12', p12: 'MIIB/w==', password: 'export-pass' });
  });

  it('uploads the VoIP Services certificate beside a .p12 with slot "voip"', async () => {
    const before = p12View('dev', new Date(Date.now() + 300 * DAY));
    const after = p12View('dev', new Date(Date.now() + 300 * DAY), new Date(Date.now() + 200 * DAY));
    const stub = stubFetch({ ...routes(IOS_APP, [before]), 'PUT /api/apps/1500000000/credentials/apns/dev': { body: after } });
    renderWith(<CredentialsAppPage accessId={IOS_APP.accessId} />, { stub, session: ADMIN });
    const dev = await screen.findByRole('region', { name: /Development/ });
    await userEvent.click(within(dev).getByRole('button', { name: 'Add VoIP certificate' }));
    await userEvent.upload(within(dev).getByLabelText('VoIP Services .p12 file'), new File([new Uint8Array([1, 2, 3])], 'voip.p12'));
    await within(dev).findByText('Read voip.p12.');
    await userEvent.click(within(dev).getByRole('button', { name: 'Upload VoIP certificate' }));
    expect(await within(dev).findByText('com.shop.ios.voip')).toBeTruthy();
    expect(stub.callsTo('PUT /api/apps/1500000000/credentials/apns/dev')[0]?.body).toEqual({ kind: 'p12', p12: 'AQID', password: '', slot: 'voip' });
  });

  it('deletes a slot after a confirmation', async () => {
    const stub = stubFetch({ ...routes(IOS_APP, [p8View('product')]), 'DELETE /api/apps/1500000000/credentials/apns/product': { status: 204 } });
    renderWith(<CredentialsAppPage accessId={IOS_APP.accessId} />, { stub, session: ADMIN });
    const prod = await screen.findByRole('region', { name: /Production/ });
    await userEvent.click(within(prod).getByRole('button', { name: 'Delete production' }));
    expect(stub.callsTo('DELETE /api/apps/1500000000/credentials/apns/product')).toHaveLength(0);
    await userEvent.click(within(prod).getByRole('button', { name: 'Delete credential' }));
    expect(await within(prod).findByText(/Empty/)).toBeTruthy();
    expect(screen.getByText('The production credential was deleted.')).toBeTruthy();
  });

  it('shows a viewer the slots without any change button', async () => {
    const stub = stubFetch(routes(IOS_APP, [p8View('product')]));
    renderWith(<CredentialsAppPage accessId={IOS_APP.accessId} />, { stub, session: VIEWER });
    const prod = await screen.findByRole('region', { name: /Production/ });
    expect(within(prod).getByText('ABC123DEFG')).toBeTruthy();
    expect(screen.queryAllByRole('button')).toHaveLength(0);
  });

  it('offers a retry when the credentials cannot be loaded, none for an unknown app', async () => {
    const stub = stubFetch({ 'GET /api/apps/1500000000': { body: IOS_APP }, 'GET /api/apps/1500000000/credentials': heraldError(500, 'INTERNAL', 'Something broke') });
    renderWith(<CredentialsAppPage accessId={IOS_APP.accessId} />, { stub, session: ADMIN });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The credentials could not be loaded.');
    stub.on('GET /api/apps/1500000000/credentials', { body: { credentials: [] } });
    stub.on('GET /api/products/1', { body: product(1, 'Shop') });
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('region', { name: /Production/ })).toBeTruthy();
  });

  it('has no retry for an app that does not exist', async () => {
    const stub = stubFetch({ 'GET /api/apps/9': heraldError(404, 'APP_NOT_FOUND', 'No such app'), 'GET /api/apps/9/credentials': heraldError(404, 'APP_NOT_FOUND', 'No such app') });
    renderWith(<CredentialsAppPage accessId={9} />, { stub, session: ADMIN });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('APP_NOT_FOUND');
    expect(within(alert).queryByRole('button')).toBeNull();
  });
});

describe('the credentials of an Android app', () => {
  it("checks a vendor's fields before sending and shows the vendor's answer after saving", async () => {
    const saved = vendorView('huawei', { appId: '104400001', check: { status: 'unverified', reason: 'huawei: connect ECONNREFUSED', checkedAt: 1718000000000 } });
    const stub = stubFetch({ ...routes(ANDROID_APP, []), 'PUT /api/apps/1500000001/credentials/huawei': { body: saved } });
    renderWith(<CredentialsAppPage accessId={ANDROID_APP.accessId} />, { stub, session: ADMIN });
    const huawei = await screen.findByRole('region', { name: /Huawei/ });
    await userEvent.type(within(huawei).getByLabelText(/^AppID/), '10440x');
    await userEvent.click(within(huawei).getByRole('button', { name: 'Save and check' }));
    expect(within(huawei).getByText('AppID is digits only (at most 64).')).toBeTruthy();
    expect(within(huawei).getByText('Client Secret is required.')).toBeTruthy();
    expect(stub.callsTo('PUT /api/apps/1500000001/credentials/huawei')).toHaveLength(0);

    await userEvent.clear(within(huawei).getByLabelText(/^AppID/));
    await userEvent.type(within(huawei).getByLabelText(/^AppID/), '104400001');
    await userEvent.type(within(huawei).getByLabelText(/^Client Secret/), 's3cret-value');
    await userEvent.click(within(huawei).getByRole('button', { name: 'Save and check' }));
    expect(await within(huawei).findByText(/Not verified: the vendor could not be asked/)).toBeTruthy();
    expect(within(huawei).getByText('huawei: connect ECONNREFUSED')).toBeTruthy();
    expect(stub.callsTo('PUT /api/apps/1500000001/credentials/huawei')[0]?.body).toEqual({ appId: '104400001', clientSecret: 's3cret-value' });
    expect(screen.getByText('Huawei credential saved; the vendor answered “unverified”.')).toBeTruthy();
  });

  it("shows the vendor's refusal and keeps the form", async () => {
    const stub = stubFetch({ ...routes(ANDROID_APP, []), 'PUT /api/apps/1500000001/credentials/vivo': heraldError(400, 'CREDENTIAL_REJECTED', 'vivo: 10070 appSecret is wrong') });
    renderWith(<CredentialsAppPage accessId={ANDROID_APP.accessId} />, { stub, session: ADMIN });
    const vivo = await screen.findByRole('region', { name: /vivo/ });
    await userEvent.type(within(vivo).getByLabelText(/^AppID/), '12345');
    await userEvent.type(within(vivo).getByLabelText(/^AppKey/), 'key-1');
    await userEvent.type(within(vivo).getByLabelText(/^AppSecret/), 'wrong');
    await userEvent.click(within(vivo).getByRole('button', { name: 'Save and check' }));
    const alert = await within(vivo).findByRole('alert');
    expect(alert.textContent).toContain('The vivo credential was not saved.');
    expect(alert.textContent).toContain('vivo: 10070 appSecret is wrong');
    expect(alert.textContent).toContain('CREDENTIAL_REJECTED');
    expect(within(vivo).getByText(/The vendor refused it/)).toBeTruthy();
    expect(within(vivo).getByRole('button', { name: 'Save and check' })).toBeTruthy();
  });

  it('reads an FCM service account, refusing what is not one', async () => {
    const saved = { ...vendorView('fcm', { project_id: 'shop-123', client_email: 'a@shop-123.iam.gserviceaccount.com', check: { status: 'ok', checkedAt: 1718000000000 } }), kind: 'service_account' };
    const stub = stubFetch({ ...routes(ANDROID_APP, []), 'PUT /api/apps/1500000001/credentials/fcm': { body: saved } });
    renderWith(<CredentialsAppPage accessId={ANDROID_APP.accessId} />, { stub, session: ADMIN });
    const fcm = await screen.findByRole('region', { name: /FCM/ });
    await userEvent.click(within(fcm).getByRole('button', { name: 'Save and check' }));
    expect(within(fcm).getByText('The service account JSON is required.')).toBeTruthy();
    await userEvent.upload(within(fcm).getByLabelText('Service account file'), new File(['{"type":"authorized_user"}'], 'wrong.json', { type: 'application/json' }));
    await within(fcm).findByText('Read wrong.json.');
    await userEvent.click(within(fcm).getByRole('button', { name: 'Save and check' }));
    expect(within(fcm).getByText('This JSON is of type "authorized_user", not a service account.')).toBeTruthy();

    const account = { type: 'service_account', project_id: 'shop-123', client_email: 'a@shop-123.iam.gserviceaccount.com', private_key: '-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n' };
    await userEvent.upload(within(fcm).getByLabelText('Service account file'), new File([JSON.stringify(account)], 'shop-123.json', { type: 'application/json' }));
    await within(fcm).findByText('Read shop-123.json.');
    await userEvent.click(within(fcm).getByRole('button', { name: 'Save and check' }));
    expect(await within(fcm).findByText('Accepted by the vendor')).toBeTruthy();
    expect(within(fcm).getByText('shop-123')).toBeTruthy();
    expect(stub.callsTo('PUT /api/apps/1500000001/credentials/fcm')[0]?.body).toEqual({ serviceAccount: account });
  });

  it('checks a saved credential again, and shows a refusal with what the server recorded', async () => {
    const ok = vendorView('xiaomi', { packageName: 'com.shop.android', check: { status: 'ok', checkedAt: 1718000000000 } });
    const refused = vendorView('xiaomi', { packageName: 'com.shop.android', check: { status: 'unverified', reason: 'xiaomi: 22000 invalid secret', checkedAt: 1718000100000 } });
    const stub = stubFetch({ ...routes(ANDROID_APP, [ok]), 'POST /api/apps/1500000001/credentials/xiaomi/check': { body: ok } });
    renderWith(<CredentialsAppPage accessId={ANDROID_APP.accessId} />, { stub, session: ADMIN });
    const xiaomi = await screen.findByRole('region', { name: /Xiaomi/ });
    expect(within(xiaomi).getByText('com.shop.android')).toBeTruthy();
    await userEvent.click(within(xiaomi).getByRole('button', { name: 'Check again' }));
    expect(await screen.findByText('Xiaomi checked again; the vendor answered “ok”.')).toBeTruthy();

    stub.on('POST /api/apps/1500000001/credentials/xiaomi/check', heraldError(400, 'CREDENTIAL_REJECTED', 'xiaomi: 22000 invalid secret'));
    stub.on('GET /api/apps/1500000001/credentials', { body: { credentials: [refused] } });
    await userEvent.click(within(xiaomi).getByRole('button', { name: 'Check again' }));
    const alert = await within(xiaomi).findByRole('alert');
    expect(alert.textContent).toContain('Xiaomi refused the credential.');
    expect(alert.textContent).toContain('CREDENTIAL_REJECTED');
    expect(await within(xiaomi).findByText('xiaomi: 22000 invalid secret', { selector: 'code' })).toBeTruthy();
  });

  it('removes a vendor credential after a confirmation', async () => {
    const stub = stubFetch({ ...routes(ANDROID_APP, [vendorView('oppo', { appKey: 'k1', check: { status: 'ok', checkedAt: 1 } })]), 'DELETE /api/apps/1500000001/credentials/oppo': { status: 204 } });
    renderWith(<CredentialsAppPage accessId={ANDROID_APP.accessId} />, { stub, session: ADMIN });
    const oppo = await screen.findByRole('region', { name: /OPPO/ });
    await userEvent.click(within(oppo).getByRole('button', { name: 'Remove' }));
    await userEvent.click(within(oppo).getByRole('button', { name: 'Remove OPPO' }));
    expect(await within(oppo).findByText(/No credential/)).toBeTruthy();
    expect(within(oppo).getByLabelText(/^MasterSecret/)).toBeTruthy();
  });

  it('lists every vendor, each with its own fields', async () => {
    const stub = stubFetch(routes(ANDROID_APP, []));
    renderWith(<CredentialsAppPage accessId={ANDROID_APP.accessId} />, { stub, session: ADMIN });
    await screen.findByRole('region', { name: /FCM/ });
    for (const name of ['Huawei', 'Honor', 'Xiaomi', 'OPPO', 'vivo', 'Meizu']) expect(screen.getByRole('region', { name: new RegExp(name) })).toBeTruthy();
    expect(within(slot(/Honor/)).getByLabelText(/^Client ID/)).toBeTruthy();
    expect(within(slot(/Meizu/)).getByLabelText(/^AppSecret/).getAttribute('type')).toBe('password');
  });
});

describe('the credentials of a web app', () => {
  it('shows the VAPID public key read-only with a copy button', async () => {
    const vapid = { channel: 'webpush', environment: 'product', kind: 'vapid', meta: { publicKey: 'BPublicKeyBase64Url', subject: 'mailto:ops@shop.example', check: { status: 'ok', checkedAt: 1 } }, createdAt: 1, updatedAt: 1 };
    const stub = stubFetch(routes(WEB_APP, [vapid]));
    const user = userEvent.setup();
    renderWith(<CredentialsAppPage accessId={WEB_APP.accessId} />, { stub, session: VIEWER });
    const key = (await screen.findByLabelText('VAPID public key')) as HTMLInputElement;
    expect(key.value).toBe('BPublicKeyBase64Url');
    expect(key.readOnly).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe('BPublicKeyBase64Url');
    expect(screen.getByText('Public key copied.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /key pair/ })).toBeNull();
  });

  it('makes a new key pair for an admin after a confirmation', async () => {
    const vapid = (publicKey: string) => ({ channel: 'webpush', environment: 'product', kind: 'vapid', meta: { publicKey, subject: 'mailto:ops@shop.example' }, createdAt: 1, updatedAt: 1 });
    const stub = stubFetch({ ...routes(WEB_APP, [vapid('BOldKey')]), 'PUT /api/apps/1500000002/credentials/webpush': { body: vapid('BNewKey') } });
    renderWith(<CredentialsAppPage accessId={WEB_APP.accessId} />, { stub, session: ADMIN });
    await screen.findByDisplayValue('BOldKey');
    await userEvent.click(screen.getByRole('button', { name: 'Make a new key pair' }));
    await userEvent.click(screen.getByRole('button', { name: 'Make new key pair' }));
    expect(await screen.findByDisplayValue('BNewKey')).toBeTruthy();
    expect(stub.callsTo('PUT /api/apps/1500000002/credentials/webpush')[0]?.body).toEqual({});
  });
});
