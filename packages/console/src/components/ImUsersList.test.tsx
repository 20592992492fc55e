import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { heraldError, stubFetch, type StubCall } from '../test/fetch-stub.ts';
import { ADMIN, renderWith } from '../test/render.tsx';
import { ImUsersList } from './ImUsersList.tsx';

const ALL = Array.from({ length: 45 }, (_, i) => ({
  userId: `user-${String(i).padStart(2, '0')}`, nickname: i === 0 ? 'Zero' : '', createdAt: 1718000000000,
  devices: i === 0 ? [{ deviceId: 'phone', platform: 'iOS', state: 'Background', stateChangedAt: 1, lastSeenAt: 1 }] : [],
}));

/** The server's paging, on the 45 users above. */
function page(call: StubCall) {
  const prefix = call.query.get('prefix') ?? '';
  const offset = Number(call.query.get('offset'));
  const limit = Number(call.query.get('limit'));
  const matching = ALL.filter((u) => u.userId.startsWith(prefix));
  return { body: { sdkAppId: 1400000001, total: matching.length, prefix, offset, limit, users: matching.slice(offset, offset + limit) } };
}

describe('the IM users list', () => {
  it('pages through the server, shows each device state, and links each user', async () => {
    const stub = stubFetch({ 'GET /api/im/apps/1400000001/users': page });
    renderWith(<ImUsersList sdkAppId={1400000001} />, { stub, session: ADMIN });
    expect(screen.getByRole('status').textContent).toContain('Loading users');
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(21);
    expect(within(table).getByText('Background').textContent).toContain('Background');
    expect(screen.getByRole('link', { name: 'user-00' }).getAttribute('href')).toBe('/console/im-apps/1400000001/users/user-00');
    expect(screen.getByText('Page 1 of 3 (45 in all)')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Page 3 of 3 (45 in all)')).toBeTruthy();
    expect(stub.callsTo('GET /api/im/apps/1400000001/users').map((c) => c.query.get('offset'))).toEqual(['0', '20', '40']);
  });

  it('searches by UserID prefix, checking it first, and says when nothing matches', async () => {
    const stub = stubFetch({ 'GET /api/im/apps/1400000001/users': page });
    renderWith(<ImUsersList sdkAppId={1400000001} />, { stub, session: ADMIN });
    await screen.findByRole('table');
    await userEvent.type(screen.getByLabelText('UserID starts with'), 'café');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(document.getElementById('im-user-search-error')?.textContent).toMatch(/printable ASCII/);
    expect(stub.calls).toHaveLength(1);

    await userEvent.clear(screen.getByLabelText('UserID starts with'));
    await userEvent.type(screen.getByLabelText('UserID starts with'), 'user-4');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    await screen.findByRole('link', { name: 'user-44' });
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(6);
    expect(stub.calls.at(-1)?.query.get('prefix')).toBe('user-4');

    await userEvent.clear(screen.getByLabelText('UserID starts with'));
    await userEvent.type(screen.getByLabelText('UserID starts with'), 'nobody');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('No UserID starts with “nobody”.')).toBeTruthy();
  });

  it('shows a load failure with a retry', async () => {
    const stub = stubFetch({ 'GET /api/im/apps/1400000001/users': heraldError(404, 'IM_APP_UNKNOWN', 'No IM app 1400000001') });
    renderWith(<ImUsersList sdkAppId={1400000001} />, { stub, session: ADMIN });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The users could not be loaded.');
    expect(alert.textContent).toContain('IM_APP_UNKNOWN');
    stub.on('GET /api/im/apps/1400000001/users', { body: { sdkAppId: 1400000001, total: 0, prefix: '', offset: 0, limit: 20, users: [] } });
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText(/^No users yet/)).toBeTruthy();
  });
});
