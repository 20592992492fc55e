import type { ReactNode } from 'react';

/** A labelled select with TextField's hint, error and aria wiring. */
export function AuthorizationSelectField({
  id, label, value, onChange, error, hint, children, required, disabled,
}: { id: string; label: string; value: string; onChange: (value: string) => void; error?: string | undefined; hint?: string; children: ReactNode; required?: boolean; disabled?: boolean }) {
  const hintId = hint === undefined ? undefined : `${id}-hint`;
  const errorId = error === undefined ? undefined : `${id}-error`;
  const describedBy = [hintId, errorId].filter((x) => x !== undefined).join(' ') || undefined;
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
      {hint === undefined ? null : <p className="field-hint" id={hintId}>{hint}</p>}
      {error === undefined ? null : <p className="field-error" id={errorId}>{error}</p>}
    </div>
  );
}
