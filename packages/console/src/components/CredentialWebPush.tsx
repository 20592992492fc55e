import { useState } from 'react';
import type { CredentialsApi, CredentialView } from '../api/credentials-api.ts';
import { ConfirmAction } from './ConfirmAction.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { formatTime } from './platform-labels.ts';

/**
 * A web app's Web Push VAPID key: the public key browsers subscribe with, read-only and copyable. Admins may make
 * a new pair (PUT …/credentials/webpush with `{}`), after which every browser must subscribe again.
 */
export function CredentialWebPush({
  api, accessId, view, canChange, onChanged,
}: { api: CredentialsApi; accessId: number; view: CredentialView | undefined; canChange: boolean; onChanged: (view: CredentialView, message: string) => void }) {
  const [copied, setCopied] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const publicKey = typeof view?.meta['publicKey'] === 'string' ? view.meta['publicKey'] : undefined;
  const subject = typeof view?.meta['subject'] === 'string' ? view.meta['subject'] : undefined;

  async function copy() {
    if (publicKey === undefined) return;
    try {
      await navigator.clipboard.writeText(publicKey);
      setCopied('Public key copied.');
    } catch {
      // No clipboard permission: select the key so Ctrl+C / the context menu copies it.
      const input = document.getElementById('webpush-public-key') as HTMLInputElement | null;
      input?.focus();
      input?.select();
      setCopied('The key is selected: copy it with Ctrl+C (⌘C).');
    }
  }

  async function regenerate() {
    setBusy(true);
    setFailure(undefined);
    try {
      onChanged(await api.putVendor(accessId, 'webpush', {}), 'A new VAPID key pair was made; browsers must subscribe again.');
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card credential-card" aria-labelledby="webpush-title">
      <h3 id="webpush-title">Web Push (VAPID)</h3>
      {publicKey === undefined ? (
        <p className="empty">This app has no VAPID key yet.</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor="webpush-public-key">VAPID public key</label>
            <div className="credential-copy">
              <input id="webpush-public-key" readOnly value={publicKey} spellCheck={false} onFocus={(e) => e.target.select()} aria-describedby="webpush-public-key-hint" />
              <button type="button" className="button button-secondary" onClick={() => void copy()}>
                Copy
              </button>
            </div>
            <p className="field-hint" id="webpush-public-key-hint">
              Browsers subscribe with it (<code>applicationServerKey</code>); the SDK reads it from <code>GET /sdk/v1/webpush/vapid-public-key</code>.
            </p>
          </div>
          <p className={copied === undefined ? 'visually-hidden' : 'status-line'} role="status">
            {copied}
          </p>
          <dl className="details">
            {subject === undefined ? null : (
              <>
                <dt>Subject</dt>
                <dd>{subject}</dd>
              </>
            )}
            {view === undefined ? null : (
              <>
                <dt>Made</dt>
                <dd>{formatTime(view.updatedAt)}</dd>
              </>
            )}
          </dl>
        </>
      )}
      {canChange ? (
        <ConfirmAction
          label={publicKey === undefined ? 'Make a key pair' : 'Make a new key pair'} danger={publicKey !== undefined} busy={busy}
          question="Make a new VAPID key pair? Every browser subscribed with the old public key must subscribe again." confirmLabel="Make new key pair"
          onConfirm={() => void regenerate()}
        />
      ) : null}
      {failure === undefined ? null : <ErrorNotice error={failure} title="No new key pair was made." />}
    </section>
  );
}
