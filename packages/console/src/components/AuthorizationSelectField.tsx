import type { ReactNode } from 'react';
import { FieldMessages, fieldDescription } from './field-messages.tsx';

/** A labelled select with TextField's hint, error and aria wiring. */
export function AuthorizationSelectField({
  id, label, value, onChange, error, hint, children, required, disabled,
}: { id: string; label: string; value: string; onChange: (value: string) => void; error?: string | undefined; hint?: string; children: ReactNode; required?: boolean; disabled?: boolean }) {
  const { describedBy } = fieldDescription(id, hint, error);
  return (
    <div className={error === undefined ? 'field' : 'field field-invalid'}>
      <label htmlFor={id}>
        {label}
        {required === true ? <span className="required-mark" aria-hidden="true"> *</span> : null}
      </label>
      <select
        id={id} className="authorization-select" value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled}
        aria-invalid={error === undefined ? undefined : true} aria-required={required === true ? true : undefined} aria-describedby={describedBy}
      >
        {children}
      </select>
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}
