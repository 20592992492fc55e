import type { ReactNode } from 'react';
import { FieldMessages, fieldDescription } from './field-messages.tsx';

/** A labelled select with its hint and error, like TextField. */
export function SelectField<T extends string>({ id, label, value, onChange, options, hint, error }: { id: string; label: string; value: T; onChange: (v: T) => void; options: Array<[T, string]>; hint?: ReactNode; error?: string | undefined }) {
  const { describedBy } = fieldDescription(id, hint, error);
  return (
    <div className={error === undefined ? 'field' : 'field field-invalid'}>
      <label htmlFor={id}>{label}</label>
      <select id={id} className="push-select" value={value} onChange={(e) => onChange(e.target.value as T)} aria-invalid={error === undefined ? undefined : true} aria-describedby={describedBy}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}

export function Checkbox({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="checkbox">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
