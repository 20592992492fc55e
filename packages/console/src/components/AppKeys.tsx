import { useState } from 'react';
import type { AppKeys as Keys } from '../api/types.ts';
import { useCanChange, useServices } from '../app/services-context.tsx';
import type { KeyName } from '../api/products-api.ts';
import { ConfirmAction } from './ConfirmAction.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';

const KEY_LABEL: Record<KeyName, string> = { accessKey: 'AccessKey', secretKey: 'SecretKey' };
const ROTATE_WARNING: Record<KeyName, string> = {
  accessKey: 'The old AccessKey stops working at once: apps built with it cannot register devices until they ship the new one.',
  secretKey: 'The old SecretKey stops working at once: servers calling the push API with it are refused.',
};

/** An app's keys, hidden until asked for (GET ?reveal=1), with rotation for admins. */
export function AppKeys({ accessId }: { accessId: number }) {
  const services = useServices();
  const canChange = useCanChange();
  const [keys, setKeys] = useState<Keys | undefined>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  // Said to screen readers; shown as well when it matters (a rotation: the key in use just changed).
  const [status, setStatus] = useState<{ text: string; visible: boolean } | undefined>();

  async function run(action: () => Promise<Keys>, done: string, visible: boolean) {
    setBusy(true);
    setFailure(undefined);
    setStatus(undefined);
    try {
      const app = await action();
      setKeys({ accessKey: app.accessKey, secretKey: app.secretKey });
      setStatus({ text: done, visible });
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="app-keys">
      {keys === undefined ? (
        <button type="button" className="button button-secondary" disabled={busy} onClick={() => void run(() => services.products.revealKeys(accessId), 'Keys shown.', false)}>
          {busy ? 'Loading keys…' : 'Show keys'}
        </button>
      ) : (
        <>
          <dl className="key-list">
            <dt>AccessKey</dt>
            <dd>
              <code data-testid={`access-key-${accessId}`}>{keys.accessKey}</code>
            </dd>
            <dt>SecretKey</dt>
            <dd>
              <code data-testid={`secret-key-${accessId}`}>{keys.secretKey}</code>
            </dd>
          </dl>
          <div className="button-row">
            <button type="button" className="button button-secondary" onClick={() => { setKeys(undefined); setStatus(undefined); }}>
              Hide keys
            </button>
            {canChange
              ? (['accessKey', 'secretKey'] as const).map((key) => (
                  <ConfirmAction
                    key={key}
                    label={`Rotate ${KEY_LABEL[key]}`}
                    question={ROTATE_WARNING[key]}
                    confirmLabel={`Rotate ${KEY_LABEL[key]} now`}
                    busy={busy}
                    onConfirm={() => void run(() => services.products.rotateKey(accessId, key), `${KEY_LABEL[key]} rotated; the new one is shown above.`, true)}
                  />
                ))
              : null}
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
