import type { SandboxApi, SandboxDevice, SandboxNotification } from '../api/sandbox-api.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Loading } from './Loading.tsx';
import { formatClock } from './sandbox-labels.ts';
import { useInboxPoll } from './use-inbox-poll.ts';

/**
 * What a virtual device received, live: the notifications as the phone would show them, oldest first, new ones
 * appended and announced politely (role log), each with the vendor's raw payload on request.
 */
export function SandboxInbox({ api, device, intervalMs, onCount }: { api: SandboxApi; device: SandboxDevice; intervalMs?: number; onCount?: (count: number) => void }) {
  const inbox = useInboxPoll(api, device.id, { ...(intervalMs === undefined ? {} : { intervalMs }), ...(onCount === undefined ? {} : { onCount }) });
  const titleId = `sandbox-inbox-${device.id}-title`;
  return (
    <section className="sandbox-inbox" aria-labelledby={titleId}>
      <h3 id={titleId}>Received on {device.name}</h3>
      {inbox.loaded ? null : inbox.error === undefined ? <Loading label="Opening the inbox…" /> : null}
      {inbox.error === undefined ? null : (
        <ErrorNotice error={inbox.error} title={inbox.stopped ? 'The inbox is gone: the device or sandbox mode no longer exists.' : 'The inbox could not be read; trying again.'} />
      )}
      {inbox.loaded && inbox.notifications.length === 0 ? <p className="empty">Nothing received yet. New notifications show up here as they arrive.</p> : null}
      <div role="log" aria-live="polite" aria-relevant="additions" aria-label={`Notifications on ${device.name}`}>
        <ol className="sandbox-notifications">
          {inbox.notifications.map((n) => (
            <NotificationItem key={n.index} deviceId={device.id} notification={n} />
          ))}
        </ol>
      </div>
    </section>
  );
}

function NotificationItem({ deviceId, notification: n }: { deviceId: string; notification: SandboxNotification }) {
  const titleId = `sandbox-notification-${deviceId}-${n.index}`;
  return (
    <li className="sandbox-notification" aria-labelledby={titleId}>
      <p className="sandbox-notification-head">
        <strong id={titleId}>{n.title === undefined || n.title === '' ? '(no title)' : n.title}</strong>{' '}
        <time className="muted" dateTime={n.receivedAt}>{formatClock(n.receivedAt)}</time>
      </p>
      {n.body === undefined || n.body === '' ? null : <p className="sandbox-notification-body">{n.body}</p>}
      {n.badge === undefined && n.sound === undefined && n.custom === undefined ? null : (
        <dl className="details">
          {n.badge === undefined ? null : (<><dt>Badge</dt><dd>{n.badge}</dd></>)}
          {n.sound === undefined ? null : (<><dt>Sound</dt><dd><code>{n.sound}</code></dd></>)}
          {n.custom === undefined ? null : (<><dt>Custom</dt><dd><code className="sandbox-wrap">{n.custom}</code></dd></>)}
        </dl>
      )}
      <details className="sandbox-raw">
        <summary>Raw payload</summary>
        <pre>{JSON.stringify(n.raw, null, 2)}</pre>
      </details>
    </li>
  );
}
