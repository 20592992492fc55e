import { ApiError } from '../api/api-error.ts';
import { Link } from '../app/router.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';

/** A refused authorization change, with what to do about the refusals a user can resolve. */
export function AuthorizationRefusal({ error, title }: { error: unknown; title: string }) {
  const code = error instanceof ApiError ? error.code : undefined;
  const details = error instanceof ApiError ? error.details : undefined;
  const other = details?.['imSdkAppId'];
  return (
    <>
      <ErrorNotice error={error} title={title} />
      {code === 'APP_ALREADY_AUTHORIZED' && typeof other === 'number' ? (
        <p className="notice notice-info">
          Push app {String(details?.['accessId'])} is authorized to IM app {other}. A push app serves one IM app: remove that authorization first (
          <Link to={`/authorization/${other}`}>IM app {other}’s authorizations</Link>), then authorize it here.
        </p>
      ) : null}
      {code === 'APP_NOT_AUTHORIZED' ? (
        <p className="notice notice-info">
          {typeof other === 'number' ? `It is authorized to IM app ${other} now, not to this one.` : 'It is not authorized to any IM app any more.'} Reload the list to see where it stands.
        </p>
      ) : null}
    </>
  );
}
