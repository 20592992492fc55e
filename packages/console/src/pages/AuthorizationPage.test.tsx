import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { ADMIN, ANDROID_APP, IOS_APP, product, renderWith, VIEWER } from '../test/render.tsx';
import { AuthorizationPage } from './AuthorizationPage.tsx';

const CHAT = { sdkAppId: 1400000001, name: 'Chat', admins: ['administrator'], autoCreateUsers: false, createdAt: 1, updatedAt: 1 };
const OTHER = { ...CHAT, sdkAppId: 1400000002, name: 'Support' };
const IOS_AUTH = { sdkAppId: 1400000001, accessId: 1500000000, productId: 1, productName: 'Shop', platform: 'ios', bundleId: 'com.shop.ios', serviceMode: 'im_push_only', planId: 'im_1500000000_1400000001' };
const ANDROID_AUTH = { ...IOS_AUTH, accessId: 1500000001, platform: 'android', bundleId: 'com.shop.android', planId: 'im_1500000001_1400000001' };
const LIST = 'GET /api/im/apps/1400000001/push-authorizations';
const ADD = 'POST /api/im/apps/1400000001/push-authorizations';

function base(authorizations: unknown[] = [IOS_AUTH]) {
  return {
    'GET /api/im/apps': { body: { apps: [CHAT, OTHER] } },
    [LIST]: { body: { sdkAppId: 1400000001, authorizations } },
    'GET /api/products': { body: { products: [product(1, 'Shop', [{ ...IOS_APP, serviceMode: 'im_push_only', imSdkAppId: 1400000001 }, ANDROID_APP])] } },
  };
}

