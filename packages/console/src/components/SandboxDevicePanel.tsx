import { useState } from 'react';
import type { SandboxApi, SandboxDevice } from '../api/sandbox-api.ts';
import { useCanChange } from '../app/services-context.tsx';
import { ConfirmAction } from './ConfirmAction.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { SandboxInbox } from './SandboxInbox.tsx';
import { SandboxTestPushForm } from './SandboxTestPushForm.tsx';

/** The selected virtual device: its live inbox and, for admins, a test push and uninstalling it. */
export function SandboxDevicePanel({
  api, device, onCount, onRemoved, intervalMs,
}: { api: SandboxApi; device: SandboxDevice; onCount: (count: number) => void; onRemoved: (device: SandboxDevice) => void; intervalMs?: number }) {
  const canChange = useCanChange();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  async function remove() {
    setBusy(true);
    setFailure(undefined);
    try {
      await api.removeDevice(device.id);
      onRemoved(device);
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  }

  return (
    <div className="sandbox-panel">
      {canChange ? <SandboxTestPushForm api={api} device={device} /> : null}
      <SandboxInbox api={api} device={device} onCount={onCount} {...(intervalMs === undefined ? {} : { intervalMs })} />
      {canChange ? (
        <div className="danger-zone">
          <ConfirmAction
            label="Uninstall device"
            question={<>Uninstall {device.name}? The emulator forgets its vendor token, so later pushes to it fail as they would on the vendor.</>}
            confirmLabel="Uninstall it"
            busy={busy}
            onConfirm={() => void remove()}
          />
          {failure === undefined ? null : <ErrorNotice error={failure} title={`${device.name} was not uninstalled.`} />}
        </div>
      ) : null}
    </div>
  );
}
