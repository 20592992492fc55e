import { Fragment, useState } from 'react';
import type { IssueCredentialBody, IssuedCredential, SandboxApi, SandboxChannel } from '../api/sandbox-api.ts';
import type { AppView } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { CopyButton } from './CopyButton.tsx';
import { VENDOR_SPECS } from './credential-vendors.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { issuableChannels, issueLabel, sandboxChannelLabel } from './sandbox-labels.ts';

/** What the vendor's console asks for: Apple ties a key to nothing but may name the bundle ID, the Android vendors a package name. */
export function issueBody(channel: SandboxChannel, app: AppView): IssueCredentialBody {
  if (channel === 'apns') return app.platform === 'ios' ? { bundleId: app.bundleId } : {};
  if (channel === 'fcm') return {};
  return { packageName: app.bundleId };
}

/** A file offered for download without a round trip; a data: URL because jsdom and old browsers lack object URLs. */
function dataUrl(text: string, type: string): string {
  return `data:${type};charset=utf-8,${encodeURIComponent(text)}`;
}

function fieldLabel(channel: string, name: string): string {
  return VENDOR_SPECS.find((s) => s.channel === channel)?.fields.find((f) => f.name === name)?.label ?? name;
}

/**
 * "Vendor consoles": per channel of the app, a button that issues a credential the channel's emulator accepts,
 * offered as the vendor would (the .p8 or service-account.json download, or the fields to paste), with where to
 * put it: the app's Credentials page, whose routes check it against the emulator like against the vendor.
 */
export function SandboxCredentialIssuer({ api, app, channels }: { api: SandboxApi; app: AppView; channels: readonly SandboxChannel[] }) {
  const issuable = issuableChannels(channels);
  const credentialsPath = `/credentials/${app.accessId}`;
  return (
    <section aria-labelledby="sandbox-vendors-title" className="sandbox-section">
      <h2 id="sandbox-vendors-title">Vendor consoles</h2>
      {issuable.length === 0 ? (
        <p>
          This app’s channel needs no vendor credential: Herald makes the Web Push VAPID key itself (see the{' '}
          <Link to={credentialsPath}>Credentials page</Link>).
        </p>
      ) : (
        <>
          <p className="muted">
            Each button plays the vendor’s developer console: it issues a credential the emulator accepts. Upload or paste it on this app’s{' '}
            <Link to={credentialsPath}>Credentials page</Link>, which checks it with the emulator as it would with the vendor.
          </p>
          <ul className="cards sandbox-issuers">
            {issuable.map((c) => (
              <ChannelIssuer key={c} api={api} app={app} channel={c} credentialsPath={credentialsPath} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ChannelIssuer({ api, app, channel, credentialsPath }: { api: SandboxApi; app: AppView; channel: SandboxChannel; credentialsPath: string }) {
  const [issued, setIssued] = useState<IssuedCredential>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const label = sandboxChannelLabel(channel);
  const titleId = `sandbox-issue-${channel}-title`;

  async function issue() {
    setBusy(true);
    setFailure(undefined);
    try {
      setIssued(await api.issueCredential(channel, issueBody(channel, app)));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="card" aria-labelledby={titleId}>
      <h3 id={titleId}>{label}</h3>
      <button type="button" className="button button-secondary" onClick={() => void issue()} disabled={busy}>
        {busy ? `Issuing ${label} credential…` : issueLabel(channel)}
      </button>
      {failure === undefined ? null : <ErrorNotice error={failure} title={`The ${label} credential was not issued.`} />}
      <p role="status" className={issued === undefined ? 'visually-hidden' : 'status-line'}>
        {issued === undefined ? null : `${issueSaid(issued, label)}`}
      </p>
      {issued === undefined ? null : <IssuedView issued={issued} label={label} credentialsPath={credentialsPath} />}
    </li>
  );
}

function issueSaid(issued: IssuedCredential, label: string): string {
  if ('p8' in issued) return `Issued APNs key ${issued.keyId} (team ${issued.teamId}).`;
  if ('serviceAccount' in issued) return 'Issued an FCM service account.';
  return `Issued a ${label} credential.`;
}

function IssuedView({ issued, label, credentialsPath }: { issued: IssuedCredential; label: string; credentialsPath: string }) {
  const upload = <Link to={credentialsPath}>Credentials page</Link>;
  if (issued.channel === 'apns' && 'p8' in issued) {
    return (
      <>
        <a className="button" href={dataUrl(issued.p8, 'application/x-pem-file')} download={issued.fileName}>
          Download {issued.fileName}
        </a>
        <dl className="details">
          <dt>Key ID</dt>
          <dd><code>{issued.keyId}</code> <CopyButton value={issued.keyId} what="Key ID" /></dd>
          <dt>Team ID</dt>
          <dd><code>{issued.teamId}</code> <CopyButton value={issued.teamId} what="Team ID" /></dd>
        </dl>
        <p className="field-hint">On the {upload}, choose the .p8 key in the slot of the devices’ environment, pick this file and enter the Key ID and Team ID.</p>
      </>
    );
  }
  if (issued.channel === 'fcm' && 'serviceAccount' in issued) {
    const fileName = issued.fileName === '' ? 'service-account.json' : issued.fileName;
    return (
      <>
        <a className="button" href={dataUrl(`${JSON.stringify(issued.serviceAccount, null, 2)}\n`, 'application/json')} download={fileName}>
          Download {fileName}
        </a>
        <p className="field-hint">On the {upload}, pick this file in the FCM form (or paste its content).</p>
      </>
    );
  }
  const fields = 'fields' in issued ? Object.entries(issued.fields) : [];
  return (
    <>
      <dl className="details sandbox-fields">
        {fields.map(([name, value]) => (
          <Fragment key={name}>
            <dt>{fieldLabel(issued.channel, name)}</dt>
            <dd><code>{value}</code> <CopyButton value={value} what={`${label} ${fieldLabel(issued.channel, name)}`} /></dd>
          </Fragment>
        ))}
      </dl>
      <p className="field-hint">Paste them into the {label} form on the {upload}.</p>
    </>
  );
}
