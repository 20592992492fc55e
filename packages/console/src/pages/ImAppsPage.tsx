import { useState } from 'react';
import type { ImAppView } from '../api/im-api.ts';
import { currentFlash, Link } from '../app/router.tsx';
import { useCanChange, useServices } from '../app/services-context.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { paginate } from '../components/paginate.ts';
import { Pagination } from '../components/Pagination.tsx';
import { formatTime } from '../components/platform-labels.ts';
import { useResource } from '../components/use-resource.ts';

export const IM_APPS_PAGE_SIZE = 10;

/** Every IM app (the management API answers the whole list; it is paged here). */
export function ImAppsPage() {
  const services = useServices();
  const canChange = useCanChange();
  const [flash] = useState(currentFlash);
  const [page, setPage] = useState(1);
  const [apps, { reload }] = useResource(() => services.im.list(), [services]);

  return (
    <>
      <div className="page-head">
        <PageHeading title="IM apps">IM apps</PageHeading>
        {canChange ? <Link to="/im-apps/new" className="button">Create IM app</Link> : null}
      </div>
      <p className="page-intro">An IM app has an SDKAppID and a secret key that signs its users’ UserSigs; its offline pushes go out through push apps.</p>
      {flash === undefined ? null : <p className="notice notice-success" role="status">{flash}</p>}
      {apps.status === 'loading' ? <Loading label="Loading IM apps…" /> : null}
      {apps.status === 'error' ? <ErrorNotice error={apps.error} title="The IM apps could not be loaded." onRetry={reload} /> : null}
      {apps.status === 'ready' ? <ImAppTable apps={apps.data} page={page} onPage={setPage} canChange={canChange} /> : null}
    </>
  );
}

function ImAppTable({ apps, page, onPage, canChange }: { apps: ImAppView[]; page: number; onPage: (page: number) => void; canChange: boolean }) {
  if (apps.length === 0) return <p className="empty">No IM apps yet.{canChange ? ' Create one to get an SDKAppID and its secret key.' : ''}</p>;
  const shown = paginate(apps, page, IM_APPS_PAGE_SIZE);
  return (
    <>
      <div className="table-scroll" role="region" aria-label="IM apps" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">IM app</th>
              <th scope="col">SDKAppID</th>
              <th scope="col">Admins</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {shown.items.map((a) => (
              <tr key={a.sdkAppId}>
                <td>
                  <Link to={`/im-apps/${a.sdkAppId}`}>{a.name}</Link>
                  {a.autoCreateUsers ? <span className="tag">accounts at first login</span> : null}
                </td>
                <td><code>{a.sdkAppId}</code></td>
                <td>{a.admins.join(', ')}</td>
                <td>{formatTime(a.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={shown.page} pageCount={shown.pageCount} total={shown.total} onPage={onPage} label="IM apps" />
    </>
  );
}
