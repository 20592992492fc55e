import { useState, type FormEvent } from 'react';
import { flushSync } from 'react-dom';
import type { PushAccepted, PushPlan } from '../api/push-api.ts';
import type { AppView } from '../api/types.ts';
import { useServices } from '../app/services-context.tsx';
import { pushApi } from '../api/push-api.ts';
import { hasErrors, type FieldErrors } from '../validation/rules.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { focusFirstError } from './focus-first-error.ts';
import { PLAN_SOURCE_LABEL } from './push-labels.ts';
import { EMPTY_PUSH, isAccountAudience, isBroadcast, isIosSilent, MAX_EXPIRE_SECONDS, PUSH_FIELDS, selectablePlans, toPushBody, validatePush, type AudienceChoice, type PushDraft, type PushField } from './push-draft.ts';
import { Checkbox, SelectField } from './PushFormFields.tsx';
import { PushLoopFields } from './PushLoopFields.tsx';
import { PushPackageUpload } from './PushPackageUpload.tsx';
import { PushVendorFieldset } from './PushVendorFieldset.tsx';
import { TextAreaField } from './TextAreaField.tsx';
import { TextField } from './TextField.tsx';
import { dayAt, LOOP_FIELDS } from '../validation/push-loop.ts';
import { VENDOR_FIELDS } from '../validation/push-vendor.ts';
import { SubmitOrCancel } from './SubmitOrCancel.tsx';

const OPTION_FIELDS: PushField[] = ['push-badge-number', 'push-ios-category', 'push-ios-thread-id', 'push-android-channel-id', 'push-activity', 'push-url', 'push-intent', 'push-custom-content'];
const SCHEDULE_FIELDS: PushField[] = ['push-send-time', ...LOOP_FIELDS, 'push-expire-time'];
/** The latest time zone (UTC+14): the form's 90-day bound never refuses what the server, at its own offset, takes. */
const LATEST_OFFSET_MINUTES = 14 * 60;

const AUDIENCES: Array<[AudienceChoice, string]> = [
  ['token_list', 'Tokens'], ['account_list', 'Accounts'], ['tag', 'Devices with tags'], ['all', 'All devices'],
  ['package_account_push', 'Accounts from a file'], ['package_token_push', 'Tokens from a file'],
];

/**
 * Creates a push for one app with the settings of TPNS `/v3/push/app` (POST /api/apps/:accessId/pushes): audience
 * (lists, tags, all, or an uploaded file of accounts or tokens), text, the app's platform options, custom content,
 * for Android the vendor channels (their fields and `channel_rules`), schedule, loop, expiry and plan.
 */
