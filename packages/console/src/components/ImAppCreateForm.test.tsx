import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { ADMIN, renderWith } from '../test/render.tsx';
import { ImAppCreateForm } from './ImAppCreateForm.tsx';

function errorOf(label: RegExp): string | null {
  const id = screen.getByLabelText(label).getAttribute('aria-describedby')?.split(' ').find((x) => x.endsWith('-error'));
  return id === undefined ? null : (document.getElementById(id)?.textContent ?? null);
}

const submit = () => userEvent.click(screen.getByRole('button', { name: 'Create IM app' }));
const IM_APP = { sdkAppId: 1400000001, name: 'Chat', admins: ['administrator'], autoCreateUsers: true, createdAt: 1718000000000, updatedAt: 1718000000000 };

describe('the create-IM-app form', () => {
  it('requires a name and checks the SDKAppID and the admins before sending', async () => {
    const stub = stubFetch();
    renderWith(<ImAppCreateForm onCreated={vi.fn()} onCancel={vi.fn()} />, { stub, session: ADMIN });
    await submit();
    expect(errorOf(/^Name/)).toBe('Name is required.');
    expect(document.activeElement).toBe(screen.getByLabelText(/^Name/));

    await userEvent.type(screen.getByLabelText(/^Name/), 'Chat');
    await userEvent.type(screen.getByLabelText(/^SDKAppID/), '99999999999');
    await userEvent.type(screen.getByLabelText(/^Admins/), 'ops, café');
    await submit();
    expect(errorOf(/^Name/)).toBeNull();
    expect(errorOf(/^SDKAppID/)).toBe('An SDKAppID is a whole number.');
    expect(errorOf(/^Admins/)).toMatch(/printable ASCII/);
    expect(document.activeElement).toBe(screen.getByLabelText(/^SDKAppID/));
    expect(stub.calls).toHaveLength(0);
  });

  it("shows the server's refusal with its code", async () => {
    const stub = stubFetch({ 'POST /api/im/apps': heraldError(409, 'IM_APP_EXISTS', 'SDKAppID 1400000001 is taken') });
    renderWith(<ImAppCreateForm onCreated={vi.fn()} onCancel={vi.fn()} />, { stub, session: ADMIN });
    await userEvent.type(screen.getByLabelText(/^Name/), 'Chat');
    await userEvent.type(screen.getByLabelText(/^SDKAppID/), '1400000001');
    await submit();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The IM app was not created.');
    expect(alert.textContent).toContain('SDKAppID 1400000001 is taken');
    expect(alert.textContent).toContain('IM_APP_EXISTS');
  });

  it('posts the name, SDKAppID, admins and auto-creation, with the CSRF token', async () => {
    const stub = stubFetch({ 'POST /api/im/apps': { status: 201, body: IM_APP } });
    const onCreated = vi.fn();
    renderWith(<ImAppCreateForm onCreated={onCreated} onCancel={vi.fn()} />, { stub, session: ADMIN });
    await userEvent.type(screen.getByLabelText(/^Name/), ' Chat ');
    await userEvent.type(screen.getByLabelText(/^SDKAppID/), '1400000001');
    await userEvent.type(screen.getByLabelText(/^Admins/), 'administrator, ops');
    await userEvent.click(screen.getByLabelText('Create accounts at first login'));
    await submit();
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledWith(IM_APP));
    const [call] = stub.callsTo('POST /api/im/apps');
    expect(call?.body).toEqual({ name: 'Chat', sdkAppId: 1400000001, admins: ['administrator', 'ops'], autoCreateUsers: true });
    expect(call?.headers.get('X-CSRF-Token')).toBe(ADMIN.csrfToken);
  });
});
