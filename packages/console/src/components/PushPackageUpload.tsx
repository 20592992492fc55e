import { useMemo, useState } from 'react';
import { pushApi, type UploadedPackage } from '../api/push-api.ts';
import { useServices } from '../app/services-context.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';

/** The server's package rules (parse-package.ts): a .txt or .csv, or a .zip of one; a name of 1–100 characters. */
const PACKAGE_FILE = /\.(txt|csv|zip)$/i;
const MAX_NAME = 100;

export function packageFileError(file: File): string | undefined {
  if (file.name.length > MAX_NAME) return `The file name must be at most ${MAX_NAME} characters.`;
  if (!PACKAGE_FILE.test(file.name)) return 'Choose a .txt or .csv file (one per line), or a .zip holding one.';
  if (file.size === 0) return `${file.name} is empty.`;
  return undefined;
}

/**
 * Picks an account or token file and uploads it at once (POST /api/apps/:accessId/packages, read as
 * /v3/push/package/upload reads it); the push then names its upload_id. Shows what was stored, or the refusal
 * with its code.
 */
export function PushPackageUpload({ accessId, kind, uploaded, onUploaded, error }: { accessId: number; kind: 'account' | 'token'; uploaded: UploadedPackage | undefined; onUploaded: (p: UploadedPackage | undefined) => void; error?: string | undefined }) {
  const services = useServices();
  const api = useMemo(() => pushApi(services.client), [services]);
  const [busy, setBusy] = useState(false);
  const [pickError, setPickError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const id = 'push-package';
  const what = kind === 'account' ? 'accounts' : 'tokens';
  const shown = pickError ?? error;
  const describedBy = [`${id}-hint`, shown === undefined ? undefined : `${id}-error`].filter((x) => x !== undefined).join(' ');

  async function upload(file: File | undefined) {
    setPickError(undefined);
    setFailure(undefined);
    if (file === undefined) return;
    const wrong = packageFileError(file);
    if (wrong !== undefined) {
      setPickError(wrong);
      return;
    }
    setBusy(true);
    onUploaded(undefined);
    try {
      onUploaded(await api.uploadPackage(accessId, file));
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className={shown === undefined ? 'field' : 'field field-invalid'}>
      <label htmlFor={id}>{kind === 'account' ? 'Accounts file' : 'Tokens file'}</label>
      <input id={id} type="file" accept=".txt,.csv,.zip" disabled={busy} onChange={(e) => void upload(e.target.files?.[0])} aria-invalid={shown === undefined ? undefined : true} aria-describedby={describedBy} />
      <p className="field-hint" id={`${id}-hint`}>
        One {kind} per line (a .csv keeps its first column), UTF-8; or a .zip holding one such file. It is uploaded when chosen.
      </p>
      {shown === undefined ? null : (
        <p className="field-error" id={`${id}-error`}>
          {shown}
        </p>
      )}
      <p className="muted" role="status">
        {busy ? 'Uploading…' : uploaded === undefined ? null : `${uploaded.fileName}: ${uploaded.count} ${uploaded.count === 1 ? kind : what}, upload ${uploaded.uploadId}.`}
      </p>
      {failure === undefined ? null : <ErrorNotice error={failure} title="The file was not uploaded." />}
    </div>
  );
}
