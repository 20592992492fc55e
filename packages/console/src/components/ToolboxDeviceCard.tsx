import type { LookupDevice } from '../api/toolbox-api.ts';
import { channelLabel } from './ImLabels.ts';
import { formatTime } from './platform-labels.ts';

const OUTCOME_CLASS: Record<string, string> = { delivered: 'outcome-pushed', rejected: 'outcome-skipped', failed: 'outcome-skipped', expired: 'outcome-skipped' };

/** One push device as the toolbox shows it: identity, vendor token (shortened), tags, accounts, recent pushes. */
export function ToolboxDeviceCard({ device, pushWindow }: { device: LookupDevice; pushWindow: number }) {
  return (
    <section className="card toolbox-device" aria-label={`Token ${device.token}`}>
      <h3>
        <code>{device.token}</code> <span className={device.status === 'active' ? 'tag' : 'tag tag-warning'}>{device.status}</span>
      </h3>
      {device.invalidReason === undefined ? null : <p className="field-error">The vendor refused its token: {device.invalidReason}</p>}
      <dl className="details">
        <dt>Platform</dt>
        <dd>{device.platform} · {channelLabel(device.channel)}</dd>
        <dt>Vendor token</dt>
        <dd><code>{device.vendorToken === '' ? 'none yet' : device.vendorToken}</code></dd>
        <dt>Environment</dt>
        <dd>{device.environment}</dd>
        <dt>Device</dt>
        <dd>{[device.deviceBrand, device.deviceModel, device.systemVersion].filter((x) => x !== '').join(' · ') || <span className="muted">not reported</span>}</dd>
        <dt>App / SDK</dt>
        <dd>{device.appVersion} / {device.sdkVersion}</dd>
        <dt>Registered</dt>
        <dd>{formatTime(device.createdAt)} <span className="muted">· last active {formatTime(device.lastActiveAt)}</span></dd>
        <dt>Tags</dt>
        <dd>{device.tags.length === 0 ? <span className="muted">none</span> : device.tags.map((t) => <span className="tag" key={t.tag}>{t.tag}</span>)}</dd>
        <dt>Accounts</dt>
        <dd>
          {device.accounts.length === 0 ? <span className="muted">none</span> : (
            <ul className="plain-list">
              {device.accounts.map((a) => (
                <li key={`${a.accountType}-${a.account}`}>
                  {a.account} <span className="muted">type {a.accountType}</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      <h4>Recent pushes</h4>
      {device.recentPushes.length === 0 ? (
        <p className="empty">No push answered for this device among the app’s last {pushWindow} pushes.</p>
      ) : (
        <div className="table-scroll" role="region" aria-label={`Recent pushes to ${device.token}`} tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Push</th>
                <th scope="col">Outcome</th>
                <th scope="col">Sent</th>
              </tr>
            </thead>
            <tbody>
              {device.recentPushes.map((p) => (
                <tr key={p.pushId}>
                  <td>
                    <code>{p.pushId}</code> {p.title === '' ? null : <span>“{p.title}”</span>}
                    <div className="muted">{p.audienceType} · {p.messageType} · {p.taskStatus} · plan {p.planId}</div>
                  </td>
                  <td>
                    <span className={`outcome ${OUTCOME_CLASS[p.outcome] ?? ''}`}>{p.outcome}</span>
                    {p.reason === undefined ? null : <span className="muted"> ({p.reason})</span>}
                    {p.arrived ? <span className="tag">arrived</span> : null}
                    {p.clicked ? <span className="tag">clicked</span> : null}
                  </td>
                  <td>{formatTime(p.answeredAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
