import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/api-error.ts';
import type { ApnsEnvironment, ApnsUpload, CredentialsApi, CredentialView } from '../api/credentials-api.ts';
import { check, hasErrors, required, type FieldErrors } from '../validation/rules.ts';
import { appleId, p8Key } from './credential-rules.ts';
import { CredentialFileInput } from './CredentialFileInput.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { focusFirstError } from './focus-first-error.ts';
import { TextAreaField } from './TextAreaField.tsx';
import { TextField } from './TextField.tsx';

type Kind = 'p8' | 'p12';

interface Draft {
  kind: Kind;
  keyId: string;
  teamId: string;
  key: string;
  p12: string;
  p12Name: string;
  password: string;
}

const EMPTY: Draft = { kind: 'p8', keyId: '', teamId: '', key: '', p12: '', p12Name: '', password: '' };

export function validateApnsDraft(d: Draft, prefix: string): FieldErrors<string> {
  if (d.kind === 'p8') {
    return {
      [`${prefix}-key-id`]: check(d.keyId, required('The Key ID'), appleId('The Key ID')),
      [`${prefix}-team-id`]: check(d.teamId, required('The Team ID'), appleId('The Team ID')),
      [`${prefix}-key`]: check(d.key, required('The .p8 key (pick the file or paste it)'), p8Key),
    };
  }
  return { [`${prefix}-p12-file`]: d.p12 === '' ? 'Pick the .p12 file exported from Keychain Access.' : undefined };
}

function toUpload(d: Draft, voip: boolean): ApnsUpload {
  if (d.kind === 'p8') return { kind: 'p8', keyId: d.keyId.trim(), teamId: d.teamId.trim(), key: d.key.trim() };
  return { kind: 'p12', p12: d.p12, password: d.password, ...(voip ? { slot: 'voip' as const } : {}) };
}

/**
 * Uploads a `.p8` key (Key ID, Team ID, the key file read in the browser or pasted) or a `.p12` certificate (the
 * file as base64, its password) into an environment slot; `voip` uploads the VoIP Services `.p12` beside it.
 */
export function CredentialApnsForm({
  api, accessId, environment, voip = false, onSaved, onCancel,
}: { api: CredentialsApi; accessId: number; environment: ApnsEnvironment; voip?: boolean; onSaved: (view: CredentialView) => void; onCancel?: () => void }) {
  const prefix = `apns-${environment}${voip ? '-voip' : ''}`;
  const [draft, setDraft] = useState<Draft>(voip ? { ...EMPTY, kind: 'p12' } : EMPTY);
  const [errors, setErrors] = useState<FieldErrors<string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const fieldIds = [`${prefix}-key-id`, `${prefix}-team-id`, `${prefix}-key`, `${prefix}-p12-file`];

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateApnsDraft(draft, prefix);
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstError(fieldIds, found);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      onSaved(await api.putApns(accessId, environment, toUpload(draft, voip)));
      setDraft(voip ? { ...EMPTY, kind: 'p12' } : EMPTY);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  function loadP8(content: string, fileName: string) {
    // Apple names the file AuthKey_<Key ID>.p8: the Key ID can be taken from it.
    const fromName = /^AuthKey_([A-Za-z0-9]{10})\.p8$/.exec(fileName)?.[1];
    setDraft((d) => ({ ...d, key: content, keyId: d.keyId === '' && fromName !== undefined ? fromName : d.keyId }));
  }

  return (
    <form onSubmit={submit} noValidate className="form credential-form" aria-label={voip ? `Upload the VoIP Services certificate (${environment})` : `Upload to the ${environment} slot`}>
      {voip ? null : (
        <fieldset className="credential-kind">
          <legend>Kind</legend>
          <div className="checkbox">
            <input type="radio" id={`${prefix}-kind-p8`} name={`${prefix}-kind`} checked={draft.kind === 'p8'} onChange={() => set('kind')('p8')} />
            <label htmlFor={`${prefix}-kind-p8`}>.p8 key (token-based)</label>
          </div>
          <div className="checkbox">
            <input type="radio" id={`${prefix}-kind-p12`} name={`${prefix}-kind`} checked={draft.kind === 'p12'} onChange={() => set('kind')('p12')} />
            <label htmlFor={`${prefix}-kind-p12`}>.p12 certificate</label>
          </div>
        </fieldset>
      )}
      {draft.kind === 'p8' ? (
        <>
          <TextField id={`${prefix}-key-id`} label="Key ID" value={draft.keyId} onChange={set('keyId')} error={errors[`${prefix}-key-id`]} required maxLength={10} spellCheck={false} autoCapitalize="characters" autoComplete="off" />
          <TextField id={`${prefix}-team-id`} label="Team ID" value={draft.teamId} onChange={set('teamId')} error={errors[`${prefix}-team-id`]} required maxLength={10} spellCheck={false} autoCapitalize="characters" autoComplete="off" />
          <CredentialFileInput id={`${prefix}-key-file`} label=".p8 key file" accept=".p8" mode="text" onLoad={loadP8} hint="AuthKey_<Key ID>.p8 from Apple Developer → Keys. It is read here and sent only when you save." />
          <TextAreaField
            id={`${prefix}-key`} label="Key (the file's content, or paste it)" value={draft.key} onChange={set('key')} error={errors[`${prefix}-key`]} rows={5} spellCheck={false}
            placeholder={'-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----'}
          />
        </>
      ) : (
        <>
          <CredentialFileInput
            id={`${prefix}-p12-file`} label={voip ? 'VoIP Services .p12 file' : '.p12 file'} accept=".p12,.pfx" mode="base64" error={errors[`${prefix}-p12-file`]}
            onLoad={(content, name) => setDraft((d) => ({ ...d, p12: content, p12Name: name }))}
            hint={voip ? 'Apple’s VoIP Services certificate, exported with its key. It must list <bundle ID>.voip.' : 'The Apple Push Services certificate exported with its key from Keychain Access.'}
          />
          {draft.p12Name === '' ? null : <p className="field-hint">Read {draft.p12Name}.</p>}
          <TextField id={`${prefix}-password`} label="Password" type="password" value={draft.password} onChange={set('password')} autoComplete="off" hint="The export password; leave empty if there is none." />
        </>
      )}
      {failure === undefined ? null : <ApnsRefusal error={failure} what={voip ? 'The VoIP certificate' : draft.kind === 'p8' ? 'The key' : 'The certificate'} />}
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Uploading…' : voip ? 'Upload VoIP certificate' : 'Upload'}
        </button>
        {onCancel === undefined ? null : (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/** The server's refusal, with what its details say (the certificate's topics, the environments it is valid for). */
function ApnsRefusal({ error, what }: { error: unknown; what: string }) {
  const details = error instanceof ApiError ? error.details : undefined;
  const topics = Array.isArray(details?.['topics']) ? (details['topics'] as unknown[]).map(String) : undefined;
  const environments = Array.isArray(details?.['environments']) ? (details['environments'] as unknown[]).map(String) : undefined;
  return (
    <>
      <ErrorNotice error={error} title={`${what} was not saved.`} />
      {topics === undefined ? null : <p className="notice notice-info">The certificate’s topics: {topics.length === 0 ? 'none' : topics.join(', ')}.</p>}
      {environments === undefined ? null : <p className="notice notice-info">It is valid for: {environments.length === 0 ? 'no APNs environment' : environments.join(', ')}.</p>}
    </>
  );
}
