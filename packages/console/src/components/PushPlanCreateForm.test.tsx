import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { ADMIN, IOS_APP, renderWith } from '../test/render.tsx';
import { PushPlanCreateForm } from './PushPlanCreateForm.tsx';

const PATH = `POST /api/apps/${IOS_APP.accessId}/plans`;
const ZERO = { targeted: 0, sent: 0, arrived: 0, clicked: 0, failed: 0, invalid: 0, expired: 0 };
const CREATED = { planId: '1718000000000042', planName: 'Spring sale', planDescribe: 'Coupons', planPushSource: 'console', createdAt: 1, updatedAt: 1, taskCount: 0, funnel: { channels: [], total: ZERO } };

function errorOf(label: RegExp): string | null {
  const id = screen.getByLabelText(label).getAttribute('aria-describedby')?.split(' ').find((x) => x.endsWith('-error'));
  return id === undefined ? null : (document.getElementById(id)?.textContent ?? null);
}

function renderForm(routes: Parameters<typeof stubFetch>[0] = {}) {
  const stub = stubFetch(routes);
  const onCreated = vi.fn();
  renderWith(<PushPlanCreateForm accessId={IOS_APP.accessId} onCreated={onCreated} onCancel={vi.fn()} />, { stub, session: ADMIN });
  return { stub, onCreated };
}

const submit = () => userEvent.click(screen.getByRole('button', { name: 'Create plan' }));

describe('the create-plan form', () => {
  it('requires a name of at most 60 characters and a description, as add_plan_push does', async () => {
    const { stub } = renderForm();
    await submit();
    expect(errorOf(/^Plan name/)).toBe('The name is required.');
    expect(errorOf(/^Plan description/)).toBe('The description is required.');
    expect(document.activeElement).toBe(screen.getByLabelText(/^Plan name/));
    await userEvent.type(screen.getByLabelText(/^Plan name/), 'n'.repeat(61));
    await userEvent.type(screen.getByLabelText(/^Plan description/), 'Coupons');
    await submit();
    expect(errorOf(/^Plan name/)).toBe('The name must be at most 60 characters.');
    expect(errorOf(/^Plan description/)).toBeNull();
    expect(stub.calls).toHaveLength(0);
  });

  it("shows the server's refusal with its code", async () => {
    const { onCreated } = renderForm({ [PATH]: heraldError(404, 'APP_NOT_FOUND', 'No app 1500000000') });
    await userEvent.type(screen.getByLabelText(/^Plan name/), 'Spring sale');
    await userEvent.type(screen.getByLabelText(/^Plan description/), 'Coupons');
    await submit();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The plan was not created.');
    expect(alert.textContent).toContain('APP_NOT_FOUND');
    expect(onCreated).not.toHaveBeenCalled();
    expect((screen.getByRole('button', { name: 'Create plan' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('posts the name and the description, trimmed, and hands back the plan', async () => {
    const { stub, onCreated } = renderForm({ [PATH]: { status: 201, body: CREATED } });
    await userEvent.type(screen.getByLabelText(/^Plan name/), ' Spring sale ');
    await userEvent.type(screen.getByLabelText(/^Plan description/), 'Coupons');
    await submit();
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledWith(CREATED));
    const [call] = stub.callsTo(PATH);
    expect(call?.body).toEqual({ planName: 'Spring sale', planDescribe: 'Coupons' });
    expect(call?.headers.get('X-CSRF-Token')).toBe(ADMIN.csrfToken);
  });
});
