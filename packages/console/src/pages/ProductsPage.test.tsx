import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { ADMIN, IOS_APP, product, renderWith, VIEWER } from '../test/render.tsx';
import { ProductsPage } from './ProductsPage.tsx';

const many = Array.from({ length: 23 }, (_, i) => product(i + 1, `Product ${i + 1}`, [{ ...IOS_APP, accessId: 1500000000 + i, productId: i + 1 }]));

describe('the products page', () => {
  it('shows loading, then the products with their apps, ten to a page', async () => {
    const stub = stubFetch({ 'GET /api/products': { body: { products: many } } });
    renderWith(<ProductsPage />, { stub, session: ADMIN });
    expect(screen.getByRole('status').textContent).toContain('Loading products');
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(11);
    expect(within(table).getByText('Product 1')).toBeTruthy();
    expect(within(table).getByText('AccessID 1500000000')).toBeTruthy();
    expect(screen.getByText('Page 1 of 3 (23 in all)')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Previous' }) as HTMLButtonElement).disabled).toBe(true);

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Page 3 of 3 (23 in all)')).toBeTruthy();
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(4);
    expect(screen.getByText('Product 23')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true);
    // A link, with the real address, for each product.
    expect(screen.getByRole('link', { name: 'Product 23' }).getAttribute('href')).toBe('/console/products/23');
  });

  it('offers creating a product to admins only', async () => {
    const stub = stubFetch({ 'GET /api/products': { body: { products: [] } } });
    renderWith(<ProductsPage />, { stub, session: ADMIN });
    expect(await screen.findByText(/No products yet/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Create product' }).getAttribute('href')).toBe('/console/products/new');
  });

  it('shows a viewer no create action', async () => {
    const stub = stubFetch({ 'GET /api/products': { body: { products: [] } } });
    renderWith(<ProductsPage />, { stub, session: VIEWER });
    expect(await screen.findByText('No products yet.')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Create product' })).toBeNull();
  });

  it('shows a load failure with a retry that loads again', async () => {
    const stub = stubFetch({ 'GET /api/products': heraldError(500, 'INTERNAL', 'Internal error') });
    renderWith(<ProductsPage />, { stub, session: ADMIN });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The products could not be loaded.');
    stub.on('GET /api/products', { body: { products: many.slice(0, 2) } });
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Product 2')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
