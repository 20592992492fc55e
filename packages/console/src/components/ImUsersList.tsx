import { useState, type FormEvent } from 'react';
import type { ImUserView } from '../api/im-api.ts';
import { Link } from '../app/router.tsx';
import { useServices } from '../app/services-context.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { imUserId } from './ImLabels.ts';
import { ImStateBadge } from './ImStateBadge.tsx';
import { Loading } from './Loading.tsx';
import { Pagination } from './Pagination.tsx';
import { formatTime } from './platform-labels.ts';
import { TextField } from './TextField.tsx';
import { useResource } from './use-resource.ts';

export const IM_USERS_PAGE_SIZE = 20;

export function imUserPath(sdkAppId: number, userId: string): string {
  return `/im-apps/${sdkAppId}/users/${encodeURIComponent(userId)}`;
}

/** An IM app's accounts, a page at a time from the server, narrowed to UserIDs starting with what is searched. */
export function ImUsersList({ sdkAppId }: { sdkAppId: number }) {
  const services = useServices();
  const [typed, setTyped] = useState('');
  const [typedError, setTypedError] = useState<string | undefined>();
  const [prefix, setPrefix] = useState('');
  const [page, setPage] = useState(1);
  const [users, { reload }] = useResource(
    () => services.im.users(sdkAppId, { prefix, offset: (page - 1) * IM_USERS_PAGE_SIZE, limit: IM_USERS_PAGE_SIZE }),
    [services, sdkAppId, prefix, page],
  );

  function search(event: FormEvent) {
    event.preventDefault();
    const error = typed === '' ? undefined : imUserId(typed);
    setTypedError(error);
    if (error !== undefined) {
      document.getElementById('im-user-search')?.focus();
      return;
    }
    setPrefix(typed);
    setPage(1);
  }

  return (
    <>
      <form className="search-form" role="search" onSubmit={search} noValidate aria-label="Search users">
        <TextField id="im-user-search" label="UserID starts with" value={typed} onChange={setTyped} error={typedError} spellCheck={false} autoCapitalize="off" maxLength={32} />
        <button type="submit" className="button button-secondary">Search</button>
      </form>
      {users.status === 'loading' ? <Loading label="Loading users…" /> : null}
      {users.status === 'error' ? <ErrorNotice error={users.error} title="The users could not be loaded." onRetry={reload} /> : null}
      {users.status === 'ready' && (users.data.users ?? []).length === 0 ? (
        <p className="empty">{prefix === '' ? 'No users yet: import accounts (account_import) or let them log in with “Create accounts at first login”.' : `No UserID starts with “${prefix}”.`}</p>
      ) : null}
      {users.status === 'ready' && (users.data.users ?? []).length > 0 ? (
        <>
          <div className="table-scroll" role="region" aria-label="Users" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">UserID</th>
                  <th scope="col">Nickname</th>
                  <th scope="col">Devices</th>
                  <th scope="col">Imported</th>
                </tr>
              </thead>
              <tbody>
                {(users.data.users ?? []).map((u) => <UserRow key={u.userId} sdkAppId={sdkAppId} user={u} />)}
              </tbody>
            </table>
          </div>
          <Pagination page={page} pageCount={Math.max(1, Math.ceil(users.data.total / IM_USERS_PAGE_SIZE))} total={users.data.total} onPage={setPage} label="Users" />
        </>
      ) : null}
    </>
  );
}

function UserRow({ sdkAppId, user }: { sdkAppId: number; user: ImUserView }) {
  return (
    <tr>
      <td>
        <Link to={imUserPath(sdkAppId, user.userId)}>{user.userId}</Link>
      </td>
      <td>{user.nickname === '' ? <span className="muted">none</span> : user.nickname}</td>
      <td>
        {user.devices.length === 0 ? (
          <span className="muted">never logged in</span>
        ) : (
          <ul className="plain-list">
            {user.devices.map((d) => (
              <li key={d.deviceId}>
                <ImStateBadge state={d.state} /> {d.deviceId} <span className="muted">{d.platform}</span>
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>{formatTime(user.createdAt)}</td>
    </tr>
  );
}
