import { useState } from 'react';
import { ApiError } from '../api/api-error.ts';
import type { ImAppView } from '../api/im-api.ts';
import { currentFlash, Link } from '../app/router.tsx';
import { useCanChange, useServices } from '../app/services-context.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { ImCertificates } from '../components/ImCertificates.tsx';
import { ImGroupsList } from '../components/ImGroupsList.tsx';
import { ImSecretKey } from '../components/ImSecretKey.tsx';
import { ImUserSigForm } from '../components/ImUserSigForm.tsx';
import { ImUsersList } from '../components/ImUsersList.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { formatTime } from '../components/platform-labels.ts';
import { useResource } from '../components/use-resource.ts';

/** One IM app: its keys, the UserSig tool, offline push certificates, users and groups. */
export function ImAppDetailPage({ sdkAppId }: { sdkAppId: number }) {
  const services = useServices();
  const [flash] = useState(currentFlash);
  const [app, { reload }] = useResource(() => services.im.get(sdkAppId), [services, sdkAppId]);
  const title = app.status === 'ready' ? app.data.name : `IM app ${sdkAppId}`;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/im-apps">IM apps</Link>
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      {flash === undefined ? null : <p className="notice notice-success" role="status">{flash}</p>}
      {app.status === 'loading' ? <Loading label="Loading the IM app…" /> : null}
      {app.status === 'error' ? (
        <ErrorNotice error={app.error} title="The IM app could not be loaded." {...(app.error instanceof ApiError && app.error.status === 404 ? {} : { onRetry: reload })} />
      ) : null}
      {app.status === 'ready' ? <ImAppDetails app={app.data} /> : null}
    </>
  );
}

function ImAppDetails({ app }: { app: ImAppView }) {
  const canChange = useCanChange();
  return (
    <>
      <nav className="in-page-nav" aria-label="On this page">
        <a href="#im-keys">Keys</a>
        {canChange ? <a href="#im-usersig">UserSig</a> : null}
        <a href="#im-certificates">Push certificates</a>
        <a href="#im-users">Users</a>
        <a href="#im-groups">Groups</a>
      </nav>
      <dl className="details">
        <dt>SDKAppID</dt>
        <dd><code>{app.sdkAppId}</code></dd>
        <dt>Admins</dt>
        <dd>{app.admins.join(', ')}</dd>
        <dt>Accounts</dt>
        <dd>{app.autoCreateUsers ? 'created at first login' : 'imported (account_import) before login'}</dd>
        <dt>Created</dt>
        <dd>{formatTime(app.createdAt)}</dd>
      </dl>

      <section aria-labelledby="im-keys">
        <h2 id="im-keys">Secret key</h2>
        <p className="page-intro">Signs the UserSigs of this app’s users. Keep it on your servers.</p>
        <ImSecretKey sdkAppId={app.sdkAppId} />
      </section>

      {canChange ? (
        <section aria-labelledby="im-usersig">
          <h2 id="im-usersig">UserSig generator</h2>
          <p className="page-intro">For testing: the server signs a UserSig with the secret key. In production your own server signs them.</p>
          <ImUserSigForm sdkAppId={app.sdkAppId} />
        </section>
      ) : null}

      <section aria-labelledby="im-certificates">
        <h2 id="im-certificates">Offline push certificates</h2>
        <p className="page-intro">Native mode: devices report a certificate ID with their vendor token (setOfflinePushConfig). Each ID names a credential saved on a push app.</p>
        <ImCertificates sdkAppId={app.sdkAppId} />
      </section>

      <section aria-labelledby="im-users">
        <h2 id="im-users">Users</h2>
        <ImUsersList sdkAppId={app.sdkAppId} />
      </section>

      <section aria-labelledby="im-groups">
        <h2 id="im-groups">Groups</h2>
        <ImGroupsList sdkAppId={app.sdkAppId} />
      </section>
    </>
  );
}
