import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { PushTask } from '../api/push-api.ts';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { ADMIN, renderWith, VIEWER } from '../test/render.tsx';
import { PushTaskList } from './PushTaskList.tsx';

const ACCESS_ID = 1500000000;
const LIST = `GET /api/apps/${ACCESS_ID}/pushes`;
const ZERO = { targeted: 0, sent: 0, arrived: 0, clicked: 0, failed: 0, invalid: 0, expired: 0 };

function task(pushId: string, status: string, extra: Partial<PushTask> = {}): PushTask {
  return {
    pushId, planId: `default_${ACCESS_ID}`, status, audienceType: 'token_list', targets: ['tok-1'], targetCount: 1, uploadId: null,
    messageType: 'notify', environment: 'product', title: `Push ${pushId}`, content: 'Hello', sendAt: 1718000000000, expireAt: 1718086400000,
    createdAt: 1718000000000, startedAt: null, finishedAt: null, funnel: { channels: [], total: ZERO }, ...extra,
  };
}

const sentOne = { channels: [{ channel: 'apns', ...ZERO, targeted: 1, sent: 1, arrived: 1 }], total: { ...ZERO, targeted: 1, sent: 1, arrived: 1 } };

describe('the task list', () => {
  it('shows loading, then each task with its status and its funnel per channel, paged by the server', async () => {
    const stub = stubFetch({ [LIST]: { body: { total: 12, offset: 0, limit: 10, pushes: [task('2', 'PUSH_FINISHED', { funnel: sentOne }), task('1', 'PUSH_WAIT')] } } });
    renderWith(<PushTaskList accessId={ACCESS_ID} />, { stub, session: ADMIN });
    expect(screen.getByRole('status').textContent).toContain('Loading tasks');
    const finished = await screen.findByRole('listitem', { name: /Push 2/ });
    expect(within(finished).getByText('Finished')).toBeTruthy();
    const funnel = within(finished).getByRole('table');
    const apns = within(funnel).getByRole('row', { name: /APNs/ });
    expect(within(apns).getAllByRole('cell').map((c) => c.textContent)).toEqual(['1', '1', '1', '0', '0', '0', '0']);
    expect(within(finished).queryByRole('button', { name: /Cancel push|Stop push/ })).toBeNull();
    const waiting = screen.getByRole('listitem', { name: /Push 1/ });
    expect(within(waiting).getByText('No deliveries yet.')).toBeTruthy();
    expect(screen.getByText('Page 1 of 2 (12 in all)')).toBeTruthy();
    expect(stub.callsTo(LIST)[0]?.query.get('limit')).toBe('10');

    stub.on(LIST, { body: { total: 12, offset: 10, limit: 10, pushes: [task('0', 'PUSH_CANCELED')] } });
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Cancelled')).toBeTruthy();
    expect(stub.callsTo(LIST)[1]?.query.get('offset')).toBe('10');
  });

  it('cancels a scheduled task after confirming, and shows a refusal with its code', async () => {
    const stub = stubFetch({
      [LIST]: { body: { total: 1, offset: 0, limit: 10, pushes: [task('1', 'PUSH_WAIT')] } },
      [`POST /api/apps/${ACCESS_ID}/pushes/1/cancel`]: { body: task('1', 'PUSH_CANCELED') },
      [`POST /api/apps/${ACCESS_ID}/pushes/1/stop`]: heraldError(409, 'PUSH_TASK_STATE', 'pushId: task 1 is PUSH_FINISHED; only waiting or running tasks can be stopped'),
    });
    renderWith(<PushTaskList accessId={ACCESS_ID} />, { stub, session: ADMIN });
    const item = await screen.findByRole('listitem', { name: /Push 1/ });
    await userEvent.click(within(item).getByRole('button', { name: 'Stop push' }));
    await userEvent.click(within(item).getByRole('button', { name: 'Stop it' }));
    const alert = await within(item).findByRole('alert');
    expect(alert.textContent).toContain('PUSH_TASK_STATE');
    expect(alert.textContent).toContain('only waiting or running tasks can be stopped');

    await userEvent.click(within(item).getByRole('button', { name: 'Cancel push' }));
    await userEvent.click(within(item).getByRole('button', { name: 'Cancel it' }));
    expect(await within(item).findByText('Cancelled')).toBeTruthy();
    expect(within(item).queryByRole('button', { name: /Cancel push|Stop push/ })).toBeNull();
    expect(stub.callsTo(`POST /api/apps/${ACCESS_ID}/pushes/1/cancel`)[0]?.headers.get('X-CSRF-Token')).toBe(ADMIN.csrfToken);
  });

  it('shows a viewer no cancel or stop', async () => {
    const stub = stubFetch({ [LIST]: { body: { total: 1, offset: 0, limit: 10, pushes: [task('1', 'PUSH_STARTED')] } } });
    renderWith(<PushTaskList accessId={ACCESS_ID} />, { stub, session: VIEWER });
    await screen.findByText('Sending');
    expect(screen.queryByRole('button', { name: /Cancel push|Stop push/ })).toBeNull();
  });

  it('says when there are no pushes, and offers a retry after a load failure', async () => {
    const stub = stubFetch({ [LIST]: heraldError(404, 'APP_NOT_FOUND', 'App not found') });
    renderWith(<PushTaskList accessId={ACCESS_ID} />, { stub, session: ADMIN });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The tasks could not be loaded.');
    expect(alert.textContent).toContain('APP_NOT_FOUND');
    stub.on(LIST, { body: { total: 0, offset: 0, limit: 10, pushes: [] } });
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No pushes yet.')).toBeTruthy();
  });
});
