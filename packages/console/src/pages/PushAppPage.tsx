import { useMemo, useState } from 'react';
import { ApiError } from '../api/api-error.ts';
import { pushApi } from '../api/push-api.ts';
import { currentFlash, Link } from '../app/router.tsx';
import { useCanChange, useServices } from '../app/services-context.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { PLATFORM_LABEL } from '../components/platform-labels.ts';
import { PushPlanCreateForm } from '../components/PushPlanCreateForm.tsx';
import { PushPlanList } from '../components/PushPlanList.tsx';
import { PushTaskList } from '../components/PushTaskList.tsx';
import { useResource } from '../components/use-resource.ts';

/** One app's pushes: its tasks with status and funnel (cancel, stop), and its plans with their statistics (create one). */
export function PushAppPage({ accessId }: { accessId: number }) {
  const services = useServices();
  const canChange = useCanChange();
  const [flash] = useState(currentFlash);
  const [app, appControls] = useResource(() => services.products.app(accessId), [services, accessId]);
  const title = app.status === 'ready' ? `Push · ${PLATFORM_LABEL[app.data.platform]} ${app.data.bundleId}` : `Push · app ${accessId}`;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/push">Push</Link>
      </p>
      <div className="page-head">
        <PageHeading title={title}>{title}</PageHeading>
        {canChange && app.status === 'ready' ? (
          <Link to={`/push/${accessId}/new`} className="button">
            Create push
          </Link>
        ) : null}
      </div>
      {flash === undefined ? null : (
        <p className="notice notice-success" role="status">
          {flash}
        </p>
      )}
      {app.status === 'loading' ? <Loading label="Loading the app…" /> : null}
      {app.status === 'error' ? (
        <ErrorNotice error={app.error} title="The app could not be loaded." {...(app.error instanceof ApiError && app.error.status === 404 ? {} : { onRetry: appControls.reload })} />
      ) : null}
      {app.status === 'ready' ? (
        <>
          <p className="page-intro">
            AccessID <code>{accessId}</code>. Statistics count devices: sent when the vendor accepted the push, arrived and clicked when the SDK reported it.
          </p>
          <PushTaskList accessId={accessId} />
          <PlansSection accessId={accessId} />
        </>
      ) : null}
    </>
  );
}

function PlansSection({ accessId }: { accessId: number }) {
  const services = useServices();
  const canChange = useCanChange();
  const api = useMemo(() => pushApi(services.client), [services]);
  const [plans, { reload }] = useResource((signal) => api.plans(accessId, signal), [api, accessId]);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string>();
  return (
    <section aria-labelledby="push-plans-title">
      <div className="page-head">
        <h2 id="push-plans-title">Plans</h2>
        <div className="button-row">
          {canChange && !creating ? (
            <button type="button" className="button" onClick={() => { setCreated(undefined); setCreating(true); }}>
              Create plan
            </button>
          ) : null}
          <button type="button" className="button button-secondary" onClick={reload} disabled={plans.status === 'loading'}>
            Refresh
          </button>
        </div>
      </div>
      <p className="muted">Each push counts in one plan. An IM app authorized to this app counts its offline pushes in its “IM message” plan.</p>
      {creating ? (
        <PushPlanCreateForm
          accessId={accessId}
          onCancel={() => setCreating(false)}
          onCreated={(plan) => {
            setCreating(false);
            setCreated(`Plan ${plan.planName} (${plan.planId}) created: choose it under “Plan” when creating a push.`);
            reload();
          }}
        />
      ) : null}
      {created === undefined ? null : (
        <p className="notice notice-success" role="status">
          {created}
        </p>
      )}
      {plans.status === 'loading' ? <Loading label="Loading plans…" /> : null}
      {plans.status === 'error' ? <ErrorNotice error={plans.error} title="The plans could not be loaded." onRetry={reload} /> : null}
      {plans.status === 'ready' ? <PushPlanList plans={plans.data} /> : null}
    </section>
  );
}
