import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { heraldError, stubFetch, type StubRoute } from '../test/fetch-stub.ts';
import { ADMIN, product } from '../test/render.tsx';
import { App } from './App.tsx';
import { createServices } from './services.ts';

function start(routes: Record<string, StubRoute>, path = '/console/') {
  window.history.replaceState(null, '', path);
  const stub = stubFetch(routes);
  render(<App services={createServices({ fetch: stub.fetch })} />);
  return stub;
}

const NO_SETUP = { 'GET /console/api/setup': { body: { needed: false } } };

describe('the console app', () => {
  it('opens on the first-admin setup while the server has none, whatever the URL, then asks to sign in with it', async () => {
    const stub = start({ 'GET /console/api/setup': { body: { needed: true } }, 'POST /console/api/setup': { status: 201, body: { username: 'root', role: 'admin' } } }, '/console/products');
    expect(await screen.findByRole('heading', { name: 'Create the first admin' })).toBeTruthy();
    expect(stub.callsTo('GET /console/api/session')).toHaveLength(0);
    await userEvent.type(screen.getByLabelText(/Setup token/), 'tok');
    await userEvent.type(screen.getByLabelText(/^Username/), 'root');
    await userEvent.type(screen.getByLabelText(/^Password/), 'a long enough password');
    await userEvent.type(screen.getByLabelText(/Repeat the password/), 'a long enough password{Enter}');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Admin root created. Sign in with it.');
    expect((screen.getByLabelText(/Username/) as HTMLInputElement).value).toBe('root');
  });

  it('shows sign-in without a session, then the page the URL names', async () => {
    const stub = start(
      {
        ...NO_SETUP,
        'GET /console/api/session': heraldError(401, 'CONSOLE_SESSION_REQUIRED', 'Sign in first'),
        'POST /console/api/session': { body: ADMIN },
        'GET /api/products/4': { body: product(4, 'Deep link') },
      },
      '/console/products/4',
    );
    await userEvent.type(await screen.findByLabelText(/Username/), 'root');
    await userEvent.type(screen.getByLabelText(/Password/), 'a long enough password{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Deep link' })).toBeTruthy();
    expect(screen.getByText(ADMIN.username)).toBeTruthy();
    expect(stub.unexpected).toEqual([]);
  });

  it('goes straight to the products with a session, and navigates the sections in place', async () => {
    const stub = start({ ...NO_SETUP, 'GET /console/api/session': { body: ADMIN }, 'GET /api/products': { body: { products: [product(1, 'Shop')] } } });
    expect(await screen.findByRole('link', { name: 'Shop' })).toBeTruthy();
    expect(window.location.pathname).toBe('/console/products');
    const nav = screen.getByRole('navigation', { name: 'Sections' });
    expect(within(nav).getByRole('link', { name: 'Products & apps' }).getAttribute('aria-current')).toBe('page');

    await userEvent.click(within(nav).getByRole('link', { name: /Credentials/ }));
    expect(window.location.pathname).toBe('/console/credentials');
    const heading = screen.getByRole('heading', { level: 1, name: 'Credentials' });
    expect(document.activeElement).toBe(heading);
    expect(await screen.findByRole('link', { name: 'iOS app 1500000000' })).toBeTruthy();
    expect(document.title).toBe('Credentials · Herald console');

    window.history.back();
    expect(await screen.findByRole('heading', { level: 1, name: 'Products & apps' })).toBeTruthy();
    expect(stub.unexpected).toEqual([]);
  });

  it('returns to sign-in, on the same page, when a call finds the session gone', async () => {
    const stub = start({ ...NO_SETUP, 'GET /console/api/session': { body: ADMIN }, 'GET /api/products': heraldError(401, 'AUTH_ADMIN_REQUIRED', 'Admin authentication required') }, '/console/products');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Your session has ended. Sign in again to continue.');
    expect(window.location.pathname).toBe('/console/products');

    stub.on('POST /console/api/session', { body: { ...ADMIN, csrfToken: 'csrf-2' } });
    stub.on('GET /api/products', { body: { products: [] } });
    await userEvent.type(screen.getByLabelText(/Username/), 'root');
    await userEvent.type(screen.getByLabelText(/Password/), 'a long enough password{Enter}');
    expect(await screen.findByText(/No products yet/)).toBeTruthy();
  });

  it('signs out with the CSRF token of the session and forgets it', async () => {
    const stub = start({ ...NO_SETUP, 'GET /console/api/session': { body: ADMIN }, 'GET /api/products': { body: { products: [] } }, 'DELETE /console/api/session': { status: 204 } });
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('You have signed out.');
    expect(stub.callsTo('DELETE /console/api/session')[0]?.headers.get('X-CSRF-Token')).toBe(ADMIN.csrfToken);
  });

  it('says when the console API cannot be reached, and tries again on request', async () => {
    const stub = start({ 'GET /console/api/setup': heraldError(404, 'ROUTE_NOT_FOUND', 'No route for GET /console/api/setup') });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("The console could not reach the server's console API.");
    expect(alert.textContent).toContain('ROUTE_NOT_FOUND');
    stub.on('GET /console/api/setup', { body: { needed: true } });
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Create the first admin' })).toBeTruthy();
  });

  it('has a page for unknown paths and sends a viewer away from create', async () => {
    start({ ...NO_SETUP, 'GET /console/api/session': { body: { username: 'watcher', role: 'viewer', csrfToken: 'c' } } }, '/console/nothing/here');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy();
    window.history.pushState(null, '', '/console/products/new');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Read-only account' })).toBeTruthy();
  });
});
