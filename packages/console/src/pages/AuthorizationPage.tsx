import { useMemo, useState } from 'react';
import { authorizationApi, type AuthorizationApi, type ImAppSummary, type PushAuthorization } from '../api/authorization-api.ts';
import { Link, navigate } from '../app/router.tsx';
import { useCanChange, useServices } from '../app/services-context.tsx';
import { AuthorizationAddForm } from '../components/AuthorizationAddForm.tsx';
import { AuthorizationRefusal } from '../components/AuthorizationRefusal.tsx';
import { AuthorizationSelectField } from '../components/AuthorizationSelectField.tsx';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { paginate } from '../components/paginate.ts';
import { Pagination } from '../components/Pagination.tsx';
import { PLATFORM_LABEL, serviceModeLabel } from '../components/platform-labels.ts';
import { useResource } from '../components/use-resource.ts';

export const AUTHORIZATIONS_PAGE_SIZE = 10;

/**
 * The TPNS console's "IM Application Authorization": pick an IM app, see the push apps it is authorized to with
 * the service mode that set, authorize another (product → app) and remove one. `sdkAppId` comes from the path
 * (`/authorization/:sdkAppId`); without it the first IM app is shown.
 */
export function AuthorizationPage({ sdkAppId }: { sdkAppId?: number }) {
  const services = useServices();
  const api = useMemo(() => authorizationApi(services.client), [services]);
  const [imApps, { reload }] = useResource(() => api.imApps(), [api]);

  return (
    <>
      <PageHeading title="Authorization">Authorization</PageHeading>
      <p className="page-intro">
        An IM app sends its users’ offline pushes through the push apps it is authorized to, typically one per platform. A push app serves one IM app at a time.
      </p>
      {imApps.status === 'loading' ? <Loading label="Loading IM apps…" /> : null}
      {imApps.status === 'error' ? <ErrorNotice error={imApps.error} title="The IM apps could not be loaded." onRetry={reload} /> : null}
      {imApps.status === 'ready' ? <ImAppAuthorizations api={api} apps={imApps.data} sdkAppId={sdkAppId} /> : null}
    </>
  );
}

function ImAppAuthorizations({ api, apps, sdkAppId }: { api: AuthorizationApi; apps: ImAppSummary[]; sdkAppId: number | undefined }) {
  if (apps.length === 0) {
    return (
      <p className="empty">
        No IM apps yet. Create one on the <Link to="/im-apps">IM apps</Link> page (or with <code>POST /api/im/apps</code>), then authorize it here.
      </p>
    );
  }
  const selected = apps.find((a) => a.sdkAppId === sdkAppId);
  const current = selected ?? (sdkAppId === undefined ? apps[0] : undefined);
  return (
    <>
      <AuthorizationSelectField
        id="authorization-im-app" label="IM app" value={current === undefined ? '' : String(current.sdkAppId)}
        onChange={(v) => navigate(`/authorization/${v}`, { replace: true })}
      >
        {current === undefined ? <option value="">Choose an IM app…</option> : null}
        {apps.map((a) => (
          <option key={a.sdkAppId} value={String(a.sdkAppId)}>
            {a.name} (SDKAppID {a.sdkAppId})
          </option>
        ))}
      </AuthorizationSelectField>
      {current === undefined ? (
        <p className="notice notice-error" role="alert">There is no IM app {sdkAppId}. Choose one above.</p>
      ) : (
        <AuthorizationsOf key={current.sdkAppId} api={api} imApp={current} />
      )}
    </>
  );
}

