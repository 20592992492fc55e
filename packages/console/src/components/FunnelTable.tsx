import type { FunnelView } from '../api/push-api.ts';
import { channelLabel } from './push-labels.ts';

/** The funnel per channel and in all: targeted → sent → arrived → clicked, and what fell out (failed, invalid, expired). */
export function FunnelTable({ funnel, caption }: { funnel: FunnelView; caption: string }) {
  if (funnel.channels.length === 0) return <p className="muted funnel-empty">No deliveries yet.</p>;
  const rows = funnel.channels.length > 1 ? [...funnel.channels, { channel: 'all', ...funnel.total }] : funnel.channels;
  return (
    <div className="table-scroll funnel-scroll" role="region" aria-label={caption} tabIndex={0}>
    <table className="funnel">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Channel</th>
          <th scope="col">Targeted</th>
          <th scope="col">Sent</th>
          <th scope="col">Arrived</th>
          <th scope="col">Clicked</th>
          <th scope="col">Failed</th>
          <th scope="col">Invalid</th>
          <th scope="col">Expired</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.channel} className={c.channel === 'all' ? 'funnel-total' : undefined}>
            <th scope="row">{c.channel === 'all' ? 'All' : channelLabel(c.channel)}</th>
            <td>{c.targeted}</td>
            <td>{c.sent}</td>
            <td>{c.arrived}</td>
            <td>{c.clicked}</td>
            <td>{c.failed}</td>
            <td>{c.invalid}</td>
            <td>{c.expired}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}
