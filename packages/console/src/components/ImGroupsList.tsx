import { useState } from 'react';
import { useServices } from '../app/services-context.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Loading } from './Loading.tsx';
import { Pagination } from './Pagination.tsx';
import { formatTime } from './platform-labels.ts';
import { useResource } from './use-resource.ts';

export const IM_GROUPS_PAGE_SIZE = 20;

/** An IM app's groups with their type and member count, a page at a time from the server. */
export function ImGroupsList({ sdkAppId }: { sdkAppId: number }) {
  const services = useServices();
  const [page, setPage] = useState(1);
  const [groups, { reload }] = useResource(() => services.im.groups(sdkAppId, { offset: (page - 1) * IM_GROUPS_PAGE_SIZE, limit: IM_GROUPS_PAGE_SIZE }), [services, sdkAppId, page]);

  if (groups.status === 'loading') return <Loading label="Loading groups…" />;
  if (groups.status === 'error') return <ErrorNotice error={groups.error} title="The groups could not be loaded." onRetry={reload} />;
  const list = groups.data.groups ?? [];
  if (list.length === 0) return <p className="empty">No groups yet.</p>;
  return (
    <>
      <div className="table-scroll" role="region" aria-label="Groups" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Group ID</th>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Members</th>
              <th scope="col">Owner</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {list.map((g) => (
              <tr key={g.groupId}>
                <td><code>{g.groupId}</code></td>
                <td>{g.name}</td>
                <td><span className="tag">{g.type}</span></td>
                <td>
                  {g.memberCount} <span className="muted">of {g.maxMembers}</span>
                </td>
                <td>{g.owner ?? <span className="muted">none</span>}</td>
                <td>{formatTime(g.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageCount={Math.max(1, Math.ceil(groups.data.total / IM_GROUPS_PAGE_SIZE))} total={groups.data.total} onPage={setPage} label="Groups" />
    </>
  );
}
