import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { ADMIN, ANDROID_APP, IOS_APP, renderWith } from '../test/render.tsx';
import type { AppView } from '../api/types.ts';
import { ImCertificateForm } from './ImCertificateForm.tsx';

const APPS = [IOS_APP, ANDROID_APP] as unknown as AppView[];
const submit = () => userEvent.click(screen.getByRole('button', { name: 'Add certificate' }));
const CERT = { businessID: 1, sdkAppId: 1400000001, accessId: IOS_APP.accessId, channel: 'apns', environment: 'dev', voip: true, name: 'VoIP dev', createdAt: 1, credential: { kind: 'p8', status: 'ok' } };

describe('the offline push certificate form', () => {
  it('needs a push app and a channel, and offers only the channels of the app’s platform', async () => {
    const stub = stubFetch();
    renderWith(<ImCertificateForm sdkAppId={1400000001} apps={APPS} onAdded={vi.fn()} />, { stub, session: ADMIN });
    await submit();
    expect(document.getElementById('cert-app-error')?.textContent).toMatch(/^Choose the push app/);
    expect(document.getElementById('cert-channel-error')?.textContent).toBe('Choose a channel.');
    expect(document.activeElement).toBe(screen.getByLabelText('Push app'));

    await userEvent.selectOptions(screen.getByLabelText('Push app'), String(ANDROID_APP.accessId));
    const channels = [...(screen.getByLabelText('Channel') as HTMLSelectElement).options].map((o) => o.value).filter((v) => v !== '');
    expect(channels).toEqual(['fcm', 'huawei', 'honor', 'xiaomi', 'oppo', 'vivo', 'meizu', 'webpush']);
    expect(screen.queryByLabelText('Environment')).toBeNull();
    expect(stub.calls).toHaveLength(0);
  });

  it('posts an APNs VoIP certificate with its environment and shows it was added', async () => {
    const stub = stubFetch({ 'POST /api/im/apps/1400000001/push-certificates': { status: 201, body: CERT } });
    const onAdded = vi.fn();
    renderWith(<ImCertificateForm sdkAppId={1400000001} apps={APPS} onAdded={onAdded} />, { stub, session: ADMIN });
    await userEvent.selectOptions(screen.getByLabelText('Push app'), String(IOS_APP.accessId));
    expect((screen.getByLabelText('Channel') as HTMLSelectElement).value).toBe('apns');
    await userEvent.selectOptions(screen.getByLabelText('Environment'), 'dev');
    await userEvent.click(screen.getByLabelText('VoIP certificate'));
    await userEvent.type(screen.getByLabelText(/^Name/), 'VoIP dev');
    await submit();
    await vi.waitFor(() => expect(onAdded).toHaveBeenCalledWith(CERT));
    expect(stub.callsTo('POST /api/im/apps/1400000001/push-certificates')[0]?.body).toEqual({ accessId: IOS_APP.accessId, channel: 'apns', environment: 'dev', voip: true, name: 'VoIP dev' });
  });

  it("shows the server's refusal, e.g. a credential the push app does not have", async () => {
    const stub = stubFetch({ 'POST /api/im/apps/1400000001/push-certificates': heraldError(404, 'CREDENTIAL_NOT_FOUND', 'No credential configured for this channel and environment') });
    renderWith(<ImCertificateForm sdkAppId={1400000001} apps={APPS} onAdded={vi.fn()} />, { stub, session: ADMIN });
    await userEvent.selectOptions(screen.getByLabelText('Push app'), String(ANDROID_APP.accessId));
    await userEvent.selectOptions(screen.getByLabelText('Channel'), 'fcm');
    await submit();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The certificate was not added.');
    expect(alert.textContent).toContain('CREDENTIAL_NOT_FOUND');
    expect(stub.callsTo('POST /api/im/apps/1400000001/push-certificates')[0]?.body).toEqual({ accessId: ANDROID_APP.accessId, channel: 'fcm' });
  });
});
