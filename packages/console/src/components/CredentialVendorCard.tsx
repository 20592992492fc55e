import { Fragment, useState } from 'react';
import { checkOf, type CredentialsApi, type CredentialView } from '../api/credentials-api.ts';
import { CredentialCheckStatus } from './CredentialCheckStatus.tsx';
import { CredentialRefusal } from './CredentialRefusal.tsx';
import { CredentialFcmForm, CredentialVendorForm } from './CredentialVendorForm.tsx';
import { META_LABEL, type VendorSpec } from './credential-vendors.ts';
import { ConfirmAction } from './ConfirmAction.tsx';
import { formatTime } from './platform-labels.ts';

/**
 * One vendor channel of an Android app: the saved credential's ids and the vendor's last answer, "check again",
 * removing it, and the vendor's form to save or replace it.
 */
export function CredentialVendorCard({
  api, accessId, spec, view, canChange, onChanged,
}: { api: CredentialsApi; accessId: number; spec: VendorSpec; view: CredentialView | undefined; canChange: boolean; onChanged: (view: CredentialView | undefined, message: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ error: unknown; title: string }>();
  const check = checkOf(view);
  const shownMeta = Object.entries(view?.meta ?? {}).filter(([k, v]) => k !== 'check' && (typeof v === 'string' || typeof v === 'number'));
  const titleId = `vendor-${spec.channel}-title`;

  async function act(run: () => Promise<void>, title: string, o: { refreshOnFailure?: boolean } = {}) {
    setBusy(true);
    setFailure(undefined);
    try {
      await run();
    } catch (error) {
      setFailure({ error, title });
      // A refused check is recorded on the credential: show what the server now holds.
      if (o.refreshOnFailure === true) {
        await api.list(accessId).then((all) => onChanged(all.find((c) => c.channel === spec.channel), `${spec.label} refused the credential.`), () => undefined);
      }
    } finally {
      setBusy(false);
    }
  }

  const form = (onCancel?: () => void) => {
    const props = {
      api, accessId, spec, onCancel,
      onSaved: (saved: CredentialView) => {
        setEditing(false);
        setFailure(undefined);
        onChanged(saved, `${spec.label} credential saved; the vendor answered “${checkOf(saved)?.status ?? 'ok'}”.`);
      },
    };
    return spec.channel === 'fcm' ? <CredentialFcmForm {...props} /> : <CredentialVendorForm {...props} />;
  };

  return (
    <section className="card credential-card" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {spec.label} {view === undefined ? <span className="tag">not configured</span> : <span className={`tag credential-tag-${check?.status ?? 'ok'}`}>{check?.status ?? 'saved'}</span>}
      </h3>
      {view === undefined ? (
        <p className="empty">No credential: {spec.label} devices get no pushes.</p>
      ) : (
        <>
          <dl className="details">
            {shownMeta.map(([k, v]) => (
              <Fragment key={k}>
                <dt>{META_LABEL[k] ?? k}</dt>
                <dd><code>{String(v)}</code></dd>
              </Fragment>
            ))}
            <dt>Saved</dt>
            <dd>{formatTime(view.updatedAt)}</dd>
          </dl>
          {check === undefined ? null : <CredentialCheckStatus check={check} />}
        </>
      )}
      {canChange && view !== undefined && !editing ? (
        <div className="button-row">
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => void act(async () => { const checked = await api.check(accessId, spec.channel); onChanged(checked, `${spec.label} checked again; the vendor answered “${checkOf(checked)?.status ?? 'ok'}”.`); }, `${spec.label} refused the credential.`, { refreshOnFailure: true })}>
            {busy ? 'Checking…' : 'Check again'}
          </button>
          <button type="button" className="button button-secondary" onClick={() => setEditing(true)}>
            Replace
          </button>
          <ConfirmAction
            label="Remove" question={`Remove the ${spec.label} credential? ${spec.label} devices get no pushes until a new one is saved.`} confirmLabel={`Remove ${spec.label}`} busy={busy}
            onConfirm={() => void act(async () => { await api.removeVendor(accessId, spec.channel); onChanged(undefined, `The ${spec.label} credential was removed.`); }, `The ${spec.label} credential was not removed.`)}
          />
        </div>
      ) : null}
      {failure === undefined ? null : <CredentialRefusal error={failure.error} title={failure.title} saving={false} />}
      {canChange && (view === undefined || editing) ? form(view === undefined ? undefined : () => setEditing(false)) : null}
    </section>
  );
}
