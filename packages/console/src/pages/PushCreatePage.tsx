import { useMemo } from 'react';
import { pushApi } from '../api/push-api.ts';
import { Link, navigate } from '../app/router.tsx';
import { useServices } from '../app/services-context.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { PLATFORM_LABEL } from '../components/platform-labels.ts';
import { PushCreateForm } from '../components/PushCreateForm.tsx';
import { useResource } from '../components/use-resource.ts';

/** The create-push form for one app; its platform decides the options shown, its plans fill the plan choice. */
export function PushCreatePage({ accessId }: { accessId: number }) {
  const services = useServices();
  const api = useMemo(() => pushApi(services.client), [services]);
  const [loaded, { reload }] = useResource(
    async (signal) => {
      const [app, plans] = await Promise.all([services.products.app(accessId), api.plans(accessId, signal)]);
      return { app, plans };
    },
    [services, api, accessId],
  );
  const back = `/push/${accessId}`;
  const title = loaded.status === 'ready' ? `New push · ${PLATFORM_LABEL[loaded.data.app.platform]} ${loaded.data.app.bundleId}` : 'New push';

  return (
    <>
      <p className="breadcrumb">
        <Link to="/push">Push</Link> / <Link to={back}>App {accessId}</Link>
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      {loaded.status === 'loading' ? <Loading label="Loading the app…" /> : null}
      {loaded.status === 'error' ? <ErrorNotice error={loaded.error} title="The app could not be loaded." onRetry={reload} /> : null}
      {loaded.status === 'ready' ? (
        <PushCreateForm
          app={loaded.data.app}
          plans={loaded.data.plans}
          onCancel={() => navigate(back)}
          onCreated={(accepted) => {
            const skipped = accepted.invalidTokens === undefined || accepted.invalidTokens.length === 0 ? '' : ` ${accepted.invalidTokens.length} invalid token(s) left out.`;
            navigate(back, { flash: `Push ${accepted.pushId} accepted.${skipped}` });
          }}
        />
      ) : null}
    </>
  );
}
