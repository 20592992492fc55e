import { useState } from 'react';
import type { PushCertificateView } from '../api/im-api.ts';
import { useCanChange, useServices } from '../app/services-context.tsx';
import { ConfirmAction } from './ConfirmAction.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { ImCertificateForm } from './ImCertificateForm.tsx';
import { channelLabel } from './ImLabels.ts';
import { Loading } from './Loading.tsx';
import { useResource } from './use-resource.ts';

const ENVIRONMENT_LABEL: Record<string, string> = { product: 'Production', dev: 'Development' };

/** An IM app's offline push certificates with their IDs (what devices report), adding and deleting them. */
export function ImCertificates({ sdkAppId }: { sdkAppId: number }) {
  const services = useServices();
  const canChange = useCanChange();
  const [certificates, { reload, set }] = useResource(() => services.im.certificates(sdkAppId), [services, sdkAppId]);
  // Only the add form needs the push apps, and viewers get no form.
  const [apps] = useResource(async () => (canChange ? (await services.products.list()).flatMap((p) => p.apps) : []), [services, canChange]);
  const [status, setStatus] = useState<string | undefined>();
  const [failure, setFailure] = useState<unknown>();
  const [busyId, setBusyId] = useState<number | undefined>();

  async function remove(c: PushCertificateView) {
    setBusyId(c.businessID);
    setFailure(undefined);
    setStatus(undefined);
    try {
      await services.im.deleteCertificate(sdkAppId, c.businessID);
      if (certificates.status === 'ready') set(certificates.data.filter((x) => x.businessID !== c.businessID));
      setStatus(`Certificate ${c.businessID} deleted.`);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusyId(undefined);
    }
  }

  return (
    <>
      {certificates.status === 'loading' ? <Loading label="Loading certificates…" /> : null}
      {certificates.status === 'error' ? <ErrorNotice error={certificates.error} title="The certificates could not be loaded." onRetry={reload} /> : null}
      {certificates.status === 'ready' && certificates.data.length === 0 ? <p className="empty">No offline push certificates yet.</p> : null}
      {certificates.status === 'ready' && certificates.data.length > 0 ? (
        <div className="table-scroll" role="region" aria-label="Offline push certificates" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Certificate ID</th>
                <th scope="col">Name</th>
                <th scope="col">Channel</th>
                <th scope="col">Push app</th>
                <th scope="col">Credential</th>
                {canChange ? <th scope="col"><span className="visually-hidden">Actions</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {certificates.data.map((c) => (
                <tr key={c.businessID}>
                  <td><code>{c.businessID}</code></td>
                  <td>{c.name === '' ? <span className="muted">none</span> : c.name}</td>
                  <td>
                    {channelLabel(c.channel)}
                    {c.environment === null ? null : <span className="tag">{ENVIRONMENT_LABEL[c.environment]}</span>}
                    {c.voip ? <span className="tag">VoIP</span> : null}
                  </td>
                  <td>AccessID {c.accessId}</td>
                  <td>
                    {c.credential === null ? <span className="field-error">deleted from the push app</span> : (
                      <>
                        {c.credential.kind} <span className={`tag credential-${c.credential.status}`}>{c.credential.status}</span>
                        {c.credential.reason === undefined ? null : <span className="muted"> {c.credential.reason}</span>}
                      </>
                    )}
                  </td>
                  {canChange ? (
                    <td>
                      <ConfirmAction
                        label={`Delete certificate ${c.businessID}`}
                        question={`Devices reporting certificate ${c.businessID} get no more pushes, and the ID is never given again.`}
                        confirmLabel="Delete for good"
                        busy={busyId === c.businessID}
                        onConfirm={() => void remove(c)}
                      />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p className={status === undefined ? 'visually-hidden' : 'status-line'} role="status">{status}</p>
      {failure === undefined ? null : <ErrorNotice error={failure} title="The certificate was not deleted." />}
      {canChange ? (
        <>
          <h3 className="im-certificates-add">Add a certificate</h3>
          {apps.status === 'loading' ? <Loading label="Loading push apps…" /> : null}
          {apps.status === 'error' ? <ErrorNotice error={apps.error} title="The push apps could not be loaded." /> : null}
          {apps.status === 'ready' ? (
            <ImCertificateForm
              sdkAppId={sdkAppId}
              apps={apps.data}
              onAdded={(c) => {
                if (certificates.status === 'ready') set([...certificates.data, c]);
                else reload();
                setStatus(`Certificate ${c.businessID} added: devices report this ID with their token.`);
              }}
            />
          ) : null}
        </>
      ) : null}
    </>
  );
}