describe('the authorization page', () => {
  it("lists the first IM app's authorizations with each push app's service mode", async () => {
    const stub = stubFetch(base());
    renderWith(<AuthorizationPage />, { stub, session: ADMIN });
    expect(screen.getByRole('status').textContent).toContain('Loading IM apps');
    const row = (await screen.findByRole('link', { name: 'iOS app 1500000000' })).closest('tr') as HTMLElement;
    expect(within(row).getByText('IM push only')).toBeTruthy();
    expect(within(row).getByText('im_1500000000_1400000001')).toBeTruthy();
    expect((screen.getByLabelText('IM app') as HTMLSelectElement).value).toBe('1400000001');
  });

  it('switches IM app through the address', async () => {
    const stub = stubFetch(base());
    renderWith(<AuthorizationPage />, { stub, session: ADMIN });
    await screen.findByRole('link', { name: 'iOS app 1500000000' });
    await userEvent.selectOptions(screen.getByLabelText('IM app'), '1400000002');
    expect(window.location.pathname).toBe('/console/authorization/1400000002');
  });

  it('says an IM app has no authorizations, and that there are no IM apps', async () => {
    const stub = stubFetch(base([]));
    const { unmount } = renderWith(<AuthorizationPage sdkAppId={1400000001} />, { stub, session: ADMIN });
    expect(await screen.findByText(/authorized to no push app/)).toBeTruthy();
    unmount();
    stub.on('GET /api/im/apps', { body: { apps: [] } });
    renderWith(<AuthorizationPage />, { stub, session: ADMIN });
    expect(await screen.findByText(/No IM apps yet/)).toBeTruthy();
  });

  it('checks the form, then authorizes product → app and reloads the list', async () => {
    const stub = stubFetch({ ...base([IOS_AUTH]), [ADD]: { status: 201, body: ANDROID_AUTH } });
    renderWith(<AuthorizationPage sdkAppId={1400000001} />, { stub, session: ADMIN });
    await screen.findByRole('link', { name: 'iOS app 1500000000' });
    await userEvent.click(screen.getByRole('button', { name: 'Authorize' }));
    expect(screen.getByText('Pick the product.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText(/^Product/));
    await userEvent.selectOptions(screen.getByLabelText(/^Product/), '1');
    await userEvent.click(screen.getByRole('button', { name: 'Authorize' }));
    expect(screen.getByText('Pick the push app.')).toBeTruthy();
    expect(stub.callsTo(ADD)).toHaveLength(0);
    expect(screen.getByRole('option', { name: /com.shop.ios · AccessID 1500000000 \(authorized here\)/ })).toBeTruthy();

    stub.on(LIST, { body: { sdkAppId: 1400000001, authorizations: [IOS_AUTH, ANDROID_AUTH] } });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: /^Push app/ }), '1500000001');
    await userEvent.click(screen.getByRole('button', { name: 'Authorize' }));
    expect(await screen.findByRole('link', { name: 'Android app 1500000001' })).toBeTruthy();
    expect(stub.callsTo(ADD)[0]?.body).toEqual({ accessId: 1500000001 });
    expect(stub.callsTo(ADD)[0]?.headers.get('X-CSRF-Token')).toBe(ADMIN.csrfToken);
    expect(screen.getByText(/Android app 1500000001 \(Shop\) is authorized; its service mode is IM push only\./)).toBeTruthy();
  });

  it('shows APP_ALREADY_AUTHORIZED with the IM app that holds the push app', async () => {
    const stub = stubFetch({
      ...base([]),
      [ADD]: heraldError(409, 'APP_ALREADY_AUTHORIZED', 'The push app is authorized to another IM app', { accessId: 1500000001, imSdkAppId: 1400000002 }),
    });
    renderWith(<AuthorizationPage sdkAppId={1400000001} />, { stub, session: ADMIN });
    await screen.findByText(/authorized to no push app/);
    await userEvent.selectOptions(screen.getByLabelText(/^Product/), '1');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: /^Push app/ }), '1500000001');
    await userEvent.click(screen.getByRole('button', { name: 'Authorize' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The push app was not authorized.');
    expect(alert.textContent).toContain('APP_ALREADY_AUTHORIZED');
    expect(screen.getByText(/Push app 1500000001 is authorized to IM app 1400000002/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'IM app 1400000002’s authorizations' }).getAttribute('href')).toBe('/console/authorization/1400000002');
  });

  it('removes an authorization after a confirmation, and shows a refusal', async () => {
    const remove = 'DELETE /api/im/apps/1400000001/push-authorizations/1500000000';
    const stub = stubFetch({ ...base(), [remove]: heraldError(404, 'APP_NOT_AUTHORIZED', 'The push app is not authorized to this IM app', { accessId: 1500000000, imSdkAppId: null }) });
    renderWith(<AuthorizationPage sdkAppId={1400000001} />, { stub, session: ADMIN });
    const row = (await screen.findByRole('link', { name: 'iOS app 1500000000' })).closest('tr') as HTMLElement;
    await userEvent.click(within(row).getByRole('button', { name: 'Remove' }));
    expect(within(row).getByText(/its “IM message” plan and statistics stay/)).toBeTruthy();
    await userEvent.click(within(row).getByRole('button', { name: 'Remove authorization' }));
    const alert = await within(row).findByRole('alert');
    expect(alert.textContent).toContain('APP_NOT_AUTHORIZED');
    expect(within(row).getByText(/not authorized to any IM app any more/)).toBeTruthy();

    stub.on(remove, { status: 204 });
    stub.on(LIST, { body: { sdkAppId: 1400000001, authorizations: [] } });
    await userEvent.click(within(row).getByRole('button', { name: 'Remove' }));
    await userEvent.click(within(row).getByRole('button', { name: 'Remove authorization' }));
    expect(await screen.findByText(/authorized to no push app/)).toBeTruthy();
    expect(screen.getByText(/The authorization of iOS app 1500000000 was removed/)).toBeTruthy();
  });

  it('shows a viewer the list without the form or remove buttons', async () => {
    const stub = stubFetch(base());
    renderWith(<AuthorizationPage sdkAppId={1400000001} />, { stub, session: VIEWER });
    await screen.findByRole('link', { name: 'iOS app 1500000000' });
    expect(screen.queryByRole('button')).toBeNull();
    expect(stub.callsTo('GET /api/products')).toHaveLength(0);
  });

  it('shows failed loads with a retry', async () => {
    const stub = stubFetch({ ...base(), [LIST]: heraldError(500, 'INTERNAL', 'Broken') });
    renderWith(<AuthorizationPage sdkAppId={1400000001} />, { stub, session: ADMIN });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The authorizations could not be loaded.');
    stub.on(LIST, { body: { sdkAppId: 1400000001, authorizations: [IOS_AUTH] } });
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'iOS app 1500000000' })).toBeTruthy();
  });

  it('says so for an IM app that does not exist', async () => {
    const stub = stubFetch(base());
    renderWith(<AuthorizationPage sdkAppId={1400000099} />, { stub, session: ADMIN });
    expect((await screen.findByRole('alert')).textContent).toContain('There is no IM app 1400000099');
  });
});
