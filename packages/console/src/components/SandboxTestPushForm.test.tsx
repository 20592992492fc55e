import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { SandboxDevice } from '../api/sandbox-api.ts';
import { useServices } from '../app/services-context.tsx';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { ADMIN, renderWith } from '../test/render.tsx';
import { SandboxTestPushForm } from './SandboxTestPushForm.tsx';

const DEVICE: SandboxDevice = {
  id: 'dev-1', name: 'iPhone 1', channel: 'apns', accessId: 1500000000, environment: 'product', vendorToken: 'ab'.repeat(32),
  heraldToken: '0123456789abcdef0123456789abcdef0123', createdAt: '2024-06-10T08:00:00.000Z', received: 0,
};
const SEND = 'POST /api/sandbox/devices/dev-1/test-push';

function errorOf(label: RegExp): string | null {
  const id = screen.getByLabelText(label).getAttribute('aria-describedby')?.split(' ').find((x) => x.endsWith('-error'));
  return id === undefined ? null : (document.getElementById(id)?.textContent ?? null);
}

function Form() {
  return <SandboxTestPushForm api={useServices().sandbox} device={DEVICE} />;
}

const send = () => userEvent.click(screen.getByRole('button', { name: 'Send test push' }));

describe('the test push form', () => {
  it('requires content of at most 4000 characters, and leaves the title optional', async () => {
    const stub = stubFetch();
    renderWith(<Form />, { stub, session: ADMIN });
    await userEvent.type(screen.getByLabelText(/^Title/), 'Hello');
    await userEvent.type(screen.getByLabelText(/^Content/), '   ');
    await send();
    expect(errorOf(/^Title/)).toBeNull();
    expect(errorOf(/^Content/)).toBe('The content is required.');
    expect(document.activeElement).toBe(screen.getByLabelText(/^Content/));

    await userEvent.click(screen.getByLabelText(/^Content/));
    await userEvent.paste('y'.repeat(4001));
    await userEvent.click(screen.getByLabelText(/^Title/));
    await userEvent.paste('t'.repeat(4000));
    await send();
    expect(errorOf(/^Title/)).toBe('The title must be at most 4000 characters.');
    expect(errorOf(/^Content/)).toBe('The content must be at most 4000 characters.');
    expect(document.activeElement).toBe(screen.getByLabelText(/^Title/));
    expect(stub.calls).toHaveLength(0);
  });

  it('sends the push and shows its pushId with a link to the push page', async () => {
    const stub = stubFetch({ [SEND]: { status: 201, body: { pushId: '4711' } } });
    renderWith(<Form />, { stub, session: ADMIN });
    await userEvent.type(screen.getByLabelText(/^Content/), ' Your order shipped ');
    await send();
    const status = await screen.findByText(/Sent as push 4711/);
    expect(status.getAttribute('role')).toBe('status');
    expect(screen.getByRole('link', { name: 'See it in the app’s push tasks' }).getAttribute('href')).toBe('/console/push/1500000000');
    const [call] = stub.callsTo(SEND);
    expect(call?.body).toEqual({ content: 'Your order shipped' });
    expect(call?.headers.get('X-CSRF-Token')).toBe(ADMIN.csrfToken);
    expect(errorOf(/^Content/)).toBeNull();
  });

  it("shows the server's refusal with its code, and sends again once fixed", async () => {
    const stub = stubFetch({ [SEND]: heraldError(404, 'SANDBOX_OFF', 'Sandbox mode is off on this node') });
    renderWith(<Form />, { stub, session: ADMIN });
    await userEvent.type(screen.getByLabelText(/^Title/), 'Sale');
    await userEvent.type(screen.getByLabelText(/^Content/), 'Half price');
    await send();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The test push was not sent.');
    expect(alert.textContent).toContain('Sandbox mode is off on this node');
    expect(alert.textContent).toContain('SANDBOX_OFF');
    expect(screen.queryByText(/Sent as push/)).toBeNull();

    stub.on(SEND, { status: 201, body: { pushId: '4712' } });
    await send();
    expect(await screen.findByText(/Sent as push 4712/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(stub.callsTo(SEND)[1]?.body).toEqual({ title: 'Sale', content: 'Half price' });
  });
});
