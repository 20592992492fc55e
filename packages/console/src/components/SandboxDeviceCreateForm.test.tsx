import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxChannel, SandboxDevice } from '../api/sandbox-api.ts';
import type { AppView } from '../api/types.ts';
import { useServices } from '../app/services-context.tsx';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { ADMIN, ANDROID_APP, IOS_APP, renderWith } from '../test/render.tsx';
import { SandboxDeviceCreateForm } from './SandboxDeviceCreateForm.tsx';

const CREATE = 'POST /api/sandbox/devices';
const ANDROID_CHANNELS: SandboxChannel[] = ['fcm', 'huawei', 'xiaomi'];
const DEVICE: SandboxDevice = {
  id: 'dev-1', name: 'Pixel', channel: 'huawei', accessId: ANDROID_APP.accessId, vendorToken: 'hw-token-0001', heraldToken: '0123456789abcdef0123456789abcdef0123',
  createdAt: '2024-06-10T08:00:00.000Z', received: 0,
};

function errorOf(label: RegExp): string | null {
  const id = screen.getByLabelText(label).getAttribute('aria-describedby')?.split(' ').find((x) => x.endsWith('-error'));
  return id === undefined ? null : (document.getElementById(id)?.textContent ?? null);
}

function Form({ app, channels, onCreated }: { app: AppView; channels: SandboxChannel[]; onCreated: (d: SandboxDevice) => void }) {
  return <SandboxDeviceCreateForm api={useServices().sandbox} app={app} channels={channels} onCreated={onCreated} />;
}

const submit = () => userEvent.click(screen.getByRole('button', { name: 'Add virtual device' }));

describe('the add-virtual-device form', () => {
  it('asks for a channel and checks the name inline before sending anything', async () => {
    const stub = stubFetch();
    renderWith(<Form app={ANDROID_APP} channels={ANDROID_CHANNELS} onCreated={vi.fn()} />, { stub, session: ADMIN });
    expect(screen.getByRole('form', { name: 'Add a virtual device' })).toBeTruthy();
    await userEvent.type(screen.getByLabelText(/^Device name/), 'x'.repeat(65));
    await submit();
    expect(errorOf(/^Channel/)).toBe('Choose a channel.');
    expect(errorOf(/^Device name/)).toBe('A name is at most 64 characters.');
    expect(screen.getByLabelText(/^Channel/).getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(screen.getByLabelText(/^Channel/));
    expect(screen.queryByRole('group', { name: 'APNs environment' })).toBeNull();

    await userEvent.selectOptions(screen.getByLabelText(/^Channel/), 'Huawei');
    await submit();
    expect(errorOf(/^Channel/)).toBeNull();
    expect(document.activeElement).toBe(screen.getByLabelText(/^Device name/));
    expect(stub.calls).toHaveLength(0);
  });

  it('posts the app, channel and trimmed name, and hands back the new device', async () => {
    const stub = stubFetch({ [CREATE]: { status: 201, body: DEVICE } });
    const onCreated = vi.fn();
    renderWith(<Form app={ANDROID_APP} channels={ANDROID_CHANNELS} onCreated={onCreated} />, { stub, session: ADMIN });
    await userEvent.selectOptions(screen.getByLabelText(/^Channel/), 'Huawei');
    await userEvent.type(screen.getByLabelText(/^Device name/), '  Pixel ');
    await submit();
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledWith(DEVICE));
    const [call] = stub.callsTo(CREATE);
    expect(call?.body).toEqual({ accessId: ANDROID_APP.accessId, channel: 'huawei', name: 'Pixel' });
    expect(call?.headers.get('X-CSRF-Token')).toBe(ADMIN.csrfToken);
    expect((screen.getByLabelText(/^Device name/) as HTMLInputElement).value).toBe('');
  });

  it('takes the APNs environment for an iOS app, whose one channel is chosen already', async () => {
    const stub = stubFetch({ [CREATE]: { status: 201, body: { ...DEVICE, channel: 'apns', environment: 'dev' } } });
    renderWith(<Form app={IOS_APP} channels={['apns']} onCreated={vi.fn()} />, { stub, session: ADMIN });
    expect((screen.getByLabelText(/^Channel/) as HTMLSelectElement).value).toBe('apns');
    const environment = screen.getByRole('group', { name: 'APNs environment' });
    expect((screen.getByLabelText('Production') as HTMLInputElement).checked).toBe(true);
    await userEvent.click(screen.getByLabelText('Development'));
    expect(environment).toBeTruthy();
    await submit();
    await vi.waitFor(() => expect(stub.callsTo(CREATE)).toHaveLength(1));
    expect(stub.callsTo(CREATE)[0]?.body).toEqual({ accessId: IOS_APP.accessId, channel: 'apns', environment: 'dev' });
  });

  it("shows the server's refusal with its code", async () => {
    const stub = stubFetch({ [CREATE]: heraldError(400, 'SANDBOX_APP_UNFIT', 'The app has no package name') });
    const onCreated = vi.fn();
    renderWith(<Form app={ANDROID_APP} channels={ANDROID_CHANNELS} onCreated={onCreated} />, { stub, session: ADMIN });
    await userEvent.selectOptions(screen.getByLabelText(/^Channel/), 'FCM');
    await submit();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The virtual device was not added.');
    expect(alert.textContent).toContain('The app has no package name');
    expect(alert.textContent).toContain('SANDBOX_APP_UNFIT');
    expect(onCreated).not.toHaveBeenCalled();
    expect((screen.getByRole('button', { name: 'Add virtual device' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
