import { useMemo, useState } from 'react';
import { ApiError } from '../api/api-error.ts';
import { credentialsApi, type CredentialView } from '../api/credentials-api.ts';
import type { AppView, ProductView } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { useCanChange, useServices } from '../app/services-context.tsx';
import { CredentialApnsSlot } from '../components/CredentialApnsSlot.tsx';
import { CredentialVendorCard } from '../components/CredentialVendorCard.tsx';
import { VENDOR_SPECS } from '../components/credential-vendors.ts';
import { CredentialWebPush } from '../components/CredentialWebPush.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { BUNDLE_ID_LABEL, PLATFORM_LABEL } from '../components/platform-labels.ts';
import { useResource } from '../components/use-resource.ts';

interface Loaded {
  app: AppView;
  product: ProductView | undefined;
  credentials: CredentialView[];
}

/** One app's push credentials: APNs slots for iOS, the vendor channels for Android, the VAPID key for web. */
export function CredentialsAppPage({ accessId }: { accessId: number }) {
  const services = useServices();
  const api = useMemo(() => credentialsApi(services.client), [services]);
  const [loaded, { reload, set }] = useResource<Loaded>(async (signal) => {
    const [app, credentials] = await Promise.all([services.products.app(accessId), api.list(accessId, signal)]);
    // The product only names the app; the page works without it.
    const product = await services.products.get(app.productId).catch(() => undefined);
    return { app, product, credentials };
  }, [services, api, accessId]);
  const [status, setStatus] = useState<string>();
  const title = loaded.status === 'ready' ? `${PLATFORM_LABEL[loaded.data.app.platform]} app ${accessId}` : `App ${accessId}`;

  function changed(channel: string, environment: string, view: CredentialView | undefined, message: string) {
    if (loaded.status !== 'ready') return;
    const others = loaded.data.credentials.filter((c) => !(c.channel === channel && c.environment === environment));
    set({ ...loaded.data, credentials: view === undefined ? others : [...others, view] });
    setStatus(message);
  }

  return (
    <>
      <p className="breadcrumb">
        <Link to="/credentials">Credentials</Link>
        {loaded.status === 'ready' && loaded.data.product !== undefined ? (
          <>
            {' / '}
            <Link to={`/products/${loaded.data.product.productId}`}>{loaded.data.product.name}</Link>
          </>
        ) : null}
      </p>
      <PageHeading title={`Credentials · ${title}`}>Credentials: {title}</PageHeading>
      {loaded.status === 'loading' ? <Loading label="Loading the credentials…" /> : null}
      {loaded.status === 'error' ? (
        <ErrorNotice error={loaded.error} title="The credentials could not be loaded." {...(loaded.error instanceof ApiError && loaded.error.status === 404 ? {} : { onRetry: reload })} />
      ) : null}
      {loaded.status === 'ready' ? (
        <>
          <dl className="details">
            <dt>AccessID</dt>
            <dd><code>{loaded.data.app.accessId}</code></dd>
            <dt>{BUNDLE_ID_LABEL[loaded.data.app.platform]}</dt>
            <dd><code>{loaded.data.app.bundleId}</code></dd>
          </dl>
          <p className={status === undefined ? 'visually-hidden' : 'notice notice-success'} role="status">
            {status}
          </p>
          <Channels app={loaded.data.app} credentials={loaded.data.credentials} api={api} onChanged={changed} />
        </>
      ) : null}
    </>
  );
}

function Channels({
  app, credentials, api, onChanged,
}: { app: AppView; credentials: CredentialView[]; api: ReturnType<typeof credentialsApi>; onChanged: (channel: string, environment: string, view: CredentialView | undefined, message: string) => void }) {
  const canChange = useCanChange();
  const find = (channel: string, environment?: string) => credentials.find((c) => c.channel === channel && (environment === undefined || c.environment === environment));
  const webpush = find('webpush');
  const webPushCard = (
    <CredentialWebPush api={api} accessId={app.accessId} view={webpush} canChange={canChange} onChanged={(v, m) => onChanged('webpush', v.environment, v, m)} />
  );

  if (app.platform === 'ios') {
    return (
      <>
        <h2>APNs</h2>
        <p className="page-intro">
          One credential per environment: a <code>.p8</code> key (one key serves every app of the team, and VoIP) or a <code>.p12</code> certificate for this bundle ID.
        </p>
        <div className="cards">
          {(['product', 'dev'] as const).map((env) => (
            <CredentialApnsSlot key={env} api={api} accessId={app.accessId} environment={env} view={find('apns', env)} canChange={canChange} onChanged={(v, m) => onChanged('apns', env, v, m)} />
          ))}
        </div>
      </>
    );
  }
  if (app.platform === 'web') {
    return (
      <>
        <h2>Web Push</h2>
        <div className="cards">{webPushCard}</div>
      </>
    );
  }
  return (
    <>
      <h2>Vendor channels</h2>
      <p className="page-intro">Each save asks the vendor whether the credential works before it is stored; a refusal shows the vendor’s reason.</p>
      <div className="cards">
        {VENDOR_SPECS.map((spec) => (
          <CredentialVendorCard key={spec.channel} api={api} accessId={app.accessId} spec={spec} view={find(spec.channel)} canChange={canChange} onChanged={(v, m) => onChanged(spec.channel, 'product', v, m)} />
        ))}
        {/* UnifiedPush distributors reach Android phones without Google services through Web Push. */}
        {webpush === undefined ? null : webPushCard}
      </div>
    </>
  );
}
