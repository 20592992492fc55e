/**
 * `buildNotification` for a vendor with no pass-through (vivo, Meizu): an in-app message is skipped with the
 * reason, and a blank title shows the content instead, since both vendors refuse a blank title (the Mi and OPPO
 * builders do the same on their own).
 */
import type { ChannelNotification } from '@herald/channels';
import type { PushRequest } from '../model/push-request.ts';
import type { ChannelDriver } from './channel-driver.ts';

type NotificationBuilder = (req: PushRequest, o: { pushId: string; now: number; packageName: string; fallbackTitle: string }) => ChannelNotification | undefined;

export function notificationOnly(vendorName: string, build: NotificationBuilder): ChannelDriver['buildNotification'] {
  return ({ req, pushId, now, app }) => {
    const notification = build(req, { pushId, now, packageName: app.bundle_id, fallbackTitle: req.message.content });
    return notification === undefined ? { notification: undefined, skipReason: `${vendorName} does not carry in-app (pass-through) messages` } : { notification };
  };
}
