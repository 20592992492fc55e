import type { SelfCheck, SelfCheckDevice, SelfCheckOutcomeDevice, SelfCheckProblem } from '../api/toolbox-api.ts';
import { channelLabel } from './ImLabels.ts';
import { ImStateBadge } from './ImStateBadge.tsx';
import { formatTime } from './platform-labels.ts';

const KIND_LABEL: Record<string, string> = { c2c: 'One-to-one message', group: 'Group message', call: 'Call invite' };

/** Blocking findings first, then the others, each group in the server's order (user, each device, last outcome). */
export function orderFindings(problems: readonly SelfCheckProblem[]): SelfCheckProblem[] {
  return [...problems.filter((p) => p.blocking), ...problems.filter((p) => !p.blocking)];
}

/** The IM console's offline push self-check for one user, as the server answered it. */
export function SelfCheckReport({ check }: { check: SelfCheck }) {
  const findings = orderFindings(check.problems);
  const blocking = findings.filter((p) => p.blocking).length;
  return (
    <div className="self-check">
      <p>
        <strong>{check.user.userId}</strong>
        {check.user.nickname === '' ? null : <> ({check.user.nickname})</>} in IM app {check.imApp.name} <span className="muted">SDKAppID {check.sdkAppId}</span>
        <span className="muted"> · checked {formatTime(check.checkedAt)}</span>
      </p>

      <section aria-labelledby="self-check-findings">
        <h3 id="self-check-findings">Findings</h3>
        {findings.length === 0 ? (
          <p className="notice notice-success">Nothing stands in the way of this user’s offline pushes.</p>
        ) : (
          <>
            <p>{blocking === 0 ? 'Nothing blocks offline pushes; some things to look at:' : `${blocking} finding(s) stop offline pushes:`}</p>
            <ul className="self-check-findings">
              {findings.map((p, i) => (
                <li key={`${p.code}-${p.deviceId ?? ''}-${i}`} className={p.blocking ? 'finding finding-blocking' : 'finding finding-note'}>
                  <span className="finding-level">{p.blocking ? 'Blocking' : 'Note'}</span> {p.message} <code className="error-code">{p.code}</code>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="self-check-devices">
        <h3 id="self-check-devices">Devices</h3>
        {check.devices.length === 0 ? <p className="empty">The user never logged in from a device.</p> : null}
        <div className="cards">
          {check.devices.map((d) => <DeviceCard key={d.deviceId} device={d} />)}
        </div>
      </section>

      <section aria-labelledby="self-check-last">
        <h3 id="self-check-last">Last message</h3>
        {check.lastOutcome === null ? (
          <p className="empty">No message or call has been decided for this user yet.</p>
        ) : (
          <>
            <p>
              {KIND_LABEL[check.lastOutcome.kind] ?? check.lastOutcome.kind} from <strong>{check.lastOutcome.fromUser}</strong>
              {check.lastOutcome.kind === 'group' ? <> in group {check.lastOutcome.conversation}</> : null}
              <span className="muted"> · {formatTime(check.lastOutcome.decidedAt)} · ref {check.lastOutcome.messageRef}</span>
            </p>
            <p>{check.lastOutcome.summary}</p>
            <ul className="plain-list self-check-outcomes">
              {check.lastOutcome.devices.map((d) => <OutcomeItem key={d.deviceId} device={d} />)}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="self-check-certificates">
        <h3 id="self-check-certificates">Certificates and push apps</h3>
        {check.certificates.length === 0 ? <p className="muted">No offline push certificates (native mode).</p> : (
          <ul className="plain-list">
            {check.certificates.map((c) => (
              <li key={c.businessID}>
                Certificate <code>{c.businessID}</code> {c.name} · {channelLabel(c.channel)}
                {c.environment === null ? '' : ` ${c.environment}`}
                {c.voip ? ' VoIP' : ''} · AccessID {c.accessId} · credential {c.credential === null ? 'deleted' : c.credential.status}
              </li>
            ))}
          </ul>
        )}
        {check.pushApps.length === 0 ? <p className="muted">No push app is authorized to this IM app (TPNS mode).</p> : (
          <ul className="plain-list">
            {check.pushApps.map((a) => (
              <li key={a.accessId}>
                Authorized push app AccessID {a.accessId} · {a.bundleId} ({a.platform}) · plan {a.planId}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function DeviceCard({ device }: { device: SelfCheckDevice }) {
  const c = device.pushConfig;
  return (
    <section className="card" aria-label={`Device ${device.deviceId}`}>
      <h4>
        {device.deviceId} <ImStateBadge state={device.state} />
      </h4>
      <dl className="details">
        <dt>Platform</dt>
        <dd>{device.platform}</dd>
        <dt>State since</dt>
        <dd>{formatTime(device.stateChangedAt)}</dd>
        <dt>Push report</dt>
        <dd>{c === null ? <span className="muted">none (setOfflinePushConfig not called)</span> : c.mode === 'tpns' ? 'TPNS token' : `Certificate ${c.businessID}`}</dd>
        {c === null ? null : (
          <>
            <dt>Token</dt>
            <dd><code>{c.token}</code></dd>
            <dt>Channel</dt>
            <dd>
              {channelLabel(c.channel)}
              {c.environment === null ? null : <span className="tag">{c.environment}</span>}
              {c.voip ? <span className="tag">VoIP</span> : null}
            </dd>
            <dt>Report</dt>
            <dd>
              {c.status}
              {c.invalidReason === undefined ? null : <span className="muted"> ({c.invalidReason})</span>}
              <span className="muted"> · {formatTime(c.reportedAt)}</span>
            </dd>
            <dt>Push app</dt>
            <dd>
              AccessID {c.pushApp.accessId}
              {c.pushApp.exists ? (c.pushApp.authorized ? ' · authorized' : ' · not authorized') : ' · missing'}
            </dd>
            <dt>Credential</dt>
            <dd>{c.credential.exists ? `${c.credential.kind ?? ''} ${c.credential.status ?? ''}`.trim() : 'missing'}{c.credential.reason === undefined ? null : <span className="muted"> ({c.credential.reason})</span>}</dd>
            <dt>Push device</dt>
            <dd>{c.pushDevice.exists ? `${c.pushDevice.status ?? ''}${c.pushDevice.accountBound === false ? ' · UserID not bound' : ''}` : <span className="muted">not yet (made at the first push)</span>}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function OutcomeItem({ device }: { device: SelfCheckOutcomeDevice }) {
  return (
    <li className={device.pushed ? 'outcome outcome-pushed' : 'outcome outcome-skipped'}>
      <strong>{device.deviceId}</strong>: {device.explanation}
      {device.delivery === undefined || device.delivery === null ? (device.pushed ? <span className="muted"> The vendor has not answered yet.</span> : null) : (
        <span>
          {' '}Vendor answer: <strong>{device.delivery.outcome}</strong>
          {device.delivery.reason === undefined ? null : ` (${device.delivery.reason})`} on {channelLabel(device.delivery.channel)}, {formatTime(device.delivery.at)}.
        </span>
      )}
      {device.task === undefined || device.task === null ? null : <span className="muted"> Task {device.pushId} {device.task.status}.</span>}
    </li>
  );
}