export function PushCreateForm({ app, plans, onCreated, onCancel }: { app: AppView; plans: PushPlan[]; onCreated: (accepted: PushAccepted) => void; onCancel: () => void }) {
  const services = useServices();
  const [draft, setDraft] = useState<PushDraft>(EMPTY_PUSH);
  const [errors, setErrors] = useState<FieldErrors<PushField>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState({ options: false, vendors: false, schedule: false });
  const set = <K extends keyof PushDraft>(key: K) => (value: PushDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const patch = (p: Partial<PushDraft>) => setDraft((d) => ({ ...d, ...p }));
  const ios = app.platform === 'ios';
  const android = app.platform === 'android';
  const silent = isIosSilent(draft, app.platform);
  const canSchedule = isBroadcast(draft.audience);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validatePush(draft, app.platform, dayAt(Date.now(), LATEST_OFFSET_MINUTES));
    setErrors(found);
    if (hasErrors(found)) {
      // A field in error inside a closed section cannot take focus: open its section first.
      const inError = (fields: readonly PushField[]) => fields.some((f) => found[f] !== undefined);
      flushSync(() => setOpen((o) => ({ options: o.options || inError(OPTION_FIELDS), vendors: o.vendors || inError(VENDOR_FIELDS), schedule: o.schedule || inError(SCHEDULE_FIELDS) })));
      focusFirstError(PUSH_FIELDS, found);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      onCreated(await pushApi(services.client).create(app.accessId, toPushBody(draft, app.platform)));
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="form push-form">
      <fieldset>
        <legend>Audience</legend>
        <SelectField id="push-audience" label="Send to" value={draft.audience} onChange={set('audience')} options={AUDIENCES} />
        {draft.audience === 'token_list' ? (
          <TextAreaField id="push-tokens" label="Tokens" value={draft.tokens} onChange={set('tokens')} error={errors['push-tokens']} rows={3} spellCheck={false} hint="Herald push tokens, one per line (at most 1,000)." />
        ) : null}
        {draft.audience === 'account_list' ? (
          <TextAreaField id="push-accounts" label="Accounts" value={draft.accounts} onChange={set('accounts')} error={errors['push-accounts']} rows={3} spellCheck={false} hint="One per line (at most 1,000)." />
        ) : null}
        {draft.audience === 'package_account_push' ? (
          <PushPackageUpload key="account" accessId={app.accessId} kind="account" uploaded={draft.accountPackage} onUploaded={set('accountPackage')} error={errors['push-package']} />
        ) : null}
        {draft.audience === 'package_token_push' ? (
          <PushPackageUpload key="token" accessId={app.accessId} kind="token" uploaded={draft.tokenPackage} onUploaded={set('tokenPackage')} error={errors['push-package']} />
        ) : null}
        {isAccountAudience(draft.audience) ? (
          <>
            <TextField id="push-account-type" label="Account type" value={draft.accountType} onChange={set('accountType')} error={errors['push-account-type']} inputMode="numeric" hint="The type the accounts were bound with: 0 by default." />
            <SelectField id="push-account-push-type" label="Devices of each account" value={draft.accountPushType} onChange={set('accountPushType')} options={[['0', 'The most recently bound device'], ['1', 'All its devices']]} />
          </>
        ) : null}
        {draft.audience === 'tag' ? (
          <>
            <TextAreaField id="push-tags" label="Tags" value={draft.tags} onChange={set('tags')} error={errors['push-tags']} rows={2} hint="Custom tags, one per line or comma-separated." />
            <SelectField id="push-tags-operator" label="Match" value={draft.tagsOperator} onChange={set('tagsOperator')} options={[['OR', 'Any of the tags'], ['AND', 'All of the tags']]} />
          </>
        ) : null}
        <SelectField id="push-environment" label="Environment" value={draft.environment} onChange={set('environment')} options={[['product', 'Production'], ['dev', 'Development (sandbox)']]} hint="Only devices registered in this environment get the push." />
      </fieldset>

      <fieldset>
        <legend>Message</legend>
        <SelectField
          id="push-message-type" label="Type" value={draft.messageType} onChange={set('messageType')}
          options={[['notify', 'Notification'], ['message', ios ? 'Silent (background) push' : 'In-app message (pass-through)']]}
        />
        <TextField id="push-title" label="Title" value={draft.title} onChange={set('title')} error={errors['push-title']} required={!silent} />
        <TextAreaField id="push-content" label="Content" value={draft.content} onChange={set('content')} error={errors['push-content']} rows={3} />
      </fieldset>

      <details className="push-advanced" open={open.options} onToggle={(e) => { const isOpen = e.currentTarget.open; setOpen((o) => ({ ...o, options: isOpen })); }}>
        <summary>{ios ? 'iOS options' : 'Android options'}</summary>
        {silent ? (
          <p className="field-hint">A silent push carries no sound or badge: iOS wakes the app with it.</p>
        ) : (
          <>
            <SelectField
              id="push-badge" label="Badge" value={draft.badge} onChange={set('badge')}
              options={[['none', 'Not set'], ['unchanged', 'Leave as it is'], ['increment', 'One more than now'], ['set', 'Set to a number']]}
              hint="“One more than now” counts from the badge the app last reported."
            />
            {draft.badge === 'set' ? <TextField id="push-badge-number" label="Badge number" value={draft.badgeNumber} onChange={set('badgeNumber')} error={errors['push-badge-number']} inputMode="numeric" /> : null}
          </>
        )}
        {ios ? (
          <>
            {silent ? null : <TextField id="push-ios-sound" label="Sound" value={draft.iosSound} onChange={set('iosSound')} hint="A sound file in the app bundle, “default”, or empty for none." />}
            <TextField id="push-ios-category" label="Category" value={draft.iosCategory} onChange={set('iosCategory')} error={errors['push-ios-category']} hint="A notification category the app registered (its action buttons)." />
            <TextField id="push-ios-thread-id" label="Thread ID" value={draft.iosThreadId} onChange={set('iosThreadId')} error={errors['push-ios-thread-id']} hint="Groups notifications in Notification Center." />
            {silent ? null : (
              <SelectField
                id="push-ios-interruption" label="Interruption level" value={draft.iosInterruptionLevel} onChange={set('iosInterruptionLevel')}
                options={[['', 'Not set'], ['passive', 'Passive'], ['active', 'Active'], ['time-sensitive', 'Time sensitive'], ['critical', 'Critical']]}
              />
            )}
          </>
        ) : (
          <>
            <TextField id="push-android-channel-id" label="Notification channel ID" value={draft.androidChannelId} onChange={set('androidChannelId')} error={errors['push-android-channel-id']} hint="The Android notification channel the app created (n_ch_id)." />
            <TextField id="push-android-channel-name" label="Notification channel name" value={draft.androidChannelName} onChange={set('androidChannelName')} />
            <Checkbox id="push-ring" label="Ring" checked={draft.ring} onChange={set('ring')} />
            <Checkbox id="push-vibrate" label="Vibrate" checked={draft.vibrate} onChange={set('vibrate')} />
            <Checkbox id="push-lights" label="Flash the light" checked={draft.lights} onChange={set('lights')} />
            <SelectField
              id="push-click-action" label="On tap" value={draft.clickAction} onChange={set('clickAction')}
              options={[['app', 'Open the app'], ['activity', 'Open an activity'], ['url', 'Open a web page'], ['intent', 'Open an intent URI']]}
            />
            {draft.clickAction === 'activity' ? <TextField id="push-activity" label="Activity" value={draft.activity} onChange={set('activity')} error={errors['push-activity']} placeholder=".OrderActivity" spellCheck={false} /> : null}
            {draft.clickAction === 'url' ? <TextField id="push-url" label="URL" value={draft.url} onChange={set('url')} error={errors['push-url']} type="url" placeholder="https://example.com/sale" spellCheck={false} /> : null}
            {draft.clickAction === 'intent' ? <TextField id="push-intent" label="Intent URI" value={draft.intent} onChange={set('intent')} error={errors['push-intent']} spellCheck={false} /> : null}
          </>
        )}
        <TextAreaField
          id="push-custom-content" label="Custom content (JSON)" value={draft.customContent} onChange={set('customContent')} error={errors['push-custom-content']} rows={3} spellCheck={false}
          hint={ios ? 'A JSON object whose keys go beside aps in the payload, e.g. {"order": 99}.' : 'A JSON object the app reads from the notification’s extras, e.g. {"order": 99}.'}
        />
      </details>

      {android ? (
        <details className="push-advanced" open={open.vendors} onToggle={(e) => { const isOpen = e.currentTarget.open; setOpen((o) => ({ ...o, vendors: isOpen })); }}>
          <summary>Vendor channels</summary>
          <PushVendorFieldset value={draft} onChange={patch} errors={errors} />
        </details>
      ) : null}

      <details className="push-advanced" open={open.schedule} onToggle={(e) => { const isOpen = e.currentTarget.open; setOpen((o) => ({ ...o, schedule: isOpen })); }}>
        <summary>Schedule, expiry and plan</summary>
        <Checkbox id="push-schedule" label="Send later" checked={draft.schedule} onChange={set('schedule')} />
        {draft.schedule ? (
          <TextField
            id="push-send-time" label="Send time" type="datetime-local" step={1} value={draft.sendTime} onChange={set('sendTime')} error={errors['push-send-time']}
            hint={canSchedule ? 'In the server’s TPNS time zone (UTC+8 unless configured otherwise), at most 90 days ahead.' : 'Only pushes to all devices, tags or a package can be scheduled.'}
          />
        ) : null}
        <PushLoopFields value={draft} onChange={patch} errors={errors} allowed={canSchedule} />
        <TextField id="push-expire-time" label="Expiry (seconds)" value={draft.expireTime} onChange={set('expireTime')} error={errors['push-expire-time']} inputMode="numeric" placeholder="86400" hint={`How long the push may wait for offline devices: 0–${MAX_EXPIRE_SECONDS} seconds, one day when empty.`} />
        <SelectField
          id="push-plan" label="Plan" value={draft.planId} onChange={set('planId')}
          options={[['', 'Default plan'], ...selectablePlans(plans).map((p): [string, string] => [p.planId, `${p.planName} (${PLAN_SOURCE_LABEL[p.planPushSource] ?? p.planPushSource}, ${p.planId})`])]}
          hint="The plan whose statistics count this push."
        />
      </details>

      {failure === undefined ? null : <ErrorNotice error={failure} title="The push was not created." />}
      <SubmitOrCancel label="Create push" busyLabel="Pushing…" busy={busy} onCancel={onCancel} />
    </form>
  );
}
