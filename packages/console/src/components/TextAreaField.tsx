import type { TextareaHTMLAttributes } from 'react';
import { FieldMessages, fieldDescription } from './field-messages.tsx';

type AreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'value' | 'onChange' | 'children'>;

/** TextField's multi-line sibling: the same label, hint, error and aria wiring. */
export function TextAreaField({ id, label, value, onChange, error, hint, ...area }: AreaProps & { id: string; label: string; value: string; onChange: (value: string) => void; error?: string | undefined; hint?: string }) {
  const { describedBy } = fieldDescription(id, hint, error);
  return (
    <div className={error === undefined ? 'field' : 'field field-invalid'}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error === undefined ? undefined : true} aria-describedby={describedBy} {...area} />
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}
