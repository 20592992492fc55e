import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { ADMIN, renderWith, VIEWER } from '../test/render.tsx';
import { ImAppsPage } from './ImAppsPage.tsx';

const app = (i: number) => ({ sdkAppId: 1400000000 + i, name: `Chat ${i}`, admins: ['administrator'], autoCreateUsers: i === 1, createdAt: 1718000000000, updatedAt: 1718000000000 });
const many = Array.from({ length: 12 }, (_, i) => app(i + 1));

describe('the IM apps page', () => {
  it('shows loading, then the apps ten to a page, each linking to its page', async () => {
    const stub = stubFetch({ 'GET /api/im/apps': { body: { apps: many } } });
    renderWith(<ImAppsPage />, { stub, session: ADMIN });
    expect(screen.getByRole('status').textContent).toContain('Loading IM apps');
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(11);
    expect(screen.getByRole('link', { name: 'Chat 1' }).getAttribute('href')).toBe('/console/im-apps/1400000001');
    expect(within(table).getByText('accounts at first login')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Page 2 of 2 (12 in all)')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Chat 12' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Create IM app' }).getAttribute('href')).toBe('/console/im-apps/new');
  });

  it('shows a viewer the empty list without a create action', async () => {
    const stub = stubFetch({ 'GET /api/im/apps': { body: { apps: [] } } });
    renderWith(<ImAppsPage />, { stub, session: VIEWER });
    expect(await screen.findByText('No IM apps yet.')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Create IM app' })).toBeNull();
  });

  it('shows a load failure with a retry', async () => {
    const stub = stubFetch({ 'GET /api/im/apps': heraldError(500, 'INTERNAL', 'Internal error') });
    renderWith(<ImAppsPage />, { stub, session: ADMIN });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The IM apps could not be loaded.');
    stub.on('GET /api/im/apps', { body: { apps: [app(3)] } });
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'Chat 3' })).toBeTruthy();
  });
});
