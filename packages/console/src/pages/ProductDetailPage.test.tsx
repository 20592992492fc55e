import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { ADMIN, ANDROID_APP, IOS_APP, product, renderWith, VIEWER } from '../test/render.tsx';
import { ProductDetailPage } from './ProductDetailPage.tsx';

const SHOP = product(1, 'Shop');
const KEYS = { accessKey: 'A7K2Q9ZX41BM', secretKey: '3f6c0a9e2b7d41c8a5e19f02d4b6c873' };

function appCard(name: RegExp) {
  return screen.getByRole('region', { name });
}

describe('the product page', () => {
  it('shows each app with its AccessID and bundle ID / package name, keys hidden until asked for', async () => {
    const stub = stubFetch({ 'GET /api/products/1': { body: SHOP }, 'GET /api/apps/1500000000': { body: { ...IOS_APP, ...KEYS } } });
    renderWith(<ProductDetailPage productId={1} />, { stub, session: ADMIN });
    expect(await screen.findByRole('heading', { level: 1, name: 'Shop' })).toBeTruthy();
    const ios = appCard(/iOS app/);
    expect(within(ios).getByText('com.shop.ios')).toBeTruthy();
    expect(within(ios).getByText('Bundle ID')).toBeTruthy();
    expect(within(appCard(/Android app/)).getByText('Package name')).toBeTruthy();
    expect(screen.queryByText(KEYS.secretKey)).toBeNull();

    await userEvent.click(within(ios).getByRole('button', { name: 'Show keys' }));
    expect(await within(ios).findByText(KEYS.secretKey)).toBeTruthy();
    expect(within(ios).getByText(KEYS.accessKey)).toBeTruthy();
    expect(stub.callsTo('GET /api/apps/1500000000')[0]?.query.get('reveal')).toBe('1');

    await userEvent.click(within(ios).getByRole('button', { name: 'Hide keys' }));
    expect(screen.queryByText(KEYS.secretKey)).toBeNull();
  });

  it('rotates a key after a confirmation and shows the new one', async () => {
    const rotated = { ...KEYS, secretKey: 'ffffffffffffffffffffffffffffffff' };
    const stub = stubFetch({
      'GET /api/products/1': { body: SHOP },
      'GET /api/apps/1500000001': { body: { ...ANDROID_APP, ...KEYS } },
      'POST /api/apps/1500000001/rotate': { body: { ...ANDROID_APP, ...rotated } },
    });
    renderWith(<ProductDetailPage productId={1} />, { stub, session: ADMIN });
    await screen.findByRole('heading', { level: 1, name: 'Shop' });
    const android = appCard(/Android app/);
    await userEvent.click(within(android).getByRole('button', { name: 'Show keys' }));
    await userEvent.click(await within(android).findByRole('button', { name: 'Rotate SecretKey' }));
    expect(within(android).getByText(/servers calling the push API with it are refused/)).toBeTruthy();
    expect(stub.callsTo('POST /api/apps/1500000001/rotate')).toHaveLength(0);
    const confirm = within(android).getByRole('button', { name: 'Rotate SecretKey now' });
    expect(document.activeElement).toBe(confirm);
    await userEvent.click(confirm);
    expect(await within(android).findByText(rotated.secretKey)).toBeTruthy();
    expect(within(android).getByRole('status').textContent).toBe('SecretKey rotated; the new one is shown above.');
    const [call] = stub.callsTo('POST /api/apps/1500000001/rotate');
    expect(call?.body).toEqual({ key: 'secretKey' });
    expect(call?.headers.get('X-CSRF-Token')).toBe(ADMIN.csrfToken);
  });

  it("shows the server's reason when deleting is refused while an app is authorized", async () => {
    const stub = stubFetch({
      'GET /api/products/1': { body: SHOP },
      'DELETE /api/products/1': heraldError(409, 'PRODUCT_AUTHORIZED', 'The product has an app authorized to an IM app; remove the authorization first', { accessId: 1500000000, imSdkAppId: 1400000001 }),
    });
    renderWith(<ProductDetailPage productId={1} />, { stub, session: ADMIN });
    await screen.findByRole('heading', { level: 1, name: 'Shop' });
    await userEvent.click(screen.getByRole('button', { name: 'Delete product' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete for good' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The product was not deleted.');
    expect(alert.textContent).toContain('remove the authorization first');
    expect(alert.textContent).toContain('PRODUCT_AUTHORIZED');
    expect(screen.getByText(/App 1500000000 is authorized to IM app 1400000001/)).toBeTruthy();
    expect(window.location.pathname).toBe('/console/');
  });

  it('goes back to the list with a notice after deleting', async () => {
    window.history.replaceState(null, '', '/console/products/1');
    const stub = stubFetch({ 'GET /api/products/1': { body: SHOP }, 'DELETE /api/products/1': { status: 204 } });
    renderWith(<ProductDetailPage productId={1} />, { stub, session: ADMIN });
    await screen.findByRole('heading', { level: 1, name: 'Shop' });
    await userEvent.click(screen.getByRole('button', { name: 'Delete product' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete for good' }));
    await expect.poll(() => window.location.pathname).toBe('/console/products');
    expect(window.history.state).toEqual({ flash: 'Product Shop deleted.' });
  });

  it('shows a viewer the keys on request but no rotate or delete', async () => {
    const stub = stubFetch({ 'GET /api/products/1': { body: SHOP }, 'GET /api/apps/1500000000': { body: { ...IOS_APP, ...KEYS } } });
    renderWith(<ProductDetailPage productId={1} />, { stub, session: VIEWER });
    await screen.findByRole('heading', { level: 1, name: 'Shop' });
    const ios = appCard(/iOS app/);
    await userEvent.click(within(ios).getByRole('button', { name: 'Show keys' }));
    await within(ios).findByText(KEYS.secretKey);
    expect(within(ios).queryByRole('button', { name: /Rotate/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete product' })).toBeNull();
  });

  it('says so when the product does not exist, without a pointless retry', async () => {
    const stub = stubFetch({ 'GET /api/products/9': heraldError(404, 'PRODUCT_NOT_FOUND', 'No such product') });
    renderWith(<ProductDetailPage productId={9} />, { stub, session: ADMIN });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('No such product');
    expect(within(alert).queryByRole('button')).toBeNull();
  });
});
