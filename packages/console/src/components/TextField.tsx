import type { InputHTMLAttributes, ReactNode, Ref } from 'react';
import { FieldMessages, fieldDescription } from './field-messages.tsx';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'children'>;

export interface TextFieldProps extends InputProps {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  inputRef?: Ref<HTMLInputElement>;
}

/** A labelled input whose hint and error are announced with it (aria-describedby) and marked aria-invalid. */
export function TextField({ id, label, value, onChange, error, hint, inputRef, required, ...input }: TextFieldProps) {
  const { describedBy } = fieldDescription(id, hint, error);
  return (
    <div className={error === undefined ? 'field' : 'field field-invalid'}>
      <label htmlFor={id}>
        {label}
        {required === true ? <span className="required-mark" aria-hidden="true"> *</span> : null}
      </label>
      <input
        id={id}
        ref={inputRef}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error === undefined ? undefined : true}
        aria-required={required === true ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}
