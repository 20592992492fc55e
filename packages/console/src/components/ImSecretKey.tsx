import { useState } from 'react';
import { useCanChange, useServices } from '../app/services-context.tsx';
import { ConfirmAction } from './ConfirmAction.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';

/** An IM app's secret key, hidden until asked for (GET ?reveal=1), with rotation for admins. */
export function ImSecretKey({ sdkAppId }: { sdkAppId: number }) {
  const services = useServices();
  const canChange = useCanChange();
  const [key, setKey] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [status, setStatus] = useState<{ text: string; visible: boolean } | undefined>();

  async function run(action: () => Promise<{ secretKey?: string }>, done: string, visible: boolean) {
    setBusy(true);
    setFailure(undefined);
    setStatus(undefined);
    try {
      setKey((await action()).secretKey);
      setStatus({ text: done, visible });
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="app-keys">
      {key === undefined ? (
        <button type="button" className="button button-secondary" disabled={busy} onClick={() => void run(() => services.im.revealKey(sdkAppId), 'Secret key shown.', false)}>
          {busy ? 'Loading the key…' : 'Show secret key'}
        </button>
      ) : (
        <>
          <dl className="key-list">
            <dt>Secret key</dt>
            <dd>
              <code data-testid={`im-secret-key-${sdkAppId}`}>{key}</code>
            </dd>
          </dl>
          <div className="button-row">
            <button type="button" className="button button-secondary" onClick={() => { setKey(undefined); setStatus(undefined); }}>
              Hide secret key
            </button>
            {canChange ? (
              <ConfirmAction
                label="Rotate secret key"
                question="Every UserSig signed with the old key stops working at once (error 70009): clients and servers must sign new ones."
                confirmLabel="Rotate secret key now"
                busy={busy}
                onConfirm={() => void run(() => services.im.rotateKey(sdkAppId), 'Secret key rotated; the new one is shown above.', true)}
              />
            ) : null}
          </div>
        </>
      )}
      <p className={status?.visible === true ? 'status-line' : 'visually-hidden'} role="status">
        {status?.text}
      </p>
      {failure === undefined ? null : <ErrorNotice error={failure} />}
    </div>
  );
}
