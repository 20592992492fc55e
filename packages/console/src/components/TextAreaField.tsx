import type { TextareaHTMLAttributes } from 'react';

type AreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'value' | 'onChange' | 'children'>;

/** TextField's multi-line sibling: the same label, hint, error and aria wiring. */
export function TextAreaField({ id, label, value, onChange, error, hint, ...area }: AreaProps & { id: string; label: string; value: string; onChange: (value: string) => void; error?: string | undefined; hint?: string }) {
  const hintId = hint === undefined ? undefined : `${id}-hint`;
  const errorId = error === undefined ? undefined : `${id}-error`;
  const describedBy = [hintId, errorId].filter((x) => x !== undefined).join(' ') || undefined;
  return (
    <div className={error === undefined ? 'field' : 'field field-invalid'}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error === undefined ? undefined : true} aria-describedby={describedBy} {...area} />
      {hint === undefined ? null : <p className="field-hint" id={hintId}>{hint}</p>}
      {error === undefined ? null : <p className="field-error" id={errorId}>{error}</p>}
    </div>
  );
}
