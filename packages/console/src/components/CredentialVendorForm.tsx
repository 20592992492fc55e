import { useState, type FormEvent } from 'react';
import type { CredentialsApi, CredentialView } from '../api/credentials-api.ts';
import { check, hasErrors, required, type FieldErrors, type Rule } from '../validation/rules.ts';
import { readServiceAccount } from './credential-rules.ts';
import type { VendorSpec } from './credential-vendors.ts';
import { CredentialFileInput } from './CredentialFileInput.tsx';
import { CredentialRefusal } from './CredentialRefusal.tsx';
import { focusFirstError } from './focus-first-error.ts';
import { TextAreaField } from './TextAreaField.tsx';
import { TextField } from './TextField.tsx';

/** Checks a vendor form: each field's rule, required ones first; empty optional fields are left out. */
export function validateVendorForm(spec: VendorSpec, values: Record<string, string>): FieldErrors<string> {
  const errors: FieldErrors<string> = {};
  for (const f of spec.fields) {
    const value = values[f.name] ?? '';
    const rules: Rule[] = f.required ? [required(f.label), f.rule] : value.trim() === '' ? [] : [f.rule];
    errors[`${spec.channel}-${f.name}`] = check(value, ...rules);
  }
  return errors;
}

export function vendorBody(spec: VendorSpec, values: Record<string, string>): Record<string, string> {
  const body: Record<string, string> = {};
  for (const f of spec.fields) {
    const value = (values[f.name] ?? '').trim();
    if (value !== '') body[f.name] = value;
  }
  return body;
}

interface FormProps {
  api: CredentialsApi;
  accessId: number;
  spec: VendorSpec;
  onSaved: (view: CredentialView) => void;
  onCancel?: (() => void) | undefined;
}

/** A vendor's own fields, saved with PUT …/credentials/:channel, which asks the vendor before storing. */
export function CredentialVendorForm({ api, accessId, spec, onSaved, onCancel }: FormProps) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<FieldErrors<string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const ids = spec.fields.map((f) => `${spec.channel}-${f.name}`);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateVendorForm(spec, values);
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstError(ids, found);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      onSaved(await api.putVendor(accessId, spec.channel, vendorBody(spec, values)));
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="form credential-form" aria-label={`${spec.label} credential`}>
      <p className="field-hint">{spec.where}</p>
      {spec.fields.map((f) => (
        <TextField
          key={f.name} id={`${spec.channel}-${f.name}`} label={f.label} value={values[f.name] ?? ''} required={f.required}
          onChange={(v) => setValues((all) => ({ ...all, [f.name]: v }))} error={errors[`${spec.channel}-${f.name}`]}
          type={f.secret === true ? 'password' : 'text'} autoComplete="off" spellCheck={false} autoCapitalize="off" {...(f.hint === undefined ? {} : { hint: f.hint })}
        />
      ))}
      <SaveActions busy={busy} failure={failure} label={spec.label} onCancel={onCancel} />
    </form>
  );
}

/** FCM: the service-account JSON Firebase downloads, picked as a file or pasted, sent as `{serviceAccount}`. */
export function CredentialFcmForm({ api, accessId, spec, onSaved, onCancel }: FormProps) {
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string>();
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const read = readServiceAccount(text);
    if ('error' in read) {
      setError(read.error);
      focusFirstError(['fcm-service-account'], { 'fcm-service-account': read.error });
      return;
    }
    setError(undefined);
    setBusy(true);
    setFailure(undefined);
    try {
      onSaved(await api.putVendor(accessId, 'fcm', { serviceAccount: read.account }));
    } catch (err) {
      setFailure(err);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="form credential-form" aria-label="FCM credential">
      <p className="field-hint">{spec.where}</p>
      <CredentialFileInput
        id="fcm-service-account-file" label="Service account file" accept=".json,application/json" mode="text"
        onLoad={(content, name) => { setText(content); setFileName(name); }} hint="It is read here and sent only when you save."
      />
      {fileName === undefined ? null : <p className="field-hint">Read {fileName}.</p>}
      <TextAreaField id="fcm-service-account" label="Service account JSON (the file's content, or paste it)" value={text} onChange={setText} error={error} rows={6} spellCheck={false} placeholder='{"type": "service_account", "project_id": …}' />
      <SaveActions busy={busy} failure={failure} label={spec.label} onCancel={onCancel} />
    </form>
  );
}

function SaveActions({ busy, failure, label, onCancel }: { busy: boolean; failure: unknown; label: string; onCancel?: (() => void) | undefined }) {
  return (
    <>
      {failure === undefined ? null : <CredentialRefusal error={failure} title={`The ${label} credential was not saved.`} />}
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? `Asking ${label}…` : 'Save and check'}
        </button>
        {onCancel === undefined ? null : (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </>
  );
}
