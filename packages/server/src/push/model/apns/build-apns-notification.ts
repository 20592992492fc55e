/**
 * Turns a normalised TPNS push into the APNs notification for one device (its badge depends on the device's
 * server-side counter). Custom keys from `ios.custom_content` sit beside `aps`, never inside it, and a `herald`
 * key `{pid}` lets the SDK report arrival and clicks for the task.
 */
import { heraldError } from '@herald/protocol';
import type { ChannelNotification } from '@herald/channels';
import type { JsonObject } from '../field-reader.ts';
import { MAX_APNS_PAYLOAD_BYTES } from '../limits.ts';
import type { PushRequest } from '../push-request.ts';
import { buildAlertAps, buildBackgroundAps } from './apns-aps.ts';
import { resolveBadge } from './apns-badge.ts';

export interface ApnsBuildOptions {
  pushId: string;
  bundleId: string;
  /** The device's server-side badge counter, used by badge_type -2. */
  badge: { current: number };
  /** Epoch ms at dispatch. */
  now: number;
}

export interface ApnsBuildResult {
  notification: ChannelNotification;
  /** The badge counter to store for the device; undefined = leave it unchanged. */
  nextBadge: number | undefined;
}

/** Builds the APNs notification; throws PUSH_PAYLOAD_TOO_LARGE when the JSON body exceeds 4096 bytes. */
export function buildApnsNotification(req: PushRequest, o: ApnsBuildOptions): ApnsBuildResult {
  const silent = req.messageType === 'message';
  let aps: JsonObject;
  let nextBadge: number | undefined;
  if (silent) {
    aps = buildBackgroundAps();
  } else {
    aps = buildAlertAps(req.message);
    const { badge, next } = resolveBadge(req.message.ios?.badgeType, req.message.ios?.aps['badge'], o.badge.current);
    if (badge !== undefined) aps['badge'] = badge;
    nextBadge = next;
  }

  const payload: JsonObject = { ...(req.message.ios?.customContent ?? {}), aps, herald: { pid: o.pushId } };
  const size = Buffer.byteLength(JSON.stringify(payload), 'utf8');
  if (size > MAX_APNS_PAYLOAD_BYTES) {
    throw heraldError('PUSH_PAYLOAD_TOO_LARGE', `APNs payload: ${size} bytes, more than ${MAX_APNS_PAYLOAD_BYTES}`);
  }

  const notification: ChannelNotification = {
    payload,
    pushType: silent ? 'background' : 'alert',
    topic: o.bundleId,
    // Apple: background pushes must use priority 5.
    priority: silent ? 5 : 10,
    expiration: req.expireTime === 0 ? 0 : Math.floor(o.now / 1000) + req.expireTime,
    pushId: o.pushId,
  };
  if (req.collapseId !== undefined) notification.collapseId = String(req.collapseId);
  return { notification, nextBadge };
}
