import { useRef, useState } from 'react';
import { ApiError } from '../api/api-error.ts';
import type { SandboxApi, SandboxChannel, SandboxDevice } from '../api/sandbox-api.ts';
import type { AppView } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { useCanChange, useServices } from '../app/services-context.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { PLATFORM_LABEL } from '../components/platform-labels.ts';
import { PushAppPicker } from '../components/PushAppPicker.tsx';
import { channelsForPlatform } from '../components/sandbox-labels.ts';
import { SandboxCredentialIssuer } from '../components/SandboxCredentialIssuer.tsx';
import { SandboxDeviceCreateForm } from '../components/SandboxDeviceCreateForm.tsx';
import { SandboxDeviceList } from '../components/SandboxDeviceList.tsx';
import { SandboxDevicePanel } from '../components/SandboxDevicePanel.tsx';
import { SandboxDisabled } from '../components/SandboxDisabled.tsx';
import { useResource } from '../components/use-resource.ts';

/**
 * Sandbox mode's page: the vendors' consoles for an app's credentials, its virtual devices, what each received
 * (live) and test pushes. `/sandbox` picks the app; `/sandbox/:accessId` works on it. With sandbox mode off it
 * only says what the mode is and how to start it. `inboxIntervalMs` is for tests.
 */
export function SandboxPage({ accessId, inboxIntervalMs }: { accessId?: number; inboxIntervalMs?: number }) {
  const services = useServices();
  const [status, { reload }] = useResource((signal) => services.sandbox.status(signal), [services]);
  return (
    <>
      <PageHeading title="Sandbox">Sandbox</PageHeading>
      {status.status === 'loading' ? <Loading label="Checking sandbox mode…" /> : null}
      {status.status === 'error' ? <ErrorNotice error={status.error} title="Sandbox mode could not be checked." onRetry={reload} /> : null}
      {status.status === 'ready' && !status.data.enabled ? <SandboxDisabled /> : null}
      {status.status === 'ready' && status.data.enabled ? (
        <Workspace api={services.sandbox} channels={status.data.channels} accessId={accessId} inboxIntervalMs={inboxIntervalMs} />
      ) : null}
    </>
  );
}

function Workspace({ api, channels, accessId, inboxIntervalMs }: { api: SandboxApi; channels: SandboxChannel[]; accessId: number | undefined; inboxIntervalMs: number | undefined }) {
  const canChange = useCanChange();
  const [devices, devicesControls] = useResource((signal) => api.devices(signal), [api]);
  const [selectedId, setSelectedId] = useState<string>();
  const [said, setSaid] = useState<string>();
  const devicesHeading = useRef<HTMLHeadingElement>(null);

  const all = devices.status === 'ready' ? devices.data : [];
  const shown = accessId === undefined ? all : all.filter((d) => d.accessId === accessId);
  const selected = shown.find((d) => d.id === selectedId);

  function added(device: SandboxDevice) {
    devicesControls.set([device, ...all.filter((d) => d.id !== device.id)]);
    setSelectedId(device.id);
    setSaid(`Added ${device.name}; its inbox is open below.`);
  }

  function removed(device: SandboxDevice) {
    devicesControls.set(all.filter((d) => d.id !== device.id));
    setSelectedId(undefined);
    setSaid(`Uninstalled ${device.name}.`);
    devicesHeading.current?.focus();
  }

  function counted(deviceId: string, count: number) {
    if (all.some((d) => d.id === deviceId && d.received !== count)) devicesControls.set(all.map((d) => (d.id === deviceId ? { ...d, received: count } : d)));
  }

  return (
    <>
      <p className="page-intro">
        This node runs in sandbox mode: every channel pushes to a loopback emulator of its vendor, never to a real one. Issue credentials as the vendors’
        consoles would, add virtual devices to an app, push to them, and watch what each one receives.
      </p>
      {canChange ? null : <p className="notice notice-info">Your account is read-only: you can follow the virtual devices and what they receive; an admin issues credentials, adds devices and sends test pushes.</p>}
      {accessId === undefined ? (
        <section aria-labelledby="sandbox-app-title" className="sandbox-section">
          <h2 id="sandbox-app-title">Choose an app</h2>
          <p className="muted">Credentials and virtual devices belong to one app.</p>
          <PushAppPicker basePath="/sandbox" label="Sandbox apps" />
        </section>
      ) : (
        <AppSection key={accessId} api={api} accessId={accessId} channels={channels} canChange={canChange} onCreated={added} />
      )}
      <p role="status" className={said === undefined ? 'visually-hidden' : 'status-line'}>{said}</p>
      <section aria-labelledby="sandbox-devices-title" className="sandbox-section">
        <div className="page-head">
          <h2 id="sandbox-devices-title" ref={devicesHeading} tabIndex={-1}>Virtual devices</h2>
          <button type="button" className="button button-secondary" onClick={devicesControls.reload} disabled={devices.status === 'loading'}>
            Refresh
          </button>
        </div>
        {accessId === undefined ? null : (
          <p className="muted">
            This app’s devices. <Link to="/sandbox">All apps</Link>
          </p>
        )}
        {devices.status === 'loading' ? <Loading label="Loading virtual devices…" /> : null}
        {devices.status === 'error' ? <ErrorNotice error={devices.error} title="The virtual devices could not be loaded." onRetry={devicesControls.reload} /> : null}
        {devices.status === 'ready' ? (
          <div className="sandbox-workspace">
            <div>
              <SandboxDeviceList devices={shown} selectedId={selected?.id} onSelect={setSelectedId} showApp={accessId === undefined} />
            </div>
            {selected === undefined ? null : (
              <SandboxDevicePanel
                key={selected.id} api={api} device={selected} onCount={(n) => counted(selected.id, n)} onRemoved={removed}
                {...(inboxIntervalMs === undefined ? {} : { intervalMs: inboxIntervalMs })}
              />
            )}
          </div>
        ) : null}
      </section>
    </>
  );
}

function AppSection({
  api, accessId, channels, canChange, onCreated,
}: { api: SandboxApi; accessId: number; channels: SandboxChannel[]; canChange: boolean; onCreated: (device: SandboxDevice) => void }) {
  const services = useServices();
  const [app, { reload }] = useResource(() => services.products.app(accessId), [services, accessId]);
  if (app.status === 'loading') return <Loading label="Loading the app…" />;
  if (app.status === 'error') {
    const gone = app.error instanceof ApiError && app.error.status === 404;
    return (
      <>
        <ErrorNotice error={app.error} title={gone ? `There is no app ${accessId}.` : 'The app could not be loaded.'} {...(gone ? {} : { onRetry: reload })} />
        <p><Link to="/sandbox">Choose another app</Link></p>
      </>
    );
  }
  const appChannels = channelsForPlatform(app.data.platform, channels);
  return (
    <>
      <AppLine app={app.data} />
      {canChange ? <SandboxCredentialIssuer api={api} app={app.data} channels={appChannels} /> : null}
      {canChange ? <SandboxDeviceCreateForm api={api} app={app.data} channels={appChannels} onCreated={onCreated} /> : null}
    </>
  );
}

function AppLine({ app }: { app: AppView }) {
  return (
    <p className="sandbox-app">
      App: <strong>{PLATFORM_LABEL[app.platform]} · {app.bundleId}</strong> <span className="muted">AccessID {app.accessId}</span> ·{' '}
      <Link to="/sandbox">Choose another app</Link>
    </p>
  );
}
