import { useState, type FormEvent } from 'react';
import type { ApnsEnvironment, CreateSandboxDeviceInput, SandboxApi, SandboxChannel, SandboxDevice } from '../api/sandbox-api.ts';
import type { AppView } from '../api/types.ts';
import { hasErrors, type FieldErrors } from '../validation/rules.ts';
import { AuthorizationSelectField } from './AuthorizationSelectField.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { focusFirstError } from './focus-first-error.ts';
import { PLATFORM_LABEL } from './platform-labels.ts';
import { ENVIRONMENT_LABEL, sandboxChannelLabel } from './sandbox-labels.ts';
import { TextField } from './TextField.tsx';

type Field = 'sandbox-device-channel' | 'sandbox-device-name';
const FIELDS: Field[] = ['sandbox-device-channel', 'sandbox-device-name'];
export const DEVICE_NAME_MAX = 64;

export interface DeviceDraft {
  channel: string;
  name: string;
  environment: ApnsEnvironment;
}

export function validateDevice(d: DeviceDraft, channels: readonly SandboxChannel[]): FieldErrors<Field> {
  const name = d.name.trim();
  return {
    'sandbox-device-channel': d.channel === '' ? 'Choose a channel.' : channels.includes(d.channel as SandboxChannel) ? undefined : 'This app cannot use that channel.',
    'sandbox-device-name':
      name.length > DEVICE_NAME_MAX
        ? `A name is at most ${DEVICE_NAME_MAX} characters.`
        : /[\u0000-\u001f\u007f]/.test(name)
          ? 'A name cannot hold control characters.'
          : undefined,
  };
}

export function toCreateDevice(d: DeviceDraft, accessId: number): CreateSandboxDeviceInput {
  const name = d.name.trim();
  const channel = d.channel as SandboxChannel;
  return { accessId, channel, ...(name === '' ? {} : { name }), ...(channel === 'apns' ? { environment: d.environment } : {}) };
}

/**
 * Adds a virtual device to an app (POST /api/sandbox/devices): the emulator gives it a vendor token for the app's
 * bundle ID or package name, and it registers with Herald as the push SDK would.
 */
export function SandboxDeviceCreateForm({ api, app, channels, onCreated }: { api: SandboxApi; app: AppView; channels: readonly SandboxChannel[]; onCreated: (device: SandboxDevice) => void }) {
  const [draft, setDraft] = useState<DeviceDraft>({ channel: channels.length === 1 ? (channels[0] as string) : '', name: '', environment: 'product' });
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof DeviceDraft>(key: K) => (value: DeviceDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateDevice(draft, channels);
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstError(FIELDS, found);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      const device = await api.createDevice(toCreateDevice(draft, app.accessId));
      setDraft((d) => ({ ...d, name: '' }));
      onCreated(device);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="sandbox-add-title" className="sandbox-section">
      <h2 id="sandbox-add-title">Add a virtual device</h2>
      {channels.length === 0 ? (
        <p className="empty">Sandbox mode runs no emulator for {PLATFORM_LABEL[app.platform]} apps on this node.</p>
      ) : (
        <form onSubmit={submit} noValidate className="form sandbox-device-form" aria-labelledby="sandbox-add-title">
          <div className="form-row">
            <AuthorizationSelectField
              id="sandbox-device-channel" label="Channel" value={draft.channel} onChange={set('channel')} error={errors['sandbox-device-channel']} required
              hint="The vendor whose emulator the device gets its token from."
            >
              {channels.length === 1 ? null : <option value="">Choose a channel</option>}
              {channels.map((c) => (
                <option key={c} value={c}>{sandboxChannelLabel(c)}</option>
              ))}
            </AuthorizationSelectField>
            <TextField
              id="sandbox-device-name" label="Device name" value={draft.name} onChange={set('name')} error={errors['sandbox-device-name']}
              autoComplete="off" placeholder={app.platform === 'ios' ? 'iPhone 1' : 'Phone 1'} hint="Optional; the sandbox names it when left empty."
            />
          </div>
          {draft.channel === 'apns' ? (
            <fieldset className="sandbox-environment">
              <legend>APNs environment</legend>
              {(['product', 'dev'] as const).map((env) => (
                <div className="checkbox" key={env}>
                  <input type="radio" id={`sandbox-device-env-${env}`} name="sandbox-device-env" value={env} checked={draft.environment === env} onChange={() => set('environment')(env)} />
                  <label htmlFor={`sandbox-device-env-${env}`}>{ENVIRONMENT_LABEL[env]}</label>
                </div>
              ))}
              <p className="field-hint">A development token is pushed with the credential in the app’s development slot, a production one with the production slot.</p>
            </fieldset>
          ) : null}
          {failure === undefined ? null : <ErrorNotice error={failure} title="The virtual device was not added." />}
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              {busy ? 'Adding…' : 'Add virtual device'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