function AuthorizationsOf({ api, imApp }: { api: AuthorizationApi; imApp: ImAppSummary }) {
  const services = useServices();
  const canChange = useCanChange();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<string>();
  const [authorizations, list] = useResource(() => api.list(imApp.sdkAppId), [api, imApp.sdkAppId]);
  // The products feed the add form and say which apps are authorized elsewhere; viewers do not need them.
  const [products, productList] = useResource(async () => (canChange ? services.products.list() : []), [services, canChange]);

  function added(a: PushAuthorization) {
    setStatus(`${PLATFORM_LABEL[a.platform]} app ${a.accessId} (${a.productName}) is authorized; its service mode is ${serviceModeLabel(a.serviceMode)}.`);
    list.reload();
    productList.reload();
  }

  function removed(a: PushAuthorization) {
    setStatus(`The authorization of ${PLATFORM_LABEL[a.platform]} app ${a.accessId} was removed; its service mode is Standard again.`);
    list.reload();
    productList.reload();
  }

  return (
    <>
      <h2 id="authorizations-title">
        Push apps of {imApp.name} <span className="muted">SDKAppID {imApp.sdkAppId}</span>
      </h2>
      <p className={status === undefined ? 'visually-hidden' : 'notice notice-success'} role="status">
        {status}
      </p>
      {authorizations.status === 'loading' ? <Loading label="Loading authorizations…" /> : null}
      {authorizations.status === 'error' ? <ErrorNotice error={authorizations.error} title="The authorizations could not be loaded." onRetry={list.reload} /> : null}
      {authorizations.status === 'ready' ? (
        <AuthorizationTable api={api} sdkAppId={imApp.sdkAppId} rows={authorizations.data} page={page} onPage={setPage} canChange={canChange} onRemoved={removed} onStale={list.reload} />
      ) : null}
      {canChange && products.status === 'ready' ? <AuthorizationAddForm api={api} sdkAppId={imApp.sdkAppId} products={products.data} onAdded={added} /> : null}
      {canChange && products.status === 'loading' ? <Loading label="Loading products…" /> : null}
      {canChange && products.status === 'error' ? <ErrorNotice error={products.error} title="The products to authorize could not be loaded." onRetry={productList.reload} /> : null}
    </>
  );
}

function AuthorizationTable({
  api, sdkAppId, rows, page, onPage, canChange, onRemoved, onStale,
}: { api: AuthorizationApi; sdkAppId: number; rows: PushAuthorization[]; page: number; onPage: (page: number) => void; canChange: boolean; onRemoved: (a: PushAuthorization) => void; onStale: () => void }) {
  if (rows.length === 0) return <p className="empty">This IM app is authorized to no push app: its users get no offline pushes.</p>;
  const shown = paginate(rows, page, AUTHORIZATIONS_PAGE_SIZE);
  return (
    <>
      <div className="table-scroll" role="region" aria-labelledby="authorizations-title" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Push app</th>
              <th scope="col">Product</th>
              <th scope="col">Bundle ID / package</th>
              <th scope="col">Service mode</th>
              <th scope="col">“IM message” plan</th>
              {canChange ? <th scope="col"><span className="visually-hidden">Actions</span></th> : null}
            </tr>
          </thead>
          <tbody>
            {shown.items.map((a) => (
              <tr key={a.accessId}>
                <td>
                  <Link to={`/credentials/${a.accessId}`}>{PLATFORM_LABEL[a.platform]} app {a.accessId}</Link>
                </td>
                <td>
                  <Link to={`/products/${a.productId}`}>{a.productName}</Link>
                </td>
                <td><code>{a.bundleId}</code></td>
                <td>{serviceModeLabel(a.serviceMode)}</td>
                <td><code>{a.planId}</code></td>
                {canChange ? (
                  <td>
                    <RemoveAuthorization api={api} sdkAppId={sdkAppId} authorization={a} onRemoved={onRemoved} onStale={onStale} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={shown.page} pageCount={shown.pageCount} total={shown.total} onPage={onPage} label="Authorizations" />
    </>
  );
}

function RemoveAuthorization({
  api, sdkAppId, authorization, onRemoved, onStale,
}: { api: AuthorizationApi; sdkAppId: number; authorization: PushAuthorization; onRemoved: (a: PushAuthorization) => void; onStale: () => void }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  async function remove() {
    setBusy(true);
    setFailure(undefined);
    try {
      await api.remove(sdkAppId, authorization.accessId);
      onRemoved(authorization);
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  }

  return (
    <div className="authorization-remove">
      <ConfirmAction
        label="Remove" busy={busy} confirmLabel="Remove authorization" onConfirm={() => void remove()}
        question={`Remove the authorization of ${PLATFORM_LABEL[authorization.platform]} app ${authorization.accessId}? This IM app's offline pushes stop going through it; its “IM message” plan and statistics stay.`}
      />
      {failure === undefined ? null : (
        <>
          <AuthorizationRefusal error={failure} title="The authorization was not removed." />
          <button type="button" className="button button-secondary" onClick={onStale}>
            Reload the list
          </button>
        </>
      )}
    </div>
  );
}
