import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { ADMIN, IOS_APP, product, renderWith } from '../test/render.tsx';
import { CREDENTIAL_APPS_PAGE_SIZE, CredentialsPage } from './CredentialsPage.tsx';

describe('the credentials section', () => {
  it('lists every app with a link to its credentials', async () => {
    const stub = stubFetch({ 'GET /api/products': { body: { products: [product(1, 'Shop')] } } });
    renderWith(<CredentialsPage />, { stub, session: ADMIN });
    const link = await screen.findByRole('link', { name: 'iOS app 1500000000' });
    expect(link.getAttribute('href')).toBe('/console/credentials/1500000000');
    expect(screen.getByRole('link', { name: 'Android app 1500000001' })).toBeTruthy();
    expect(screen.getAllByText('Shop')).toHaveLength(2);
  });

  it('says there are no apps yet', async () => {
    const stub = stubFetch({ 'GET /api/products': { body: { products: [] } } });
    renderWith(<CredentialsPage />, { stub, session: ADMIN });
    expect(await screen.findByText(/No apps yet/)).toBeTruthy();
  });

  it('pages a long list', async () => {
    const many = Array.from({ length: CREDENTIAL_APPS_PAGE_SIZE + 2 }, (_, i) => product(i + 1, `P${i + 1}`, [{ ...IOS_APP, accessId: 1500000100 + i, productId: i + 1 }]));
    const stub = stubFetch({ 'GET /api/products': { body: { products: many } } });
    renderWith(<CredentialsPage />, { stub, session: ADMIN });
    await screen.findByRole('link', { name: 'iOS app 1500000100' });
    expect(screen.queryByRole('link', { name: 'iOS app 1500000116' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByRole('link', { name: 'iOS app 1500000116' })).toBeTruthy();
  });

  it('shows a failed load with a retry', async () => {
    const stub = stubFetch({ 'GET /api/products': heraldError(503, 'STORE_UNAVAILABLE', 'The store is down') });
    renderWith(<CredentialsPage />, { stub, session: ADMIN });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The apps could not be loaded.');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
