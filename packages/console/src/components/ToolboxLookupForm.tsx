import { useState, type FormEvent } from 'react';
import { check, hasErrors, required, type FieldErrors, type Rule } from '../validation/rules.ts';
import { focusFirstError } from './focus-first-error.ts';
import { TextField } from './TextField.tsx';

export interface LookupFieldSpec {
  label: string;
  rule: Rule;
  hint?: string;
  placeholder?: string;
}

/** A lookup by an app's ID and a key in it (a token, an account, a UserID), checked before anything is asked. */
export function ToolboxLookupForm({ id, title, app, field: keySpec, initial, submitLabel, onLookUp }: {
  id: string;
  title: string;
  app: LookupFieldSpec;
  field: LookupFieldSpec;
  initial?: { app: string; key: string } | undefined;
  submitLabel: string;
  onLookUp: (app: number, key: string) => void;
}) {
  const appId = `${id}-app`;
  const keyId = `${id}-key`;
  const [appValue, setAppValue] = useState(initial?.app ?? '');
  const [keyValue, setKeyValue] = useState(initial?.key ?? '');
  const [errors, setErrors] = useState<FieldErrors<string>>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<string> = {
      [appId]: check(appValue.trim(), required(app.label), app.rule),
      [keyId]: check(keyValue.trim(), required(keySpec.label), keySpec.rule),
    };
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstError([appId, keyId], found);
      return;
    }
    onLookUp(Number(appValue.trim()), keyValue.trim());
  }

  return (
    <form onSubmit={submit} noValidate className="form toolbox-form" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <div className="form-row">
        <TextField id={appId} label={app.label} value={appValue} onChange={setAppValue} error={errors[appId]} required inputMode="numeric" hint={app.hint} placeholder={app.placeholder} />
        <TextField id={keyId} label={keySpec.label} value={keyValue} onChange={setKeyValue} error={errors[keyId]} required spellCheck={false} autoCapitalize="off" hint={keySpec.hint} placeholder={keySpec.placeholder} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button">{submitLabel}</button>
      </div>
    </form>
  );
}
