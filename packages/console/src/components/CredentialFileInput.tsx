import { useState } from 'react';
import { FieldMessages, fieldDescription } from './field-messages.tsx';

/**
 * A file picked and read in the browser (nothing is uploaded until the form is sent): as text for a `.p8` or a
 * service-account JSON, as base64 for a `.p12`, which the credential API takes in JSON.
 */
export function CredentialFileInput({
  id, label, accept, mode, onLoad, error, hint,
}: { id: string; label: string; accept: string; mode: 'text' | 'base64'; onLoad: (content: string, fileName: string) => void; error?: string | undefined; hint?: string }) {
  const [readError, setReadError] = useState<string>();
  const shown = readError ?? error;
  const { describedBy } = fieldDescription(id, hint, shown);

  async function read(file: File | undefined) {
    setReadError(undefined);
    if (file === undefined) return;
    try {
      onLoad(mode === 'text' ? await file.text() : toBase64(new Uint8Array(await file.arrayBuffer())), file.name);
    } catch {
      setReadError(`${file.name} could not be read.`);
    }
  }

  return (
    <div className={shown === undefined ? 'field' : 'field field-invalid'}>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="file" accept={accept} onChange={(e) => void read(e.target.files?.[0])} aria-invalid={shown === undefined ? undefined : true} aria-describedby={describedBy} />
      <FieldMessages id={id} hint={hint} error={shown} />
    </div>
  );
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}
