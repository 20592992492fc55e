import type { ReactNode } from 'react';
import type { FieldErrors } from '../validation/rules.ts';
import { HUAWEI_CATEGORIES, type VendorDraft, type VendorField } from '../validation/push-vendor.ts';
import { channelLabel } from './push-labels.ts';
import { Checkbox, SelectField } from './PushFormFields.tsx';
import { TextField } from './TextField.tsx';

type Value = VendorDraft & { disabledChannels: string[] };

/**
 * The Android vendor channels of a push, one fieldset per vendor: its own settings (`message.android` vendor
 * fields, push-vendor.ts) and "Do not use this channel" (`channel_rules`). Devices of a channel left out are
 * counted failed, not sent through another.
 */
export function PushVendorFieldset({ value, onChange, errors }: { value: Value; onChange: (patch: Partial<Value>) => void; errors: FieldErrors<VendorField> }) {
  const text = (key: keyof VendorDraft) => (v: string) => onChange({ [key]: v });
  const pick = <K extends keyof VendorDraft>(key: K) => (v: VendorDraft[K]) => onChange({ [key]: v } as Partial<Value>);

  // Called as a function, not rendered as a component: a component made in render would remount its inputs.
  function vendor({ channel, children }: { channel: string; children?: ReactNode }) {
    const off = value.disabledChannels.includes(channel);
    return (
      <fieldset className="push-vendor">
        <legend>{channelLabel(channel)}</legend>
        <Checkbox
          id={`push-channel-off-${channel}`} label="Do not use this channel" checked={off}
          onChange={(on) => onChange({ disabledChannels: on ? [...value.disabledChannels, channel] : value.disabledChannels.filter((c) => c !== channel) })}
        />
        {off ? null : children}
      </fieldset>
    );
  }

  return (
    <>
      <p className="field-hint">Empty fields are left out: the vendor’s defaults apply. A channel left out fails its devices; the push is not sent another way.</p>
      {vendor({
        channel: 'fcm',
        children: (
          <>
            <TextField id="push-fcm-ch-id" label="FCM channel ID" value={value.fcmChId} onChange={text('fcmChId')} error={errors['push-fcm-ch-id']} spellCheck={false} hint="fcm_ch_id; the notification channel ID above when empty." />
            <SelectField id="push-fcm-priority" label="FCM priority" value={value.fcmPriority} onChange={pick('fcmPriority')} options={[['', 'Not set'], ['normal', 'Normal'], ['high', 'High']]} />
            <TextField id="push-fcm-image" label="FCM image" value={value.fcmImage} onChange={text('fcmImage')} error={errors['push-fcm-image']} type="url" placeholder="https://example.com/sale.png" spellCheck={false} />
          </>
        ),
      })}
      {vendor({
        channel: 'hw',
        children: (
          <>
            <TextField id="push-hw-ch-id" label="Huawei channel ID" value={value.hwChId} onChange={text('hwChId')} error={errors['push-hw-ch-id']} spellCheck={false} hint="hw_ch_id; the notification channel ID above when empty." />
            <SelectField id="push-hw-category" label="Huawei category" value={value.hwCategory} onChange={pick('hwCategory')} options={[['', 'Not set'], ...HUAWEI_CATEGORIES.map((c): [string, string] => [c, c])]} hint="Each category needs Huawei’s approval for the app." />
            <SelectField id="push-hw-importance" label="Huawei reminder" value={value.hwImportance} onChange={pick('hwImportance')} options={[['', 'Not set'], ['1', 'Silent (1)'], ['2', 'Strong (2)']]} />
            <TextField id="push-hw-image" label="Huawei image" value={value.hwImage} onChange={text('hwImage')} error={errors['push-hw-image']} type="url" placeholder="https://example.com/sale.png" spellCheck={false} />
          </>
        ),
      })}
      {vendor({
        channel: 'honor',
        children: (
          <>
            <SelectField id="push-honor-importance" label="Honor importance" value={value.honorImportance} onChange={pick('honorImportance')} options={[['', 'Not set'], ['1', 'Low: marketing (1)'], ['2', 'Normal: service (2)']]} />
            <TextField id="push-honor-image" label="Honor image" value={value.honorImage} onChange={text('honorImage')} error={errors['push-honor-image']} type="url" placeholder="https://example.com/sale.png" spellCheck={false} />
          </>
        ),
      })}
      {vendor({
        channel: 'xm',
        children: <TextField id="push-xm-ch-id" label="Xiaomi channel ID" value={value.xmChId} onChange={text('xmChId')} error={errors['push-xm-ch-id']} spellCheck={false} hint="xm_ch_id: a channel registered on the Xiaomi console." />,
      })}
      {vendor({
        channel: 'oppo',
        children: (
          <>
            <TextField id="push-oppo-ch-id" label="OPPO channel ID" value={value.oppoChId} onChange={text('oppoChId')} error={errors['push-oppo-ch-id']} spellCheck={false} />
            <TextField id="push-oppo-category" label="OPPO category" value={value.oppoCategory} onChange={text('oppoCategory')} error={errors['push-oppo-category']} spellCheck={false} placeholder="IM" hint="Upper case, e.g. IM, ACCOUNT, NEWS, MARKETING." />
            <SelectField
              id="push-oppo-notify-level" label="OPPO reminder level" value={value.oppoNotifyLevel} onChange={pick('oppoNotifyLevel')} error={errors['push-oppo-notify-level']}
              options={[['', 'Not set'], ['1', 'Notification shade (1)'], ['2', 'Shade and lock screen (2)'], ['16', 'Shade, lock screen, banner, ring and vibrate (16)']]}
              hint="Needs a category; 16 only with IM."
            />
          </>
        ),
      })}
      {vendor({
        channel: 'vivo',
        children: (
          <>
            <SelectField id="push-vivo-ch-id" label="vivo classification" value={value.vivoChId} onChange={pick('vivoChId')} options={[['', 'Not set (operation message)'], ['0', 'Operation message (0)'], ['1', 'System message (1)']]} />
            <TextField id="push-vivo-category" label="vivo category" value={value.vivoCategory} onChange={text('vivoCategory')} error={errors['push-vivo-category']} spellCheck={false} placeholder="IM" hint="Upper case, e.g. IM, ACCOUNT, SUBSCRIPTION; decides the classification when set." />
            <SelectField id="push-vivo-notify-type" label="vivo reminder" value={value.vivoNotifyType} onChange={pick('vivoNotifyType')} options={[['', 'From ring and vibrate'], ['1', 'None (1)'], ['2', 'Ring (2)'], ['3', 'Vibrate (3)'], ['4', 'Ring and vibrate (4)']]} />
          </>
        ),
      })}
      {vendor({
        channel: 'mz',
        children: <SelectField id="push-mz-notice-msg-type" label="Meizu message type" value={value.mzNoticeMsgType} onChange={pick('mzNoticeMsgType')} options={[['', 'Not set'], ['0', 'Public message (0)'], ['1', 'Private message (1)']]} />,
      })}
    </>
  );
}
