import { useState } from 'react';
import type { ApnsEnvironment, ApnsMeta, CertificateMeta, CredentialsApi, CredentialView } from '../api/credentials-api.ts';
import { CredentialApnsForm } from './CredentialApnsForm.tsx';
import { CredentialExpiry } from './CredentialExpiry.tsx';
import { ConfirmAction } from './ConfirmAction.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { formatTime } from './platform-labels.ts';

export const ENVIRONMENT_LABEL: Record<ApnsEnvironment, string> = { product: 'Production', dev: 'Development (sandbox)' };
/** The environment in the words of the slot's buttons ("Replace production"). */
const ENVIRONMENT_WORD: Record<ApnsEnvironment, string> = { product: 'production', dev: 'development' };

/**
 * One APNs environment slot: what it holds as the server shows it (kind, Key ID and Team ID, topics, the
 * certificate's expiry with a warning), replacing or deleting it, and the VoIP Services certificate beside a `.p12`.
 */
export function CredentialApnsSlot({
  api, accessId, environment, view, canChange, onChanged,
}: { api: CredentialsApi; accessId: number; environment: ApnsEnvironment; view: CredentialView | undefined; canChange: boolean; onChanged: (view: CredentialView | undefined, message: string) => void }) {
  const [uploading, setUploading] = useState<'main' | 'voip' | undefined>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const label = ENVIRONMENT_LABEL[environment];
  const meta = view?.meta as ApnsMeta | undefined;

  async function remove() {
    setBusy(true);
    setFailure(undefined);
    try {
      await api.removeApns(accessId, environment);
      onChanged(undefined, `The ${label.toLowerCase()} credential was deleted.`);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  const titleId = `apns-${environment}-title`;
  return (
    <section className="card credential-card" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {label} <span className="muted">slot “{environment}”</span>
      </h3>
      {view === undefined || meta === undefined ? (
        <p className="empty">Empty: pushes to {environment === 'dev' ? 'development' : 'production'} devices fail with “no credential”.</p>
      ) : (
        <dl className="details">
          <dt>Kind</dt>
          <dd>{view.kind === 'p8' ? '.p8 key (token-based)' : view.kind === 'p12' ? '.p12 certificate' : view.kind}</dd>
          {meta.keyId === undefined ? null : (
            <>
              <dt>Key ID</dt>
              <dd><code>{meta.keyId}</code></dd>
            </>
          )}
          {meta.teamId === undefined ? null : (
            <>
              <dt>Team ID</dt>
              <dd><code>{meta.teamId}</code></dd>
            </>
          )}
          {meta.subject === undefined ? null : (
            <>
              <dt>Subject</dt>
              <dd>{meta.subject}</dd>
            </>
          )}
          <dt>Topics</dt>
          <dd>{(meta.topics ?? []).length === 0 ? <span className="muted">none</span> : <TopicList topics={meta.topics ?? []} />}</dd>
          {meta.environments === undefined ? null : (
            <>
              <dt>Valid for</dt>
              <dd>{meta.environments.join(', ')}</dd>
            </>
          )}
          {meta.notAfter === undefined ? null : (
            <>
              <dt>Expires</dt>
              <dd><CredentialExpiry notAfter={meta.notAfter} /></dd>
            </>
          )}
          {meta.fingerprint === undefined ? null : (
            <>
              <dt>Fingerprint</dt>
              <dd><code className="fingerprint">{meta.fingerprint}</code></dd>
            </>
          )}
          <dt>Uploaded</dt>
          <dd>{formatTime(view.updatedAt)}</dd>
        </dl>
      )}
      {view?.kind === 'p12' ? <VoipCertificate voip={meta?.voip} /> : null}

      {canChange ? (
        <>
          {uploading === undefined ? (
            <div className="button-row">
              <button type="button" className="button" onClick={() => setUploading('main')}>
                {view === undefined ? `Upload to ${ENVIRONMENT_WORD[environment]}` : `Replace ${ENVIRONMENT_WORD[environment]}`}
              </button>
              {view?.kind === 'p12' ? (
                <button type="button" className="button button-secondary" onClick={() => setUploading('voip')}>
                  {meta?.voip === undefined ? 'Add VoIP certificate' : 'Replace VoIP certificate'}
                </button>
              ) : null}
              {view === undefined ? null : (
                <ConfirmAction
                  label={`Delete ${ENVIRONMENT_WORD[environment]}`}
                  question={`Delete the ${label.toLowerCase()} credential${meta?.voip === undefined ? '' : ' and its VoIP certificate'}? Pushes to ${environment} devices fail until a new one is uploaded.`}
                  confirmLabel="Delete credential"
                  busy={busy}
                  onConfirm={() => void remove()}
                />
              )}
            </div>
          ) : (
            <CredentialApnsForm
              api={api} accessId={accessId} environment={environment} voip={uploading === 'voip'}
              onCancel={() => setUploading(undefined)}
              onSaved={(saved) => {
                setUploading(undefined);
                onChanged(saved, uploading === 'voip' ? `The VoIP certificate was saved in the ${environment} slot.` : `The ${label.toLowerCase()} credential was saved.`);
              }}
            />
          )}
          {failure === undefined ? null : <ErrorNotice error={failure} title="The credential was not deleted." />}
        </>
      ) : null}
    </section>
  );
}

function TopicList({ topics }: { topics: readonly string[] }) {
  return (
    <ul className="plain-list">
      {topics.map((t) => (
        <li key={t}><code>{t}</code></li>
      ))}
    </ul>
  );
}

/** A `.p12` slot's second certificate, for VoIP pushes to `<bundle ID>.voip`. */
function VoipCertificate({ voip }: { voip: CertificateMeta | undefined }) {
  return (
    <div className="credential-voip">
      <h4>VoIP Services certificate</h4>
      {voip === undefined ? (
        <p className="muted">None. VoIP pushes need one unless this certificate lists &lt;bundle ID&gt;.voip itself.</p>
      ) : (
        <dl className="details">
          <dt>Topics</dt>
          <dd><TopicList topics={voip.topics} /></dd>
          <dt>Expires</dt>
          <dd><CredentialExpiry notAfter={voip.notAfter} what="VoIP certificate" /></dd>
          <dt>Fingerprint</dt>
          <dd><code className="fingerprint">{voip.fingerprint}</code></dd>
        </dl>
      )}
    </div>
  );
}
