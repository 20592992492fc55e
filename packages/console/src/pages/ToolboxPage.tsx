import { ApiError } from '../api/api-error.ts';
import type { DeviceLookup } from '../api/toolbox-api.ts';
import { navigate } from '../app/router.tsx';
import { useServices } from '../app/services-context.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { imUserId, sdkAppId as sdkAppIdRule } from '../components/ImLabels.ts';
import { Loading } from '../components/Loading.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { SelfCheckReport } from '../components/SelfCheckReport.tsx';
import { ToolboxDeviceCard } from '../components/ToolboxDeviceCard.tsx';
import { ToolboxLookupForm } from '../components/ToolboxLookupForm.tsx';
import { useResource } from '../components/use-resource.ts';
import type { Rule } from '../validation/rules.ts';

export type ToolboxLookup =
  | { kind: 'token'; accessId: number; token: string }
  | { kind: 'account'; accessId: number; account: string }
  | { kind: 'self-check'; sdkAppId: number; userId: string };

const accessIdRule: Rule = (v) => (/^[0-9]{1,15}$/.test(v) ? undefined : 'An AccessID is a whole number.');
const tokenRule: Rule = (v) => (/^[0-9a-f]{36}$/.test(v) ? undefined : 'A Herald token is 36 lower-case hex characters (what the push SDK’s register answered).');
const accountRule: Rule = (v) => (v.length <= 100 ? undefined : 'An account is at most 100 characters.');

export function toolboxPath(lookup: ToolboxLookup): string {
  if (lookup.kind === 'token') return `/toolbox/token/${lookup.accessId}/${lookup.token}`;
  if (lookup.kind === 'account') return `/toolbox/account/${lookup.accessId}/${encodeURIComponent(lookup.account)}`;
  return `/toolbox/self-check/${lookup.sdkAppId}/${encodeURIComponent(lookup.userId)}`;
}

/** Look up a token or an account of a push app, and run the IM offline push self-check for a user. Each lookup has its own address. */
export function ToolboxPage({ lookup }: { lookup?: ToolboxLookup }) {
  const go = (l: ToolboxLookup) => navigate(toolboxPath(l));
  return (
    <>
      <PageHeading title="Toolbox">Toolbox</PageHeading>
      <p className="page-intro">Find out why a device does or does not get pushes.</p>
      <div className="toolbox-forms">
        <ToolboxLookupForm
          key={lookup?.kind === 'token' ? toolboxPath(lookup) : 'token'}
          id="lookup-token" title="Look up a token" submitLabel="Look up token"
          app={{ label: 'AccessID', rule: accessIdRule, placeholder: '1500000000' }}
          field={{ label: 'Token', rule: tokenRule, hint: 'The Herald (TPNS) token of the device.' }}
          initial={lookup?.kind === 'token' ? { app: String(lookup.accessId), key: lookup.token } : undefined}
          onLookUp={(accessId, token) => go({ kind: 'token', accessId, token })}
        />
        <ToolboxLookupForm
          key={lookup?.kind === 'account' ? toolboxPath(lookup) : 'account'}
          id="lookup-account" title="Look up an account" submitLabel="Look up account"
          app={{ label: 'AccessID', rule: accessIdRule, placeholder: '1500000000' }}
          field={{ label: 'Account', rule: accountRule, hint: 'Any account type bound to the app’s devices.' }}
          initial={lookup?.kind === 'account' ? { app: String(lookup.accessId), key: lookup.account } : undefined}
          onLookUp={(accessId, account) => go({ kind: 'account', accessId, account })}
        />
        <ToolboxLookupForm
          key={lookup?.kind === 'self-check' ? toolboxPath(lookup) : 'self-check'}
          id="self-check" title="IM offline push self-check" submitLabel="Run self-check"
          app={{ label: 'SDKAppID', rule: sdkAppIdRule, placeholder: '1400000000' }}
          field={{ label: 'UserID', rule: imUserId }}
          initial={lookup?.kind === 'self-check' ? { app: String(lookup.sdkAppId), key: lookup.userId } : undefined}
          onLookUp={(sdkAppId, userId) => go({ kind: 'self-check', sdkAppId, userId })}
        />
      </div>
      {lookup === undefined ? null : (
        <section className="toolbox-result" aria-labelledby="toolbox-result-title">
          {lookup.kind === 'self-check' ? <SelfCheckResult key={toolboxPath(lookup)} sdkAppId={lookup.sdkAppId} userId={lookup.userId} /> : <DeviceResult key={toolboxPath(lookup)} lookup={lookup} />}
        </section>
      )}
    </>
  );
}

function notFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

function DeviceResult({ lookup }: { lookup: Extract<ToolboxLookup, { kind: 'token' | 'account' }> }) {
  const services = useServices();
  const [result, { reload }] = useResource<DeviceLookup>(
    () => (lookup.kind === 'token' ? services.toolbox.token(lookup.accessId, lookup.token) : services.toolbox.account(lookup.accessId, lookup.account)),
    [services, lookup.kind, lookup.accessId, lookup.kind === 'token' ? lookup.token : lookup.account],
  );
  const what = lookup.kind === 'token' ? `Token ${lookup.token}` : `Account ${lookup.account}`;
  return (
    <>
      <h2 id="toolbox-result-title">{what} <span className="muted">in AccessID {lookup.accessId}</span></h2>
      {result.status === 'loading' ? <Loading label="Looking up…" /> : null}
      {result.status === 'error' ? (
        <ErrorNotice
          error={result.error}
          title={notFound(result.error) ? `Not found in push app ${lookup.accessId}.` : 'The lookup failed.'}
          {...(notFound(result.error) ? {} : { onRetry: reload })}
        />
      ) : null}
      {result.status === 'ready' ? (
        <>
          {lookup.kind === 'account' ? <p>{result.data.devices.length} device(s) bound to this account.</p> : null}
          <div className="cards cards-wide">
            {result.data.devices.map((d) => <ToolboxDeviceCard key={d.token} device={d} pushWindow={result.data.pushWindow} />)}
          </div>
        </>
      ) : null}
    </>
  );
}

function SelfCheckResult({ sdkAppId, userId }: { sdkAppId: number; userId: string }) {
  const services = useServices();
  const [result, { reload }] = useResource(() => services.toolbox.selfCheck(sdkAppId, userId), [services, sdkAppId, userId]);
  return (
    <>
      <h2 id="toolbox-result-title">Self-check of {userId} <span className="muted">in SDKAppID {sdkAppId}</span></h2>
      {result.status === 'loading' ? <Loading label="Checking…" /> : null}
      {result.status === 'error' ? <ErrorNotice error={result.error} title="The self-check could not run." {...(notFound(result.error) ? {} : { onRetry: reload })} /> : null}
      {result.status === 'ready' ? (
        <>
          <div className="button-row">
            <button type="button" className="button button-secondary" onClick={reload}>Check again</button>
          </div>
          <SelfCheckReport check={result.data} />
        </>
      ) : null}
    </>
  );
}
