import { useState, type FormEvent, type ReactNode } from 'react';
import type { AddCertificateInput, ApnsEnvironment, PushCertificateView, PushChannel } from '../api/im-api.ts';
import type { AppView, Platform } from '../api/types.ts';
import { useServices } from '../app/services-context.tsx';
import { check, hasErrors, maxLength, type FieldErrors } from '../validation/rules.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { focusFirstError } from './focus-first-error.ts';
import { channelLabel } from './ImLabels.ts';
import { PLATFORM_LABEL } from './platform-labels.ts';
import { TextField } from './TextField.tsx';

type Field = 'cert-app' | 'cert-channel' | 'cert-environment' | 'cert-name';
const FIELDS: Field[] = ['cert-app', 'cert-channel', 'cert-environment', 'cert-name'];

/** The channels a push app of each platform has credentials for (the server's CHANNELS_BY_PLATFORM). */
export const CHANNELS_FOR: Record<Platform, readonly PushChannel[]> = {
  ios: ['apns'],
  android: ['fcm', 'huawei', 'honor', 'xiaomi', 'oppo', 'vivo', 'meizu', 'webpush'],
  web: ['webpush'],
};

export interface CertificateDraft {
  accessId: string;
  channel: string;
  environment: string;
  voip: boolean;
  name: string;
}

export function validateCertificate(d: CertificateDraft, apps: readonly AppView[]): FieldErrors<Field> {
  const app = apps.find((a) => String(a.accessId) === d.accessId);
  return {
    'cert-app': app === undefined ? 'Choose the push app whose credential the certificate uses.' : undefined,
    'cert-channel': d.channel === '' ? 'Choose a channel.' : app !== undefined && !CHANNELS_FOR[app.platform].includes(d.channel as PushChannel) ? `A ${PLATFORM_LABEL[app.platform]} app has no ${channelLabel(d.channel)} credential.` : undefined,
    'cert-environment': d.channel === 'apns' && d.environment !== 'dev' && d.environment !== 'product' ? 'APNs certificates need an environment.' : undefined,
    'cert-name': check(d.name, maxLength('The name', 100)),
  };
}

export function toAddCertificate(d: CertificateDraft): AddCertificateInput {
  const apns = d.channel === 'apns';
  return {
    accessId: Number(d.accessId),
    channel: d.channel as PushChannel,
    ...(apns ? { environment: d.environment as ApnsEnvironment, voip: d.voip } : {}),
    ...(d.name.trim() === '' ? {} : { name: d.name.trim() }),
  };
}

/** Adds an offline push certificate: a certificate ID for a credential already saved on a push app. */
export function ImCertificateForm({ sdkAppId, apps, onAdded }: { sdkAppId: number; apps: readonly AppView[]; onAdded: (c: PushCertificateView) => void }) {
  const services = useServices();
  const [draft, setDraft] = useState<CertificateDraft>({ accessId: '', channel: '', environment: 'product', voip: false, name: '' });
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const app = apps.find((a) => String(a.accessId) === draft.accessId);
  const channels = app === undefined ? [] : CHANNELS_FOR[app.platform];
  const set = <K extends keyof CertificateDraft>(key: K) => (value: CertificateDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  function chooseApp(accessId: string) {
    const chosen = apps.find((a) => String(a.accessId) === accessId);
    const only = chosen === undefined ? [] : CHANNELS_FOR[chosen.platform];
    setDraft((d) => ({ ...d, accessId, channel: only.length === 1 ? (only[0] as string) : only.includes(d.channel as PushChannel) ? d.channel : '' }));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateCertificate(draft, apps);
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstError(FIELDS, found);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      onAdded(await services.im.addCertificate(sdkAppId, toAddCertificate(draft)));
      setDraft((d) => ({ ...d, name: '', voip: false }));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  if (apps.length === 0) return <p className="empty">No push app yet: create a product with its apps and save a credential first.</p>;
  return (
    <form onSubmit={submit} noValidate className="form" aria-label="Add an offline push certificate">
      <SelectField id="cert-app" label="Push app" value={draft.accessId} onChange={chooseApp} error={errors['cert-app']}>
        <option value="">Choose…</option>
        {apps.map((a) => (
          <option key={a.accessId} value={String(a.accessId)}>
            {PLATFORM_LABEL[a.platform]} · {a.bundleId} · AccessID {a.accessId}
          </option>
        ))}
      </SelectField>
      <SelectField id="cert-channel" label="Channel" value={draft.channel} onChange={set('channel')} error={errors['cert-channel']} hint="The credential must be saved on the push app (Credentials).">
        <option value="">Choose…</option>
        {channels.map((c) => (
          <option key={c} value={c}>
            {channelLabel(c)}
          </option>
        ))}
      </SelectField>
      {draft.channel === 'apns' ? (
        <>
          <SelectField id="cert-environment" label="Environment" value={draft.environment} onChange={set('environment')} error={errors['cert-environment']}>
            <option value="product">Production</option>
            <option value="dev">Development (sandbox)</option>
          </SelectField>
          <div className="checkbox">
            <input id="cert-voip" type="checkbox" checked={draft.voip} onChange={(e) => set('voip')(e.target.checked)} aria-describedby="cert-voip-hint" />
            <label htmlFor="cert-voip">VoIP certificate</label>
          </div>
          <p className="field-hint" id="cert-voip-hint">For PushKit tokens: call invites ring through it; messages never go to a VoIP certificate.</p>
        </>
      ) : null}
      <TextField id="cert-name" label="Name" value={draft.name} onChange={set('name')} error={errors['cert-name']} maxLength={100} hint="A label for this list." />
      {failure === undefined ? null : <ErrorNotice error={failure} title="The certificate was not added." />}
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Adding…' : 'Add certificate'}
        </button>
      </div>
    </form>
  );
}

function SelectField({ id, label, value, onChange, error, hint, children }: {
  id: string; label: string; value: string; onChange: (value: string) => void; error: string | undefined; hint?: string; children: ReactNode;
}) {
  const describedBy = [hint === undefined ? undefined : `${id}-hint`, error === undefined ? undefined : `${id}-error`].filter((x) => x !== undefined).join(' ') || undefined;
  return (
    <div className={error === undefined ? 'field' : 'field field-invalid'}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error === undefined ? undefined : true} aria-describedby={describedBy}>
        {children}
      </select>
      {hint === undefined ? null : <p className="field-hint" id={`${id}-hint`}>{hint}</p>}
      {error === undefined ? null : <p className="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}
