import type { UserDevicePushView } from '../api/im-api.ts';
import { Link } from '../app/router.tsx';
import { useServices } from '../app/services-context.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { channelLabel, stateName } from '../components/ImLabels.ts';
import { ImStateBadge } from '../components/ImStateBadge.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { formatTime } from '../components/platform-labels.ts';
import { useResource } from '../components/use-resource.ts';

export function selfCheckPath(sdkAppId: number, userId: string): string {
  return `/toolbox/self-check/${sdkAppId}/${encodeURIComponent(userId)}`;
}

/** One IM user's devices: their states and what each reported for offline push (GET …/push-config). */
export function ImUserPage({ sdkAppId, userId }: { sdkAppId: number; userId: string }) {
  const services = useServices();
  const [devices, { reload }] = useResource(() => services.im.pushConfig(sdkAppId, userId), [services, sdkAppId, userId]);
  const title = `User ${userId}`;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/im-apps">IM apps</Link> › <Link to={`/im-apps/${sdkAppId}`}>SDKAppID {sdkAppId}</Link>
      </p>
      <div className="page-head">
        <PageHeading title={title}>{title}</PageHeading>
        <Link to={selfCheckPath(sdkAppId, userId)} className="button button-secondary">Offline push self-check</Link>
      </div>
      {devices.status === 'loading' ? <Loading label="Loading the user’s devices…" /> : null}
      {devices.status === 'error' ? <ErrorNotice error={devices.error} title="The user’s devices could not be loaded." onRetry={reload} /> : null}
      {devices.status === 'ready' && devices.data.length === 0 ? <p className="empty">This user has never logged in from a device.</p> : null}
      {devices.status === 'ready' && devices.data.length > 0 ? (
        <div className="cards">
          {devices.data.map((d) => <DeviceReport key={d.deviceId} device={d} />)}
        </div>
      ) : null}
    </>
  );
}

function DeviceReport({ device }: { device: UserDevicePushView }) {
  const c = device.pushConfig;
  return (
    <section className="card" aria-label={`Device ${device.deviceId}`}>
      <h2 className="card-title">
        {device.deviceId} <ImStateBadge state={stateName(device.state)} />
      </h2>
      <dl className="details">
        <dt>Platform</dt>
        <dd>{device.platform}</dd>
        <dt>State since</dt>
        <dd>{formatTime(device.stateChangedAt)}</dd>
        <dt>Push report</dt>
        <dd>
          {c === null ? <span className="muted">none: the app has not called setOfflinePushConfig on this device</span> : c.isTPNSToken ? 'TPNS token' : `Certificate ${c.businessID}`}
        </dd>
        {c === null ? null : (
          <>
            <dt>Token</dt>
            <dd><code>{c.token.length > 16 ? `${c.token.slice(0, 8)}…${c.token.slice(-4)}` : c.token}</code></dd>
            <dt>Channel</dt>
            <dd>
              {channelLabel(c.channel)}
              {c.environment === null ? null : <span className="tag">{c.environment}</span>}
              {c.voip ? <span className="tag">VoIP</span> : null} <span className="muted">AccessID {c.accessId}</span>
            </dd>
            <dt>Reported</dt>
            <dd>
              {formatTime(c.reportedAt)} · {c.status}
              {c.invalidReason === undefined ? null : <span className="muted"> ({c.invalidReason})</span>}
            </dd>
          </>
        )}
      </dl>
      {c === null ? null : c.problems.length === 0 ? (
        <p className="status-line">Nothing stops a push through this report.</p>
      ) : (
        <ul className="self-check-findings">
          {c.problems.map((p) => <li key={p} className="finding finding-blocking">{p}</li>)}
        </ul>
      )}
    </section>
  );
}
