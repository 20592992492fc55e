import { ApiError } from '../api/api-error.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

/** A refused save or check; the vendor's own refusal (CREDENTIAL_REJECTED) is said as such, with its reason. */
export function CredentialRefusal({ error, title, saving = true }: { error: unknown; title: string; saving?: boolean }) {
  const rejected = error instanceof ApiError && error.code === 'CREDENTIAL_REJECTED';
  return (
    <>
      <ErrorNotice error={error} title={title} />
      {rejected ? <p className="notice notice-info">The vendor refused it (status “rejected”): {saving ? 'check the values against the vendor’s console. Nothing was saved.' : 'pushes on this channel will fail until a working credential is saved.'}</p> : null}
    </>
  );
}
