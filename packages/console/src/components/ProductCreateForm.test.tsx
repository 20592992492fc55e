import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { ADMIN, product, renderWith } from '../test/render.tsx';
import { ProductCreateForm } from './ProductCreateForm.tsx';

function errorOf(label: RegExp): string | null {
  const id = screen.getByLabelText(label).getAttribute('aria-describedby')?.split(' ').find((x) => x.endsWith('-error'));
  return id === undefined ? null : (document.getElementById(id)?.textContent ?? null);
}

const submit = () => userEvent.click(screen.getByRole('button', { name: 'Create product' }));

describe('the create-product form', () => {
  it('requires a name and, for each ticked platform, its bundle ID / package name', async () => {
    const stub = stubFetch();
    renderWith(<ProductCreateForm onCreated={vi.fn()} onCancel={vi.fn()} />, { stub, session: ADMIN });
    await submit();
    expect(errorOf(/^Name/)).toBe('Name is required.');
    expect(errorOf(/iOS bundle ID/)).toBe('The iOS bundle ID is required.');
    expect(errorOf(/Android package name/)).toBe('The Android package name is required.');
    expect(document.activeElement).toBe(screen.getByLabelText(/^Name/));
    expect(stub.calls).toHaveLength(0);

    // Unticking a platform drops its field and its rule.
    await userEvent.click(screen.getByLabelText('Android app'));
    expect(screen.queryByLabelText(/Android package name/)).toBeNull();
  });

  it('checks the bundle ID and package name formats and the access point label', async () => {
    const stub = stubFetch();
    renderWith(<ProductCreateForm onCreated={vi.fn()} onCancel={vi.fn()} />, { stub, session: ADMIN });
    await userEvent.type(screen.getByLabelText(/^Name/), 'Shop');
    await userEvent.clear(screen.getByLabelText(/Access point/));
    await userEvent.type(screen.getByLabelText(/Access point/), 'my region');
    await userEvent.type(screen.getByLabelText(/iOS bundle ID/), 'shop_ios');
    await userEvent.type(screen.getByLabelText(/Android package name/), 'com.shop.1android');
    await submit();
    expect(errorOf(/^Name/)).toBeNull();
    expect(errorOf(/Access point/)).toBe('Use 1–64 letters, digits, underscores, periods or hyphens.');
    expect(errorOf(/iOS bundle ID/)).toMatch(/^Use a reverse-DNS bundle ID/);
    expect(errorOf(/Android package name/)).toMatch(/^Use a package name like com\.example\.app/);
    expect(document.activeElement).toBe(screen.getByLabelText(/Access point/));
    expect(stub.calls).toHaveLength(0);
  });

  it("shows the server's refusal with its code and keeps what was typed", async () => {
    const stub = stubFetch({ 'POST /api/products': heraldError(400, 'REQUEST_PARAM_INVALID', 'body.name: must NOT have more than 100 characters') });
    const onCreated = vi.fn();
    renderWith(<ProductCreateForm onCreated={onCreated} onCancel={vi.fn()} />, { stub, session: ADMIN });
    await userEvent.type(screen.getByLabelText(/^Name/), 'Shop');
    await userEvent.type(screen.getByLabelText(/iOS bundle ID/), 'com.shop.ios');
    await userEvent.type(screen.getByLabelText(/Android package name/), 'com.shop.android');
    await submit();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The product was not created.');
    expect(alert.textContent).toContain('body.name: must NOT have more than 100 characters');
    expect(alert.textContent).toContain('REQUEST_PARAM_INVALID');
    expect((screen.getByLabelText(/^Name/) as HTMLInputElement).value).toBe('Shop');
    expect((screen.getByRole('button', { name: 'Create product' }) as HTMLButtonElement).disabled).toBe(false);
    expect(onCreated).not.toHaveBeenCalled();
  });

  it('posts the management API body with an iOS and an Android app, with the CSRF token', async () => {
    const created = product(7, 'Shop');
    const stub = stubFetch({ 'POST /api/products': { status: 201, body: created } });
    const onCreated = vi.fn();
    renderWith(<ProductCreateForm onCreated={onCreated} onCancel={vi.fn()} />, { stub, session: ADMIN });
    await userEvent.type(screen.getByLabelText(/^Name/), ' Shop ');
    await userEvent.type(screen.getByLabelText(/Category/), 'commerce');
    await userEvent.clear(screen.getByLabelText(/Access point/));
    await userEvent.type(screen.getByLabelText(/Access point/), 'singapore');
    await userEvent.type(screen.getByLabelText(/iOS bundle ID/), 'com.shop.ios');
    await userEvent.type(screen.getByLabelText(/Android package name/), 'com.shop.android');
    await submit();
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledWith(created));
    const [call] = stub.callsTo('POST /api/products');
    expect(call?.body).toEqual({
      name: 'Shop', category: 'commerce', accessPoint: 'singapore',
      platforms: [{ platform: 'ios', bundleId: 'com.shop.ios' }, { platform: 'android', bundleId: 'com.shop.android' }],
    });
    expect(call?.headers.get('X-CSRF-Token')).toBe(ADMIN.csrfToken);
  });
});
